# Mùa: `make run` serves the demo, `make test` runs the checks. Both set everything up first.
# `make test`: ruff, migrations up to date, the import layers (lint-imports, scripts/import_graph.py), pytest.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint format bench clean messages

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Mùa needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[dev,prod]'
	touch $(STAMP)

install: $(STAMP)

# DEBUG is off unless set (production); the demo server and the checks ask for it explicitly.
run test: export DEBUG = true

run: install
	$(BIN)/python manage.py catalogue compile
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py seed_demo
	$(BIN)/python -m config.devserver

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/python scripts/import_graph.py
	$(BIN)/python scripts/code_size.py
	$(BIN)/python manage.py catalogue check
	$(BIN)/python manage.py catalogue compile
	$(BIN)/python -m pytest

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After adding or changing user-facing strings: add them to locale/en, then translate the new entries there.
messages: install
	$(BIN)/python manage.py catalogue update
	$(BIN)/python manage.py catalogue check || true

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache db.sqlite3
