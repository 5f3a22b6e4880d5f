"""Name normalisation before scoring: what makes two spellings of a name the same string."""

from __future__ import annotations

import pytest

from apps.screening.normalize import fold_name, normalize_name
from tests.screening.helpers import fullwidth


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("IHI AEROSPACE", "ihi aerospace"),
        ("ihi aerospace", "ihi aerospace"),
        (fullwidth("IHI Aerospace"), "ihi aerospace"),  # full-width letters (NFKC)
        (fullwidth("IHI") + "\u3000Aerospace", "ihi aerospace"),  # ideographic space
        ("Société Générale", "societe generale"),
        ("Nikkō Kinzoku", "nikko kinzoku"),
        ("Müller", "muller"),
        ("Cafe\u0301", "cafe"),  # a combining accent
        ("STRASSE straße", "strasse strasse"),  # casefold, not lower
        ("Ørsted ØRSTED", "orsted orsted"),  # letters with a stroke: no decomposition
        ("Łódź", "lodz"),
        ("Đuro Đaković", "duro dakovic"),
        ("Æther Œuvre", "aether oeuvre"),
        ("Þórður", "thordur"),
        ("Fujitsu Defense & National Security", "fujitsu defense and national security"),
        ("A&B", "a and b"),
        ("Mitsubishi Heavy Industries, Ltd.", "mitsubishi heavy industries ltd"),
        ("Foo-Bar_Baz/Qux", "foo bar baz qux"),
        ("People's Republic", "people s republic"),
        ("A.B.C. Trading", "abc trading"),
        ("  Tab\tand\nnew   line  ", "tab and new line"),
        ("(IHI) [Aerospace] {Co}", "ihi aerospace co"),
    ],
)
def test_fold_name(name: str, folded: str) -> None:
    assert fold_name(name) == folded


def test_case_does_not_matter() -> None:
    assert normalize_name("IHI AEROSPACE") == normalize_name("ihi aerospace")


def test_full_width_letters_are_the_ascii_ones() -> None:
    assert normalize_name(fullwidth("IHI Aerospace")) == normalize_name("IHI Aerospace")


def test_accents_are_dropped() -> None:
    assert normalize_name("Société Générale") == normalize_name("Societe Generale")


def test_punctuation_and_white_space_are_folded() -> None:
    assert normalize_name("Mitsubishi  Heavy-Industries,") == normalize_name(
        "Mitsubishi Heavy Industries"
    )


def test_ampersand_is_and() -> None:
    assert normalize_name("Marine Machinery & Equipment") == normalize_name(
        "Marine Machinery and Equipment"
    )


def test_word_order_does_not_matter() -> None:
    assert normalize_name("Aerospace IHI") == normalize_name("IHI Aerospace") == "aerospace ihi"


@pytest.mark.parametrize(
    "name",
    [
        "IHI Aerospace",
        "IHI Aerospace Co., Ltd.",
        "IHI Aerospace Co. Ltd",
        "IHI Aerospace Corporation",
        "IHI Aerospace Corp.",
        "IHI Aerospace Inc.",
        "IHI Aerospace K.K.",
        "IHI Aerospace KK",
        "Kabushiki Kaisha IHI Aerospace",
        "IHI Aerospace GmbH",
        "IHI Aerospace LLC",
        "IHI Aerospace Limited",
        "IHI Aerospace Company",
        "IHI Aerospace Company Limited",
        "IHI Aerospace Pte. Ltd.",
        "IHI Aerospace S.A.",
        "IHI Aerospace PLC",
    ],
)
def test_legal_forms_are_dropped(name: str) -> None:
    assert normalize_name(name) == "aerospace ihi"


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Co., Ltd.", "co ltd"),
        ("K.K.", "kk"),
        ("Limited Company", "company limited"),
        ("Kabushiki Kaisha", "kabushiki kaisha"),
    ],
)
def test_a_name_made_only_of_legal_forms_is_kept(name: str, normalized: str) -> None:
    assert normalize_name(name) == normalized


def test_legal_form_words_inside_a_word_are_kept() -> None:
    # "co" and "inc" are legal forms as words only, not as parts of words.
    assert normalize_name("Cobalt Holdings Co.") == "cobalt holdings"
    assert normalize_name("Incoterm Costa") == "costa incoterm"


def test_normalisation_is_idempotent() -> None:
    once = normalize_name("Mitsubishi Heavy Industries Marine Machinery & Equipment Co., Ltd.")

    assert normalize_name(once) == once
    assert once == "and equipment heavy industries machinery marine mitsubishi"


def test_empty_and_punctuation_only_names_normalise_to_nothing() -> None:
    assert normalize_name("") == ""
    assert normalize_name(" .,;- ") == ""


def test_letters_with_a_stroke_are_folded_like_accents() -> None:
    assert normalize_name("Ørsted") == normalize_name("Orsted")
    assert normalize_name("Łódź Metals") == normalize_name("Lodz Metals")
    assert normalize_name("Đuro Đaković") == normalize_name("Duro Dakovic")
