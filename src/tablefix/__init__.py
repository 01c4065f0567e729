"""tablefix: recover tables from scraped text and HTML, clean the article, write clean data.

    >>> import tablefix
    >>> doc = tablefix.clean("A | B\\n---|---\\n1 | 2\\n")
    >>> tablefix.write(doc, "csv")
    'A,B\\n1,2\\n'
"""

from __future__ import annotations

from .corpora.records import RecordError, clean_record
from .model import Block, Document, Fix, Noise, Span, Table, Text
from .pipeline import clean, read
from .repairs import PASSES, repair
from .writers import write

__version__ = "0.1.0"

__all__ = ["Block", "Document", "Fix", "Noise", "Span", "Table", "Text", "PASSES", "read", "repair", "write",
           "clean", "clean_record", "RecordError", "__version__"]
