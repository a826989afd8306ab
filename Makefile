# MechtaAI — the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: run test lint serve worker beat bench migrate seed install install-dev lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The lock files pin the whole dependency tree with hashes (`make lock` writes them from
# requirements.txt / requirements-dev.txt, the direct dependencies).
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python manage.py compile_catalogs
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
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
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

## Production-style server against the environment's services.
serve: migrate
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn -c gunicorn.conf.py mechta.wsgi:application

## AI calls are I/O: 256 threads hold 256 calls in flight; they share 32 DB connections, taken
## only for short DB work (docs/notes/aijobs.md). A job's own work is ~20 ms of CPU and a Python
## process uses one core, so WORKER_PROCESSES (default 2, one per core) workers split both
## (docs/decisions/0015). Ctrl-C stops them all.
worker: install
	@procs=$${WORKER_PROCESSES:-2}; pids=; \
	for i in $$(seq 1 $$procs); do \
	  DB_POOL_MAX_SIZE=$${DB_POOL_MAX_SIZE:-$$((32 / procs))} DB_POOL_TIMEOUT_SECONDS=$${DB_POOL_TIMEOUT_SECONDS:-30} \
	  $(BIN)/celery -A mechta worker --loglevel=INFO --queues=$${CELERY_QUEUE:-mechta} --hostname=worker$$i@%h \
	    --pool=threads --concurrency=$$(( $${CELERY_CONCURRENCY:-256} / procs )) & pids="$$pids $$!"; \
	done; trap 'kill $$pids 2>/dev/null' INT TERM; wait; wait

## Celery beat: sends the tasks of CELERY_BEAT_SCHEDULE (settings) to the worker's queue; run ONE per deployment.
BEAT_SCHEDULE_FILE ?= var/celerybeat-schedule
beat: install
	mkdir -p $(dir $(BEAT_SCHEDULE_FILE))
	$(BIN)/celery -A mechta beat --loglevel=INFO --schedule=$(BEAT_SCHEDULE_FILE)

## Hot reads under gunicorn, driven by wrk (apt-get install wrk); never part of `make test`.
bench: install-dev
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install -y wrk (Debian package)"; exit 2; }
	$(BIN)/python bench/run.py
	$(BIN)/python bench/ai.py
	$(BIN)/python bench/reminders.py

## Re-pin the whole tree after changing requirements*.txt (needs the package index).
lock: $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock requirements.txt
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements-dev.lock requirements-dev.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
