"""Valid but odd, and hostile, SpreadsheetML (issue 17): each file is a real workbook with one part rewritten, and
the reader must see in it the values the plain file holds, in time and memory proportional to its cells."""

import re
import time
import zipfile

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from lkjip_xl.reader import read_workbook
from lkjip_xl.xlsx import Cell, Package, col_letter, split_ref
from lkjip_xl.xlsx.cells import rows_of, scan_cells, scan_strings, tree_cells, tree_strings
from lkjip_xl.xlsx.package import _STRUCTURE_MEMO

SRC = ROOT / "examples" / "bantarbolang-2023.xlsx"
KINERJA = "xl/worksheets/sheet6.xml"
SST = "xl/sharedStrings.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}"><sheetData>'
TAIL = "</sheetData></worksheet>"

pytestmark = pytest.mark.writes_invalid_xlsx("odd*.xlsx")  # the inputs are odd on purpose; outputs are checked


def rewrite(dst, edits, src=SRC):
    """``src`` with each part named in ``edits`` replaced by ``edits[part](its bytes)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data)
            zout.writestr(info.filename, data)
    return dst


def part(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def scanned(xml):
    """The cells of a sheet as the byte scanner reads them, or None when it hands the sheet to lxml."""
    rows = {}
    return rows if scan_cells(xml.encode("utf-8") if isinstance(xml, str) else xml, rows, []) else None


def parsed(xml):
    """The cells of a sheet as the lxml path reads them."""
    raw = xml.encode("utf-8") if isinstance(xml, str) else xml
    return rows_of(tree_cells(etree.fromstring(raw), []))


# --- 1. rows and cells without r --------------------------------------------------------------------------------


def _drop_implied_refs(raw):
    """The sheet with every row's and cell's r left out where ECMA-376 implies it (the row after the previous
    row, the column after the previous cell)."""
    root = etree.fromstring(raw)
    prev_row = 0
    for row in root.iter(f"{{{NS}}}row"):
        r = int(row.get("r"))
        if r == prev_row + 1:
            del row.attrib["r"]
        prev_row = r
        prev_col = 0
        for c in row.iter(f"{{{NS}}}c"):
            col = split_ref(c.get("r"))[1]
            if col == prev_col + 1:
                del c.attrib["r"]
            prev_col = col
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def test_rows_and_cells_without_r_read_where_the_spec_puts_them(tmp_path):
    odd = rewrite(tmp_path / "odd-no-r.xlsx", {KINERJA: _drop_implied_refs})
    raw = part(odd, KINERJA)
    assert b'<row r="' not in raw and b'<c r="A' not in raw  # every row and most cells lost their r
    assert Package.open(odd).rows("Kinerja") == Package.open(SRC).rows("Kinerja")
    assert read_workbook(odd).tables == read_workbook(SRC).tables


@pytest.mark.parametrize("sheet, want", [
    # a row without r follows the previous row; a cell without r follows the previous cell of its row
    ('<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c><c r="E4"><v>4</v></c><c><v>5</v>'
     "</c></row>", {3: {2: 1.0, 3: 2.0}, 4: {1: 3.0, 5: 4.0, 6: 5.0}}),
    # the first row without r is row 1; a styled blank without r still takes its column
    ('<row><c s="1"/><c t="inlineStr"><is><t>x</t></is></c></row><row r="7"><c r="C7"/><c><v>9</v></c></row>',
     {1: {2: "x"}, 7: {4: 9.0}}),
    # a reference that names no cell counts as left out
    ('<row r="2"><c r="A2"><v>1</v></c><c r="?"><v>2</v></c></row>', {2: {1: 1.0, 2: 2.0}}),
    ('<row r="2"><c r="A2"><v>1</v></c><c r="B' + "9" * 5000 + '" s="' + "9" * 5000 + '"><v>2</v></c></row>',
     {2: {1: 1.0, 2: 2.0}}),
])
def test_implied_positions_scanner_and_lxml_agree(sheet, want):
    xml = HEAD + sheet + TAIL
    got = parsed(xml)
    assert {r: {c: cell.value for c, cell in row.items()} for r, row in got.items()} == want
    fast = scanned(xml)
    assert fast is None or fast == got


def test_numbers_that_are_not_numbers_in_attributes_read_as_their_defaults(tmp_path):
    """A count, id or style that is no number (a hand-edited part) counts as absent, on both cell paths."""
    table = next(t.path for t in Package.open(SRC).tables.values() if t.display_name == "Kinerja")
    odd = rewrite(tmp_path / "odd-attributes.xlsx", {
        table: lambda raw: raw.replace(b' ref="', b' headerRowCount="satu" totalsRowCount="" ref="', 1),
        "xl/styles.xml": lambda raw: raw.replace(b'numFmtId="169"', b'numFmtId="x169"'),
        KINERJA: lambda raw: raw.replace(b'<c r="A5" s="14"', b'<c r="A5" s="empat belas"', 1)})
    assert read_workbook(odd).tables == read_workbook(SRC).tables
    assert Package.open(odd).rows("Kinerja")[5][1].style == 0


# --- 2. comments, CDATA, processing instructions, other encodings ----------------------------------------------


def _insert_after_a1(extra):
    def edit(raw):
        i = raw.index(b"</c>", raw.index(b'<c r="A1"')) + 4
        return raw[:i] + extra + raw[i:]
    return edit


@pytest.mark.parametrize("extra", [
    b'<!-- <c r="A1" t="inlineStr"><is><t>palsu</t></is></c> -->',
    b'<?catatan <c r="A1" t="inlineStr"><is><t>palsu</t></is></c> ?>',
], ids=["comment", "pi"])
def test_markup_inside_comments_and_processing_instructions_is_not_read(tmp_path, extra):
    odd = rewrite(tmp_path / "odd-comment.xlsx", {KINERJA: _insert_after_a1(extra)})
    assert Package.open(odd).rows("Kinerja") == Package.open(SRC).rows("Kinerja")


def test_cdata_is_read_as_its_text(tmp_path):
    def edit(raw):
        return re.sub(rb'<c r="W5"[^>]*?(?:/>|>.*?</c>)',
                      b'<c r="W5" t="inlineStr"><is><t><![CDATA[a < b & </t> c]]></t></is></c>', raw, count=1)

    odd = rewrite(tmp_path / "odd-cdata.xlsx", {KINERJA: edit})
    assert Package.open(odd).rows("Kinerja")[5][23].value == "a < b & </t> c"


def _with_strings(strings_xml):
    """A shared strings part holding ``strings_xml`` (the <si> items), in place of the workbook's."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS}">{strings_xml}</sst>'
            .encode("utf-8"))


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "UTF-16", "windows-1252"])
def test_parts_in_other_encodings(tmp_path, encoding):
    def edit(raw):
        text = raw.decode("utf-8").replace("Camat", "Camat é")
        text = text.replace('encoding="UTF-8"', f'encoding="{encoding}"')
        return text.encode(encoding, "xmlcharrefreplace")

    odd = rewrite(tmp_path / "odd-encoding.xlsx", {SST: edit})
    want = [s.replace("Camat", "Camat é") for s in Package.open(SRC).shared_strings]
    assert Package.open(odd).shared_strings == want
    assert read_workbook(odd).rows("Kinerja")[0].raw["penanggung jawab"] == "Camat é"


def test_sheet_in_another_encoding(tmp_path):
    def edit(raw):
        text = re.sub(r'<c r="K5"([^>]*) t="s"><v>\d+</v></c>', r'<c r="K5"\1 t="inlineStr"><is><t>Camat é</t></is></c>',
                      raw.decode("utf-8"), count=1)
        return text.replace("encoding='UTF-8'", "encoding='ISO-8859-1'").encode("latin-1", "xmlcharrefreplace")

    odd = rewrite(tmp_path / "odd-sheet-encoding.xlsx", {KINERJA: edit})
    assert b"Camat \xe9" in part(odd, KINERJA)
    assert read_workbook(odd).rows("Kinerja")[0].raw["penanggung jawab"] == "Camat é"


@pytest.mark.parametrize("items, want", [
    ("<si><t>a</t><!-- <t>x</t> --></si><si><t>b</t></si>", ["a", "b"]),
    ("<si><t>a</t></si><?pi <si><t>x</t></si> ?><si><t>b</t></si>", ["a", "b"]),
    ("<si><r><t><![CDATA[<b>]]></t></r></si><si><t>c</t></si>", ["<b>", "c"]),
    ("<si><t>a</t></si><si/><si ><t>b</t></si>", ["a", "", "b"]),  # items the plain cut would miscount
    ("<si/><si><t>a</t></si><si/>", ["", "a", ""]),
])
def test_shared_strings_odd_markup(items, want):
    raw = _with_strings(items)
    fast = scan_strings(raw)
    assert fast is None or fast == want
    assert tree_strings(etree.fromstring(raw)) == want


# --- 3. characters XML forbids ----------------------------------------------------------------------------------


def _camat_x(text):
    """The workbook with Kinerja's first Penanggung Jawab (K5) a new shared string ``text`` (raw markup)."""
    index = len(re.findall(rb"<si>", part(SRC, SST)))

    def strings(raw):
        return raw.replace(b"</sst>", f"<si><t>{text}</t></si></sst>".encode("utf-8"))

    def sheet(raw):
        return re.sub(rb'(<c r="K5"[^>]*>)<v>\d+</v>', lambda m: m.group(1) + f"<v>{index}</v>".encode(), raw,
                      count=1)

    return {SST: strings, KINERJA: sheet}


@pytest.mark.parametrize("text", ["Camat&#xFFFF;X", "Camat\uffffX", "Camat&#1;X", "Camat\x01X", "Camat&#xD800;X",
                                  "Camat&#65534;X"])
def test_forbidden_characters_read_as_replacement_and_recompute_writes_xml(tmp_path, text):
    from lkjip_xl.api import recompute

    odd = rewrite(tmp_path / "odd-char.xlsx", _camat_x(text))
    wb = read_workbook(odd)
    assert wb.rows("Kinerja")[0].raw["penanggung jawab"] == "Camat\ufffdX"
    out = tmp_path / "out" / "hasil.xlsx"
    out.parent.mkdir()
    recompute(odd, out)
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))  # every part is XML again
    assert read_workbook(out).rows("Kinerja")[0].raw["penanggung jawab"] == "Camat\ufffdX"


def test_patch_never_writes_a_forbidden_character():
    from lkjip_xl.xlsx.patch import _xml_safe

    assert _xml_safe("a\x01b\uffffc\ufffed\ud800e\tf\ng") == "abcde\tf\ng"


# --- 4. time linear in the part's size --------------------------------------------------------------------------


def _best_time(f, *args):
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        f(*args)
        best = min(best, time.perf_counter() - t)
    return best


def _linear(build, read, size=64 * 1024):
    """``read(build(n))`` for parts of ``size`` and 4×``size``: the larger takes well under 16× (quadratic)."""
    t1 = _best_time(read, build(size))
    t4 = _best_time(read, build(4 * size))
    assert t4 < 5, t4
    assert t4 < 16 * max(t1, 0.002), (t1, t4)


def _fill(unit, size):
    return unit * (size // len(unit))


STRING_PAYLOADS = {
    "si-open": lambda n: "<si><r><t>a</t></r></si>" + _fill("<si>", n),
    "rph-open": lambda n: "<si><t>a</t>" + _fill("<rPh>", n) + "</si>",
    "rph-open-closed": lambda n: "<si><t>a</t>" + _fill("<rPh>", n) + "</rPh></si>",
    "t-open": lambda n: "<si><r>" + _fill("<t>", n) + "</r></si>",
    "t-attr": lambda n: "<si><r>" + _fill("<t ", n) + "></t></r></si>",
    "amp": lambda n: "<si><r><t>" + _fill("&#", n) + "</t></r></si>",
}

CELL_PAYLOADS = {
    "c-open": lambda n: '<c s="1" r="A1"><v>1</v></c>' + _fill('<c r="A1">', n),
    "c-attr": lambda n: '<c s="1" r="A1"><v>1</v></c>' + _fill("<c ", n),
    "v-open": lambda n: '<c r="A1" s="1">' + _fill("<v>", n) + "</c>",
    "v-attr": lambda n: '<c r="A1" s="1">' + _fill("<v ", n) + "</v></c>",
    "f-open": lambda n: '<c r="A1" s="1">' + _fill("<f>", n) + "<v>1</v></c>",
    "t-open": lambda n: '<c r="A1" t="inlineStr"><is>' + _fill("<t>", n) + "</is></c>",
    "rph-open": lambda n: '<c r="A1" t="inlineStr"><is><t>a</t>' + _fill("<rPh>", n) + "</is></c>",
    "attr-open": lambda n: '<c r="A1"' + _fill(' t="', n) + "><v>1</v></c>",
}


@pytest.mark.parametrize("name", sorted(STRING_PAYLOADS))
def test_shared_strings_scan_in_linear_time(name):
    payload = STRING_PAYLOADS[name]
    _linear(lambda n: _with_strings(payload(n)), scan_strings)


@pytest.mark.parametrize("name", sorted(CELL_PAYLOADS))
def test_sheet_scan_in_linear_time(name):
    payload = CELL_PAYLOADS[name]
    _linear(lambda n: (HEAD + '<row r="1">' + payload(n) + "</row>" + TAIL).encode(), scanned)


def test_crafted_shared_strings_in_a_workbook_read_in_linear_time(tmp_path):
    from lkjip_xl.errors import LkjipError

    def read(p):
        try:
            return Package.open(p).shared_strings
        except LkjipError:
            return None

    def build(n):
        p = tmp_path / f"odd-{n}.xlsx"
        return rewrite(p, {SST: lambda raw: _with_strings(STRING_PAYLOADS["si-open"](n))})

    _linear(build, read)


def test_crafted_number_format_reads_in_linear_time(tmp_path):
    """A format code of endless '[' (a section never closed) in the styles part, which every open reads."""
    def build(n):
        code = "[" * n
        return rewrite(tmp_path / f"odd-fmt-{n}.xlsx", {"xl/styles.xml": lambda raw: raw.replace(
            b'formatCode="0.00##"', f'formatCode="{code}"'.encode())})

    def read(p):
        _STRUCTURE_MEMO.clear()  # each open reads the styles afresh, not what the first one remembered
        return Package.open(p)

    _linear(build, read)
    assert Package.open(build(10)).percent_styles == Package.open(SRC).percent_styles


# --- 6. a file too large to read --------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from lkjip_xl.cli import cli
    from lkjip_xl.errors import UnsafeWorkbook
    from lkjip_xl.xlsx.archive import MAX_FILE

    huge = tmp_path / "odd-besar.xlsx"
    with open(huge, "wb") as f:
        f.write(part(SRC, SST)[:100])  # some bytes, then a hole: the file takes no disk
        f.truncate(MAX_FILE + 1)

    def no_read(self):
        raise AssertionError("read whole")

    monkeypatch.setattr(type(huge), "read_bytes", no_read)
    with pytest.raises(UnsafeWorkbook) as exc:
        Package.open(huge)
    assert exc.value.key == "berkas-terlalu-besar" and exc.value.params["batas_mb"] == MAX_FILE // 2**20
    monkeypatch.undo()
    r = CliRunner().invoke(cli, ["check", str(huge)])
    assert r.exit_code == 2 and "ditolak" in r.output


# --- 5. a table stretched to the last row ------------------------------------------------------------------------


def test_table_ref_stretched_to_the_last_row_reads_as_its_cells(tmp_path):
    from lkjip_xl.api import check, recompute

    def stretch(raw):
        return re.sub(rb'ref="A4:W\d+"', b'ref="A4:W1048576"', raw, count=1)

    table = next(t.path for t in Package.open(SRC).tables.values() if t.display_name == "Kinerja")
    odd = rewrite(tmp_path / "odd-stretched.xlsx", {table: stretch, KINERJA: lambda raw: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', raw, count=1)})
    assert b"A4:W1048576" in part(odd, table)
    t = time.perf_counter()
    wb = read_workbook(odd)
    assert time.perf_counter() - t < 5
    assert wb.tables == read_workbook(SRC).tables
    t = time.perf_counter()
    assert check(odd).result.flatten() == check(SRC).result.flatten()
    out = tmp_path / "out" / "hasil.xlsx"
    out.parent.mkdir()
    recompute(odd, out)
    assert time.perf_counter() - t < 5
    assert read_workbook(out).tables == wb.tables


# --- 7. the byte scanner and lxml read every valid variant alike -------------------------------------------------

SS = ["satu", "dua & tiga", " spasi ", "é中😀"]
_chars = st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x24F),
                   st.sampled_from(["\t", "\n", "&", "<", ">", '"', "'", "é", "中", "😀", "\ufffd", "]]>"]))
_texts = st.lists(_chars, max_size=6).map("".join)


@st.composite
def _escaped(draw, text):
    """``text`` as XML content: the markup characters escaped, any character perhaps as a character reference;
    or all of it in a CDATA section."""
    if text and "]]>" not in text and draw(st.integers(0, 5)) == 0:
        return f"<![CDATA[{text}]]>"
    out = []
    for ch in text:
        how = draw(st.sampled_from(["plain", "plain", "dec", "hex"]))
        if how == "dec":
            out.append(f"&#{ord(ch)};")
        elif how == "hex":
            out.append(f"&#x{ord(ch):X};")
        else:
            out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(ch, ch))
    return "".join(out)


@st.composite
def _cell(draw, p, end):
    """(attributes but r, inner markup, the Cell it holds or None for a blank)."""
    kind = draw(st.sampled_from(["n", "s", "inline", "rich", "b", "e", "str", "f", "fn", "blank", "empty"]))
    style = draw(st.none() | st.integers(0, 40))
    attrs = {} if style is None else {"s": str(style)}
    s = style or 0
    if kind == "n":
        x = draw(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**9, 10**9).map(float))
        if draw(st.booleans()):
            attrs["t"] = "n"
        return attrs, f"<{p}v>{x!r}</{p}v{end()}>", Cell(x, None, s)
    if kind == "s":
        i = draw(st.integers(0, len(SS) - 1))
        attrs["t"] = "s"
        return attrs, f"<{p}v>{i}</{p}v{end()}>", Cell(SS[i], None, s)
    if kind in ("inline", "rich"):
        attrs["t"] = "inlineStr"
        parts = draw(st.lists(_texts, min_size=1, max_size=3 if kind == "rich" else 1))
        ts = []
        for text in parts:
            space = ' xml:space="preserve"' if draw(st.booleans()) else ""
            ts.append(f"<{p}t{space}>{draw(_escaped(text))}</{p}t{end()}>")
        if kind == "rich":
            inner = "".join(f"<{p}r><{p}rPr><{p}b/></{p}rPr>{t}</{p}r>" for t in ts)
        else:
            inner = ts[0]
        return attrs, f"<{p}is>{inner}</{p}is{end()}>", Cell("".join(parts), None, s)
    if kind == "b":
        b = draw(st.booleans())
        attrs["t"] = "b"
        return attrs, f"<{p}v>{int(b)}</{p}v>", Cell(b, None, s)
    if kind == "e":
        e = draw(st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!"]))
        attrs["t"] = "e"
        return attrs, f"<{p}v>{e}</{p}v>", Cell(e, None, s, True)
    if kind == "str":
        text = draw(_texts)
        attrs["t"] = "str"
        f = 'A1&amp;"x"'
        # an empty <v></v> counts as no cached value, on both paths
        cell = Cell(text, '=A1&"x"', s) if text else Cell(None, '=A1&"x"', s, False, False)
        return attrs, f"<{p}f>{f}</{p}f{end()}><{p}v>{draw(_escaped(text))}</{p}v>", cell
    if kind == "f":
        return attrs, f"<{p}f>SUM(A1:B2)</{p}f><{p}v>3</{p}v>", Cell(3.0, "=SUM(A1:B2)", s)
    if kind == "fn":  # a formula never calculated
        return attrs, f"<{p}f>1+1</{p}f>", Cell(None, "=1+1", s, False, False)
    return attrs, None if kind == "blank" else "", None


@st.composite
def _sheet(draw):
    """A sheet's XML in some valid spelling, and the cells it holds by row and column."""
    p = draw(st.sampled_from(["", "", "x:"]))
    ws = st.sampled_from(["", "", "\n", "  ", "\n\t", "<!-- <c r='A1'><v>9</v></c> -->", "<?pi <c r='A1'><v>9</v></c>?>"])
    quote = draw(st.sampled_from(['"', "'"]))

    def end():
        return draw(st.sampled_from(["", "", " ", "\n"]))

    want: dict[int, dict[int, Cell]] = {}
    rows_xml = []
    r = 0
    for _ in range(draw(st.integers(0, 4))):
        gap = draw(st.integers(1, 3))
        r += gap
        row_attr = "" if gap == 1 and draw(st.booleans()) else f" r={quote}{r}{quote}"
        cells_xml = []
        c = 0
        for _ in range(draw(st.integers(0, 4))):
            step = draw(st.integers(1, 3))
            c += step
            attrs, inner, cell = draw(_cell(p, end))
            if not (step == 1 and draw(st.booleans())):
                attrs["r"] = f"{col_letter(c)}{r}"
            order = draw(st.permutations(sorted(attrs)))
            spelled = "".join(f"{draw(st.sampled_from([' ', '  ', chr(10), chr(9)]))}{k}{draw(st.sampled_from(['=', ' = ']))}{quote}{attrs[k]}{quote}"
                              for k in order)
            if inner is None:
                cells_xml.append(f"<{p}c{spelled}/>")
            else:
                cells_xml.append(f"<{p}c{spelled}>{inner}</{p}c{end()}>")
            if cell is not None:
                want.setdefault(r, {})[c] = cell
        rows_xml.append(f"<{p}row{row_attr}>{draw(ws).join(cells_xml)}</{p}row{end()}>")
    decl = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', ""]))
    xmlns = f'xmlns:x="{NS}"' if p else f'xmlns="{NS}"'
    xml = (f"{decl}<{p}worksheet {xmlns}><{p}dimension ref=\"A1\"/><{p}sheetData>{draw(ws).join(rows_xml)}"
           f"</{p}sheetData></{p}worksheet>")
    return xml, want


@settings(max_examples=200, deadline=None)
@given(_sheet())
def test_scanner_and_lxml_read_every_spelling_alike(sheet):
    xml, want = sheet
    raw = xml.encode("utf-8")
    assert rows_of(tree_cells(etree.fromstring(raw), SS)) == want
    rows: dict[int, dict[int, Cell]] = {}
    if scan_cells(raw, rows, SS):
        assert rows == want
    else:
        assert rows == {}


@st.composite
def _strings_part(draw):
    items, want = [], []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["plain", "plain", "space", "rich", "rph", "empty"]))
        text = draw(_texts)
        if kind == "empty":
            items.append("<si/>" if draw(st.booleans()) else "<si><t/></si>")
            want.append("")
            continue
        space = ' xml:space="preserve"' if kind == "space" else ""
        t = f"<t{space}>{draw(_escaped(text))}</t>"
        if kind == "rich":
            t = f"<r><rPr><b/></rPr>{t}</r><r><t>!</t></r>"
            text += "!"
        elif kind == "rph":
            t += '<rPh sb="0" eb="1"><t>ふり</t></rPh><phoneticPr fontId="1"/>'
        items.append(f"<si>{t}</si>")
        want.append(text)
    sep = draw(st.sampled_from(["", "", "\n", "<!-- <si><t>x</t></si> -->"]))
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{NS}" count="{len(items)}">{sep.join(items)}</sst>'
    return xml.encode("utf-8"), want


@settings(max_examples=200, deadline=None)
@given(_strings_part())
def test_shared_strings_scanner_and_lxml_read_alike(part_):
    raw, want = part_
    assert tree_strings(etree.fromstring(raw)) == want
    got = scan_strings(raw)
    assert got is None or got == want


# --- a typed formula over a huge range ---------------------------------------------------------------------------


def test_an_uncached_formula_over_a_huge_range_costs_the_cells_that_exist(make_book):
    """``=SUM(Z1:Z50000000)`` written by a script (no cached value) is evaluated over the cells the sheet holds,
    not fifty million; a range over more cells than that is refused at its cell, never a crash."""
    from decimal import Decimal

    import openpyxl

    from lkjip_xl.api import check

    p = make_book()
    wb = openpyxl.load_workbook(p)
    ws = wb["Kinerja"]
    ws["BA3"] = 40
    ws["BA4"] = 46.3
    ws["D6"] = "=SUM(BA1:BA50000000)"  # beyond the sheet's cells: the two values above
    ws["E6"] = "=COUNT(BA1:ZZ900000)"  # 620 million cells right of the tables, cut to the sheet's cells
    wb.save(p)
    t = time.perf_counter()
    kin = {r.get("Kode Indikator"): r for r in read_workbook(p).rows("Kinerja")}
    assert time.perf_counter() - t < 10
    assert kin["2.1.1"].num("Realisasi") == Decimal("86.3")
    assert kin["2.1.1"].num("Realisasi TW I") == Decimal(2)
    flat = check(p).result.flatten()
    assert not [x for x in flat if x[0] in ("rumus-gagal", "galat-excel")]
