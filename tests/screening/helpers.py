"""Helpers shared by the screening tests."""

from __future__ import annotations


def fullwidth(text: str) -> str:
    """``text`` in full-width forms (U+FF01..U+FF5E, ideographic space), as a Japanese input
    method types it."""
    return "".join(
        "\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text
    )
