# The commands of the README: `make run`, `make test` and `make test-fast`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export PATH := $(HOME)/.local/bin:$(PATH)

UV ?= uv
PYTHON_VERSION ?= 3.11
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ADMIN_PASSWORD ?= coope-romans-demo
export DEMO_ADMIN_PASSWORD

MANAGE := $(UV) run python manage.py
TEST_ENV := DJANGO_SETTINGS_MODULE=cooperation.settings.test

.PHONY: help install uv run serve demo test test-fast services page-checkers lint format check messages clean bench lighthouse

help:
	@echo "make run   - installe, migre (SQLite), charge la démo et sert http://$(HOST):$(PORT)/"
	@echo "make test  - installe, démarre PostgreSQL et Redis, lance lint, vérifications et tests"
	@echo "make test-fast - les tests sans navigateur, sans worker ni tests lents, base gardée"
	@echo "make bench - le site à volume réel (base coop_bench) : temps, requêtes, débit"
	@echo "make lighthouse - les notes Lighthouse (mobile) des huit types de pages de la démo"

uv:
	@command -v $(UV) >/dev/null 2>&1 || python3 -m pip install --quiet --user uv 2>/dev/null \
		|| python3 -m pip install --quiet uv 2>/dev/null \
		|| python3 -m pip install --quiet --user --break-system-packages uv 2>/dev/null \
		|| curl -LsSf https://astral.sh/uv/install.sh | sh

install: uv
	$(UV) sync --frozen --python $(PYTHON_VERSION)

run: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo ""
	@echo "  Site :           http://$(HOST):$(PORT)/   (English: /en/, العربية: /ar/)"
	@echo "  Administration : http://$(HOST):$(PORT)/admin/"
	@echo "  Identifiant :    admin"
	@echo "  Mot de passe :   $(DEMO_ADMIN_PASSWORD)"
	@echo "  Courriels :      écrits dans var/mail/"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

services:
	bash scripts/ensure_services.sh

# The HTML validator and Lighthouse (tools/node, from the npm registry).
page-checkers:
	bash scripts/ensure_page_checkers.sh

lint: install
	$(UV) run ruff format --check .
	$(UV) run ruff check .
	$(UV) run djhtml --check $$(git ls-files '*.html')

format: install
	$(UV) run ruff format .
	$(UV) run ruff check --fix .
	$(UV) run djhtml $$(git ls-files '*.html')

check: install
	$(TEST_ENV) $(MANAGE) check
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cooperation.settings.production SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))') \
		DATABASE_URL=postgres://postgres@127.0.0.1/postgres REDIS_URL=redis://127.0.0.1:6379/0 ALLOWED_HOSTS=example.org \
		ANYMAIL_BREVO_API_KEY=check ANYMAIL_WEBHOOK_SECRET=check:check \
		$(UV) run python manage.py check --deploy --fail-level WARNING

test: install services page-checkers lint check
	$(TEST_ENV) $(UV) run pytest $(PYTEST_ARGS)

# The edit-run loop: neither browser nor worker process nor slow test, and the
# test database kept from one run to the next; no lint, no checks (make lint).
# The demo loader's tests are marked slow (the whole demo loaded twice, make
# run's SQLite path: three minutes, and a flushed database).
FAST_SELECTION := -m "not browser and not worker and not slow"

test-fast: install services
	$(TEST_ENV) $(UV) run pytest --reuse-db $(FAST_SELECTION) $(PYTEST_ARGS)

# The site at volume in its own database (BENCH_DATABASE_URL, coop_bench by
# default), measured uncached: server time and queries per page type, search
# times, requests per second with wrk beside nginx serving the same HTML.
# BENCH_ARGS: --requests N, --duration S, --skip-build, --skip-wrk.
bench: install services
	bash scripts/ensure_bench_tools.sh
	$(UV) run python benchmarks/run.py $(BENCH_ARGS)

# Lighthouse's four scores (mobile) for the eight page types the city
# checks, on the demo (its own database, coop_lighthouse) served by
# gunicorn. LIGHTHOUSE_ARGS: --runs N, --page LABEL.
lighthouse: install services page-checkers
	$(UV) run python benchmarks/lighthouse.py $(LIGHTHOUSE_ARGS)

messages: install
	$(MANAGE) makemessages -l en -l ar --no-obsolete --ignore=.venv --ignore=var \
		--ignore=tests --ignore=static_collected --ignore=benchmarks
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf .venv var/test-media test-artifacts
