"""Generate the default Word template `templates/laporan.docx` from the outline (docxtpl tags in a real .docx).

The committed template is this function's output; a kabupaten edits its own copy in Word (letterhead, fonts,
wording) and passes it with `--templates`. Tags: `{{ x }}` values, `{%p ... %}` paragraph blocks, `{%tr ... %}`
table-row loops, `{%tc ... %}` column loops (see the docxtpl documentation).

What Word needs beyond the text: F4 paper; a cover without a page number, the front matter numbered i, ii, …,
Bab I onwards 1, 2, … (footer PAGE fields, one section each); the DRAF mark in the page header; Daftar Isi,
Daftar Tabel and Daftar Gambar as fields Word (and LibreOffice, for the PDF) fills in with page numbers; tables
whose header row repeats on every page, numbers right-aligned and never broken, wide tables on landscape pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .outline import (
    OUTLINE,
    Block,
    Col,
    Cover,
    Figure,
    Heading,
    Images,
    Index,
    Loop,
    Narasi,
    Para,
    Section,
    Signature,
    Table,
    When,
    chapters,
)

__all__ = ["build_docx_template", "CAPTION_STYLES"]

CAPTION_STYLES = {"tabel": "Keterangan Tabel", "gambar": "Keterangan Gambar"}
"""Caption paragraph styles: Daftar Tabel and Daftar Gambar are table-of-contents fields over them."""
FONT = "Times New Roman"
PAGE_W, PAGE_H, MARGIN = 21.5, 33.0, 2.5  # cm: F4/folio, the paper Indonesian offices print on
TABLE_PT = 9
_CM_PER_CHAR = 0.19  # a 9-point Times digit or capital, with the cell's share of padding


def _min_cm(col: Col) -> float:
    """The narrowest a column may be: its longest header word and, for figures and codes, a long value."""
    longest_word = max((len(w) for w in col.header.replace("{{ y }}", "2026").split()), default=4)
    content = {"money": 17, "code": 17, "num": 7, "text": 13, "wide": 12}[col.kind]
    return 0.35 + _CM_PER_CHAR * max(longest_word + (1 if col.kind != "wide" else 0), content)


def _widths(cols: tuple[Col, ...], n_repeat: int, usable: float) -> list[float]:
    """Column widths: every column its minimum, the rest of the line to the wide (text) columns."""
    mins = [_min_cm(c) for c in cols]
    total = sum(m * (n_repeat if c.repeat else 1) for m, c in zip(mins, cols))
    spare = max(0.0, usable - total)
    wide = [j for j, c in enumerate(cols) if c.kind == "wide"] or [j for j, c in enumerate(cols) if c.kind == "text"]
    out = list(mins)
    for j in wide:
        out[j] += spare / len(wide)
    if total > usable:  # too many columns even at their minimum: shrink all alike
        out = [w * usable / total for w in out]
    return out


def build_docx_template(out: str | Path, outline: tuple[Block, ...] = OUTLINE, *,
                        title: str = "Templat LKjIP lkjip_xl") -> Path:
    """Write the Word template of ``outline`` (the LKjIP's by default; the roll-up passes its own)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    _settings(doc, OxmlElement, qn)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(PAGE_W), Cm(PAGE_H)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Cm(MARGIN)
    sec.header_distance = sec.footer_distance = Cm(1.2)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.15
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 12)):
        st = doc.styles[name]
        st.font.name, st.font.size, st.font.bold = FONT, Pt(size), True
        rfonts = st.element.rPr.rFonts
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)  # a theme font would win over the named one (Calibri Light)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.italic = False
        st.paragraph_format.space_before = Pt(18 if name == "Heading 1" else 12)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True
        if name == "Heading 1":
            st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            st.paragraph_format.page_break_before = True
    for kind, name in CAPTION_STYLES.items():
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.font.bold, st.font.size = True, Pt(11)
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        st.paragraph_format.space_before = Pt(10) if kind == "tabel" else Pt(4)
        st.paragraph_format.space_after = Pt(4) if kind == "tabel" else Pt(10)
        st.paragraph_format.keep_with_next = kind == "tabel"
    cell_style = doc.styles.add_style("Isi Tabel", WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    cell_style.font.size = Pt(TABLE_PT)
    cell_style.paragraph_format.space_after = Pt(0)
    cell_style.paragraph_format.line_spacing = 1.0

    state: dict[str, Any] = {"usable": PAGE_W - 2 * MARGIN}

    # --- small writers ---------------------------------------------------------------------------------------

    def para(text: str = "", *, style: str | None = None, bold: bool = False, italic: bool = False,
             align: Any = None, size: int | None = None, indent_cm: float | None = None) -> Any:
        p = doc.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if size:
                run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        if indent_cm is not None:
            p.paragraph_format.left_indent = Cm(indent_cm)
        return p

    def tag(text: str) -> None:
        doc.add_paragraph(text)

    def field_char(p: Any, kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        p.add_run()._r.append(el)

    def instr(p: Any, code: str) -> None:
        el = OxmlElement("w:instrText")
        el.set(qn("xml:space"), "preserve")
        el.text = f" {code} "
        p.add_run()._r.append(el)

    def index(code: str, stored: list[str] | None, loop: tuple[str, str] | None = None) -> None:
        """A field (TOC) whose stored result lists ``stored`` (or a loop's captions) until it is updated."""
        first = doc.add_paragraph()
        field_char(first, "begin")
        instr(first, code)
        field_char(first, "separate")
        if stored is not None:
            for line in stored:
                doc.add_paragraph(line)
        if loop is not None:
            tag(f"{{%p for {loop[0]} %}}")
            doc.add_paragraph(f"{{{{ {loop[1]} }}}}")
            tag("{%p endfor %}")
        last = doc.add_paragraph()
        field_char(last, "end")
        for p in (first, last):  # the field's own paragraphs take no room (a full page of contents stays one page)
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = Pt(1)
            for r in p.runs:
                r.font.size = Pt(1)

    def when(cond: str) -> None:
        tag(f"{{%p if {cond} %}}")

    def end() -> None:
        tag("{%p endif %}")

    def caption(expr: str, kind: str) -> None:
        doc.add_paragraph(f"{{{{ {expr}.caption }}}}", style=CAPTION_STYLES[kind])

    def new_section(kind: str, *, landscape: bool = False) -> Any:
        s = doc.add_section(WD_SECTION.NEW_PAGE)
        w, h = Cm(PAGE_W), Cm(PAGE_H)
        s.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = (h, w) if landscape else (w, h)
        state["usable"] = (PAGE_H if landscape else PAGE_W) - 2 * MARGIN
        if kind in ("front", "main"):
            _page_numbers(s, "lowerRoman" if kind == "front" else "decimal", OxmlElement, qn)
        else:  # a landscape stretch continues the numbering it interrupts (the clone would restart it)
            for pg in s._sectPr.findall(qn("w:pgNumType")):
                pg.attrib.pop(qn("w:start"), None)
        if kind == "front":
            s.footer.is_linked_to_previous = False
            fp = s.footer.paragraphs[0]
            fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            field_char(fp, "begin")
            instr(fp, "PAGE")
            field_char(fp, "separate")
            fp.add_run("i")
            field_char(fp, "end")
        return s

    # --- the page header: DRAF while the workbook is not final --------------------------------------------------
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = hp.add_run("{{ 'DRAF — belum final: ' ~ draf_alasan if draf else '' }}")
    run.bold, run.font.size = True, Pt(10)
    run.font.color.rgb = RGBColor(0xC0, 0, 0)

    # --- tables -------------------------------------------------------------------------------------------------

    def cell_props(cell: Any, col: Col | None, *, header: bool = False) -> None:
        if col is not None and not header and col.kind in ("money", "code"):
            cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))  # "Rp 1.912.345.678" on one line
        for p in cell.paragraphs:
            p.style = doc.styles["Isi Tabel"]
            if header:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for r in p.runs:
                    r.bold = True
            elif col is not None and col.kind in ("money", "num"):
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def repeat_header(row: Any) -> None:
        trPr = row._tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:cantSplit"))
        trPr.append(OxmlElement("w:tblHeader"))

    def shade(cell: Any, fill: str) -> None:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shd)

    def table(t: Table) -> None:
        own_pages = t.landscape and not state.get("landscape")
        if own_pages:
            new_section("landscape", landscape=True)
        cond = t.when or t.caption
        if cond:
            when(cond)
        if t.caption:
            caption(t.caption, "tabel")
        # a repeated column is three cells: `{%tc for %}`, the cell, `{%tc endfor %}` (the tag cells vanish)
        layout: list[tuple[Col, str]] = []
        for c in t.cols:
            if c.repeat:
                layout += [(c, "open"), (c, "cell"), (c, "close")]
            else:
                layout.append((c, "cell"))
        n_rep = 6 if any(c.repeat for c in t.cols) else 1
        usable = state["usable"] if len(t.cols) > 2 else min(state["usable"], 11.0)  # a short list stays narrow
        widths = dict(zip(t.cols, _widths(t.cols, n_rep, usable)))
        tbl = doc.add_table(rows=4 + (1 if t.total else 0), cols=len(layout))
        tbl.style = "Table Grid"
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl.autofit = False
        for j, (c, part) in enumerate(layout):
            w = Cm(widths[c] if part == "cell" else 0.2)
            tbl.columns[j].width = w
            for row in tbl.rows:
                row.cells[j].width = w
        head, loop_open, body, loop_close = tbl.rows[:4]
        repeat_header(head)
        for j, (c, part) in enumerate(layout):
            hc = head.cells[j]
            hc.text = {"open": f"{{%tc for {c.repeat[0]} %}}" if c.repeat else "",
                       "cell": c.header, "close": "{%tc endfor %}"}[part]
            cell_props(hc, c, header=True)
            shade(hc, "D9E2F3")
            bc = body.cells[j]
            bc.text = {"open": f"{{%tc for {c.repeat[1]} %}}" if c.repeat else "",
                       "cell": f"{{{{ {c.expr} }}}}", "close": "{%tc endfor %}"}[part]
            cell_props(bc, c)
        loop_open.cells[0].text = f"{{%tr for {t.loop} %}}"
        loop_close.cells[0].text = "{%tr endfor %}"
        body._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if t.level:
            # the Uraian cell: programs bold, kegiatan italic and indented, sub kegiatan indented further
            j = next(k for k, (c, part) in enumerate(layout) if c.kind == "wide")
            c = layout[j][0]
            cell = body.cells[j]
            cell.text = ""
            first = cell.paragraphs[0]
            first.text = f"{{%p if {t.level} == 'Program' %}}"
            for text, bold, italic, indent in ((f"{{{{ {c.expr} }}}}", True, False, 0.0),
                                               (f"{{%p elif {t.level} == 'Kegiatan' %}}", False, False, None),
                                               (f"{{{{ {c.expr} }}}}", False, True, 0.3),
                                               ("{%p else %}", False, False, None),
                                               (f"{{{{ {c.expr} }}}}", False, False, 0.6),
                                               ("{%p endif %}", False, False, None)):
                p = cell.add_paragraph(style=doc.styles["Isi Tabel"])
                r = p.add_run(text)
                r.bold, r.italic = bold or None, italic or None
                if indent:
                    p.paragraph_format.left_indent = Cm(indent)
            for p in cell.paragraphs:
                p.style = doc.styles["Isi Tabel"]
        if t.total:
            tr = tbl.rows[4]
            for j, (c, part) in enumerate(layout):
                if part != "cell":
                    continue
                expr = t.total[t.cols.index(c)]
                cell = tr.cells[j]
                cell.text = f"{{{{ {expr} }}}}" if expr and expr != "Jumlah" else expr
                cell_props(cell, c)
                for r in cell.paragraphs[0].runs:
                    r.bold = True
        air = para(style="Isi Tabel")  # a little air between the table and what follows, too small to spill over
        air.paragraph_format.line_spacing = Pt(6)
        air.paragraph_format.space_after = Pt(0)
        if cond:
            end()
        if own_pages:
            new_section("same")

    # --- blocks -------------------------------------------------------------------------------------------------

    def narasi(b: Narasi) -> None:
        tag(f"{{%p for n in narasi_blok[{b.key!r}] %}}")
        tag("{%p if n.judul %}")
        para("{{ n.judul }}", bold=True)
        tag("{%p endif %}")
        tag("{%p for p in n.paragraf %}")
        p = para("{{ p }}")
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        tag("{%p endfor %}")
        tag("{%p endfor %}")
        if b.required:
            when(f"not (narasi_blok[{b.key!r}] or gambar_staf[{b.key!r}])")
            para(f"[Bagian ini belum diisi: tulis pada lembar Narasi, Bagian «{b.key}».]", italic=True)
            end()

    def images(jenis: str) -> None:
        tag(f"{{%p for g in gambar_staf[{jenis!r}] %}}")
        para("{{ g.gambar }}", align=WD_ALIGN_PARAGRAPH.CENTER)
        when("g.caption")
        doc.add_paragraph("{{ g.caption }}", style=CAPTION_STYLES["gambar"])
        end()
        tag("{%p endfor %}")

    def signature(pangkat: bool) -> None:
        lines = ["{{ ttd.tempat_tanggal }}", "{{ ttd.jabatan }}", "", "", "", "{{ ttd.nama }}"]
        for k, line in enumerate(lines):
            p = para(line, bold=k == 5, indent_cm=9)
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.keep_with_next = k < len(lines) - 1
            if k == 5:
                p.runs[0].underline = True
        if pangkat:
            when("ttd.pangkat")
            p = para("{{ ttd.pangkat }}", indent_cm=9)
            p.paragraph_format.space_after = Pt(0)
            end()
        para("{{ ttd.nip }}", indent_cm=9)

    def cover(c: Cover) -> None:
        center = WD_ALIGN_PARAGRAPH.CENTER
        for _ in range(2):
            para()
        for k, line in enumerate(c.title):
            para(line, bold=True, align=center, size=20 if k < len(c.title) - 1 else 18)
        for _ in range(3):
            para()
        when("logo")
        para("{{ logo }}", align=center)
        end()
        for _ in range(4):
            para()
        for k, line in enumerate(c.kop):
            para(line, bold=True, align=center, size=16 if k == 0 else 18)
        when("kop.alamat")
        para("{{ kop.alamat }}", align=center, size=11)
        end()
        para(f"{{{{ {c.year} }}}}", bold=True, align=center, size=16)

    def heading(b: Heading) -> None:
        p = doc.add_heading(b.text, level=b.level)
        if b.level == 1 and state.pop("fresh_page", False):
            p.paragraph_format.page_break_before = False  # the section break already starts a page

    def walk(blocks: tuple[Block, ...]) -> None:
        for b in blocks:
            if isinstance(b, Section):
                if b.numbering == "front":
                    continue  # the cover's section ends at the Cover block
                if b.numbering in ("landscape", "portrait"):
                    new_section("same", landscape=b.numbering == "landscape")
                    state["fresh_page"] = True
                    state["landscape"] = b.numbering == "landscape"
                    continue
                new_section("main")
                s = doc.sections[-1]
                s.footer.is_linked_to_previous = True
                state["fresh_page"] = True
            elif isinstance(b, Cover):
                cover(b)
                new_section("front")
                state["fresh_page"] = True
            elif isinstance(b, Heading):
                heading(b)
            elif isinstance(b, Para):
                text = b.expr if b.text else f"{{{{ {b.expr} }}}}"
                if b.loop:
                    tag(f"{{%p for {b.loop} %}}")
                p = para(text, bold=b.bold)
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                if b.loop:
                    tag("{%p endfor %}")
            elif isinstance(b, Narasi):
                narasi(b)
            elif isinstance(b, Table):
                table(b)
            elif isinstance(b, Figure):
                when(f"grafik.{b.name}")
                para(f"{{{{ grafik.{b.name} }}}}", align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.keep_with_next = True
                caption(f"gambar.{b.name}", "gambar")
                end()
            elif isinstance(b, Images):
                images(b.jenis)
            elif isinstance(b, Signature):
                signature(b.pangkat)
            elif isinstance(b, Index):
                if b.kind == "isi":
                    index('TOC \\o "1-2" \\h \\z \\u', chapters(outline))
                else:
                    name = CAPTION_STYLES[b.kind]
                    index(f'TOC \\h \\z \\t "{name},1"', None, (f"x in daftar_{b.kind}", "x.caption"))
            elif isinstance(b, When):
                when(b.cond)
                walk(b.blocks)
                end()
            elif isinstance(b, Loop):
                tag(f"{{%p for {b.each} %}}")
                walk(b.blocks)
                tag("{%p endfor %}")
            else:  # pragma: no cover - a block type without a writer is a programming error
                raise TypeError(b)

    walk(outline)
    _ = WD_BREAK  # kept importable for users extending the generator

    out = Path(out)
    doc.core_properties.title = title
    doc.core_properties.author = "lkjip_xl"
    doc.save(str(out))
    return out


def _page_numbers(section: Any, fmt: str, OxmlElement: Any, qn: Any) -> None:
    """``<w:pgNumType w:fmt=… w:start="1"/>``, placed where the schema orders it (before ``w:cols``)."""
    sectPr = section._sectPr
    for old in sectPr.findall(qn("w:pgNumType")):
        sectPr.remove(old)
    el = OxmlElement("w:pgNumType")
    el.set(qn("w:fmt"), fmt)
    el.set(qn("w:start"), "1")
    cols = sectPr.find(qn("w:cols"))
    if cols is not None:
        cols.addprevious(el)
    else:
        sectPr.append(el)


def _settings(doc: Any, OxmlElement: Any, qn: Any) -> None:
    """python-docx's default template writes ``<w:zoom w:val="bestFit"/>``, which the schema rejects without
    ``w:percent``: give it one."""
    settings = doc.settings.element
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")
