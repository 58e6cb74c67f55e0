# The portal's two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
S := scripts

.PHONY: help setup services run test test-cloud stop status demo clean i18n

help:
	@echo "make run    - set up everything, load demo data, serve http://127.0.0.1:5000"
	@echo "make test   - set up everything and run the full test suite (then make test-cloud)"
	@echo "make test-cloud - search tests against a two-node SolrCloud (2 shards x 2 replicas)"
	@echo "make stop   - stop the web server, worker, Solr, Redis, PostgreSQL"
	@echo "make status - which services are up"
	@echo "make i18n   - re-extract strings into ckanext/egovuz/i18n (then translate uz, ru)"

setup:
	@bash $(S)/setup.sh

services: setup
	@bash $(S)/services.sh start

run: services
	@bash $(S)/run.sh

test: services
	@bash $(S)/test.sh $(ARGS)

test-cloud: services
	@bash $(S)/test_cloud.sh $(ARGS)

i18n: setup
	@$(CURDIR)/.venv/bin/python $(S)/i18n_update.py

stop:
	@bash $(S)/serve.sh stop
	@bash $(S)/services.sh stop

status:
	@bash $(S)/services.sh status

clean: stop
	rm -rf .state
