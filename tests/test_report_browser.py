"""The HTML report as a reader opens it: in Debian's Chromium, every picture shows and the page is whole."""

import shutil

import pytest
from conftest import ROOT

from lkjip_xl.filldata import EXAMPLES
from lkjip_xl.report import make_report

pytestmark = pytest.mark.browser

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_html_report_opens_whole_in_a_browser(name, tmp_path):
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    assert exe, "Chromium is missing: `make test` installs it"
    made = make_report(ROOT / "examples" / f"{name}.xlsx", tmp_path, formats=["html"])
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp_path / "profil"), executable_path=exe, headless=True,
                                                   args=FLAGS)
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(made["html"].as_uri())
        got = page.evaluate("""() => ({
            images: [...document.images].map(i => [i.alt, i.complete && i.naturalWidth > 0]),
            chapters: [...document.querySelectorAll('h1')].map(h => h.textContent),
            tables: document.querySelectorAll('table').length,
            unrendered: document.body.innerText.includes('{{') || document.body.innerText.includes('{%'),
        })""")
        ctx.close()
    assert errors == []
    assert got["images"] and all(ok for _, ok in got["images"]), got["images"]
    assert got["chapters"] == ["KATA PENGANTAR", "DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR", "IKHTISAR EKSEKUTIF",
                               "BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA",
                               "BAB IV PENUTUP", "LAMPIRAN"]
    assert got["tables"] >= 10 and not got["unrendered"]
