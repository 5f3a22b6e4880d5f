"""Vocabulary for synthetic records: invented place words, company name parts, countries.

Nothing here names a real deposit or company: place words are built from syllables, and the
company-name parts are generic industry words and legal forms (which screening must strip).
"""

from __future__ import annotations

import random


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SYLLABLES = _words(
    "ka ro mi ta be lo na du ri se vo ga ha ne pi tu ma sa ke li zo ra fe mo bu ye wa "
    "dan tor mel kir bar san gol ven dor lin mar tal ber kan rim sol tem har nor vik "
    "ash bel cor dal el fin gar hol in jar kel lum mon nev or pel quin ros sten tul ur"
)

DEPOSIT_FEATURES = (
    "Hill", "Ridge", "Creek", "North", "South", "East", "West", "Range", "Flats", "Valley",
    "Springs", "Well", "Peak", "Gully", "Plateau", "Bore", "Pit",
)  # fmt: skip
DEPOSIT_PREFIXES = ("Mount", "Lake", "Camp", "Port", "Cape")

INDUSTRY_WORDS = (
    "Rare Earths", "Mining", "Resources", "Metals", "Minerals", "Lithium", "Materials",
    "Magnetics", "Technology", "Industries", "Holdings", "Aerospace", "Electronics",
    "Engineering", "Shipbuilding", "Chemicals", "Energy", "Alloys", "Precision Machinery",
    "New Materials", "Nonferrous Metals", "Semiconductor", "Battery", "Exploration",
)  # fmt: skip
LEGAL_FORMS = (
    "Co., Ltd.", "Corporation", "Inc.", "Ltd", "LLC", "GmbH", "K.K.", "S.A.", "PLC",
    "Pty Ltd", "AG", "JSC", "Limited", "Group Co., Ltd.", "Corp.", "",
)  # fmt: skip
RESEARCH_FIELDS = (
    "Metallurgy", "Rare Earth Research", "Materials Science", "Applied Physics",
    "Geological Sciences", "Advanced Technology", "Mineral Processing",
)  # fmt: skip
BODY_TEMPLATES = (
    "Ministry of Commerce of {country}",
    "Ministry of Mines of {country}",
    "{country} Geological Survey",
    "Export Control Office of {country}",
    "Customs Administration of {country}",
)
PUBLISHERS = (
    "Mining Weekly Desk", "Metals Bulletin Review", "Critical Minerals Monitor",
    "Official Gazette", "Trade Ministry Notices", "Geological Survey Reports",
    "Resource Investor Daily", "Supply Chain Observer", "Energy Transition Journal",
    "Company Filings Digest",
)  # fmt: skip
SOURCE_TOPICS = (
    "rare-earth supply", "lithium projects", "export licensing", "magnet supply chains",
    "resource estimates", "exploration results", "critical-minerals cooperation",
    "control-list updates", "processing capacity", "offtake agreements",
)  # fmt: skip
AGREEMENT_TOPICS = (
    "Critical Minerals", "Rare Earth Supply", "Battery Materials", "Magnet Supply Chain",
    "Mineral Processing", "Exploration Cooperation", "Strategic Stockpile", "Recycling",
)  # fmt: skip
SCOPES = (
    "metal, alloys and oxides", "compounds and oxides", "permanent magnets",
    "processing and separation technology", "metal and compounds", "targets and sputtering",
    "all forms", "ores and concentrates",
)  # fmt: skip
CITATION_NOTES = (
    "", "", "", "Figure as reported.", "Date from the announcement.", "Named in the text.",
    "Not confirmed by the operator.", "Restated from an earlier report.",
)  # fmt: skip
DESCRIPTIONS = (
    "{type} deposit; drilling results reported in {year}.",
    "{type} occurrence identified by a regional survey in {year}.",
    "{type} project with a scoping study published in {year}.",
    "{type} deposit; ownership changed in {year}.",
    "{type} prospect; samples assayed in {year}.",
)

#: Elements found in generated deposits (rare earths weighted in by repetition).
DEPOSIT_ELEMENTS = _words(
    "La Ce Pr Nd Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Y Sc "
    "La Ce Pr Nd Dy Tb Y Nd Pr "
    "Li Co Ni Cu Nb Ta Ga Ge W Sn Sb Mn V Ti Zr Hf Te In Be Mo Pt Pd Fe Al Th U Bi C Zn Pb"
)
#: Elements controlled by generated measures.
CONTROLLED_ELEMENTS = _words(
    "La Ce Pr Nd Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Y Sc Ga Ge Sb W Te Bi Mo In Li Co Ni Nb Ta C"
)

#: (ISO 3166-1 alpha-2, weight, lat_min, lat_max, lon_min, lon_max): rough bounding boxes.
COUNTRIES: tuple[tuple[str, int, float, float, float, float], ...] = (
    ("AU", 12, -39, -12, 114, 153), ("CN", 14, 22, 48, 80, 125), ("US", 8, 26, 48, -124, -68),
    ("CA", 7, 43, 68, -135, -60), ("BR", 6, -30, 2, -70, -36), ("IN", 6, 9, 32, 69, 92),
    ("RU", 5, 45, 70, 30, 170), ("ZA", 4, -34, -23, 17, 32), ("CL", 4, -50, -18, -75, -68),
    ("AR", 3, -50, -22, -72, -54), ("KZ", 3, 41, 55, 47, 86), ("MN", 3, 42, 51, 88, 118),
    ("VN", 2, 9, 23, 103, 109), ("MM", 2, 10, 28, 93, 101), ("MY", 1, 1, 7, 100, 119),
    ("GL", 2, 60, 78, -70, -20), ("TZ", 2, -11, -1, 30, 40), ("MG", 2, -25, -12, 43, 50),
    ("CD", 2, -13, 5, 12, 31), ("NA", 1, -28, -17, 12, 25), ("MW", 1, -17, -9, 33, 36),
    ("KE", 1, -4, 4, 34, 41), ("SE", 1, 55, 69, 11, 24), ("FI", 1, 60, 70, 21, 31),
    ("NO", 1, 58, 71, 5, 30), ("DE", 1, 47, 55, 6, 15), ("ES", 1, 36, 43, -9, 3),
    ("PT", 1, 37, 42, -9, -6), ("JP", 1, 31, 45, 130, 145), ("KR", 1, 34, 38, 126, 129),
    ("ID", 2, -9, 5, 95, 140), ("PH", 1, 5, 19, 117, 126), ("PE", 2, -18, -1, -81, -69),
    ("BO", 2, -22, -10, -69, -58), ("MX", 2, 15, 32, -117, -87), ("TR", 1, 36, 42, 26, 44),
    ("SA", 1, 17, 31, 36, 55), ("UZ", 1, 37, 45, 56, 73), ("ZW", 1, -22, -16, 26, 33),
    ("NG", 1, 4, 13, 3, 14), ("GB", 1, 50, 58, -6, 1), ("FR", 1, 43, 50, -1, 7),
)  # fmt: skip


def place_words(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct invented place words ('Karodan', 'Velmi'), in a seeded order."""
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
        if len(word) >= 4 and word not in seen:
            seen.add(word)
            words.append(word)
    return words
