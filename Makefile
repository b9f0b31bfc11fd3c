# Two entry points that work on a fresh machine with Python 3.11, git and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test templates docs docs-pictures bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/xlscore demo build/demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

templates: $(STAMP)
	$(BIN)/python -m toolkit.workbook.blanks templates/xlsx

bench: $(STAMP)  # BENCH_ARGS="--quick" or "--compare build/bench-before.json", see benchmarks/README.md
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis

docs: $(STAMP)
	$(BIN)/python -m toolkit.docgen docs

# PNG pictures of the templates and the samples' conclusions for docs/ (needs LibreOffice and poppler)
docs-pictures: $(STAMP)
	$(BIN)/python -m toolkit.render.pictures docs/pictures
