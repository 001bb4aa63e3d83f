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

.PHONY: run test lint format messages demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	DEBUG=$${DEBUG:-true} $(BIN)/komunitas migrate --no-input
	@if [ ! -f "$(DATA_DIR)/.demo-built" ]; then \
		DEBUG=$${DEBUG:-true} $(BIN)/komunitas demo && touch "$(DATA_DIR)/.demo-built"; fi
	@echo
	@echo "  Komunitas Praktisi: open $$SITE_URL/"
	@echo "  Log in as penggerak@demo.test, guru@demo.test, kepsek@demo.test,"
	@echo "  pengawas@demo.test, dinas@demo.test or admin@demo.test; password: komunitas-demo"
	@echo
	@echo "  A background worker (komunitas worker) runs beside the site for notifications."
	DEBUG=$${DEBUG:-true} $(BIN)/komunitas worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		DEBUG=$${DEBUG:-true} $(BIN)/komunitas serve

demo: $(VENV)/.installed
	DEBUG=$${DEBUG:-true} $(BIN)/komunitas migrate --no-input
	DEBUG=$${DEBUG:-true} $(BIN)/komunitas demo

test: $(VENV)/.installed
	scripts/test

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed
	$(BIN)/python scripts/messages.py

clean:
	rm -rf $(VENV) build *.egg-info
