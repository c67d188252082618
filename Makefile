# Prost: build, run and test. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
NPM ?= npm
# Respect CARGO_TARGET_DIR (CI points it at a cache outside the clone).
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
# Two cores; most tests wait on sockets and child processes rather than CPU.
TEST_THREADS ?= 4
# What the scripts themselves use; all of it is on a fresh machine already.
BASE_APT_PACKAGES := curl python3 python3-venv util-linux
# Debian packages the tests need; later work adds redis-server haproxy chromium.
APT_PACKAGES ?=

.PHONY: help run build deps test test-rust test-schemathesis lint fmt bench \
        client-deps client-build client-test client-lint

help:
	@echo "make run     build everything and start prost on http://127.0.0.1:8080"
	@echo "make build   release build (web client + server)"
	@echo "make test    install test deps, then Rust tests (FerretDB-backed too), Schemathesis, web tests"
	@echo "make lint    rustfmt --check, clippy -D warnings, web lint"
	@echo "make fmt     format the code"
	@echo "make bench   run the benchmarks (scripts/bench.sh)"
	@echo "make deps    install what the tests need (Debian packages, FerretDB, Schemathesis)"

run: build
	$(TARGET_DIR)/release/prost serve

build: client-build
	$(CARGO) build --release

deps:
	scripts/ensure-apt.sh $(BASE_APT_PACKAGES) $(APT_PACKAGES)
	scripts/ensure-ferretdb.sh >/dev/null
	scripts/schemathesis.sh --install-only

# The steps run one after another even under `make -j`.
test: deps
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory test-schemathesis
	$(MAKE) --no-print-directory client-test

# PROST_TEST_FERRETDB: path of the ferretdb binary that the `mongo` store tests start.
test-rust:
	ferretdb=$$(scripts/ensure-ferretdb.sh); \
	PROST_TEST_FERRETDB=$$ferretdb $(CARGO) test --workspace --all-targets -- --test-threads=$(TEST_THREADS)

test-schemathesis:
	$(CARGO) build
	PROST_BIN=$(TARGET_DIR)/debug/prost scripts/schemathesis.sh

lint: client-lint
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

bench:
	@if [[ -f scripts/bench.sh ]]; then bash scripts/bench.sh; else echo "bench: scripts/bench.sh does not exist yet"; fi

# ---- web client hooks: no-ops until client/package.json exists ----
client-deps:
	@if [[ -f client/package.json ]] && [[ ! -f client/node_modules/.package-lock.json \
	      || client/package-lock.json -nt client/node_modules/.package-lock.json ]]; then \
	  echo "cd client && $(NPM) ci"; cd client && $(NPM) ci --no-audit --no-fund; \
	fi

client-build: client-deps
	@if [[ -f client/package.json ]]; then cd client && $(NPM) run build; else echo "client-build: no client/ yet, skipping"; fi

client-test: client-deps
	@if [[ -f client/package.json ]]; then cd client && $(NPM) test; else echo "client-test: no client/ yet, skipping"; fi

client-lint: client-deps
	@if [[ -f client/package.json ]]; then cd client && $(NPM) run lint --if-present; else echo "client-lint: no client/ yet, skipping"; fi
