# bulletin-extract: every task a newcomer or CI needs, from a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
SHARED ?= ../shared

.PHONY: setup demo test eval lint typecheck schema samples train bench fuzz matrix producers clean loadtest torture

$(BIN)/bulletin-extract: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

setup: $(BIN)/bulletin-extract  ## create .venv and install the package with its dev tools

demo: setup  ## set everything up and extract the sample bulletin (PDF and text)
	$(BIN)/bulletin-extract samples/issue8.pdf -o out.json
	@$(PY) -c "import json; b=json.load(open('out.json')); print(f\"out.json: {len(b['projects'])} projects, {len(b['events'])} events, {len(b['mentions'])} mentions, {len(b['timeline'])} timeline entries\")"

test: setup  ## the test suite (the same command CI runs)
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check src tests samples
	$(BIN)/mypy

schema: setup  ## regenerate the committed JSON Schema
	$(BIN)/bulletin-extract schema > schema/bulletin.schema.json

samples: setup  ## regenerate the sample PDF from samples/issue8.txt
	$(PY) samples/make_sample_pdf.py samples/issue8.txt samples/issue8.pdf

train: setup  ## train the NER model into models/ner-bg from $(SHARED)/data/ner (about 10-15 min, one thread)
	OMP_NUM_THREADS=1 $(BIN)/bulletin-extract train --data $(SHARED)/data/ner --output models/ner-bg

eval: setup  ## accuracy: the sample's gold and the development corpus's gold ($(SHARED)/corpus/gold), both tables
	$(BIN)/bulletin-extract eval samples/gold
	@if [ -d $(SHARED)/corpus/gold ]; then $(BIN)/bulletin-extract eval $(SHARED)/corpus/gold; \
	else echo "$(SHARED)/corpus/gold is absent: corpus not scored"; fi

bench: setup  ## speed, memory and accuracy against the issue-6 targets (< 10 min); writes bench/results.json
	$(PY) bench/bench.py

fuzz: setup  ## fuzz the PDF and text readers with atheris: >= 10 000 inputs, < 5 min; prints inputs tried and crashes
	$(PY) fuzz/run.py --runs 12000 --max-time 280

producers: setup  ## install the PDF producers of the matrix (Debian packages + ReportLab; about 1.5 GB with TeX)
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends pandoc libreoffice-writer-nogui chromium weasyprint \
	  wkhtmltopdf qpdf ghostscript poppler-utils fonts-dejavu-core \
	  texlive-xetex texlive-latex-recommended texlive-fonts-recommended lmodern
	$(BIN)/pip install --quiet -e ".[dev,producers]"

matrix: setup  ## producer matrix: make the PDFs (cached) with the installed producers, print recall/order per producer; writes bench/producers.json
	$(PY) tests/producers/matrix.py $(MATRIX_ARGS)

loadtest: setup  ## load test of `serve` on 127.0.0.1: 200 requests, 8 concurrent; requests/s, p50/p95, memory
	$(PY) bench/loadtest.py -n 200 -c 8

torture: setup  ## the CLI over the 399 peer PDFs of $(SHARED)/pdf-corpora (60 s, 500 MB each; not in CI): exit 0 + JSON or one error line
	$(PY) fuzz/torture.py $(SHARED)/pdf-corpora --jobs 2

clean:
	rm -rf $(VENV) out.json .pytest_cache .ruff_cache .mypy_cache
