"""How names are made comparable before scoring.

Case, Unicode compatibility forms (NFKC), accents, punctuation, white space and ``&``/``and``
are folded; legal-form words (Co., Ltd., Corporation, K.K., GmbH, ...) are dropped, unless
nothing else is left; the remaining tokens are sorted, so word order does not matter.
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

_DOTS = re.compile(r"(?<=\w)\.(?=\w|\s|$)")
_NON_WORD = re.compile(r"[^\w]+")


def fold_name(name: str) -> str:
    """Case-, accent- and punctuation-folded text, '&' read as 'and'."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = text.casefold().replace("&", " and ")
    text = _DOTS.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def normalize_name(name: str) -> str:
    """The comparable form: folded, legal forms dropped, tokens sorted."""
    tokens = fold_name(name).split()
    kept = [token for token in tokens if token not in LEGAL_FORM_TOKENS]
    return " ".join(sorted(kept or tokens))
