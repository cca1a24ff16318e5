# Dentalink — each target installs what it needs (uv from PyPI, Kafka jars from Maven Central,
# PostgreSQL from Debian packages). See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
ROOT := $(CURDIR)
UV_HOME := $(ROOT)/.cache/uv-bin
UV := $(shell command -v uv 2>/dev/null || echo $(UV_HOME)/bin/uv)
PYTEST_ARGS ?=

export UV_LINK_MODE := copy

.PHONY: help bootstrap infra infra-down up up-cluster down test lint unit integration e2e bench contracts clients-typescript openapi-lint status clean

help:  ## list targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(UV_HOME)/bin/uv:
	python3 -m venv $(UV_HOME) && $(UV_HOME)/bin/pip install -q --disable-pip-version-check uv

bootstrap: $(if $(shell command -v uv 2>/dev/null),,$(UV_HOME)/bin/uv)  ## install uv and the locked Python dependencies
	$(UV) sync --locked --all-packages --quiet

infra: bootstrap  ## start Kafka, PostgreSQL and Redis (or use KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL)
	deploy/local/postgres.sh start
	deploy/local/kafka.sh start
	deploy/local/redis.sh start

infra-down:  ## stop Kafka, PostgreSQL and Redis started by `make infra`
	-deploy/local/redis.sh stop
	-deploy/local/kafka.sh stop
	-deploy/local/postgres.sh stop

# `make up` runs every process under supervisord (deploy/local/supervise.sh says why that one): a
# process that exits is restarted with back-off, a process that is not ready never stops the others.
# It follows supervisord's log (exits, restarts) until Ctrl-C or `make down` from another shell.
up: bootstrap  ## run the whole platform under supervisord: Kafka, PostgreSQL, six services, gateway, Prometheus (Ctrl-C stops it)
	@trap '$(MAKE) --no-print-directory down; exit 130' INT TERM; \
	  deploy/local/supervise.sh up || { $(MAKE) --no-print-directory down; exit 1; }; \
	  echo "Platform up under supervisord: what exits is restarted ('make status', logs in .run/logs/)."; \
	  echo "Ctrl-C (or 'make down' from another shell) stops everything."; \
	  deploy/local/supervise.sh wait

# `make up-cluster`: the same platform scaled out — a 3-node Kafka KRaft cluster (9092/9094/9096, topics
# with 6 partitions, 3 replicas, min.insync.replicas 2), two replicas of every service and gateway, and
# nginx on the usual ports balancing over them (deploy/local/edge.sh; clients use 127.0.0.1:8000).
up-cluster: bootstrap  ## `make up` on a 3-broker Kafka cluster with two replicas of every process behind nginx
	@DENTALINK_KAFKA_NODES=3 DENTALINK_REPLICAS=2 $(MAKE) --no-print-directory up

down:  ## stop everything `make up` (or `make up-cluster`) started
	-deploy/local/supervise.sh down
	-deploy/local/stack.sh stop
	-DENTALINK_REPLICAS=2 deploy/local/stack.sh stop
	-DENTALINK_REPLICAS=2 deploy/local/edge.sh stop
	-DENTALINK_KAFKA_NODES=3 deploy/local/kafka.sh stop
	-deploy/local/prometheus.sh stop
	-deploy/local/postgres_exporter.sh stop
	-$(MAKE) --no-print-directory infra-down

status:  ## what is running (with supervisord's view under `make up`)
	-deploy/local/supervise.sh status; deploy/local/postgres.sh status; deploy/local/kafka.sh status; deploy/local/stack.sh status
	-deploy/local/prometheus.sh status; deploy/local/postgres_exporter.sh status

lint: bootstrap  ## ruff + mypy
	$(UV) run --no-sync ruff check .
	$(UV) run --no-sync ruff format --check .
	$(UV) run --no-sync mypy

# The first build of Jaeger (minutes) runs in the background while lint and the unit and integration
# suites run; the e2e session waits for it if it is not done by then.
test: infra  ## lint, then every test (unit, integration, e2e, chaos) on real Kafka and PostgreSQL
	deploy/local/jaeger.sh prebuild
	deploy/local/test_tools.sh install  # Chromium for the /docs browser test, curl and jq for the quickstart
	$(MAKE) --no-print-directory lint
	$(UV) run --no-sync pytest $(PYTEST_ARGS)

contracts: bootstrap clients-typescript  ## regenerate contracts/asyncapi.yaml, contracts/openapi.json (tools/openapi_merge.py) and the SDKs (clients/python, clients/typescript)
	$(UV) run --no-sync python -m dentalink_contracts.asyncapi > contracts/asyncapi.yaml
	$(UV) run --no-sync python tools/openapi_merge.py
	$(UV) run --no-sync python tools/python_client.py
	$(UV) run --no-sync python tools/typescript_client.py

clients-typescript:  ## install the TypeScript SDK's locked dev dependencies (npm ci) if node_modules is missing
	test -d clients/typescript/node_modules || (cd clients/typescript && npm ci --no-audit --no-fund)

openapi-lint:  ## install the pinned OpenAPI linters (Spectral, Redocly; npm ci) if node_modules is missing
	test -d tools/openapi-lint/node_modules || (cd tools/openapi-lint && npm ci --no-audit --no-fund)

bench: infra  ## every benchmark (HTTP paths, event hop, query plans, recovery, footprint), then one table against the targets
	$(UV) run --no-sync python bench/report.py

clean: down  ## remove local state (.run and this checkout's PostgreSQL cluster); keeps downloads in .cache
	-deploy/local/postgres.sh purge
	rm -rf .run
