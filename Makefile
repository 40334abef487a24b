# reqstream: every target installs what it needs on a fresh Debian machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KAFKA_LIBS := deploy/kafka/target/kafka-libs
KAFKA_STAMP := $(KAFKA_LIBS)/.complete
PG_BIN := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb))
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

.PHONY: help install system-deps kafka-jars demo up down test test-fast lint lint-check fmt typecheck schemas compiled-parser clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP) system-deps kafka-jars  ## venv + pip packages, Debian packages, Kafka jars

system-deps:  ## Debian packages: PostgreSQL, Dovecot, Chromium, Prometheus (tests), Java, Maven
	@missing=""; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || missing="$$missing dovecot-imapd"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v prometheus >/dev/null || missing="$$missing prometheus"; \
	command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	if [ -n "$$missing" ]; then \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing Debian packages:$$missing"; \
	    echo "run as root, or: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(KAFKA_STAMP): deploy/kafka/pom.xml
	@command -v mvn >/dev/null || $(MAKE) --no-print-directory system-deps
	rm -rf $(KAFKA_LIBS)
	mvn -B -q -f deploy/kafka/pom.xml dependency:copy-dependencies
	touch $@

kafka-jars: $(KAFKA_STAMP)  ## Apache Kafka broker jars from Maven Central

demo: install  ## the whole pipeline on the bundled sample mailbox
	$(BIN)/reqstream demo

up: install  ## run Kafka, PostgreSQL and the four services until Ctrl-C
	$(BIN)/reqstream up

down: $(STAMP)  ## stop what `reqstream infra up` left running
	$(BIN)/reqstream infra down

lint-check: $(STAMP)  ## ruff check + format check + layer contracts (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)  ## mypy --strict
	$(BIN)/mypy services schemas tests

lint: lint-check typecheck  ## every static gate

fmt: $(STAMP)  ## apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schemas: $(STAMP)  ## regenerate the Topic enum (from schemas/topics) and the JSON Schemas (from the models)
	$(BIN)/python -m schemas.contracts.generate

# tests that use a server (tests/conftest.py refuses unmarked server use); TESTS narrows a run
SERVER_TESTS := kafka or postgres or imap or prometheus
TESTS ?=

# The server tests mostly wait on brokers and services (run alone after the lint, `make test`
# kept under half of two cores busy), so the type check and then the pure tests run beside
# them, in a process group of their own (stopped if the target stops); their output follows.
# pytest's exit 5 is "no test selected": a TESTS path with tests of one kind only.
test: install lint-check  ## lint, then every test against real Kafka and PostgreSQL
	$(BIN)/python -m schemas.contracts.generate --check
	@side_log=$$(mktemp); set -m; \
	( $(BIN)/mypy services schemas tests && \
	  $(BIN)/pytest -p no:cacheprovider -m "not ($(SERVER_TESTS))" $(TESTS) ) >$$side_log 2>&1 & \
	side=$$!; set +m; trap 'kill -- -$$side 2>/dev/null; rm -f $$side_log' EXIT; \
	echo "mypy, then the pure tests, run beside the server tests (their output follows)"; \
	$(BIN)/pytest -m "$(SERVER_TESTS)" $(TESTS); servers=$$?; \
	wait $$side; side_rc=$$?; \
	echo "=== mypy, then the pure tests ==="; cat $$side_log; \
	echo "server tests: exit $$servers; mypy, then the pure tests: exit $$side_rc"; \
	[[ $$servers =~ ^[05]$$ && $$side_rc =~ ^[05]$$ ]]

test-fast: $(STAMP)  ## pure tests only: no servers (tests/conftest.py refuses unmarked server use)
	$(BIN)/pytest -m "not ($(SERVER_TESTS))" $(TESTS)

compiled-parser: $(STAMP)  ## the parser's rules compiled with mypyc into build/mypyc (~2.5 min CPU; needs gcc)
	$(BIN)/python -m services.bench.compiled_parser

clean:  ## remove the venv, the Kafka jars and local state
	rm -rf $(VENV) deploy/kafka/target .reqstream .mypy_cache .ruff_cache .pytest_cache build/mypyc
