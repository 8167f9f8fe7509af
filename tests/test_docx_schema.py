"""The Word report is valid ECMA-376: every XML part of every example's .docx, and of the default template,
validates against the WordprocessingML, DrawingML and package schemas (tests/schemas/ooxml), Microsoft's w14/w15
extensions included."""

import io
import zipfile

import pytest
from ooxml_validate import package_violations, part_violations

from lkjip_xl.report.render import default_templates


def test_every_part_of_the_generated_report_validates(generated):
    name, o, made = generated
    assert package_violations(made["docx"]) == {}


def test_every_part_of_the_default_template_validates():
    assert package_violations(default_templates() / "laporan.docx") == {}


def _rewrite(src, part, old, new):
    """``src`` with one replacement in ``part``: a package to prove the validator refuses."""
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == part:
                assert old in data
                data = data.replace(old, new, 1)
            out.writestr(info, data)
    return buf


@pytest.mark.parametrize("part, old, new, says", [
    ("word/document.xml", b"<w:body>", b"<w:body><w:p><w:pPr><w:jc w:val=\"tengah\"/></w:pPr></w:p>", "jc"),
    ("word/settings.xml", b'<w:zoom w:val="bestFit"', b'<w:zoom w:val="terbaik"', "zoom"),
    ("word/settings.xml", b'<w14:docId w14:val="', b'<w14:docId w14:val="zz', "docId"),  # an extension, checked too
], ids=["wml-value", "wml-attribute", "w14-extension"])
def test_the_validator_refuses_what_word_would_repair(generated, part, old, new, says):
    name, o, made = generated
    bad = _rewrite(made["docx"], part, old, new)
    got = package_violations(bad)
    assert list(got) == [part]
    assert says in " ".join(got[part])


def test_markup_compatibility_keeps_the_fallback_and_drops_ignorable_content():
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = f"""<w:document xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
        xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"
        xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14">
      <w:body><w:p w14:paraId="12AB34CD"><w:r><mc:AlternateContent>
        <mc:Choice Requires="wps"><wps:wsp/></mc:Choice>
        <mc:Fallback><w:t>teks</w:t></mc:Fallback>
      </mc:AlternateContent></w:r></w:p></w:body></w:document>""".encode()
    assert part_violations(xml, "word/document.xml") == []
    assert part_violations(xml.replace(b"<w:t>teks</w:t>", b"<w:teks/>"), "word/document.xml") != []
