# Waymark. `make help` lists the targets. `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
export WAYMARK_CACHE_DIR ?= $(CURDIR)/.cache/nlu

.DEFAULT_GOAL := help
.PHONY: help install lock run test chromium lint rasa bench clean

help: ## Show this help.
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Every dependency (and pip, setuptools, wheel) comes from the hash-checked lock, installed as locked
# (--no-deps: the lock is the whole closure, less what requirements/overrides.txt drops); Waymark itself is
# then installed without resolving anything more.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || { command -v $(PYTHON) >/dev/null && $(PYTHON) -m venv $(VENV); } || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@# pip compiles the packages it installs, not an editable project: compile ours once, so a `waymark`
	@# command does not compile our modules from source at every start where PYTHONDONTWRITEBYTECODE is set
	$(BIN)/python -m compileall -q bot nlu flows signposting safeguarding
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install Waymark with its dev tools from the lock file.

lock: ## Re-lock requirements/lock.txt (pinned, with hashes) after changing dependencies in pyproject.toml.
	@tmp=$$(mktemp -d) && $(PYTHON) -m venv $$tmp && $$tmp/bin/python -m pip install --quiet uv \
	  && $$tmp/bin/uv pip compile pyproject.toml requirements/build.in --extra dev --generate-hashes \
	       --override requirements/overrides.txt \
	       --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	       --custom-compile-command "make lock" --quiet -o $(LOCK); \
	  rc=$$?; rm -rf $$tmp; exit $$rc

HOST ?= 127.0.0.1
PORT ?= 8000
DATABASE_URL ?=

run: $(STAMP) ## Serve webhooks + dashboard + scheduler with demo data (HOST, PORT, DATABASE_URL; SQLite by default).
	WAYMARK_ENV=$${WAYMARK_ENV:-development} \
	  $(if $(DATABASE_URL),WAYMARK_DATABASE_URL='$(DATABASE_URL)') \
	  $(BIN)/waymark serve --demo --host $(HOST) --port $(PORT)

test: $(STAMP) chromium ## Run the whole test suite (also against PostgreSQL when one answers on 127.0.0.1:5432).
	@pg=$$(bash scripts/ensure-postgres.sh "$(PG_URL)"); \
	  WAYMARK_TEST_POSTGRES_URL=$${WAYMARK_TEST_POSTGRES_URL:-$$pg} $(BIN)/python -m pytest

# The dashboard's browser tests drive Debian's chromium; install it with apt when it is missing and apt can
# run (as root, or with password-less sudo). Otherwise those tests skip and say why.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	      || echo "chromium could not be installed with apt: the browser tests will skip"; \
	  elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    (sudo -n apt-get update -qq && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	      || echo "chromium could not be installed with apt: the browser tests will skip"; \
	  else \
	    echo "no /usr/bin/chromium and apt cannot run here: the browser tests will skip (apt-get install chromium)"; \
	  fi; \
	fi

lint: $(STAMP) ## ruff (lint and format check) and mypy --strict.
	$(BIN)/ruff check bot nlu flows signposting safeguarding tests
	$(BIN)/ruff format --check bot nlu flows signposting safeguarding tests
	$(BIN)/mypy --strict bot nlu flows signposting safeguarding

rasa: ## Build .venv-rasa, train Rasa on nlu/data/nlu.yml and serve it on 127.0.0.1:5005 (optional, ~2.4 GB).
	bash scripts/rasa.sh

bench: $(STAMP) ## Print the speed figures (safeguarding, nlu, signposting, pipeline).
	$(BIN)/waymark bench safeguarding
	$(BIN)/waymark bench nlu
	$(BIN)/waymark bench signposting
	$(BIN)/waymark bench pipeline

clean: ## Remove the virtualenv, caches and the local SQLite database.
	rm -rf $(VENV) .cache tests/artifacts .pytest_cache .mypy_cache .ruff_cache waymark.db waymark.db-wal waymark.db-shm
