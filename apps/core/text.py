"""Text normalisation for search: the same folding on every database.

``q`` must be case- and accent-insensitive on SQLite and PostgreSQL alike. Rather than rely on
database extensions, each searchable record stores ``search_text``: its names, aliases, titles
and references folded by :func:`fold`; a query is folded the same way and matched as a
substring.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, accent-free, NFKC-compatible, single-spaced: 'Bayan  Obō' -> 'bayan obo'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", stripped).casefold()).strip()
