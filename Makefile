# MechtaAI — the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: run test lint serve worker beat bench migrate seed install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/python manage.py compile_catalogs
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_areas
	$(BIN)/python manage.py seed_achievements

## Serve fully embedded (SQLite, local-memory cache, eager Celery, console mail, offline AI).
run: seed
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## The whole suite; uses PostgreSQL/Redis/a Celery worker when DATABASE_URL/REDIS_URL/CELERY_BROKER_URL are set.
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

## Production-style server against the environment's services.
serve: migrate
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn -c gunicorn.conf.py mechta.wsgi:application

worker: install
	DB_POOL_MAX_SIZE=$${DB_POOL_MAX_SIZE:-8} $(BIN)/celery -A mechta worker --loglevel=INFO --queues=$${CELERY_QUEUE:-mechta} \
	  --pool=threads --concurrency=$${CELERY_CONCURRENCY:-32}

## Celery beat (run exactly one): starts reminders.dispatch_due every minute; a worker sends.
beat: install
	$(BIN)/celery -A mechta beat --loglevel=INFO --schedule=$${CELERY_BEAT_SCHEDULE_FILE:-/tmp/mechta-celerybeat-schedule}

## Hot reads under gunicorn, driven by wrk (apt-get install wrk); never part of `make test`.
bench: install-dev
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install -y wrk (Debian package)"; exit 2; }
	$(BIN)/python bench/run.py
	$(BIN)/python bench/ai.py
	$(BIN)/python bench/reminders.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
