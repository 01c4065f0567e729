"""What kind of line a line of scraped text is: prose, a list item, a `Label: value` field, code, or short.

The repeat pass needs it because a repeated line is noise only in some shapes. A paragraph of prose
said twice is a repeat; a field or list item said twice (`- Venue: Gasthaus Linde` under two events,
the same feature under two products) is data that two records share; code is never touched. A line
of nothing but links (`* [Politik](/politik)`) is navigation, and navigation said twice is noise.
"""

from __future__ import annotations

import re

from ..text_rules import BULLETS, MARKDOWN_LINKS, compiled_on_first_use

PROSE, ITEM, FIELD, CODE, SHORT, LINKS = "prose", "item", "field", "code", "short", "links"

MIN_PROSE_WORDS = 6
"""Fewer words than this and a line is a label, a menu entry or a record's value, not prose."""

MAX_FIELD_WORDS = 16
"""A longer line that starts `Note: ...` is a paragraph of prose, not a record's field."""
_ITEM = compiled_on_first_use(f"(?:[{re.escape(BULLETS)}]|" r"\(?(?:\d{1,3}|[a-zA-Z])[.)]|\[\d{1,3}\])[ \t]+")
INDENTS = ("\t", "    ")
"""What starts an indented line (code, unless a nested list item)."""
_FIELD = compiled_on_first_use(r"[\w\"'][^:()\n]{0,30}(?<!\s):[ \t]+\S")
"""A short label, a colon, a value: `Venue: Gasthaus Linde`, `ValueError: invalid literal`."""
_PROSE_ENDS = (".", "!", "?", "…", ":")
"""A sentence's end; `:` too, for the sentence that introduces a list or a table."""
_CLOSERS = "\"'”’)]"
"""What may follow a sentence's end: a closing quote or bracket."""
_SENTENCE_BREAK = compiled_on_first_use(r"[a-z][)\]\"'”’]?[.!?…][\"'”’)\]]?\s+[\"“‘(\[]?[A-ZÀ-Þ][a-z]")
"""The end of one sentence and the start of the next (`... tournament. Many renowned ...`)."""


def line_shape(line: str) -> str:
    """The shape of one line: code (indented, not a nested list item), a field, a line of links, a list
    item, prose, or short (anything else: a heading, a label, a menu entry)."""
    item = _ITEM.match(line.lstrip(" \t"))
    if line.startswith(INDENTS) and item is None:
        return CODE  # indented code; an indented list item is a nested list
    body = line.lstrip(" \t")
    if item is not None:
        body = body[item.end():]
    # a field's colon is among its first 32 characters (a memchr first: most lines are no field)
    if (body.find(":", 1, 32) > 0 and _FIELD.match(body) and len(body[:body.index(":")].split()) <= 4
            and len(body.split()) <= MAX_FIELD_WORDS):
        return FIELD
    links = body.strip()
    if links[:1] in ("[", "!") and MARKDOWN_LINKS.fullmatch(links):  # a link starts so: most lines need no regex
        return LINKS
    if item is not None:
        return ITEM
    return PROSE if is_prose(line) else SHORT


def kept_shape(shapes: dict[str, str], line: str) -> str:
    """line_shape(line), kept in `shapes` for the lines said again (a document's menus say theirs many times, and
    the paragraph pass and the block pass ask of the same lines)."""
    shape = shapes.get(line)
    if shape is None:
        shape = shapes[line] = line_shape(line)
    return shape


def is_code(line: str) -> bool:
    """Whether line_shape says code: the line is indented and no nested list item (what it asks first)."""
    return line.startswith(INDENTS) and _ITEM.match(line.lstrip(" \t")) is None


def is_prose(text: str) -> bool:
    """A sentence or more: enough words, and it ends as a sentence does or holds the end of one
    (`get_text` breaks a paragraph's lines at its links, so its pieces need not end as sentences)."""
    return has_prose_words(text) and (ends_as_sentence(text) or _SENTENCE_BREAK.search(text) is not None)


def has_prose_words(text: str) -> bool:
    """Whether text has words enough to be prose (what is_prose asks first)."""
    # at most MIN_PROSE_WORDS pieces (as many as words up to there): no list of every word of a long paragraph
    return len(text.split(None, MIN_PROSE_WORDS - 1)) >= MIN_PROSE_WORDS


def ends_as_sentence(text: str) -> bool:
    r"""Whether text ends in a sentence's end mark, closers and whitespace after it: what the regex
    `[.!?…:]["'”’)\]]*\s*$` finds, without trying it at every end mark of a long paragraph (10x cheaper)."""
    return text.rstrip().rstrip(_CLOSERS).endswith(_PROSE_ENDS)
