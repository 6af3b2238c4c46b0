# CRM Lab — the two commands of the README, plus helpers.
#   make lab    create .venv if missing, install, open JupyterLab on the start-here notebook
#   make test   create .venv if missing, install, run unit tests and nbval over every notebook

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter refuses to run as root (containers, some lab machines) unless told it is intended.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: lab test unit nbval install datasets benchmark clean edition test-edition test-class

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install when the declared dependencies change.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
ifeq ($(CI),true)
	@echo "CI=true: not opening a browser; JupyterLab is installed in $(VENV)."
	$(BIN)/jupyter lab --version
else
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb
endif

# pytest exits with 5 when it collects no tests: treat that as a failure so CI never passes on nothing.
unit: $(STAMP)
	$(BIN)/python -m pytest

nbval: $(STAMP)
	@ls notebooks/*.ipynb >/dev/null 2>&1 || { echo "no notebooks found in notebooks/"; exit 1; }
	$(BIN)/python -m pytest --nbval --nbval-current-env notebooks/ -p no:cacheprovider

test: unit nbval

datasets: $(STAMP)
	$(BIN)/labkit datasets build

# Speed comparisons, each printing its ratios measured side by side in one run.
benchmark: $(STAMP)
	@for b in $(filter-out benchmarks/bench_grading.py,$(wildcard benchmarks/bench_*.py)); do \
		echo "== $$b"; $(BIN)/python $$b || exit 1; done
	@echo "== benchmarks/bench_grading.py (10 copies; --copies 100 for the documented figure)"
	$(BIN)/python benchmarks/bench_grading.py --copies 10 --jobs 2

# The student edition (folder + zip) for students or a hub: make edition [EDITION_OUT=dist]
EDITION_OUT ?= dist
edition: $(STAMP)
	$(BIN)/labkit edition --out $(EDITION_OUT)

# Not part of `make test` (a couple of minutes of pip work): install the edition's zip into a
# fresh venv and run every student notebook top to bottom with that venv's kernel.
test-edition: $(STAMP)
	LABKIT_EDITION_VENV=1 $(BIN)/python -m pytest tests/test_edition.py -p no:cacheprovider

# The end-to-end simulated class at full size (60 students, about three minutes with --jobs 2).
test-class: $(STAMP)
	LABKIT_CLASS_TEST=1 $(BIN)/python -m pytest tests/test_simulated_class.py -p no:cacheprovider

clean:
	rm -rf $(VENV) *.egg-info

# Browser tests (not part of `make test`): every live demo in JupyterLab + headless Chromium.
# Needs a Chromium on PATH (Debian: apt-get install chromium fonts-noto-cjk) or CHROMIUM=/path.
BROWSER_STAMP := $(VENV)/.installed-browser

$(BROWSER_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,browser]"
	touch $(BROWSER_STAMP)

.PHONY: test-browser
test-browser: $(BROWSER_STAMP)
	$(BIN)/python -m pytest tests_browser -p no:cacheprovider
