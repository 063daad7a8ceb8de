# trackline in a slim runtime image: `docker build -t trackline .` (run `make models` first so
# that Models/cache/ holds the SSDLite weights; the seq2seq weights are committed).
# Build stage: Swift with the FFmpeg and OpenBLAS headers; the Swift runtime is linked statically.
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
        libavdevice-dev libavformat-dev libavcodec-dev libswscale-dev libavutil-dev libopenblas-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift Package.resolved* ./
COPY Sources Sources
COPY Examples Examples
COPY Tests Tests
RUN swift build -c release --product trackline --static-swift-stdlib \
    && install -D -m 0755 .build/release/trackline /opt/trackline/bin/trackline

# Runtime: FFmpeg and OpenBLAS shared libraries only (no compiler, no headers).
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        libavdevice59 libavformat59 libavcodec59 libswscale6 libavutil57 libopenblas0-pthread ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/trackline/bin/trackline /opt/trackline/bin/trackline
# Model files are found in the folders above the executable: /opt/trackline/Models.
COPY Models /opt/trackline/Models
RUN ln -s /opt/trackline/bin/trackline /usr/local/bin/trackline
WORKDIR /data
ENTRYPOINT ["trackline"]
CMD ["--help"]
