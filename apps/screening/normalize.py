"""How names are made comparable before scoring.

Case, Unicode compatibility forms (NFKC), accents, letters with a stroke and ligatures (Ø, Ł,
Đ, Æ, ...), punctuation, white space and ``&``/``and`` are folded; legal-form words (Co., Ltd.,
Corporation, K.K., GmbH, ...) are dropped, unless nothing else is left. ``name_tokens`` keeps
the remaining words in their order; ``normalize_name`` sorts them, so word order does not
matter.
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

_DOTS = re.compile(r"(?<=\w)\.(?=\w|\s|$)")
_NON_WORD = re.compile(r"[^\w]+")


def fold_name(name: str) -> str:
    """Case-, accent- and punctuation-folded text, '&' read as 'and'.

    'ß' needs no table entry: case folding already reads it as 'ss'."""
    text = unicodedata.normalize("NFKC", name)
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
