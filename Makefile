# The two commands in the README: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench bench-national install prerequisites assets migrate demo worker beat clean

run: install migrate demo ## Install everything, load the demo data and serve at http://127.0.0.1:8000 (debug on: a demo server)
	@echo ""
	@echo "Open http://$(HOST):$(PORT)/ and sign in with one of the demo users above."
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL)
	$(BIN)/pytest

lint: install ## ruff: the lint rules and the format in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install ## Performance benchmark on PostgreSQL (BENCH_DATABASE_URL; see bench/README.md); writes bench/RESULTS.md
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-national: install ## National scale: 50, 100, 150 partnerships (BENCH_NATIONAL_DATABASE_URL; about 11 minutes on 2 cores); adds to bench/RESULTS.md
	$(BIN)/python bench/national.py $(BENCH_ARGS)

install: $(VENV)/.installed static/build/main.css

prerequisites:
	@PYTHON=$(PYTHON) scripts/check_prerequisites.sh

$(VENV)/.installed: pyproject.toml
	@PYTHON=$(PYTHON) scripts/check_prerequisites.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@$(BIN)/python -c "import weasyprint" || { echo "✗ WeasyPrint cannot load its libraries: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" >&2; exit 1; }
	touch $@

static/build/main.css: package.json package-lock.json $(wildcard static/scss/*.scss)
	npm ci --no-audit --no-fund
	npm run build

assets: ## Rebuild the GOV.UK Frontend CSS and copy its assets
	npm run build

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

worker: install ## A Celery worker (needs REDIS_URL; without it tasks run in the web process)
	$(BIN)/celery -A config worker --loglevel=info

beat: install ## The Celery beat scheduler (schedule editable in the admin)
	$(BIN)/celery -A config beat --loglevel=info

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
