# Sety — two commands on a fresh machine:
#   make run    set everything up, load the demo data once, start the app
#   make test   set everything up and run the whole suite
#
# Everything is installed into the checkout: Python packages into .venv,
# the JS runtime Reflex needs (bun and Node 22, from the npm registry) into
# .tools, and Debian's chromium (browser tests) and nginx (the two-node cluster test).

PYTHON ?= python3.11
VENV   := .venv
TOOLS  := .tools
BIN    := $(CURDIR)/$(VENV)/bin
export PATH := $(CURDIR)/$(TOOLS)/node_modules/.bin:$(BIN):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export PYTHONPATH := $(CURDIR)
export PYTHONUNBUFFERED := 1

.PHONY: run test cluster setup venv tools debs wrk db demo lint bench clean basemap

# The demo's places are in Lagos: its clocks read West Africa Time unless
# SETY_TIMEZONE says otherwise (the app's own default stays UTC).
DEMO_TZ ?= Africa/Lagos

run: setup db demo
	@SETY_TIMEZONE=$${SETY_TIMEZONE:-$(DEMO_TZ)} $(BIN)/python -m sety_dashboard.devinfo
	SETY_TIMEZONE=$${SETY_TIMEZONE:-$(DEMO_TZ)} $(BIN)/reflex run

# Browser tests run in their own pytest process: sync Playwright keeps an
# event loop running in the main thread, which the async tests cannot share.
# The two-node cluster test (tests/cluster, ~2-3 min) runs in the first one.
test: setup debs lint
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

# Only the two-node cluster test: two app nodes behind nginx (docs/DEPLOYING.md).
cluster: setup debs
	$(BIN)/python -m pytest -m cluster tests/cluster $(PYTEST_ARGS)

debs:
	@test -x /usr/bin/chromium -a -x /usr/sbin/nginx || (apt-get update && apt-get install -y --no-install-recommends chromium nginx)

wrk:
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y --no-install-recommends wrk)

db: venv
	$(BIN)/python -m sety_dashboard db upgrade

demo: venv
	$(BIN)/python -m sety_dashboard seed --demo

# The offline basemap (assets/basemap/world.geojson, committed): country
# borders and coastlines from Natural Earth, via the npm package world-atlas
# (installed into .cache/basemap, never at run time). Rebuild it with this.
BASEMAP_PKG := world-atlas@2.0.2
basemap: venv
	mkdir -p .cache/basemap
	cd .cache/basemap && npm install --no-audit --no-fund --loglevel=error --no-save $(BASEMAP_PKG)
	$(BIN)/python scripts/build_basemap.py .cache/basemap/node_modules/world-atlas \
		assets/basemap/world.geojson

# ruff, and the layer contract of docs/ARCHITECTURE.md (.importlinter).
lint: venv
	$(BIN)/ruff check sety_dashboard tests bench alembic
	$(BIN)/lint-imports --no-cache

# The benchmarks (minutes each; figures go to docs/PERFORMANCE.md).
# wrk (Debian) drives the API benchmark; PostgreSQL and Redis must be running.
bench: setup wrk
	$(BIN)/python bench/api_throughput.py
	$(BIN)/python bench/push_latency.py
	$(BIN)/python bench/stream_bench.py
	$(BIN)/python bench/threat_bench.py
	$(BIN)/python bench/cluster_bench.py

clean:
	rm -rf .web .states test-artifacts
