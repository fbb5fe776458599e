# veille: `make demo` runs the main job on a simulated election, `make test` runs every test.
# Both create .venv and install what they need; nothing is installed by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR := demo-data
DEMO_DB := $(DEMO_DIR)/veille.duckdb
SEED ?= 7
PORT ?= 8080
# What `pip install -e` builds: a change to veille's C sources reinstalls (recompiles) them.
BUILT := pyproject.toml setup.py $(shell find src -name "*.c" -o -name "*.h")

.PHONY: demo test install install-test browser compiler bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BUILT) | $(BIN)/python compiler
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q src/veille
	touch $@

$(VENV)/.installed-test: $(BUILT) | $(BIN)/python compiler
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q src/veille
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	rm -rf $(DEMO_DIR)
	$(BIN)/veille simulate $(DEMO_DIR) --seed $(SEED)
	$(BIN)/veille ingest --db $(DEMO_DB) $(DEMO_DIR)/exports
	$(BIN)/veille stats --db $(DEMO_DB)
	$(BIN)/veille similar --db $(DEMO_DB) --limit 5
	$(BIN)/veille embed --db $(DEMO_DB) --budget 600 --quiet
	$(BIN)/veille similar --db $(DEMO_DB) --limit 5
	$(BIN)/veille detect --db $(DEMO_DB) --graphml $(DEMO_DIR)/coordination.graphml
	$(BIN)/veille narratives --db $(DEMO_DB) --limit 10
	$(BIN)/veille bursts --db $(DEMO_DB) --kinds hashtag,narrative
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))" > $(DEMO_DIR)/admin-password
	$(BIN)/veille users add admin --role admin --password-stdin --db $(DEMO_DB) < $(DEMO_DIR)/admin-password
	@echo
	@echo "veille ops center: http://127.0.0.1:$(PORT)/  login: admin  password: $$(cat $(DEMO_DIR)/admin-password)"
	@echo "(password kept in $(DEMO_DIR)/admin-password; Ctrl-C stops the server)"
	$(BIN)/veille serve --db $(DEMO_DB) --port $(PORT)

# veille's five C modules are compiled by pip: a C compiler (Debian's gcc, installed when missing
# and root) and the headers of the Python that makes the venv (python3-dev for Debian's own).
compiler:
	@command -v cc >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc; } \
		|| { echo "error: veille needs a C compiler (apt-get install gcc)"; exit 1; }
	@$(PYTHON) -c "import os, sysconfig; os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')) or exit(1)" \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-dev; } \
		|| { echo "error: veille needs the Python headers (apt-get install python3-dev)"; exit 1; }

# The browser tests drive Debian's chromium package, never a downloaded browser. Installing it
# needs root (as in CI); when that fails, the browser tests skip and say why.
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
		|| echo "warning: could not install Debian's chromium; the browser tests will be skipped"

test: install-test browser
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/ingest_throughput.py
	$(BIN)/python benchmarks/coordination.py
	$(BIN)/python benchmarks/embeddings.py
	$(BIN)/python benchmarks/content.py
	$(BIN)/python benchmarks/serve_load.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) build src/*.egg-info .pytest_cache test-artifacts
