# Sety — two commands on a fresh machine:
#   make run    set everything up, load the demo data once, start the app
#   make test   set everything up and run the whole suite
#
# Everything is installed into the checkout: Python packages into .venv,
# the JS runtime Reflex needs (bun and Node 22, from the npm registry) into
# .tools, and Debian's chromium for the browser tests.

PYTHON ?= python3.11
VENV   := .venv
TOOLS  := .tools
BIN    := $(CURDIR)/$(VENV)/bin
export PATH := $(CURDIR)/$(TOOLS)/node_modules/.bin:$(BIN):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export PYTHONPATH := $(CURDIR)
export PYTHONUNBUFFERED := 1

.PHONY: run test setup venv tools chromium db demo lint bench clean

run: setup db demo
	@$(BIN)/python -m sety_dashboard.devinfo
	$(BIN)/reflex run

# Browser tests run in their own pytest process: sync Playwright keeps an
# event loop running in the main thread, which the async tests cannot share.
test: setup chromium lint
	$(BIN)/python -m pytest --ignore=tests/e2e $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

setup: venv tools

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# bun and Node 22 from the npm registry (Reflex would otherwise download
# bun from the internet; REFLEX_USE_SYSTEM_BUN=1 makes it use this one).
tools: $(TOOLS)/.installed
$(TOOLS)/.installed: package-tools.json
	mkdir -p $(TOOLS)
	cp package-tools.json $(TOOLS)/package.json
	cd $(TOOLS) && npm install --no-audit --no-fund --loglevel=error
	$(TOOLS)/node_modules/.bin/node --version
	$(TOOLS)/node_modules/.bin/bun --version
	touch $@

chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)

db: venv
	$(BIN)/python -m sety_dashboard db upgrade

demo: venv
	$(BIN)/python -m sety_dashboard seed --demo

# ruff, and the layer contract of docs/ARCHITECTURE.md (.importlinter).
lint: venv
	$(BIN)/ruff check sety_dashboard tests bench alembic
	$(BIN)/lint-imports --no-cache

# The benchmarks (minutes each; figures go to docs/PERFORMANCE.md).
bench: setup
	$(BIN)/python bench/push_latency.py
	$(BIN)/python bench/stream_bench.py
	$(BIN)/python bench/threat_bench.py

clean:
	rm -rf .web .states test-artifacts
