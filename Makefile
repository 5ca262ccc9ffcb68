# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/dispatchdesk
MO_FILES := $(patsubst %.po,%.mo,$(wildcard src/dispatchdesk/locale/*/LC_MESSAGES/*.po))

.PHONY: demo test test-postgres test-api test-e2e lint messages makemessages bench clean sim-check

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

%.mo: %.po
	$(BIN)/dispatchdesk compilemessages --ignore=.venv -v0

messages: $(STAMP) $(MO_FILES)

## Run the product on SQLite with demo data at http://127.0.0.1:8000
demo: $(STAMP) messages
	$(BIN)/dispatchdesk demo

## Lint, types, migrations check and the test suite on SQLite
test: $(STAMP) messages lint
	bash .ci/ensure-dovecot  # the email-in tests start their own IMAP server
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src tests
	$(BIN)/lint-imports
	$(BIN)/dispatchdesk makemigrations --check --dry-run

## The same suite on PostgreSQL (started by .ci/run when it is down)
test-postgres: $(STAMP) messages
	bash .ci/ensure-dovecot
	DATABASE_URL=$(PG_URL) DISPATCHDESK_SECRET_KEY=test-only $(BIN)/pytest -q

## schemathesis against a running server on a small SQLite demo desk, as customer, agent,
## dispatcher and admin: no server error, every status, content type and body as the OpenAPI says
test-api: $(STAMP) messages
	$(BIN)/python tests/api_fuzz/run.py

## Browser tests in Debian's Chromium
test-e2e: $(STAMP) messages
	$(BIN)/pytest -q -m e2e tests/e2e

makemessages: $(STAMP)
	cd src/dispatchdesk && ../../$(BIN)/dispatchdesk makemessages -l de --no-obsolete --ignore=migrations

## Replay two sample workloads and let the evaluation kit's referee check the logs
## (fails on any hard violation or physics mismatch)
DISPATCHDESK_SHARED ?= ../shared
SIM_CHECK := field_service priority_storms
sim-check: $(STAMP)
	@mkdir -p var/sim
	@for name in $(SIM_CHECK); do \
	  $(BIN)/dispatchdesk simulate $(DISPATCHDESK_SHARED)/scenarios/$$name.json --log var/sim/$$name.jsonl > var/sim/$$name.txt || exit 1; \
	  python3 $(DISPATCHDESK_SHARED)/sim/score.py $(DISPATCHDESK_SHARED)/scenarios/$$name.json var/sim/$$name.jsonl --json > var/sim/$$name.score.json || exit 1; \
	  $(BIN)/python -c "import json, sys; m = json.load(open('var/sim/$$name.score.json')); \
	    print('$$name: frt_sla %.4f, hard violations %d, physics mismatches %d' % (m['frt_sla'], m['hard_violations'], m['physics_mismatch'])); \
	    sys.exit(1 if m['hard_violations'] or m['physics_mismatch'] else 0)" || exit 1; \
	done

clean:
	rm -rf $(VENV) var
