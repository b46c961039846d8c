# Trust Centre and ISMS evidence system. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

# The first Python 3.12+ that actually runs: on PATH, or a pyenv-installed one whose shim on PATH
# is not activated.
PYTHON_CANDIDATES := python3.13 python3.12 \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12)
PYTHON ?= $(shell for candidate in $(PYTHON_CANDIDATES); do \
	if $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	command -v $$candidate; break; fi; done)

.PHONY: help install run migrate demo test test-postgres lint format typecheck bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 or newer is required: install python3.13 or python3.12 and put it on PATH." >&2; \
		exit 1; fi
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[dev]'
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --no-input

demo: migrate ## Load the demo content (idempotent)
	$(BIN)/python manage.py load_demo_content

run: demo ## Set everything up and serve on 127.0.0.1:$PORT (default 8000)
	PORT=$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install ## Run the whole suite (set DATABASE_URL to use PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff, formatting, mypy, template indentation, missing migrations, deploy check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy isms policies evidence
	$(BIN)/djhtml --check $$(git ls-files '*.html')
	DJANGO_SETTINGS_MODULE=isms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=isms.settings.production DJANGO_SECRET_KEY=lint-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
		AUDIT_CHAIN_KEY=lint-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
		DJANGO_ALLOWED_HOSTS=trust.example.com DATABASE_URL=postgres://localhost/lint \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

typecheck: install ## mypy with django-stubs
	$(BIN)/mypy isms policies evidence

format: install ## Format code and templates
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml $$(git ls-files '*.html')

bench: install ## Run the benchmarks in bench/ and print their figures
	@for script in $(filter-out bench/_%,$(wildcard bench/*.py)); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean: ## Remove the virtual environment and local data (database, files)
	rm -rf $(VENV) var
