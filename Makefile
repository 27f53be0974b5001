# The two commands: `make run` (demo site on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format check install serve-prep bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed (set PYTHON=python3.11)") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The task worker (e-mails) and the alerts' sweep run beside the server; Ctrl-C stops all.
run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo --with-accounts
	@echo "\nServing the site at http://127.0.0.1:8000/ (admin at /admin/). Ctrl-C stops it."
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	DEBUG=1 $(BIN)/python manage.py send_alerts --every 60 --verbosity 0 & alerts=$$!; \
	trap 'kill $$worker $$alerts 2>/dev/null; wait $$worker $$alerts' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/pytest

# Python with ruff; templates with djLint (layout and lint rules, see [tool.djlint]).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint --check --lint templates

# djLint exits 1 when it changed a file; --warn makes that a success here.
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint --reformat --warn templates

check: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# --- Production (docs/production.md) ---
.PHONY: serve backup restore loadtest
BACKUP_DIR ?= backups/$(shell date -u +%Y%m%dT%H%M%SZ)

serve: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn -c config/gunicorn.py

backup: $(STAMP)
	$(BIN)/python manage.py backup $(BACKUP_DIR)

# make restore FROM=backups/20261129T020000Z
restore: $(STAMP)
	@test -n "$(FROM)" || (echo "Usage: make restore FROM=backups/<folder>"; exit 2)
	$(BIN)/python manage.py restore $(FROM)

# Bounded, loopback-only: make loadtest LOADTEST_ARGS="--fault redis-hang" (faults: none,
# redis-down, redis-hang, database-restart, unpublish-during-outage; see docs/production.md)
loadtest: $(STAMP)
	$(BIN)/python -m loadtest.run $(LOADTEST_ARGS)
# The 100,000-brief benchmark on PostgreSQL and Redis (see docs/performance.md).
bench: $(STAMP)
	$(BIN)/python bench/run.py
