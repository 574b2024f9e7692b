# Casebook: `make run` sets everything up and serves on 127.0.0.1:8000;
# `make test` installs the test tools and runs the whole suite.

VENV := .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12 or newer: take the first one found.
FIND_PYTHON := for p in python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; \
	then echo $$p; break; fi; done

.PHONY: run test lint check migrate load seed serve worker clean messages

$(PY):
	@python=$$($(FIND_PYTHON)); \
	if [ -z "$$python" ]; then \
		echo "Casebook needs Python 3.12 or newer (Django 6 requires it), and none was found."; \
		echo "Install Python 3.12+ (or, with pyenv: pyenv install 3.12), then run make again."; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$python ($$($$python --version))"; \
	$$python -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

migrate: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput

load: migrate
	$(PY) manage.py load_course content/
	$(PY) manage.py review_cards

seed: load
	$(PY) manage.py seed_demo

run: seed
	@echo "Casebook: http://127.0.0.1:8000/  (demo accounts in README.md)"
	$(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

check: $(VENV)/.dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

test: lint check
	$(VENV)/bin/pytest

# Production mode under gunicorn, against PostgreSQL: needs DATABASE_URL,
# DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (see .env.example). Workers
# follow the core count, each with CASEBOOK_THREADS threads (4), so that a
# worker hashing a password (one at a time, config/hashers.py) keeps serving
# pages; CASEBOOK_BIND sets the address (default 127.0.0.1:8001).
serve: $(VENV)/.runtime
	@if [ -z "$$DATABASE_URL" ] || [ -z "$$DJANGO_SECRET_KEY" ]; then \
		echo "make serve needs DATABASE_URL (PostgreSQL) and DJANGO_SECRET_KEY; see README.md and .env.example."; exit 1; fi
	DJANGO_DEBUG=false $(PY) manage.py check --deploy
	DJANGO_DEBUG=false $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=false $(PY) manage.py createcachetable
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=false DJANGO_CONN_MAX_AGE=$${DJANGO_CONN_MAX_AGE:-60} $(VENV)/bin/gunicorn config.wsgi \
		--workers $$(( $$(nproc) * 2 + 1 )) --threads $${CASEBOOK_THREADS:-4} --bind $${CASEBOOK_BIND:-127.0.0.1:8001} \
		--access-logfile - --error-logfile - --timeout 30 --graceful-timeout 20 --keep-alive $${CASEBOOK_KEEPALIVE:-75}

# Background jobs (django.tasks): the app servers queue them in the database
# when DJANGO_TASKS_BACKEND=database; this worker runs them. Start one or more,
# with the same DATABASE_URL (and the rest of the environment) as the app servers.
worker: migrate
	DJANGO_TASKS_BACKEND=$${DJANGO_TASKS_BACKEND:-database} $(PY) manage.py db_worker

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Interface translations: gather every marked string into locale/zh_Hant
# (templates and Python: django.po; static/js: djangojs.po), then compile the
# .mo files. Translate what is new or fuzzy in the .po files, run it again and
# commit both; tests/test_translations.py fails while anything is left.
I18N_IGNORE := --ignore=.venv --ignore=tests --ignore=test-artifacts --ignore=staticfiles --ignore=bench
messages: $(VENV)/.runtime
	$(PY) manage.py makemessages --locale=zh_Hant --no-obsolete $(I18N_IGNORE)
	$(PY) manage.py makemessages --locale=zh_Hant --domain=djangojs --no-obsolete $(I18N_IGNORE)
	$(PY) manage.py compilemessages --locale=zh_Hant $(I18N_IGNORE)
