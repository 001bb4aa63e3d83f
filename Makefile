# Komunitas Praktisi: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export DATA_DIR ?= $(CURDIR)/data
# Links in mail, calendar feeds and invitations are built from SITE_URL: on `make run` it is the
# address being served, whatever PORT is (set SITE_URL yourself to serve it under another name).
run demo: export PORT := $(PORT)
run demo: export SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test lint format messages demo clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reproducible: every package from requirements.lock with its hash (scripts/lock regenerates
# it from pyproject.toml), then the project itself without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

run: $(VENV)/.installed
	DEBUG=$${DEBUG:-true} $(BIN)/komunitas migrate --no-input
	@if [ ! -f "$(DATA_DIR)/.demo-built" ]; then \
		DEBUG=$${DEBUG:-true} $(BIN)/komunitas demo && touch "$(DATA_DIR)/.demo-built"; fi
	@echo
	@echo "  Komunitas Praktisi: open $$SITE_URL/"
	@echo "  Log in as penggerak@demo.test, guru@demo.test, kepsek@demo.test,"
	@echo "  pengawas@demo.test, dinas@demo.test or admin@demo.test; password: komunitas-demo"
	@echo "  Two-factor is not required here (TWO_FACTOR_REQUIRED=false; production requires it"
	@echo "  for operators and Dinas): anyone may turn it on under Profil > Autentikasi dua langkah."
	@echo
	@echo "  A background worker (komunitas worker) runs beside the site for notifications."
	DEBUG=$${DEBUG:-true} $(BIN)/komunitas worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		DEBUG=$${DEBUG:-true} TWO_FACTOR_REQUIRED=$${TWO_FACTOR_REQUIRED:-false} $(BIN)/komunitas serve

demo: $(VENV)/.installed
	DEBUG=$${DEBUG:-true} $(BIN)/komunitas migrate --no-input
	DEBUG=$${DEBUG:-true} $(BIN)/komunitas demo

# The HTML checker of the tests (vnu.jar, run with Java), pinned in package-lock.json. Its install
# script would fetch a Java from GitHub: Java comes from the system (default-jre-headless).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "ERROR: the tests need Node and npm for the HTML checker" \
		"(Debian/Ubuntu: apt-get install nodejs npm)." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: $(VENV)/.installed node_modules/.installed
	scripts/test

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed
	$(BIN)/python scripts/messages.py

lock:
	scripts/lock

clean:
	rm -rf $(VENV) node_modules build *.egg-info
