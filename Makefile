# The two commands of the README: `make site` and `make test`.
# Both create the virtualenv and install what they need on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

AXE_VERSION := 4.14.1
AXE := .tools/axe-core/node_modules/axe-core/axe.min.js
REMARK_VERSION := 0.14.0
REMARK := .tools/remark/node_modules/remark-slide/package.json

.PHONY: site serve test test-fast check golden clean chromium pdf-deps

site: $(INSTALLED)
	$(PY) -m opendata_course build

serve: $(INSTALLED)
	$(PY) -m opendata_course serve

check: $(INSTALLED)
	$(PY) -m opendata_course check --strict

test: $(INSTALLED) chromium $(AXE) $(REMARK)
	$(PY) -m pytest

# Everything but the browser and PDF tests: under 30 s, for the edit-test loop.
test-fast: $(INSTALLED)
	$(PY) -m pytest -m "not browser and not pdf"

# Rewrite the golden HTML from the current renderer; review the diff before committing.
golden: $(INSTALLED)
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_golden.py

# An editable install leaves the sources uncompiled: where Python may not write
# bytecode (PYTHONDONTWRITEBYTECODE), every run would compile them again (~50 ms).
$(INSTALLED): pyproject.toml | pdf-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m compileall -q src
	touch $@

# Browser tests drive Debian's Chromium; Playwright's own browser download
# is never used.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installation de Chromium (paquet Debian)…"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# PDF export: WeasyPrint needs Pango (Debian packages); the PDF tests read the
# files with poppler-utils (pdftotext, pdfinfo).
pdf-deps:
	@{ { ldconfig -p 2>/dev/null || /sbin/ldconfig -p; } | grep -q 'libpangoft2-1.0.so.0' && \
	  command -v pdftotext >/dev/null 2>&1; } || { \
	  echo "Installation de Pango et poppler-utils (paquets Debian)…"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 poppler-utils >/dev/null; }

# axe-core, for the accessibility tests, from the npm registry.
$(AXE):
	@command -v npm >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	mkdir -p .tools/axe-core
	cd .tools/axe-core && npm install --no-audit --no-fund --silent axe-core@$(AXE_VERSION)

# remark (gnab/remark's source, MIT), for the import tests: tests/remark_count.js
# counts the slides remark itself makes of a deck.
$(REMARK):
	@command -v npm >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	mkdir -p .tools/remark
	cd .tools/remark && npm install --no-audit --no-fund --silent remark-slide@$(REMARK_VERSION)

clean:
	rm -rf _site .pytest_cache build dist *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
