# Copyright 2026 sale-order-flow contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
#
#   make run        Odoo with our addons and demo data on http://127.0.0.1:8069 (admin / admin);
#                   make run WORKERS=4 serves it in prefork mode, as in production
#   make test       a fresh test database, our addons installed, every test of ours (pytest-odoo)
#   make lint       pre-commit: ruff (lint + format) and pylint-odoo's mandatory checks
#   make test-core  Odoo's own sale/sale_stock/stock/account/sale_management tests, with and
#                   without our addons, compared
#   make bench      benchmarks against stock Odoo and OCA's peers measured in the same run,
#                   and under load (real 4-worker servers); ONLY=, PROFILE=1, BIG=1
#   make dist       one wheel per addon (odoo-addon-<name>) in dist/
#   make i18n       regenerate each addon's .pot and merge it into zh_CN.po (then translate)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The variables setup/bootstrap.sh was last run with (.sof/env), unless given on the command
# line or in the environment; then the defaults.
SOF_ENV := $(shell cat .sof/env 2>/dev/null)
$(foreach kv,$(SOF_ENV),$(eval $(firstword $(subst =, ,$(kv))) ?= $(patsubst $(firstword $(subst =, ,$(kv)))=%,%,$(kv))))
export ODOO_SRC ?= /opt/odoo-src
export DB_HOST ?= 127.0.0.1
export DB_PORT ?= 5432
export DB_USER ?= odoo
export HTTP_PORT ?= 8069
CORE_ADDONS ?= sale_order_flow,sale_credit_guard,stock_backorder_alerts
# The bridges install mrp and purchase_stock (their dependencies) with them: make test and
# make run have production and purchasing; make bench measures the core addons only, against
# the same stock Odoo as before.
BRIDGES ?= sale_order_flow_mrp,sale_order_flow_purchase
ADDONS ?= $(CORE_ADDONS),$(BRIDGES)
comma := ,
ADDON_DIRS = $(subst $(comma), ,$(ADDONS))
DEMO_DB ?= sale_flow_demo
# make run WORKERS=4: Odoo's prefork mode (4 HTTP workers, one cron worker, the gevent worker
# for the bus on GEVENT_PORT), as in production; 0 = one threaded process.
WORKERS ?= 0
GEVENT_PORT ?= 8072
RUN_MODE = $(if $(filter-out 0,$(WORKERS)),--workers=$(WORKERS) --max-cron-threads=1 \
    --gevent-port=$(GEVENT_PORT),)
RUN_NOTE = $(if $(filter-out 0,$(WORKERS)),- $(WORKERS) workers + cron worker; bus on port $(GEVENT_PORT) ,)
TEST_DB ?= sof_test
TEST_PATHS ?= $(subst $(comma), ,$(ADDONS)) tests
PYTEST_ARGS ?=
CONF := .sof/odoo.conf
# make bench: databases BENCH_DB (ours), BENCH_DB_stock, BENCH_DB_oca (OCA's peers, installed
# into BENCH_OCA, the bench's own folder); ONLY=substring, PROFILE=1 (top SQL statements),
# BIG=1 (the ten times bigger customer and queue, a few minutes more)
BENCH_DB ?= sof_bench
BENCH_OCA ?= .sof/bench-oca
PY := .sof/venv/bin/python
ODOO := PYTHONPATH=$(ODOO_SRC) $(PY) $(ODOO_SRC)/odoo-bin -c $(CONF)

.PHONY: help bootstrap run test lint test-core bench dist i18n clean
help:
	@sed -n 's/^#   //p' Makefile

bootstrap:
	@bash setup/bootstrap.sh

run: bootstrap
	@if psql -h $(DB_HOST) -p $(DB_PORT) -U $(DB_USER) -d postgres -tAc "select 1 from pg_database where datname='$(DEMO_DB)'" | grep -q 1; then \
	    echo "[run] installing or upgrading $(ADDONS) in $(DEMO_DB)"; \
	    $(ODOO) -d $(DEMO_DB) -i $(ADDONS) -u $(ADDONS) --stop-after-init --log-level=warn; \
	else \
	    bash setup/odoo_db.sh $(DEMO_DB) demo $(ADDONS); \
	fi
	@echo "[run] Odoo on http://127.0.0.1:$(HTTP_PORT) - database $(DEMO_DB), login admin / admin" \
	    "$(RUN_NOTE)(Ctrl-C stops)"
	$(ODOO) -d $(DEMO_DB) --db-filter='^$(DEMO_DB)$$' $(RUN_MODE)

test: bootstrap
	@bash setup/odoo_db.sh $(TEST_DB) nodemo $(ADDONS)
	PYTHONPATH=$(ODOO_SRC) $(PY) -m pytest --odoo-config=$(CONF) --odoo-database=$(TEST_DB) \
	    --odoo-http $(PYTEST_ARGS) $(TEST_PATHS)

lint: bootstrap
	.sof/venv/bin/pre-commit run --all-files --show-diff-on-failure

test-core: bootstrap
	@bash setup/test_core.sh

bench: bootstrap
	@bash setup/odoo_db.sh $(BENCH_DB)_stock nodemo ""
	@bash setup/odoo_db.sh $(BENCH_DB) nodemo $(CORE_ADDONS)
	@bash tests/bench/oca_db.sh $(BENCH_DB)_oca $(BENCH_OCA)
	PYTHONPATH=$(ODOO_SRC) $(PY) tests/bench/run.py --config $(CONF) --database $(BENCH_DB) \
	    --stock-database $(BENCH_DB)_stock --oca-database $(BENCH_DB)_oca \
	    --oca-addons $(BENCH_OCA)/odoo/addons $(if $(ONLY),--only "$(ONLY)") \
	    $(if $(filter-out 0,$(PROFILE)),--profile) $(if $(filter-out 0,$(BIG)),--big)

dist: bootstrap
	rm -rf dist && mkdir -p dist
	for addon in $(ADDON_DIRS); do .sof/venv/bin/pip wheel -q --no-deps -w dist ./$$addon; done
	ls dist

i18n: bootstrap
	@bash setup/i18n.sh

clean:
	rm -rf dist .sof/*.log
