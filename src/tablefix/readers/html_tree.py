"""Parse HTML into an lxml tree a reader can walk: hidden and non-visible elements already taken out.

lxml (libxml2) is fast and lenient, but it stops building the tree past 2048 levels of nesting and drops
the rest of the document; only then is the markup parsed again with BeautifulSoup's `html.parser` and the
result copied into an lxml tree, iteratively, so the walkers have one kind of tree to handle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

NON_VISIBLE = {"style": "css", "script": "script", "noscript": "script", "template": "script"}
"""Elements whose text a reader never sees, and the Noise reason a page reader gives them."""
HIDDEN_CLASSES = frozenset({"sortkey", "reference"})
"""Classes hidden on Wikipedia: sort keys, and citation markers like [12]."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ATTR_HINTS = ("reference", "sortkey", "display", "hidden", "DISPLAY", "HIDDEN", "Display", "Hidden")
"""Words one of which the markup must hold for any element to be hidden by its attributes (plain `in`
checks: faster than lowering the whole markup or a case-blind regex)."""
MAX_DEPTH = 512
"""Depth of the tree copied from BeautifulSoup when libxml2 gave up (see `_parse_deep`)."""
_TABLE_PARTS = frozenset({"tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "col"})
_NOT_XML_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Removed:
    """An element taken out of the tree before reading (kept so a page reader can report it as Noise)."""

    tag: str
    text: str
    line: int | None


def parse(markup: str) -> tuple[Any, list[Removed]]:
    """The tree of `markup` (None when it holds nothing) and the non-visible elements removed from it."""
    from lxml import etree

    # collect_ids=False: no id table (no reader looks elements up by id), a few per cent of the parse
    parser = etree.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True, collect_ids=False,
                              encoding="utf-8")
    root = etree.fromstring(markup.encode("utf-8", "surrogatepass"), parser)
    if any("Excessive depth" in e.message for e in parser.error_log):
        root = _parse_deep(markup)
    if root is None:
        return None, []
    return root, _remove_hidden(root, markup)


def _remove_hidden(root: Any, markup: str) -> list[Removed]:
    """Drop hidden elements in place, keeping the text that follows each (its tail).

    A tail joins the text before the element: the tail of the nearest kept previous sibling, or the
    parent's text. Tails are gathered per destination and joined once, so runs of hidden siblings cost
    linear time.
    """
    by_attributes = any(hint in markup for hint in _ATTR_HINTS)  # else no element can be hidden by attributes
    found = _hidden(root) if by_attributes else list(root.iter(*NON_VISIBLE))
    removed = []
    dest_of: dict[Any, tuple[Any, bool]] = {}  # removed element -> (where its tail goes, as a tail?)
    gathered: dict[tuple[Any, bool], list[str]] = {}
    for el in found:  # document order: a removed previous sibling comes first
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag in NON_VISIBLE:
            removed.append(Removed(el.tag, "".join(el.itertext()), el.sourceline))
        prev = el.getprevious()
        dest = dest_of.get(prev) or ((prev, True) if prev is not None else (parent, False))
        dest_of[el] = dest
        if el.tail:
            gathered.setdefault(dest, []).append(el.tail)
        parent.remove(el)
    for (el, as_tail), tails in gathered.items():
        if as_tail:
            el.tail = xml_text((el.tail or "") + "".join(tails))
        else:
            el.text = xml_text((el.text or "") + "".join(tails))
    return removed


def xml_text(text: str) -> str:
    """text as lxml lets it be set on an element: libxml2 reads control characters into the tree, but lxml will
    not set a text holding one (ValueError), so a text moved in the tree has them as U+FFFD, as a copied tree
    has them (`_parse_deep`)."""
    return _NOT_XML_CHAR.sub("\ufffd", text)


def _hidden(root: Any) -> list[Any]:
    """Elements never seen, in document order: non-visible tags, and hiding attributes, styles or classes.

    One pass in Python: faster than an XPath with attribute predicates.
    """
    out = []
    for el in root.iter():
        if el.tag in NON_VISIBLE:
            out.append(el)
            continue
        for name, value in el.items():  # one call per element; most have no attributes
            if name == "class":
                if ("reference" in value or "sortkey" in value) and not HIDDEN_CLASSES.isdisjoint(value.split()):
                    out.append(el)
                    break
            elif name == "style":
                if _HIDDEN_STYLE.search(value):
                    out.append(el)
                    break
            elif name == "hidden" or (name == "aria-hidden" and value.strip().lower() == "true"):
                out.append(el)
                break
    return out


BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul"))
"""Block elements: their edges are line breaks inside a cell and block breaks on a page."""
STRUCTURE_TAGS = BLOCK_TAGS | {"body", "head", "br", "caption", "legend", "option", "tbody", "td", "tfoot", "th",
                               "thead", "tr"}
"""Elements that break text into lines or blocks; an element holding none of them reads as one string."""


def structured(root: Any) -> set[Any]:
    """The elements that hold a STRUCTURE_TAGS element: those a reader walks; the rest take one itertext().

    One C-level pass finds the structure elements; marking stops at an ancestor already marked, so each
    element is marked once whatever the depth.
    """
    marked: set[Any] = set()
    for el in root.iter(*STRUCTURE_TAGS):
        parent = el.getparent()
        while parent is not None and parent not in marked:
            marked.add(parent)
            parent = parent.getparent()
    return marked


def _parse_deep(markup: str) -> Any:
    """Markup nested deeper than libxml2 builds: BeautifulSoup's parser, copied into an lxml tree.

    lxml checks ancestors on every insert, so a deep copy would cost depth x size. The copy is kept at most
    MAX_DEPTH deep instead: a deeper table is lifted out to the end of <body> (its own tree, read the same
    way), and a deeper element of any other kind is not copied, its text joining the nearest copied one
    (rows and cells of a table already copied still are, a few levels past the limit).
    Text is gathered in lists and set once per element, so long runs of text stay linear too.
    """
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
    from lxml import etree

    skip = (Comment, Declaration, Doctype, ProcessingInstruction)
    soup = BeautifulSoup(markup, "html.parser")
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    where: dict[int, tuple[Any, int]] = {id(soup): (body, 1)}  # bs4 node -> (lxml element, its depth)
    last: dict[Any, Any] = {}  # element -> its last child so far
    heads: dict[Any, list[str]] = {}  # element -> pieces of its .text
    tails: dict[Any, list[str]] = {}  # element -> pieces of its .tail
    for node in soup.descendants:  # iterative in bs4 >= 4.13
        parent, depth = where.get(id(node.parent), (None, 0))
        if parent is None:
            continue
        if isinstance(node, Tag):
            name = _lxml_name(node.name) or "span"
            if depth >= MAX_DEPTH and not (name in _TABLE_PARTS and depth < MAX_DEPTH + 16):
                if name != "table":
                    where[id(node)] = (parent, depth)
                    continue
                parent, depth = body, 1
            el = etree.SubElement(parent, name, _attrs(node.attrs))
            if node.sourceline is not None:
                el.sourceline = node.sourceline
            last[parent] = el
            where[id(node)] = (el, depth + 1)
        elif isinstance(node, NavigableString) and not isinstance(node, skip):
            prev = last.get(parent)
            pieces = heads.setdefault(parent, []) if prev is None else tails.setdefault(prev, [])
            pieces.append(xml_text(str(node)))
    for el, pieces in heads.items():
        el.text = "".join(pieces)
    for el, pieces in tails.items():
        el.tail = "".join(pieces)
    return root


_NAME = re.compile(r"[A-Za-z_][\w.\-]*\Z")


@lru_cache(maxsize=4096)
def _lxml_name(name: str) -> str | None:
    """name lowered, as a tag or attribute name of the copied tree; None where lxml would not take it (ValueError).
    `_NAME` lets through letters and digits past ASCII that lxml (libxml2's XML names) will not, `x²` or `aª`, so
    such a name is put to lxml itself, which holds tags and attribute names to the same rule (a test checks)."""
    if _NAME.match(name) is None:
        return None
    lowered = name.lower()
    if lowered.isascii():
        return lowered
    from lxml import etree

    try:
        etree.Element(lowered)
    except ValueError:
        return None
    return lowered


def _attrs(attrs: dict[str, Any]) -> dict[str, str]:
    """bs4 attributes as lxml accepts them: multi-valued ones joined, invalid names and characters dropped."""
    out = {}
    for k, v in attrs.items():
        name = _lxml_name(k)
        if name is not None:
            v = " ".join(v) if isinstance(v, list) else str(v)
            out[name] = xml_text(v)
    return out
