# Two commands for a newcomer: `make report` and `make test`. Each creates .venv when missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.9
PORT ?= 8888
LAB_ARGS ?=
COLD ?=
KERNEL := $(shell sed -n 's/^KERNEL_NAME = "\(.*\)"$$/\1/p' tradeanalysis/report/notebook_files.py)
# One pytest worker per core; a test file (and a notebook's cells) stays on one worker, and files
# go to the workers in the order tests/conftest.py gives them (the slow first).
PARALLEL := -n $(shell nproc 2>/dev/null || echo 2) --dist loadfile --no-loadscope-reorder

.DEFAULT_GOAL := help
.PHONY: help venv report reports test test-install unit lint notebooks lab bench bench-cache bench-history datapackage clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# uv installs the pinned packages in seconds where pip takes a minute and more (bench/README.md);
	@# pip installs them when uv cannot be had.
	( $(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) && \
	  $(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]' ) || \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python 3 ($(KERNEL))"
	@# Build matplotlib's font cache now, so its notice never lands in a notebook's output.
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"
	touch $@

venv: $(STAMP) ## Create .venv with the pinned packages and the tradeanalysis kernel

report: $(STAMP) ## Run every notebook for the 2024 release into reports/2024/ (HTML + notebooks)
	$(BIN)/tradeanalysis build --release 2024

reports: $(STAMP) ## Run every notebook for every release under data/releases into reports/<id>/
	$(BIN)/tradeanalysis build --release all

lint: $(STAMP) ## ruff over code and notebooks; the layers contract (import-linter) over the package
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

test: lint ## Lint, unit tests, command line, notebooks under nbval, browser test
	@# A notebook saved after exploring fails nbval (its outputs are no longer a default run's): say so first.
	@$(BIN)/python -m tradeanalysis.report.refresh --changed
	$(if $(COLD),rm -rf reports/.test-cache)
	@# Bytecode caches even where PYTHONDONTWRITEBYTECODE is set (as in many containers): without
	@# them every pytest worker recompiles the project and re-rewrites the asserts of its plugins'
	@# modules (hypothesis, anyio...), about 3 s of CPU per worker (bench/README.md).
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest tests notebooks --nbval --nbval-kernel-name $(KERNEL) -q $(PARALLEL) \
		--ignore=tests/test_install.py

test-install: $(STAMP) ## Build the sdist and wheel, install into a fresh venv outside the clone, use it (minutes; CI runs it)
	$(BIN)/python -m pytest tests/test_install.py -q

unit: $(STAMP) ## Tests that start no kernel, build, server or browser (not marked slow): the edit-test loop
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest tests -m "not slow" -q $(PARALLEL)

notebooks: $(STAMP) ## Re-execute the notebooks in place so their stored outputs are current
	$(BIN)/python -m tradeanalysis.report.refresh notebooks/*.ipynb

lab: $(STAMP) ## JupyterLab at the project root, open on notebooks/ (PORT=8888, LAB_ARGS=...)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
		--port=$(PORT) $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

bench: $(STAMP) ## Benchmark the build against the naive papermill + nbconvert loop
	$(BIN)/python bench/build_vs_naive.py

bench-cache: $(STAMP) ## Benchmark the execution cache: no-op rebuild, one release changed
	$(BIN)/python bench/cache.py

bench-history: $(STAMP) ## Benchmark history() and revisions() on the real data and 10-50 invented releases
	$(BIN)/python bench/history.py

datapackage: $(STAMP) ## Regenerate data/datapackage.json (the Frictionless descriptor) from the releases
	$(BIN)/python -m tradeanalysis.data.datapackage

clean: ## Remove .venv and reports/
	rm -rf $(VENV) reports
