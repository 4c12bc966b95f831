# riskassess: the two commands are `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: messages compilemessages run test test-system compose-check install install-dev check-system migrate seed worker lint bench schema clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "riskassess needs Python 3.11 ($(PYTHON) not found). Debian: apt-get install python3.11 python3.11-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed check-system
install-dev: $(VENV)/.installed-dev check-system

# WeasyPrint needs Pango from the system; say so plainly instead of failing deep in a traceback.
check-system:
	@$(PY) scripts/check_system.py

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_networks_demo

# Installs, migrates, loads reference and demo data, then serves web + worker + beat on
# http://127.0.0.1:$(PORT) (embedded SQLite and broker unless DATABASE_URL / REDIS_URL are set).
run: seed
	@PORT=$(PORT) scripts/run.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture

# The system packages the suite uses (Chromium, redis-server, PostgreSQL, wrk, Pango and fonts):
# installed with apt-get as root when missing, else one line saying what to install.
test-system:
	@scripts/test_system.sh

# The suite in two parts: everything but the browser tests in TEST_WORKERS processes (pytest-xdist;
# each has its own test database, a test file stays in one process, every server a test starts is on
# a free port), then the browser tests in one process, so Chromium's timings are not squeezed.
# Exit 5 ("no tests collected") of a part is fine when PYTEST_ARGS selects none of its tests.
TEST_WORKERS ?= 2

test: install-dev test-system
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PY) -m pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

# docker-compose.yml's services started as real processes (no Docker): part of the suite too.
compose-check: install-dev test-system
	$(PY) -m pytest tests/deploy/test_compose_stack.py -q -p no:cacheprovider

schema: install-dev
	$(PY) manage.py spectacular --file docs/api/schema.yml --validate --fail-on-warn

bench: install-dev
	$(PY) manage.py bench

clean:
	rm -rf var/broker var/media var/riskassess.sqlite3* var/celerybeat-schedule*

# Translations (docs/translations.md): collect the marked strings into locale/<lang>/LC_MESSAGES/
# (django.po, djangojs.po), then compile the .mo files, which are committed. tests/i18n checks both.
LANGS := bg cs da de el es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv
messages: install
	$(PY) manage.py makemessages $(addprefix -l ,$(LANGS)) --no-obsolete --no-location --ignore 'var/*' --ignore 'tests/*' --ignore 'docs/*' --ignore 'scripts/*'
	$(PY) manage.py makemessages -d djangojs $(addprefix -l ,$(LANGS)) --no-obsolete --no-location --ignore 'var/*' --ignore 'tests/*' --ignore 'docs/*' --ignore 'scripts/*'
	$(MAKE) compilemessages

compilemessages: install
	$(PY) manage.py compilemessages --ignore 'var/*' --ignore '.venv/*'
