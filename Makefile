# Two commands matter: `make run` (set up and serve) and `make test` (set up and test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= minerals_api.settings.base

.PHONY: run test check lint schema setup dev-setup clean loadtest fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Stamp files make a second run skip installs unless pyproject.toml changed.
$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q .
	@touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install -q ".[dev]"
	@touch $@

setup: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py collectstatic --no-input -v0

run: setup
	@echo ""
	@echo "  API        http://$(HOST):$(PORT)/api/v1/"
	@echo "  API docs   http://$(HOST):$(PORT)/api/docs/  (Redoc: /api/redoc/, schema: /api/schema/)"
	@echo "  Admin      http://$(HOST):$(PORT)/admin/"
	@echo "  Health     http://$(HOST):$(PORT)/healthz"
	@echo "  Create an admin user:  $(BIN)/python manage.py createsuperuser"
	@echo "  API token for a user:  $(BIN)/python manage.py drf_create_token <username>"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

dev-setup: $(VENV)/.dev

# The suite runs on every core (pytest-xdist; each worker has its own test database):
# about 6 minutes on 2 cores instead of 9. PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: dev-setup
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The fast loop while working: the suite without the tests marked `slow` (Schemathesis in
# tests/fuzz, the headless-browser docs tests), keeping the test databases between runs
# (--reuse-db: it saves the migrations on PostgreSQL; SQLite's test database is in memory).
# `make test` and CI (.ci/run) still run everything.
check: dev-setup
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --reuse-db -m "not slow" $(PYTEST_ARGS)

# A longer Schemathesis session than the one in `make test` (tests/fuzz: 6 examples per
# operation, 6 steps per stateful scenario, the same cases every run): 10x the examples,
# longer scenarios, a new random draw each time. Override any of the three, e.g.
# `make fuzz FUZZ_EXAMPLES=200`; FUZZ_RANDOM=0 replays the derandomized cases.
FUZZ_EXAMPLES ?= 60
FUZZ_STEPS ?= 20
FUZZ_RANDOM ?= 1
fuzz: dev-setup
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_STEPS=$(FUZZ_STEPS) FUZZ_RANDOM=$(FUZZ_RANDOM) \
		$(BIN)/python -m pytest tests/fuzz $(PYTEST_ARGS)

lint: dev-setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=minerals_api.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=minerals_api.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=minerals_api.settings.test $(BIN)/python manage.py spectacular \
		--validate --fail-on-warn --file /dev/null

# The committed OpenAPI document; a test fails when it drifts from the code.
schema: $(VENV)/.runtime
	DJANGO_SETTINGS_MODULE=minerals_api.settings.test $(BIN)/python manage.py spectacular \
		--validate --fail-on-warn --file minerals_api/openapi.yaml

# Bounded (about 2 minutes) load and database-outage test on loopback; needs root for
# pg_createcluster/pg_ctlcluster (a dedicated PostgreSQL cluster on port 5433).
loadtest: $(VENV)/.runtime
	$(BIN)/python bench/loadtest.py

clean:
	rm -rf $(VENV) staticfiles

# --- benchmarks (bench/README.md) ---------------------------------------------------------------
# BENCH_SCALE=S|M|L (default M), BENCH_DBS=sqlite,postgres, BENCH_CASES=list50,detail,...,
# BENCH_CONCURRENCY=1,8,32, BENCH_DURATION=5, BENCH_WORKERS=2 ... (python bench/run.py --help).
.PHONY: bench bench-data bench-profile

bench-data: $(VENV)/.runtime
	$(BIN)/python bench/run.py --data-only

bench: $(VENV)/.runtime
	$(BIN)/python bench/run.py

bench-profile: $(VENV)/.runtime
	DJANGO_SETTINGS_MODULE=minerals_api.settings.bench \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/bench/work/$$(echo $${BENCH_SCALE:-M} | tr A-Z a-z).sqlite3} \
		$(BIN)/python bench/profile_list.py

# Precision and recall of screening on bench/screening_eval.yaml at the default threshold
# (no database: the index is built from seeds/entities.yaml).
.PHONY: bench-screening
bench-screening: $(VENV)/.runtime
	DJANGO_SETTINGS_MODULE=minerals_api.settings.test $(BIN)/python bench/screening_eval.py
