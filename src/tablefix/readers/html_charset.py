"""The text of HTML bytes, decoded as a browser would: byte-order mark, then the declared charset, then
(undeclared) windows-1252 unless that reads as nonsense.

Why not a detector first: on short pages charset-normalizer guesses badly (`<p>Gét</p>` in windows-1252
comes out as Big5, a longer French page as cp1250, German as mac_iceland), while the WHATWG encoding
standard has browsers fall back to windows-1252 for an undeclared page that is not UTF-8 (in Western
locales). So windows-1252 is taken unless its text shows the marks of a misread: runs of accented
letters and symbols (`Ïðèâåò` is Cyrillic, `‚±‚ê` Shift_JIS), symbols inside words (`Za¿ó³æ` is
cp1250). Only then is charset-normalizer asked, and of its readings (most likely first) the first with
the fewest marks is kept, if it has fewer than windows-1252's.

Bytes a charset cannot decode are never dropped nor replaced by U+FFFD: each becomes the windows-1252
character of that byte. This is right for the common mix, a UTF-8 page with a few Latin-1 bytes pasted in,
which a strict decoder would otherwise hand to the detector whole (and get every other accent wrong).

Nothing here imports lxml or bs4; charset-normalizer only for a page that reads wrong as windows-1252.
"""

from __future__ import annotations

import re

from ..text_rules import bom_encoding

_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.I)
_PRESCAN = 4096
# WHATWG labels whose browser meaning differs from Python's codec of the same name.
_WHATWG = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
           "ascii": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
           "x-sjis": "shift_jis", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}
_HIGH = bytes(range(0x80, 0x100))
_CP1252 = "".join(_HIGH[k:k + 1].decode("cp1252", "ignore") or chr(0x80 + k) for k in range(0x80))
"""What each byte 0x80-0xFF reads as in windows-1252 (latin-1 for the five bytes it leaves undefined)."""
_STRAY = {0xDC80 + k: c for k, c in enumerate(_CP1252)}
"""surrogateescape's stand-in for an undecodable byte -> that byte's windows-1252 character."""
_ESCAPED = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SYMBOLS = "".join(c for c in _CP1252 if not c.isalnum() and c not in "\u00ad\u00b7\u2019\u2013\u2014")
"""windows-1252 symbols that a word does not hold (soft hyphen, middle dot, apostrophe and dashes may)."""
_GARBLE = re.compile("[" + re.escape(_CP1252) + "]{4,}")
"""A run of four windows-1252 accented letters or symbols: bytes of another script (`Ïðèâåò`, `‚±‚ê`)."""
_MISREAD = re.compile(
    r"(?<=[^\W\d_])[" + re.escape(_SYMBOLS) + r"](?=[^\W\d_])"  # a symbol inside a word: `Za¿ó³æ`
    r"|[A-Za-z][^\W\d_\x00-\u024f\u1e00-\u1eff]|[^\W\d_\x00-\u024f\u1e00-\u1eff][A-Za-z]"  # scripts mixed
    r"|(?<![^\W\d_])[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]{3,}(?![^\W\d_])"  # a word of accents only
    r"|[\x80-\x9f\ufffd\uff61-\uff9f]")  # C1 controls, replacement characters, half-width katakana


def decode_html_bytes(data: bytes) -> str | None:
    """Decode with the charset the page declares (BOM, then `<meta>`); None when none is declared or it fails.

    Strict: a declared charset that cannot decode every byte gives None (`decode_page_bytes` then decides).
    """
    if (bom := bom_encoding(data)) is not None:
        return _strict(data[bom[0]:], bom[1])
    label = _declared(data)
    if label is None:
        return None
    enc = _WHATWG.get(label, label)
    text = _strict(data, enc)
    if text is None and enc == "cp1252" and label in ("iso-8859-1", "latin-1", "latin1"):
        text = _strict(data, "latin-1")  # the five bytes cp1252 leaves undefined are still latin-1
    return text


def decode_page_bytes(data: bytes, is_page: bool) -> str | None:
    """The text of HTML bytes that are not valid UTF-8; None when they declare nothing and `is_page` is false.

    The declared charset (stray bytes as windows-1252); else UTF-8 when most non-ASCII bytes form UTF-8
    (again with stray bytes as windows-1252); else windows-1252 unless it reads as a misread and one
    of charset-normalizer's readings shows fewer marks of one. `is_page`: whether the text looks like HTML
    (`html_scan.looks_like_html_page` of its ASCII-compatible reading).
    """
    text = decode_html_bytes(data)
    if text is not None:
        return text
    label = _declared(data)
    if label is not None and bom_encoding(data) is None:
        text = _lenient(data, _WHATWG.get(label, label))
        if text is not None:
            return text
    if not is_page and label is None:
        return None
    utf8 = data.decode("utf-8", "surrogateescape")
    stray = len(_ESCAPED.findall(utf8))
    if len(_NON_ASCII.findall(utf8)) - stray > stray:
        return utf8.translate(_STRAY)
    text = data.decode("cp1252", "surrogateescape").translate(_STRAY)
    marks = misreads(text)
    if not marks:
        return text
    from charset_normalizer import from_bytes

    for match in from_bytes(data):  # its readings, most likely first: the first with the fewest marks
        other = str(match)
        other_marks = misreads(other)
        if other_marks < marks:
            text, marks = other, other_marks
            if not marks:
                break
    return text


def misreads(text: str) -> int:
    """Marks of text decoded with the wrong charset: each character of a run of four windows-1252
    accented letters or symbols; each symbol inside a word, letter of another script inside a Latin
    word, word of three accented letters and nothing else (`Ďđčâĺň`), C1 control, half-width katakana
    (what single-byte text read as Shift_JIS turns into)."""
    return sum(m.end() - m.start() for m in _GARBLE.finditer(text)) + sum(1 for _ in _MISREAD.finditer(text))


def _declared(data: bytes) -> str | None:
    m = _META.search(data, 0, _PRESCAN)
    return None if m is None else m.group(1).decode("ascii").lower()


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (LookupError, UnicodeDecodeError):
        return None


def _lenient(data: bytes, enc: str) -> str | None:
    """`data` in `enc`, each byte it cannot decode as its windows-1252 character; None for an unknown
    codec or one whose errors cover ASCII bytes (surrogateescape cannot stand in for those)."""
    try:
        return data.decode(enc, "surrogateescape").translate(_STRAY)
    except (LookupError, UnicodeDecodeError):
        return None
