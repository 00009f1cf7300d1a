# Two commands on a fresh machine: `make run` and `make test` (see README.md).
VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(VENV)/bin/pip
DEMO_PASSWORD ?= VssDemo@2024
export DEMO_PASSWORD

.PHONY: run test install system-packages messages migrate demo lint serve production clean screenshots

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Debian packages the install needs (as root): msgfmt, python-ldap's build, WeasyPrint's Pango and fonts.
system-packages:
	apt-get install -y --no-install-recommends gettext gcc libldap2-dev libsasl2-dev libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation

messages: install
	cd $(CURDIR) && $(PY) manage.py compilemessages --ignore=.venv --verbosity 0

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: install messages demo
	@echo ""
	@echo "  VSS Foreign Affairs Portal: http://127.0.0.1:8000/"
	@echo "  Demo logins (password: $(DEMO_PASSWORD)):"
	@echo "    admin     administrator"
	@echo "    central   central planner"
	@echo "    leader    leadership"
	@echo "    haiduong  focal officer, Hải Dương provincial office (until 30/06/2025)"
	@echo "    haiphong  focal officer, Hải Phòng provincial office"
	@echo "    hanoi     focal officer, Hà Nội provincial office"
	@echo "    tst       focal officer, Collection, Books and Cards Management Board"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:8000

test: install messages
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# README screenshots (docs/screenshots/) from the demo data in a scratch database; needs Chromium.
screenshots: install
	$(PY) tools/screenshots.py

# Production-shaped local run: PostgreSQL + Redis + gunicorn + Celery worker + beat (Procfile).
production: install messages
	$(VENV)/bin/honcho start

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
