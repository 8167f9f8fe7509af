"""Validate the XML parts of an OOXML package (.xlsx, .xlam, .docx) against ECMA-376 / ISO/IEC 29500.

The schemas are the ones copied into tests/schemas/ooxml (see its README). Each part is validated by the schema
of its root element's namespace, after Markup Compatibility (ECMA-376 Part 3) has been applied the way a
consumer that understands only the standard namespaces applies it: elements and attributes of an ignorable
namespace are dropped (an element listed in mc:ProcessContent keeps its content), and an mc:AlternateContent
becomes its first mc:Choice whose namespaces are all understood, else its mc:Fallback. The Microsoft extension
elements that were dropped (w14, w15, ...) are then checked on their own against Microsoft's schemas
(tests/schemas/ooxml/microsoft) where those declare them globally. SpreadsheetML's ``<t>`` may carry
``xml:space``, which Excel writes and sml.xsd does not declare (tests/schemas/ooxml/README.md). An add-in's ribbon
part is validated by tests/schemas/customUI14.xsd.

    from ooxml_validate import package_violations
    assert package_violations("laporan.docx") == {}
"""

from __future__ import annotations

import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

__all__ = ["ECMA", "MICROSOFT", "SCHEMAS", "apply_markup_compatibility", "package_violations", "part_violations",
           "schema"]

SCHEMAS = Path(__file__).resolve().parent / "schemas" / "ooxml"  # copied from ../shared/ooxml-schemas
ISO = "ISO-IEC29500-4_2016/"
OPC = "ecma/fouth-edition/"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

ECMA = {  # root namespace -> ECMA-376 / ISO 29500 schema
    "http://schemas.openxmlformats.org/package/2006/content-types": OPC + "opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": OPC + "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": OPC + "opc-coreProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        ISO + "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties":
        ISO + "shared-documentPropertiesCustom.xsd",
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": ISO + "sml.xsd",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": ISO + "wml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": ISO + "dml-main.xsd",  # the theme
    "http://schemas.openxmlformats.org/drawingml/2006/chart": ISO + "dml-chart.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": ISO + "dml-spreadsheetDrawing.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/bibliography": ISO + "shared-bibliography.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml": ISO + "shared-customXmlDataProperties.xsd",
}

MICROSOFT = {  # Microsoft's extensions (MS-DOCX's w14, w15...; the ribbon part), namespace -> schema
    "http://schemas.microsoft.com/office/2009/07/customui": "../customUI14.xsd",  # an add-in's ribbon (MS-CUSTOMUI2)
    "http://schemas.microsoft.com/office/word/2010/wordml": "microsoft/wml-2010.xsd",
    "http://schemas.microsoft.com/office/word/2012/wordml": "microsoft/wml-2012.xsd",
    "http://schemas.microsoft.com/office/word/2018/wordml": "microsoft/wml-2018.xsd",
    "http://schemas.microsoft.com/office/word/2018/wordml/cex": "microsoft/wml-cex-2018.xsd",
    "http://schemas.microsoft.com/office/word/2016/wordml/cid": "microsoft/wml-cid-2016.xsd",
    "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash": "microsoft/wml-sdtdatahash-2020.xsd",
    "http://schemas.microsoft.com/office/word/2015/wordml/symex": "microsoft/wml-symex-2015.xsd",
}

XSD = "{http://www.w3.org/2001/XMLSchema}"
SML_T = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@cache
def schema(path: str) -> etree.XMLSchema:
    """The compiled schema at ``path`` (relative to tests/schemas/ooxml), compiled once per session."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / path)))


@cache
def understood() -> frozenset[str]:
    """The namespaces of the standard's schemas: what a consumer validating against them understands."""
    out = set()
    for xsd in [*SCHEMAS.glob(ISO + "*.xsd"), *SCHEMAS.glob(OPC + "*.xsd"), SCHEMAS / "mce" / "mc.xsd"]:
        ns = etree.parse(str(xsd)).getroot().get("targetNamespace")
        if ns:
            out.add(ns)
    return frozenset(out)


@cache
def _global_elements(path: str) -> frozenset[str]:
    return frozenset(e.get("name") for e in etree.parse(str(SCHEMAS / path)).getroot().iterchildren(XSD + "element"))


def _prefixed(el: etree._Element, attr: str) -> set[str]:
    """Namespaces named by prefix in an mc: attribute (``mc:Ignorable="w14 w15"``)."""
    return {el.nsmap.get(p) for p in (el.get(f"{{{MC}}}{attr}") or "").split() if p} - {None}  # type: ignore[misc]


def _requires(choice: etree._Element) -> set[str | None]:
    """Namespaces an mc:Choice requires (its ``Requires`` attribute is unqualified); an unknown prefix is None."""
    return {choice.nsmap.get(p) for p in (choice.get("Requires") or "").split()}


def _process_content(el: etree._Element) -> set[str]:
    """Qualified names (Clark notation) listed in ``mc:ProcessContent="w14:x w15:*"``."""
    out = set()
    for q in (el.get(f"{{{MC}}}ProcessContent") or "").split():
        prefix, _, local = q.partition(":")
        if el.nsmap.get(prefix):
            out.add(f"{{{el.nsmap[prefix]}}}{local}")
    return out


def _replace_by_children(el: etree._Element, source: etree._Element) -> None:
    """Put ``source``'s children where ``el`` is (OOXML has no mixed content: no text to keep)."""
    parent = el.getparent()
    at = parent.index(el)
    for i, child in enumerate(list(source)):
        parent.insert(at + i, child)
    parent.remove(el)


def apply_markup_compatibility(root: etree._Element, known: frozenset[str] | None = None) -> list[etree._Element]:
    """Apply Markup Compatibility to ``root`` in place; return the ignorable elements that were removed."""
    known = understood() if known is None else known
    removed: list[etree._Element] = []

    def walk(el: etree._Element, ignorable: set[str], process: set[str]) -> None:
        ignorable = ignorable | _prefixed(el, "Ignorable")
        process = process | _process_content(el)
        for a in [a for a in el.attrib if a.startswith(f"{{{MC}}}")]:
            del el.attrib[a]
        for a in [a for a in el.attrib if a.startswith("{") and etree.QName(a).namespace in ignorable
                  and etree.QName(a).namespace not in known]:
            del el.attrib[a]
        for child in list(el):
            if not isinstance(child.tag, str):  # comments, processing instructions
                continue
            ns = etree.QName(child).namespace
            if child.tag == f"{{{MC}}}AlternateContent":
                chosen = next((c for c in child if c.tag == f"{{{MC}}}Choice" and _requires(c) <= known), None)
                if chosen is None:
                    chosen = next((c for c in child if c.tag == f"{{{MC}}}Fallback"), None)
                if chosen is None:
                    el.remove(child)
                    continue
                kids = list(chosen)
                _replace_by_children(child, chosen)
                for k in kids:
                    walk(k, ignorable, process)
            elif ns in ignorable and ns not in known:
                if child.tag in process or f"{{{ns}}}*" in process:
                    kids = list(child)
                    _replace_by_children(child, child)
                    for k in kids:
                        walk(k, ignorable, process)
                else:
                    el.remove(child)
                    removed.append(child)
            else:
                walk(child, ignorable, process)

    walk(root, set(), set())
    return removed


def _errors(sch: etree.XMLSchema, root: etree._Element, part: str) -> list[str]:
    if sch.validate(root):
        return []
    return [f"{part}:{e.line}: {e.message}" for e in sch.error_log]  # type: ignore[attr-defined]


def part_violations(data: bytes, part: str) -> list[str]:
    """Every schema violation of one XML part (empty when it validates); an unknown root namespace is one."""
    root = etree.fromstring(data)
    ns = etree.QName(root).namespace
    if ns in MICROSOFT:  # a part of its own in an extension namespace (commentsExtended.xml...)
        return _errors(schema(MICROSOFT[ns]), root, part)
    if ns not in ECMA:
        return [f"{part}: no schema for the root namespace {ns}"]
    for t in root.iter(SML_T):  # Excel writes xml:space="preserve" on <t>; sml.xsd types <t> as a bare string
        t.attrib.pop(XML_SPACE, None)
    out = []
    for el in apply_markup_compatibility(root):
        xsd = MICROSOFT.get(etree.QName(el).namespace or "")
        if xsd and etree.QName(el).localname in _global_elements(xsd):
            out += _errors(schema(xsd), el, part)
    return _errors(schema(ECMA[ns]), root, part) + out


def package_violations(path: str | Path) -> dict[str, list[str]]:
    """Every XML part of the package at ``path`` that does not validate, with its violations."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                errs = part_violations(z.read(name), name)
                if errs:
                    out[name] = errs
    return out
