# Paved: the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := libgit2-dev libssl-dev libyaml-dev libcurl4-openssl-dev pkg-config python3-venv shellcheck
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test build release deps venv update-goldens bench clean install

## deps: install the system libraries the package links (libgit2, OpenSSL, libyaml) when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

## venv: the Python tools tests use to validate output (Kubernetes schemas, JSON Schema).
venv: $(VENV)/.installed
$(VENV)/.installed: requirements-test.txt requirements-ci-lint.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
	$(VENV)/bin/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements-ci-lint.txt
	touch $@

build: deps
	$(SWIFT) build --product paved

## release: the binary benchmarks time, built for start-up: a CLI run is mostly process start.
## The Swift runtime is linked statically (shared, `paved --help` took 26 ms here; static, 16 ms)
## and the executable is not position-independent, as Go builds kubectl, helm and terraform by
## default: no 82,000 relative relocations to apply per run (another ~1.5 ms). Shared libraries
## (libc, OpenSSL, libgit2, libyaml) are still loaded at random addresses.
RELEASE_FLAGS := --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld -Xswiftc -Xclang-linker -Xswiftc -no-pie
release: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product paved
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product paved-bench

## install: the release binary into $(PREFIX)/bin (default /usr/local), e.g. make install PREFIX=$$HOME/.local.
## It links libgit2, OpenSSL and libyaml dynamically: the machine it runs on needs them (make deps).
PREFIX ?= /usr/local
install: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product paved
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$$($(SWIFT) build -c release $(RELEASE_FLAGS) --show-bin-path)/paved" "$(DESTDIR)$(PREFIX)/bin/paved"

## demo: validate and render the bundled platform.yaml into deploy/.
demo: build
	.build/debug/paved validate
	.build/debug/paved build
	@echo; echo "Rendered tree (first files):"; find deploy -name '*.yaml' | sort | head -20

## test: every test (unit, golden, diagnostics, hostile input, cluster acceptance).
test: deps venv
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build 2>&1 | tee .build/test-output.txt; exit $${PIPESTATUS[0]}

## lint: swift-format (the bundled one, configured by .swift-format) over every Swift file; CI runs it.
.PHONY: lint
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Fuzz

## update-goldens: record the golden trees (that run fails when it changed something), then verify them.
update-goldens: deps
	-UPDATE_GOLDENS=1 $(SWIFT) test --filter GoldenTests
	$(SWIFT) test --filter GoldenTests

bench: release venv
	$(PY) bench/run.py

## forge-types: regenerate the GitHub request bodies from GitHub's OpenAPI description (githubkit's models).
.PHONY: forge-types
forge-types: venv
	$(PY) Scripts/forge_types.py > Sources/Forge/GitHubRequests.swift.tmp && mv Sources/Forge/GitHubRequests.swift.tmp Sources/Forge/GitHubRequests.swift

## fuzz: libFuzzer targets for every model reader (Fuzz/), FUZZ_SECONDS each; never part of make test.
FUZZ_SECONDS ?= 600
.PHONY: fuzz fuzz-seeds
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/fuzz.sh

## fuzz-seeds: regenerate the committed seed corpora with the PyPI writers.
fuzz-seeds: venv
	$(PY) Fuzz/make_seeds.py

clean:
	rm -rf .build deploy bench/out
