# Relais: `make run` serves the site with its task worker; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
ONLY ?=
PYTEST_ARGS ?= -q -n 2
# Tools run as programs by the tests, kept out of the project's virtualenv (schemathesis pulls werkzeug and
# pins pytest/hypothesis; docs/adr/0004 keeps web frameworks out of .venv): tests/api/test_contract.py.
TOOLS_VENV := .venv-tools
SCHEMATHESIS ?= schemathesis>=4.32,<5

.PHONY: run test bench install install-dev lint migrate demo serve totp messages clean

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 ou plus est requis"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml requirements/openfisca.txt
	$(PIP) install --quiet -e .
	$(PIP) install --quiet --no-deps -r requirements/openfisca.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	touch $@

# The S3 API server the storage tests start (tests/deploy): moto's server is a Flask app, kept out of
# Relais' own venv (docs/adr/0004: no Flask next to OpenFisca).
MOTO := var/tools/moto/bin/moto_server
$(MOTO):
	$(PYTHON) -m venv var/tools/moto
	var/tools/moto/bin/pip install --quiet "moto[server]>=5.2,<5.3"

# The OpenID Connect provider the identity tests start (tests/identity/test_oidc_provider_mock.py): a Flask app,
# kept out of Relais' own venv like moto (docs/adr/0004, 0020).
OIDC_MOCK := var/tools/oidc-provider-mock/bin/oidc-provider-mock
$(OIDC_MOCK):
	$(PYTHON) -m venv var/tools/oidc-provider-mock
	var/tools/oidc-provider-mock/bin/pip install --quiet "oidc-provider-mock>=0.3.4,<0.4"

# schemathesis (tests/api/test_contract.py) pins its own pytest and hypothesis: its own venv too.
$(TOOLS_VENV)/.installed:
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet '$(SCHEMATHESIS)'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev $(MOTO) $(OIDC_MOCK) $(TOOLS_VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_data

run: demo
	RELAIS_REQUIRE_2FA=$${RELAIS_REQUIRE_2FA:-1} RELAIS_FAKE_IDP=$${RELAIS_FAKE_IDP:-1} $(PY) manage.py serve

totp: install
	@$(PY) manage.py demo_totp

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(PY) bench/run.py $(ONLY)

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=.venv-tools --ignore=node_modules --ignore=var
	$(PY) locale/french_plurals.py
	$(PY) manage.py compilemessages -l en -l fr --ignore=.venv --ignore=.venv-tools --ignore=node_modules

clean:
	rm -rf $(VENV) $(TOOLS_VENV) var/static
