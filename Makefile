# CRM Lab — the two commands of the README, plus helpers.
#   make lab    create .venv if missing (rebuild it if unusable), install, serve JupyterLab from this
#               folder and print the link to the start-here notebook
#   make test   the same .venv plus the test tools; unit tests and nbval over every notebook

PYTHON_ORIGIN := $(origin PYTHON)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
START  := notebooks/00_start_here.ipynb
# Jupyter refuses to run as root (containers, some lab machines) unless told it is intended.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

# ---------------------------------------------------------------------------------------------
# The Python of .venv. The floor is read from pyproject.toml's requires-python (">=3.10").
comma := ,
PY_FLOOR := $(shell sed -n 's/^requires-python *= *">= *\([0-9][0-9]*\.[0-9][0-9]*\)".*/\1/p' pyproject.toml)
# Prints the interpreter's "major.minor" and fails when it is older than the floor (Python 2 too).
PY_PROBE := -c 'import sys; sys.stdout.write("%d.%d" % sys.version_info[:2]); sys.exit(sys.version_info[:2] < ($(subst .,$(comma),$(PY_FLOOR)),))'
# Interpreters tried when PYTHON is not given: the first that runs and is new enough is used.
PYTHON_CANDIDATES := $(if $(filter undefined default,$(PYTHON_ORIGIN)),python3 python3.14 python3.13 python3.12 python3.11 python3.10 python,$(PYTHON))

# Why an existing .venv cannot be used; empty when it is fine or absent. Checked on every run
# (about 50 ms): a .venv made by a too-old Python, by a Python since removed, without pip, or
# in another folder is rebuilt instead of failing the same way every time.
define venv_problem
if [ -L $(BIN)/python ] && [ ! -e $(BIN)/python ]; then \
  echo "the Python it was made from is gone ($(BIN)/python points to $$(readlink $(BIN)/python))"; \
elif [ ! -x $(BIN)/python ]; then \
  echo "it has no $(BIN)/python (an earlier attempt to create it stopped half-way)"; \
elif ! v=$$($(BIN)/python $(PY_PROBE) 2>/dev/null); then \
  if [ -n "$$v" ]; then echo "it was made with Python $$v and CRM Lab needs Python $(PY_FLOOR) or newer"; \
  else echo "its Python does not run (the Python it was made from was moved, removed or upgraded)"; fi; \
elif ! $(BIN)/python -c "import pip" >/dev/null 2>&1; then \
  echo "it has no pip (it was made without ensurepip)"; \
elif [ -s $(STAMP) ] && [ "$$(cat $(STAMP))" != "$(abspath $(VENV))" ]; then \
  echo "it was made in another folder ($$(cat $(STAMP))) and its scripts point there"; \
fi
endef
VENV_PROBLEM := $(if $(wildcard $(VENV)),$(shell $(venv_problem)))

.PHONY: lab test unit nbval install venv datasets benchmark clean test-conda test-properties test-attacks test-cluster FORCE edition test-edition test-class

ifneq ($(VENV_PROBLEM),)
$(BIN)/python: FORCE
endif
$(BIN)/python:
ifneq ($(VENV_PROBLEM),)
	@echo "$(VENV) cannot be used: $(VENV_PROBLEM)."
	@echo "Removing it and making a new one (what 'make clean' does by hand)."
	rm -rf $(VENV)
endif
	@py=; tried=; for c in $(PYTHON_CANDIDATES); do \
	  if v=$$($$c $(PY_PROBE) 2>/dev/null); then py=$$c; break; fi; \
	  [ -n "$$v" ] && tried="$$tried $$c (Python $$v)"; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "CRM Lab needs Python $(PY_FLOOR) or newer to create $(VENV); found$${tried:- none of: $(PYTHON_CANDIDATES)}."; \
	  echo "Install a newer Python (python.org, or your system's python3.12 package) and name it:"; \
	  echo "    PYTHON=python3.12 make lab"; \
	  echo "('make clean' removes $(VENV) and the build files to start over.)"; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py (Python $$v)"; \
	$$py -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create $(VENV) with $$py. On Debian/Ubuntu install the venv module first:"; \
	  echo "    sudo apt-get install python3-venv     (or python3.X-venv for your version)"; \
	  echo "or use another Python: PYTHON=python3.12 make lab"; exit 1; }

venv: $(BIN)/python

# ---------------------------------------------------------------------------------------------
# What the workbook needs; re-installed when pyproject.toml changes. pip shows its own progress.
# PYTHONWARNINGS hides setuptools' "Editable installation" box, which warns that a folder named
# like the package in the current directory takes precedence on import: here that folder *is*
# the package, so the warning is true and harmless.
$(STAMP): $(BIN)/python pyproject.toml
	@start=$$(date +%s); \
	if [ ! -f $(STAMP) ]; then \
	  echo "Installing CRM Lab into $(VENV): JupyterLab, pandas, scipy, scikit-learn, matplotlib, ipywidgets and"; \
	  echo "their dependencies, about 110 packages (about 700 MB on disk, about 150 MB to download)."; \
	  echo "The first time this takes about 2-3 minutes; pip prints each package as it goes."; \
	fi; \
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --progress-bar on --upgrade pip \
	  && PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --progress-bar on -e . \
	  || { echo "pip could not install CRM Lab (see its message above); run 'make lab' again to retry."; exit 1; }; \
	echo "$(abspath $(VENV))" > $(STAMP); \
	echo "CRM Lab installed in $(VENV) in $$(( $$(date +%s) - start )) s."

# The test tools (pytest, nbval; a few MB) come on top, for `make test`.
$(TEST_STAMP): $(STAMP)
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --progress-bar on -e ".[test]"
	touch $(TEST_STAMP)

install: $(TEST_STAMP)

# JupyterLab serves this folder (notebooks/, datasets/, docs/, README.md in its file browser) and
# prints the link to the start-here notebook, with its token, as its last line at start-up.
# Kernels use the ipc transport (local sockets), so they start without ipykernel's "running over
# TCP without encryption" warning -- unless the path of Jupyter's runtime folder is too long for
# a socket name (about 100 characters with the kernel's id); then they use TCP on 127.0.0.1.
# LAB_OPTIONS passes more options, e.g. make lab LAB_OPTIONS="--no-browser --port=9000".
# The shipped notebooks are signed in this user's Jupyter signature store (their stored outputs
# were made by this project), so JupyterLab shows them as trusted and does not log "Notebook ...
# is not trusted". Only notebooks changed since the last signing are signed again (about 1 s each).
TRUST_STAMP := $(VENV)/.trusted
$(TRUST_STAMP): $(wildcard notebooks/*.ipynb) | $(STAMP)
	@$(BIN)/jupyter trust $? >/dev/null
	@touch $@

LAB_OPTIONS ?=
LAB_ARGS := $(ROOT_FLAG) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(START) \
	--LanguageServerManager.autodetect=False
lab: $(STAMP) $(if $(filter true,$(CI)),,$(TRUST_STAMP))
ifeq ($(CI),true)
	@echo "CI=true: not opening a browser; JupyterLab is installed in $(VENV)."
	$(BIN)/jupyter lab --version
else
	@echo "Starting JupyterLab (Ctrl+C twice stops it). Open the last link below if no browser opens."
	@rt=$$($(BIN)/jupyter --runtime-dir 2>/dev/null); \
	if [ -n "$$rt" ] && [ $${#rt} -le 50 ]; then ipc="--KernelManager.transport=ipc"; else ipc=; \
	  echo "(Kernels use TCP on 127.0.0.1: Jupyter's runtime folder $$rt is too long a path for ipc sockets.)"; fi; \
	echo $(BIN)/jupyter lab $(LAB_ARGS) $$ipc $(LAB_OPTIONS) $(START); \
	exec $(BIN)/jupyter lab $(LAB_ARGS) $$ipc $(LAB_OPTIONS) $(START)
endif

# pytest exits with 5 when it collects no tests: treat that as a failure so CI never passes on nothing.
unit: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not attacks and not cluster"

# The grader-isolation attack batch (tests/test_grading_attacks.py, about a minute; needs bubblewrap).
test-attacks: $(TEST_STAMP)
	$(BIN)/python -m pytest -m attacks tests/test_grading_attacks.py

# Grading on Dask end to end: a real `dask scheduler` and two `dask worker` processes on 127.0.0.1,
# one killed mid-batch (tests/test_cluster_e2e.py, about a minute; skips with the reason when the
# ports are refused or no sandbox can be made).
# It installs the `cluster` extra first (dask[distributed] and bokeh, what `--cluster` users install),
# so the test also sees the scheduler serve its dashboard.
CLUSTER_STAMP := $(VENV)/.installed-cluster

$(CLUSTER_STAMP): $(TEST_STAMP)
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e ".[test,cluster]"
	touch $(CLUSTER_STAMP)

test-cluster: $(CLUSTER_STAMP)
	$(BIN)/python -m pytest -m cluster tests/test_cluster_e2e.py

nbval: $(TEST_STAMP)
	@ls notebooks/*.ipynb >/dev/null 2>&1 || { echo "no notebooks found in notebooks/"; exit 1; }
	$(BIN)/python -m pytest --nbval --nbval-current-env notebooks/ -p no:cacheprovider

test: unit nbval

# The property tests with the long hypothesis profile (thousands of examples; for a nightly run).
test-properties: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=nightly $(BIN)/python -m pytest tests/test_properties.py tests/test_bad_input.py -p no:cacheprovider

# The conda route for real (`conda env create -f environment.yml`), with micromamba, mamba or
# conda when one is on PATH and conda-forge can be reached; otherwise it says why it skipped.
test-conda: $(TEST_STAMP)
	CRMLAB_TEST_CONDA=1 $(BIN)/python -m pytest tests/test_packaging.py -k conda_env_create -rs

datasets: $(STAMP)
	$(BIN)/labkit datasets build

# Speed comparisons, each printing its ratios measured side by side in one run.
benchmark: $(TEST_STAMP)
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
test-edition: $(TEST_STAMP)
	LABKIT_EDITION_VENV=1 $(BIN)/python -m pytest tests/test_edition.py -p no:cacheprovider

# The end-to-end simulated class at full size (60 students, about three minutes with --jobs 2).
test-class: $(TEST_STAMP)
	LABKIT_CLASS_TEST=1 $(BIN)/python -m pytest tests/test_simulated_class.py -p no:cacheprovider

clean:
	rm -rf $(VENV) *.egg-info

# Browser tests (not part of `make test`): every live demo in JupyterLab + headless Chromium.
# Needs a Chromium on PATH (Debian: apt-get install chromium fonts-noto-cjk) or CHROMIUM=/path.
BROWSER_STAMP := $(VENV)/.installed-browser

$(BROWSER_STAMP): $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,browser]"
	touch $(BROWSER_STAMP)

.PHONY: test-browser
test-browser: $(BROWSER_STAMP)
	$(BIN)/python -m pytest tests_browser -p no:cacheprovider

# The end-to-end test with a real JupyterHub (not part of `make test`): a hub from
# deploy/jupyterhub/jupyterhub_config.py in test mode on 127.0.0.1, two students, labkit collect
# and labkit grade. Needs configurable-http-proxy (npm; .ci/hub installs it into $(VENV)/node)
# or CONFIGURABLE_HTTP_PROXY=/path; skips with "skipped: ..." without it.
HUB_STAMP := $(VENV)/.installed-hub

$(HUB_STAMP): $(TEST_STAMP)
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e ".[test,hub]"
	touch $(HUB_STAMP)

.PHONY: test-hub
test-hub: $(HUB_STAMP)
	$(BIN)/python -m pytest tests_hub -p no:cacheprovider -rs
