"""How names are made comparable before scoring.

Case, Unicode compatibility forms (NFKC), accents, letters with a stroke and ligatures (Ø, Ł,
Đ, Æ, ...), punctuation, white space and ``&``/``and`` are folded; legal-form words (Co., Ltd.,
Corporation, K.K., GmbH, 株式会社, ...) are dropped, unless nothing else is left.
``name_tokens`` keeps the remaining words in their order; ``normalize_name`` sorts them, so word
order does not matter. ``query_tokens`` also says which words were typed in capitals (``MHI``),
which screening may read as the initials of a name's leading words.
"""

import re
import unicodedata

#: Legal-form tokens, after dots are removed ("K.K." -> "kk", "Co." -> "co").
LEGAL_FORM_TOKENS = frozenset(
    {
        "co",
        "ltd",
        "limited",
        "corporation",
        "corp",
        "inc",
        "incorporated",
        "company",
        "kk",
        "kabushiki",
        "kaisha",
        "gaisha",
        "gk",
        "yk",
        "gmbh",
        "ag",
        "kg",
        "llc",
        "llp",
        "lp",
        "plc",
        "sa",
        "sas",
        "sarl",
        "spa",
        "srl",
        "bv",
        "nv",
        "ab",
        "as",
        "oy",
        "pte",
        "pty",
        "pvt",
        "private",
        "jsc",
        "pjsc",
        "ooo",
        "oao",
        "zao",
    }
)

#: Letters that NFKD leaves whole (a stroke or a bar is part of the letter, not a combining
#: mark), in their case-folded form, and what they are read as.
_UNDECOMPOSED_LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "ƀ": "b",
        "ɨ": "i",
        "\u0131": "i",  # dotless i
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
    }
)

#: Japanese legal forms, written without spaces around them ("三菱重工業株式会社"); NFKC has
#: already turned the one-character form and the full-width bracketed form into "(株)".
_JAPANESE_LEGAL_FORMS = re.compile(r"株式会社|有限会社|合同会社|\(株\)")

_DOTS = re.compile(r"(?<=\w)\.(?=\w|\s|$)")
_NON_WORD = re.compile(r"[^\w]+")


def fold_name(name: str) -> str:
    """Case-, accent- and punctuation-folded text, '&' read as 'and'.

    'ß' needs no table entry: case folding already reads it as 'ss'."""
    if name.isascii():
        # Most names: nothing to compose, decompose or transliterate (half the index build).
        text = name.casefold().replace("&", " and ")
    else:
        text = _JAPANESE_LEGAL_FORMS.sub(" ", unicodedata.normalize("NFKC", name))
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
        )
        text = text.casefold().translate(_UNDECOMPOSED_LETTERS).replace("&", " and ")
    text = _DOTS.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def name_tokens(name: str) -> list[str]:
    """The words that are compared, in their order: folded, legal forms dropped."""
    tokens = fold_name(name).split()
    return [token for token in tokens if token not in LEGAL_FORM_TOKENS] or tokens


#: Words typed in capitals that may be initials: 2 to 6 ASCII letters ("MHI", "JAXA").
_INITIALS = re.compile(r"[A-Z]{2,6}")


def query_tokens(name: str) -> list[tuple[str, bool]]:
    """:func:`name_tokens`, each with whether it was typed as capital initials ("MHI")."""
    words = _NON_WORD.sub(" ", _DOTS.sub("", unicodedata.normalize("NFKC", name))).split()
    capitals = {fold_name(word) for word in words if _INITIALS.fullmatch(word)}
    return [(token, token in capitals) for token in name_tokens(name)]


def has_legal_form(name: str) -> bool:
    """Whether a legal form was dropped from the name (it then reads as a whole name)."""
    return len(name_tokens(name)) < len(fold_name(name).split())


def comparable_forms(name: str) -> tuple[str, str]:
    """The two forms a name is scored in: tokens sorted, and tokens in their order (the
    same string object when the order is already sorted, so an index stores it once)."""
    tokens = name_tokens(name)
    ordered = sorted(tokens)
    normalized = " ".join(ordered)
    return normalized, normalized if ordered == tokens else " ".join(tokens)


def normalize_name(name: str) -> str:
    """The comparable form: folded, legal forms dropped, tokens sorted."""
    return comparable_forms(name)[0]
