# streamstack: a thin wrapper over CMake. `make run` starts the emulator, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := build
# deps, then build, then the rest: never in parallel, whatever -j says.
.NOTPARALLEL:

BUILD_DIR ?= build
BUILD_TYPE ?= Release
CMAKE_ARGS ?=
JOBS ?= $(shell nproc)
ARGS ?=
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends

# Debian packages the build needs, checked with dpkg.
BUILD_PACKAGES := libboost1.81-dev nlohmann-json3-dev libsqlite3-dev libspdlog-dev libgtest-dev \
  libgmock-dev libssl-dev zlib1g-dev libnghttp2-dev cmake ninja-build g++ pkg-config ccache make
# Tools the tests and the benchmark call, as command:package. They are checked by command, not by
# package, so a python3 from pyenv or a node from NodeSource counts as present.
TOOL_COMMANDS := python3:python3 aws:awscli node:nodejs npm:npm curl:curl wrk:wrk

# Appends to $missing every package of $(1) that dpkg does not list as installed.
define find_missing_packages
for p in $(1); do \
  dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | grep -qx installed || missing="$$missing $$p"; \
done
endef

# Installs $missing, refreshing apt's lists first; does nothing (and touches no network) if empty.
define install_missing
if [ -z "$$missing" ]; then echo "deps: all present"; exit 0; fi; \
echo "deps: installing$$missing"; \
$(SUDO) apt-get update -q && $(APT_INSTALL) $$missing
endef

.PHONY: deps deps-build build run test test-deps bench docker-test clean

deps:
	@missing=""; \
	$(call find_missing_packages,$(BUILD_PACKAGES) awscli); \
	for t in $(TOOL_COMMANDS); do command -v $${t%%:*} >/dev/null || missing="$$missing $${t#*:}"; done; \
	python3 -c 'import boto3' 2>/dev/null || missing="$$missing python3-boto3"; \
	$(install_missing)

# Only what compiling needs: the Docker builder stage uses this one.
deps-build:
	@missing=""; \
	$(call find_missing_packages,$(BUILD_PACKAGES)); \
	$(install_missing)

build:
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS); \
	fi
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: deps build
	@mkdir -p .streamstack
	exec ./$(BUILD_DIR)/streamstack --config config/stack.json --data .streamstack/streamstack.db $(ARGS)

# npm packages the tests use (newman and the AWS SDK for JavaScript; aws-cdk-lib and the aws-cdk
# CLI of the seed's CDK app), each folder installed from its package.json when it has none yet.
NODE_TEST_DIRS := tests/.node tests/cdk/seed
test-deps:
	@for d in $(NODE_TEST_DIRS); do \
	  [ -d $$d/node_modules ] || npm install --prefix $$d --no-audit --no-fund || exit 1; \
	done

test: deps build test-deps
	ctest --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error -j2

bench: deps build
	BUILD_DIR=$(BUILD_DIR) bench/run.sh

docker-test: deps
	docker/test.sh

clean:
	rm -rf $(BUILD_DIR)
