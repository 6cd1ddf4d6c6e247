# newsfuse: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup demo test mutate java chromium clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Spark needs a Java runtime; install Debian's when the machine has none.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing a Java runtime for Spark (apt-get)"; \
	  apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; }

# Browser tests drive Debian's chromium through Playwright (never `playwright install`).
# Under CI=true a chromium that cannot be installed fails the build instead of letting the tests skip.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing chromium for the browser tests (apt-get)"; \
	  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
	  { if [ "$(CI)" = "true" ]; then \
	      echo "chromium could not be installed (apt-get failed); CI=true, so this fails instead of skipping the browser tests" >&2; exit 1; fi; \
	    echo "chromium could not be installed: the browser tests will be skipped"; }; }

demo: setup
	$(VENV)/bin/newsfuse brief examples/deir-ez-zor/

# Two workers (this machine's two cores), one test module per worker at a time (module fixtures such
# as the Spark session and the browser are made once per module): 2.5 min instead of 4.5 min.
test: setup java chromium
	$(PY) -m pytest -n 2 --dist loadscope

# Mutation testing (mutmut) of the modules that keep readers safe; not part of `make test` (it takes
# longer). Prints killed / survived / equivalent per module and fails under the targets.
# MODULE=escape runs one; tests/mutation/run.py --help says more.
mutate: setup
	nice -n 10 $(PY) tests/mutation/run.py $(if $(MODULE),--module $(MODULE))

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
