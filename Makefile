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
# Debian packages the tests need, space-separated: the e2e suite drives Debian's Chromium; the
# replica tests (cluster/) start Redis and HAProxy and make a TLS certificate with openssl.
APT_PACKAGES ?= chromium redis-server haproxy openssl
# The e2e tests and the web bench run these.
PROST_DEBUG_BIN = $(abspath $(TARGET_DIR))/debug/prost
PROST_RELEASE_BIN = $(abspath $(TARGET_DIR))/release/prost

.PHONY: help run build deps test test-rust test-cluster test-schemathesis test-web test-e2e lint fmt bench bench-web \
        client-deps client-build client-size client-test client-lint test-deploy loadtest-jmeter

help:
	@echo "make run     build everything and start prost on http://127.0.0.1:8080"
	@echo "make build   release build (web client + server)"
	@echo "make test    install test deps, then Rust tests (FerretDB-backed too), Schemathesis, web tests"
	@echo "make test-web  client build + bundle budget, Vitest, then the Playwright e2e suite"
	@echo "make lint    rustfmt --check, clippy -D warnings, web lint"
	@echo "make fmt     format the code"
	@echo "make bench   run the benchmarks (scripts/bench.sh, make bench-web, scripts/bench-replicas.sh)"
	@echo "make deps    install what the tests need (Debian packages, FerretDB, Schemathesis)"
	@echo "make test-deploy  Helm chart, ArgoCD, Terraform, images; helm install into a local kube-apiserver"
	@echo "make loadtest-jmeter  the JMeter plan against a release prost serve (part of make bench)"

run: build
	$(TARGET_DIR)/release/prost serve

build: client-build
	$(CARGO) build --release

deps:
	scripts/ensure-apt.sh $(BASE_APT_PACKAGES) $(APT_PACKAGES)
	scripts/ensure-ferretdb.sh >/dev/null
	scripts/schemathesis.sh --install-only

# The steps run one after another even under `make -j`. Add a suite as one more line.
test: deps
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory test-schemathesis
	$(MAKE) --no-print-directory test-web
	$(MAKE) --no-print-directory test-deploy

# PROST_TEST_FERRETDB: path of the ferretdb binary that the `mongo` store tests start.
test-rust:
	ferretdb=$$(scripts/ensure-ferretdb.sh); \
	PROST_TEST_FERRETDB=$$ferretdb $(CARGO) test --workspace --all-targets -- --test-threads=$(TEST_THREADS)

# The replica tests alone (test-rust runs them too): Redis, FerretDB, 3 replicas and HAProxy.
test-cluster:
	$(CARGO) build --bin prost
	PROST_TEST_FERRETDB=$$(scripts/ensure-ferretdb.sh) $(CARGO) test -p prost-cluster -- --test-threads=$(TEST_THREADS)

test-schemathesis:
	$(CARGO) build
	PROST_BIN=$(TARGET_DIR)/debug/prost scripts/schemathesis.sh

# The client: build it and hold the event page to its weight budget, unit tests, then the
# browser tests against the real binary (which serves that build).
test-web:
	$(MAKE) --no-print-directory client-build
	$(MAKE) --no-print-directory client-size
	$(MAKE) --no-print-directory client-test
	$(MAKE) --no-print-directory test-e2e

test-e2e: client-deps
	$(CARGO) build --bin prost
	$(CARGO) build -p prost-fake-auth
	cd client && PROST_BIN=$(PROST_DEBUG_BIN) $(NPM) run e2e

lint: client-lint
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

# bench.sh rewrites docs/benchmarks.md; bench-web and bench-replicas.sh then add their
# "Web client" and "Replicas" sections to it.
bench:
	bash scripts/bench.sh
	$(MAKE) --no-print-directory bench-web
	bash scripts/bench-replicas.sh
	$(MAKE) --no-print-directory loadtest-jmeter
	bash scripts/bench-reminders.sh
	bash scripts/bench-auth.sh
	bash scripts/bench-http.sh

# Two browsers on one event against the release binary: stroke latency, plus bundle sizes.
bench-web: client-build
	$(CARGO) build --release --bin prost
	cd client && PROST_BIN=$(PROST_RELEASE_BIN) $(NPM) run bench:web

# ---- web client hooks: no-ops until client/package.json exists ----
client-deps:
	@if [[ -f client/package.json ]] && [[ ! -f client/node_modules/.package-lock.json \
	      || client/package-lock.json -nt client/node_modules/.package-lock.json ]]; then \
	  echo "cd client && $(NPM) ci"; cd client && $(NPM) ci --no-audit --no-fund; \
	fi

client-build: client-deps
	@if [[ -f client/package.json ]]; then cd client && $(NPM) run build; else echo "client-build: no client/ yet, skipping"; fi

client-size: client-deps
	@if [[ -f client/package.json ]]; then cd client && $(NPM) run size; else echo "client-size: no client/ yet, skipping"; fi

client-test: client-deps
	@if [[ -f client/package.json ]]; then cd client && $(NPM) test; else echo "client-test: no client/ yet, skipping"; fi

client-lint: client-deps
	@if [[ -f client/package.json ]]; then cd client && $(NPM) run lint --if-present; else echo "client-lint: no client/ yet, skipping"; fi

# ---- deployment: deploy/, terraform/, loadtest/jmeter/ (deploy/README.md) ----

# The chart, the ArgoCD objects, Terraform and the images, with a real kube-apiserver + etcd on
# 127.0.0.1. Installs what it needs; the first run builds helm, kubeconform, kube-apiserver and
# tofu into $$PROST_TOOLS_DIR (cold times in deploy/README.md). The debug binary is for the check
# that the web image's nginx answers like `prost serve`.
test-deploy:
	$(CARGO) build --bin prost
	PROST_BIN=$(PROST_DEBUG_BIN) scripts/test-deploy.sh

# The JMeter plan against a release `prost serve`; writes the JMeter section of docs/benchmarks.md.
loadtest-jmeter:
	$(CARGO) build --release --bin prost
	PROST_BIN=$(PROST_RELEASE_BIN) loadtest/jmeter/run.sh
