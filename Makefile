# Two commands for a fresh machine (see README.md):
#   make demo   set up, then build the built-in demo corpus into exports/
#   make test   set up, then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test setup system-deps seeds eval calibrate bench bench-memory notebook notebook-html clean-exports

demo: $(STAMP)
	$(BIN)/python -m compileall -q graph
	$(BIN)/kg build

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

setup: $(STAMP)

# The virtual environment, rebuilt whenever the pins change.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	# The package's bytecode, as pip writes it for an installed package: with PYTHONDONTWRITEBYTECODE
	# set (as on some machines) every run would otherwise compile its modules again.
	$(BIN)/python -m compileall -q graph
	touch $(STAMP)

# Debian packages the browser and notebook tests need (Chromium, a CJK font).
system-deps:
	bash scripts/install-system-deps.sh

# Build the shared seed articles (when ../shared is present) into exports/seeds.*
seeds: $(STAMP)
	$(BIN)/kg build ../shared/seeds --name seeds

# Extraction scores on the seeds and on the unseen dangjian articles, printed apart
# (a change that lifts one and not the other is fitted, not general).
SHARED ?= ../shared
eval: $(STAMP)
	$(BIN)/kg eval --gold $(SHARED)/gold $(SHARED)/seeds $(SHARED)/corpora/dangjian --by-doc

# Each relation rule's confidence is its precision on the gold articles: re-measure after a rule changes.
calibrate: $(STAMP)
	$(BIN)/kg eval --gold $(SHARED)/gold $(SHARED)/seeds $(SHARED)/corpora/dangjian --by-rule \
		--write-calibration graph/resources/calibration/rule_precision.tsv

bench: $(STAMP)
	$(BIN)/python bench/bench_build.py --sizes 100,1000 --jobs 1,2

# Peak memory of a whole 10,000-article `kg build` (workers and every export included).
bench-memory: $(STAMP)
	$(BIN)/python bench/make_corpus.py --sizes 10000
	$(BIN)/python bench/bench_memory.py /tmp/kg-bench/corpus-10000 --jobs 2

# Execute every notebook on the newest export (exports/seeds.json, else exports/demo.json;
# KG_EXPORT=path/to/export.json to choose), or render an executed HTML copy into exports/.
notebook: $(STAMP)
	$(BIN)/kg notebook run

notebook-html: $(STAMP)
	$(BIN)/kg notebook render --out exports

clean-exports:
	rm -rf exports/*.ttl exports/*.html exports/*.json exports/*.jsonld exports/*.nt exports/*.csv exports/*.graphml exports/*.gexf exports/.kgcache
