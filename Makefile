# Two environments, as Rasa is deployed: the Rasa server (Python 3.10, rasa 3.6.21) and the
# action server (Python 3.11: rasa-sdk, sentence-transformers, FAISS). `make run` and `make test`
# build whatever is missing: environments, the index, the Rasa model, the chat page.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PYTHONPATH := $(CURDIR)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

PYENV_ROOT ?= $(or $(shell pyenv root 2>/dev/null),$(HOME)/.pyenv)
PYTHON310 ?= $(or $(lastword $(wildcard $(PYENV_ROOT)/versions/3.10.*/bin/python)),$(shell command -v python3.10))
PYTHON311 ?= $(or $(lastword $(wildcard $(PYENV_ROOT)/versions/3.11.*/bin/python)),$(shell command -v python3.11))

RASA_ENV := .venv/rasa
ACTION_ENV := .venv/actions
RASA_PY := $(RASA_ENV)/bin/python
PY := $(ACTION_ENV)/bin/python
RASA := $(RASA_ENV)/bin/rasa
LOAD_ENV := .venv/load

# The Rasa model is keyed by a hash of everything training reads: retrained only when it changes.
TRAINING_INPUTS := config.yml $(sort $(wildcard bot/domain/*.yml)) data/nlu.yml \
	$(sort $(wildcard data/rules/*.yml data/stories/*.yml bot/components/*.py))
# The answer guard also learns the topics a start may name (actions/topics.py, the bank's files).
TRAINING_INPUTS += actions/topics.py actions/parameters.py
MODEL_HASH := $(shell (cat $(TRAINING_INPUTS); ls data/questions/*/*.yml) 2>/dev/null | sha256sum | cut -c1-16)
MODEL := models/$(MODEL_HASH).tar.gz
RASA_DATA := --domain bot/domain --data data/nlu.yml data/rules data/stories
WEB_VENDOR := web/vendor/.ready

.PHONY: help run test envs validate index train score judge calibrate eval bench lint pytest rasa-pytest rasa-validate \
	rasa-test e2e routing-eval browser load run-scaled test-scaled coverage transcripts coach-user export-graded coach-bench forget clean

help:
	@echo "make run     set everything up and start the interview with its chat page"
	@echo "make test    set everything up and run every test (what CI runs)"
	@echo "make validate | coverage | index | train | judge | calibrate | eval | bench | score IN=a.jsonl OUT=b.jsonl"
	@echo "make coach-user NAME=... | export-graded | transcripts | coach-bench   (the coach console)"
	@echo "make load [USERS=1,4,8,16 SECONDS=30 RATE=... STOCK=1]   (locust against a running make run; STOCK=1: then rasa init's bot)"

# --- environments -----------------------------------------------------------------------------
$(RASA_ENV)/.ready: requirements/rasa.lock
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed for rasa 3.6 (pyenv install 3.10, or set PYTHON310=...)"; exit 1; }
	test -x $(RASA_PY) || $(PYTHON310) -m venv $(RASA_ENV)
	$(RASA_PY) -m pip install -q --upgrade pip
	$(RASA_PY) -m pip install -q -r requirements/rasa.lock
	touch $@

$(ACTION_ENV)/.ready: requirements/actions.lock
	@test -n "$(PYTHON311)" || { echo "Python 3.11 is needed for the action server (pyenv install 3.11, or set PYTHON311=...)"; exit 1; }
	test -x $(PY) || $(PYTHON311) -m venv $(ACTION_ENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/actions.lock
	touch $@

$(LOAD_ENV)/.ready: requirements/load.lock
	@test -n "$(PYTHON311)" || { echo "Python 3.11 is needed for make load (or set PYTHON311=...)"; exit 1; }
	test -x $(LOAD_ENV)/bin/python || $(PYTHON311) -m venv $(LOAD_ENV)
	$(LOAD_ENV)/bin/python -m pip install -q -r requirements/load.lock
	touch $@

envs: $(RASA_ENV)/.ready $(ACTION_ENV)/.ready

# --- content and models -----------------------------------------------------------------------
validate: $(ACTION_ENV)/.ready
	$(PY) -m questionbank validate --near-duplicates

coverage: $(ACTION_ENV)/.ready
	$(PY) -m questionbank coverage

index: $(ACTION_ENV)/.ready
	$(PY) -m questionbank validate
	$(PY) -m retrieval index

$(MODEL): $(RASA_ENV)/.ready
	$(RASA) train $(RASA_DATA) --config config.yml --out models --fixed-model-name $(MODEL_HASH)

train: $(MODEL)

# rasa-webchat's module/ build takes React and ReactDOM from the page (window.React), so the
# custom payload renderers in web/app.js share the widget's React (lib/ bundles a copy of its own).
$(WEB_VENDOR): web/package.json web/package-lock.json
	cd web && npm ci --include=dev --no-audit --no-fund --loglevel=error
	mkdir -p web/vendor
	cp web/node_modules/rasa-webchat/module/index.js web/vendor/webchat.js
	cp web/node_modules/react/umd/react.production.min.js web/vendor/react.js
	cp web/node_modules/react-dom/umd/react-dom.production.min.js web/vendor/react-dom.js
	touch $@

# --- the product ------------------------------------------------------------------------------
run: envs index $(MODEL) $(WEB_VENDOR)
	MODEL=$(MODEL) bash scripts/run.sh

# Two Rasa replicas and two action servers behind nginx, PostgreSQL and Redis (README, "Scaled setup").
run-scaled: envs index $(MODEL) $(WEB_VENDOR)
	MODEL=$(MODEL) bash scripts/run_scaled.sh

# --- scorer commands --------------------------------------------------------------------------
score: index
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "usage: make score IN=answers.jsonl OUT=scored.jsonl"; exit 2; }
	$(PY) -m retrieval score "$(IN)" "$(OUT)"

# The judge and its calibration are committed (retrieval/weights/): these rebuild them from the
# public SemEval-2013 sets, read from DATA= (never copied here), and the team's graded set.
DATA ?= ../shared/datasets
judge: index
	$(PY) -m retrieval judge --data $(DATA)
	$(PY) -m retrieval calibrate --data $(DATA)

calibrate: index
	$(PY) -m retrieval calibrate --data $(DATA)

eval: index
	$(PY) -m retrieval eval --data $(DATA)

bench: index
	$(PY) -m retrieval bench

# --- the coach console (coach/) and the app database (store/) -----------------------------------
# Markdown transcripts, one per session, from the tracker store `make run` writes (TRACKER_DB).
transcripts: $(ACTION_ENV)/.ready
	TRACKER_DB=$(or $(DB),.run/tracker.db) $(PY) -m coach transcripts --out $(or $(OUT),transcripts)

# A coach account: the password from COACH_PASSWORD, or a prompt.
coach-user: $(ACTION_ENV)/.ready
	@test -n "$(NAME)" || { echo "usage: make coach-user NAME=<name> (password from COACH_PASSWORD or a prompt)"; exit 2; }
	$(PY) -m coach user "$(NAME)"

# Coach overrides as graded answers (data/graded/coach/): `make calibrate` fits on them.
export-graded: $(ACTION_ENV)/.ready
	TRACKER_DB=$(or $(DB),.run/tracker.db) $(PY) -m coach export-graded

# Delete a candidate's progress, coach marks and conversations (privacy).
forget: $(ACTION_ENV)/.ready
	@test -n "$(CANDIDATE)" || { echo "usage: make forget CANDIDATE=<sender id>"; exit 2; }
	TRACKER_DB=$(or $(DB),.run/tracker.db) APP_DB_URL=$(or $(APP_DB_URL),sqlite:///.run/app.db) $(PY) -m coach forget "$(CANDIDATE)"

# The cohort page's time with 1,000 seeded sessions.
coach-bench: $(ACTION_ENV)/.ready
	$(PY) -m coach bench --sessions 1000

# --- tests ------------------------------------------------------------------------------------
lint: $(ACTION_ENV)/.ready
	$(ACTION_ENV)/bin/ruff check .

pytest: index
	$(PY) -m pytest -q tests --ignore=tests/e2e --ignore=tests/rasa_env --ignore=tests/scaled

# Tests of our code inside Rasa's own classes, in the Rasa environment (the rest run in the actions one).
rasa-pytest: $(RASA_ENV)/.ready
	$(RASA_PY) -m pytest -q -p no:cacheprovider --confcutdir=tests/rasa_env tests/rasa_env

rasa-validate: $(RASA_ENV)/.ready
	$(RASA) data validate $(RASA_DATA) --config config.yml

rasa-test: $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/stories --out results/rasa \
		--fail-on-prediction-errors --endpoints endpoints.yml

routing-eval: $(MODEL)
	$(RASA_PY) -m bot.routing_eval --model $(MODEL)

e2e: index $(MODEL) $(LOAD_ENV)/.ready
	MODEL=$(MODEL) RASA_ENV=$(RASA_ENV) LOAD_ENV=$(LOAD_ENV) $(PY) -m pytest -q tests/e2e --ignore=tests/e2e/browser

browser: index $(MODEL) $(WEB_VENDOR)
	MODEL=$(MODEL) RASA_ENV=$(RASA_ENV) bash tests/e2e/browser/run.sh

# Whole interviews from locust against a running `make run` (USERS=1,4,8,16 SECONDS=30; RATE=
# turns/s for an open loop).
load: $(LOAD_ENV)/.ready $(if $(STOCK),$(RASA_ENV)/.ready)
	$(LOAD_ENV)/bin/python -m load $(if $(USERS),--users $(USERS)) $(if $(SECONDS),--seconds $(SECONDS)) \
		$(if $(RATE),--rate $(RATE)) $(if $(STOCK),--stock --rasa-env $(RASA_ENV))

# The scaled setup started for real: a replica killed, 20 interviews at once, PostgreSQL restarted, locust.
test-scaled: envs index $(MODEL) $(WEB_VENDOR) $(LOAD_ENV)/.ready
	MODEL=$(MODEL) RASA_ENV=$(RASA_ENV) LOAD_ENV=$(LOAD_ENV) $(PY) -m pytest -q tests/scaled

test: lint pytest rasa-pytest rasa-validate rasa-test routing-eval e2e browser test-scaled
	@echo "all tests passed"

clean:
	rm -rf build models results .run web/vendor web/node_modules
