# gulfsec: two commands set everything up on a fresh machine with Python 3.11 and make.
#   make reports   create .venv, install, render every report into reports/
#   make site      render (cached) and build the course site into site/ (books and PDFs)
#   make test      create .venv, install, run the whole test suite
#   make test-fast the library's and the unit tests only (no kernel, book or browser): under 30 s on 2 cores
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.gulfsec-installed
KERNEL := gulfsec
# The project kernel's spec: `make setup` registers it again whenever it is missing.
KERNELS ?= $(VENV)/share/jupyter/kernels
KERNEL_SPEC := $(KERNELS)/$(KERNEL)/kernel.json
# Jupyter refuses to run as root without --allow-root (containers, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# The venv's own Jupyter data dir first, so the project kernel wins over any user-level one.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: setup reports site dashboard test test-fast lab lint format browser clean-reports clean-site clean help

help:
	@echo "make reports | make site | make dashboard NB=03 LANG=ar | make test | make test-fast | make lab | make lint | make format | make clean"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[publish,lab,cluster,test]"
	@touch $(STAMP)

$(KERNEL_SPEC): $(STAMP)
	$(BIN)/python -m ipykernel install --prefix $(abspath $(KERNELS)/../../..) --name $(KERNEL) --display-name "Python (gulfsec)" >/dev/null

setup: $(STAMP) $(KERNEL_SPEC)

reports: setup
	$(BIN)/gulfsec render

# The course site (site/<lang>/<audience>/, PDFs in each book's downloads/) from the rendered
# notebooks: the render is cached, and the site rebuilds only what the render changed.
site: reports
	$(BIN)/gulfsec site

# One notebook as a Voila dashboard, language-filtered, with its sliders, on localhost:
#   make dashboard NB=03 LANG=ar      (NB: the notebook's number or name; LANG: en or ar)
# LANG is also the locale variable of the shell, so anything but en/ar means en, and the
# server itself runs under C.UTF-8.
NB ?= 03
DASHBOARD_LANG := $(if $(filter en ar,$(LANG)),$(LANG),en)
PORT ?= 8866
dashboard: setup
	LANG=C.UTF-8 LC_ALL=C.UTF-8 $(BIN)/python -m gulfsec.site.dashboard --notebook "$(NB)" --lang $(DASHBOARD_LANG) --port $(PORT)

test: setup browser
	$(BIN)/python -m pytest -n 2 --dist loadfile tests notebooks gulfsec --doctest-modules --nbval-lax --nbval-kernel-name $(KERNEL) -p no:cacheprovider

# The library's and the unit tests (tests not marked slow; see pyproject's markers).
test-fast: setup
	$(BIN)/python -m pytest -m "not slow" -n 2 --dist loadfile -q tests gulfsec --doctest-modules -p no:cacheprovider

# JupyterLab on the notebooks. Saving strips outputs (lab/jupyter_server_config.py: the file on
# disk is what `make test` checks), and in a git checkout nbstripout's git filter is installed
# too (.gitattributes names it; the filter runs this checkout's .venv/bin/python), so that git
# never sees outputs from any editor. `.venv/bin/nbstripout --uninstall` removes the filter.
lab: setup
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		$(BIN)/nbstripout --install --attributes .gitattributes --python $(BIN)/python; fi
	$(BIN)/jupyter lab $(ROOT_FLAG) --config=lab/jupyter_server_config.py notebooks/

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

# Headless Chromium for the browser tests and the site's PDFs, poppler-utils (pdftoppm,
# pdftotext) for the PDF tests (Debian's packages). Installed only when we are root (CI,
# containers); elsewhere the browser tests skip with a reason unless CI=true.
browser:
	@if { ! command -v chromium || ! command -v pdftoppm; } >/dev/null 2>&1 && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium and poppler-utils for the browser and PDF tests"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null; \
	fi

clean-reports:
	find reports -mindepth 1 -maxdepth 1 ! -name plan.yml ! -name README.md -exec rm -rf {} +

clean-site:
	rm -rf site

clean: clean-reports clean-site
	rm -rf $(VENV) build dist *.egg-info
