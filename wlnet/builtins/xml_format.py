"""Import of XML files as symbolic XML: XMLObject["Document"][prolog, root, epilog] whose
elements are XMLElement[tag, {attr -> value, …}, {data, …}].

As WL's default import does ("NormalizeWhitespace" -> True, "IncludeEmbeddedObjects" ->
None): character data has its leading and trailing whitespace removed and inner runs made
one space, whitespace-only data is dropped, CDATA sections are ordinary character data,
comments and processing instructions are left out.  Values stay strings (WL does not read
numbers in XML).  A prefixed tag or attribute is {namespace, local name}; a namespace
declaration is the attribute {"http://www.w3.org/2000/xmlns/", prefix | "xmlns"} -> uri.

Elements: "XMLObject" (the document, the default), "XMLElement" (the list of the document's
top-level elements: {root}), "Tags" (the distinct tag names, sorted).
"""

from __future__ import annotations

import re
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.registry import declare

XML_ELEMENT = Symbol("XMLElement")
XML_OBJECT = Symbol("XMLObject")
XMLNS = "http://www.w3.org/2000/xmlns/"
IMPORT_ELEMENTS = ("Tags", "XMLElement", "XMLObject")

declare("XMLElement", usage="XMLElement[tag, {attr1 -> val1, …}, {data1, …}] is an element "
        "of symbolic XML: its tag, its attributes and its contents (strings and elements).")
declare("XMLObject", usage="XMLObject[\"type\"] heads symbolic XML objects: "
        "XMLObject[\"Document\"][{prolog…}, root, {epilog…}] is a whole document, "
        "XMLObject[\"Declaration\"][\"Version\" -> …] its XML declaration.")


class XMLFormatError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_SPACES = re.compile(r"\s+")
_DECLARATION = re.compile(r"""^\s*<\?xml\s+(.*?)\?>""", re.S)
_PSEUDO_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def import_xml(data: bytes, element: str) -> Expr:
    try:
        document = minidom.parseString(data)
    except (ExpatError, ValueError) as err:
        raise XMLFormatError(f"it is not well-formed XML ({err})")
    root = _element(document.documentElement)
    if element == "XMLElement":
        return Expr(S.List, root)
    if element == "Tags":
        tags = sorted({_tag_key(n) for n in _all_elements(document.documentElement)})
        return Expr.from_args(S.List, [_name(*t) for t in tags])
    prolog = _declaration(data)
    return Expr(Expr(XML_OBJECT, String("Document")),
                Expr.from_args(S.List, prolog), root, Expr(S.List))


def _declaration(data: bytes) -> list:
    """[XMLObject["Declaration"]["Version" -> …, "Encoding" -> …]] when the document
    starts with one."""
    head = data[:512].decode("utf-8", errors="replace")
    found = _DECLARATION.match(head)
    if found is None:
        return []
    names = {"version": "Version", "encoding": "Encoding", "standalone": "Standalone"}
    rules = [Expr(S.Rule, String(names.get(k, k)), String(a if a else b))
             for k, a, b in _PSEUDO_ATTRIBUTE.findall(found.group(1))]
    return [Expr.from_args(Expr(XML_OBJECT, String("Declaration")), rules)]


def _all_elements(node):
    yield node
    for child in node.childNodes:
        if child.nodeType == child.ELEMENT_NODE:
            yield from _all_elements(child)


def _tag_key(node) -> tuple:
    return (node.namespaceURI or "", node.localName) if node.prefix else ("", node.localName)


def _name(namespace: str, local: str) -> Expr:
    return Expr(S.List, String(namespace), String(local)) if namespace else String(local)


def _attribute_name(attr) -> Expr:
    if attr.name == "xmlns":
        return _name(XMLNS, "xmlns")
    if attr.prefix == "xmlns":
        return _name(XMLNS, attr.localName)
    if attr.prefix:
        return _name(attr.namespaceURI or "", attr.localName)
    return String(attr.name)


def _element(node) -> Expr:
    attributes = [Expr(S.Rule, _attribute_name(a), String(a.value))
                  for a in node.attributes.values()]
    return Expr(XML_ELEMENT, _name(*_tag_key(node)), Expr.from_args(S.List, attributes),
                Expr.from_args(S.List, _contents(node)))


def _contents(node) -> list:
    """The element's children: its elements, and its character data (adjacent text and
    CDATA joined, whitespace normalised, empty runs dropped)."""
    out, text = [], []

    def flush():
        joined = _SPACES.sub(" ", "".join(text)).strip()
        if joined:
            out.append(String(joined))
        text.clear()

    for child in node.childNodes:
        if child.nodeType in (child.TEXT_NODE, child.CDATA_SECTION_NODE):
            text.append(child.data)
        elif child.nodeType == child.ELEMENT_NODE:
            flush()
            out.append(_element(child))
    flush()
    return out
