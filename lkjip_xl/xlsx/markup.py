"""The XML side of the package: namespaces, the safe parser, and how OPC names relationship parts.

Every XML part is parsed with entity resolution and network access off (no XXE, no billion laughs).
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import NotAWorkbook, UnsafeWorkbook

__all__ = ["NS_MAIN", "NS_REL", "NS_PKG_REL", "NS_CT", "M", "R", "PR", "parse_xml", "declares_dtd", "prefixed",
           "rels_path", "resolve"]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
M = "{%s}" % NS_MAIN
R = "{%s}" % NS_REL
PR = "{%s}" % NS_PKG_REL

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
                          remove_blank_text=False)


def declares_dtd(raw: bytes) -> bool:
    """Whether the part's prologue declares a DOCTYPE or an ENTITY: refused by the parser and the byte scanners."""
    return b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:4096]


def parse_xml(data: bytes, part: str = "", path: str = "") -> etree._Element:
    """The part's root element; :class:`UnsafeWorkbook` for a DTD, :class:`NotAWorkbook` for broken XML."""
    if declares_dtd(data):
        raise UnsafeWorkbook("doctype", path=path, bagian=part)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise NotAWorkbook("xml-rusak", path=path, bagian=part) from exc


_MAIN_PREFIXED = re.compile(
    rb"""xmlns:[^\s=]+\s*=\s*["']http://schemas\.openxmlformats\.org/spreadsheetml/2006/main["']""")


def prefixed(raw: bytes) -> bool:
    """Whether the document binds SpreadsheetML to a prefix (``<x:c>``), which the byte scanners do not read.

    Looked for where namespaces are declared, in the root element at the top, instead of scanning the whole part
    for one prefix: any prefix is caught, and a kabupaten's hundreds of sheets are not read twice for it."""
    return _MAIN_PREFIXED.search(raw, 0, 4096) is not None


def resolve(base: str, target: str) -> str:
    """A relationship's target as a part name: relative to the folder of ``base``, or absolute."""
    if target.startswith("/"):
        return target.lstrip("/")
    parent = base.rsplit("/", 1)[0] if "/" in base else ""
    parts = [x for x in parent.split("/") if x]
    for seg in target.split("/"):
        if seg == "..":
            if parts:
                parts.pop()
        elif seg and seg != ".":
            parts.append(seg)
    return "/".join(parts)


def rels_path(part: str) -> str:
    """The part holding ``part``'s relationships: ``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``."""
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
