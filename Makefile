# Two commands from a fresh clone: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export XLWINGS_LICENSE_KEY ?= noncommercial

.PHONY: demo test install install-test system-deps lint typecheck template addin bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip > /dev/null 2>&1 || true

# Bytecode is compiled once here: with PYTHONDONTWRITEBYTECODE set, every run would recompile the package.
install: $(BIN)/python
	@$(BIN)/pip install -q -e . > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	@$(BIN)/python -m compileall -q lkjip_xl > /dev/null

install-test: $(BIN)/python
	@$(BIN)/pip install -q -e ".[test]" > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	@$(BIN)/python -m compileall -q lkjip_xl > /dev/null

demo: install
	$(BIN)/lkjip demo lkjip-demo

# LibreOffice (PDF, and opening what we write), poppler (rasterising PDFs) and Chromium (the Office.js task pane,
# driven by playwright, which never downloads a browser of its own) come from Debian's packages. Writer is looked
# for by its library: a machine with Calc alone has soffice but cannot write the PDF report. python3-uno lets the
# PDF step update Daftar Isi/Tabel/Gambar (page numbers) before exporting; the Liberation, Carlito and Caladea
# fonts have the metrics of Times New Roman/Arial, Calibri and Cambria, so the PDF breaks lines where Word does.
system-deps:
	@command -v soffice >/dev/null 2>&1 && [ -e /usr/lib/libreoffice/program/libswlo.so ] && \
	  command -v pdftoppm >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1 && \
	  /usr/bin/python3 -c "import uno" >/dev/null 2>&1 && fc-list | grep -qi "Liberation Serif" && \
	  fc-list | grep -qi "Carlito" && fc-list | grep -qi "Caladea" || { \
	  echo "Installing LibreOffice, poppler-utils, Chromium and the fonts..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    libreoffice-calc-nogui libreoffice-writer-nogui python3-uno poppler-utils chromium chromium-driver \
	    fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea >/dev/null; }

# system-deps installed LibreOffice: a test marked libreoffice fails here rather than skip if it is still missing
test: install-test system-deps
	LKJIP_REQUIRE_LIBREOFFICE=1 $(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check lkjip_xl tests benchmarks examples docs

# strict on lkjip_xl ([tool.mypy] in pyproject.toml)
typecheck: install-test
	$(BIN)/mypy

template: install
	$(BIN)/python -c "from lkjip_xl.template import build_default_template as b; b('workbook_template.xlsx')"
	$(BIN)/python -c "from lkjip_xl.report.docx_template import build_docx_template as b; b('templates/laporan.docx')"
	$(BIN)/python -c "from lkjip_xl.report.html_template import build_html_template as b; b('templates/laporan.html.j2')"
	$(BIN)/python -c "from lkjip_xl.consolidate.report import build_rekap_docx_template as b; b('templates/rekap.docx')"
	$(BIN)/python -c "from lkjip_xl.consolidate.report import build_rekap_html_template as b; b('templates/rekap.html.j2')"

# The Excel add-in (ribbon + VBA) from macros/, byte-reproducible; `lkjip addin --pasang` also installs it.
addin: install
	$(BIN)/lkjip addin -o lkjip.xlam

bench: install-test system-deps
	$(BIN)/python benchmarks/bench_recompute.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_excel.py
	$(BIN)/python benchmarks/bench_server.py
	$(BIN)/python benchmarks/bench_scaling.py
	$(BIN)/python benchmarks/bench_consolidate.py -n 500
	$(BIN)/python benchmarks/tables.py

clean:
	rm -rf $(VENV) lkjip-demo build *.egg-info
