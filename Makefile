# Liulin 2026 target tracker. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= reports
AS_OF  ?= 2026-10
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help setup browser briefing test lint lab sample bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/liulin fonts  # once: the regular-weight CJK chart font, cached outside the repo
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the package with test and bench extras

browser: ## install Debian's Chromium for the browser tests (needs root or sudo)
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

briefing: setup ## render the default briefing (params/monthly.yaml) from the shipped sample data
	$(BIN)/liulin brief monthly --as-of $(AS_OF) --out $(OUT)

test: setup browser ## lint, then run the whole test suite (notebooks, briefings and browser tests included)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: setup ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lab: setup ## open the notebooks in JupyterLab (with the packaged Chinese font for markdown and code cells)
	$(BIN)/python -m liulin_data.present.webfont  # a small prebuilt lab extension, written here: no network
	$(BIN)/jupyter lab notebooks

sample: setup ## regenerate the shipped synthetic sample actuals (seeded, reproducible)
	$(BIN)/python scripts/make_sample.py

bench: setup ## run the benchmarks; writes benchmarks/results.json and results.md
	$(BIN)/python benchmarks/run.py

clean: ## remove generated outputs (keeps .venv)
	rm -rf $(OUT) benchmarks/_work .pytest_cache .ruff_cache
