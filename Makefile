# The two commands a user needs: `make run` and `make test`. Everything lives in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Two pytest processes: the suite's tests mostly wait on real processes, so two overlap well on
# two cores; more would crowd the cores the tests' own workers need. Groups (tests/conftest.py)
# keep the tests that must not overlap in one process. PYTEST_WORKERS= runs them one by one.
PYTEST_WORKERS ?= -n 2 --dist loadgroup

.PHONY: run test lint fuzz bench soak icons bundle bundle-check clean

run: $(VENV)/.installed
	$(BIN)/cpuviz $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# Tens of thousands of generated recordings, settings files and command lines (≈ 4 minutes;
# `make test` runs a few hundred of each). A failure prints the smallest input that fails.
fuzz: $(VENV)/.installed-test
	CPUVIZ_HYPOTHESIS_PROFILE=fuzz QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest tests/fuzz --timeout 300 -q

# Performance figures beside their anchors (benchmarks/RESULTS.md); needs xvfb-run and htop.
bench: $(VENV)/.installed-bench
	@command -v xvfb-run >/dev/null || \
		{ echo "make bench needs Xvfb: sudo apt-get install xvfb htop" >&2; exit 1; }
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python -m benchmarks.run_all

# 2,000 start/stop cycles and 200 full runs in one window (≈ 2 minutes; not part of CI):
# child processes, open files, threads and memory before and after, into RESULTS.md.
soak: $(VENV)/.installed-test
	XDG_CONFIG_HOME=$$(mktemp -d) QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.soak

icons: $(VENV)/.installed
	$(BIN)/python tools/render_icons.py

# A one-folder app at dist/cpuviz/ (see packaging/cpuviz.spec), and a check that it works frozen.
bundle: $(VENV)/.installed-bundle
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build \
		packaging/cpuviz.spec

bundle-check: bundle
	@if command -v xvfb-run >/dev/null; then xvfb-run -a $(BIN)/python packaging/check_bundle.py; \
	else $(BIN)/python packaging/check_bundle.py; fi

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "cpuviz needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
		{ echo "Could not create $(VENV): on Debian/Ubuntu run 'sudo apt-get install python3-venv'." >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,cluster]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,cluster,bench]'
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed

$(VENV)/.installed-bundle: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bundle]'
	@touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
