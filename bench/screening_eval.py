#!/usr/bin/env python
"""Precision and recall of name screening on a labelled set of queries (``make bench-screening``).

The queries (bench/screening_eval.yaml) are what compliance users type: exact names, typos,
acronyms, romanised and native-script names, partial names, and real companies that are in
none of our lists and must not match. Each names the entity (by seed slug) it should find, or
none.

The index is built from the seed files (seeds/entities.yaml), not from a database, and every
query goes through the same scoring function as ``/api/v1/screening/``
(:func:`apps.screening.services.match_name`) at the default threshold. A query counts as:

- a true positive when its best match is the expected entity (or one of ``also``);
- a false positive when it matches something although it expects nothing, or when its best
  match is another entity (which is also a false negative);
- a false negative when it expects an entity and its best match is not it.

Precision is TP / (TP + FP), recall TP / (queries that expect an entity).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "bench" / "screening_eval.yaml"
ENTITIES = ROOT / "seeds" / "entities.yaml"


@dataclass(frozen=True)
class Outcome:
    query: str
    kind: str
    expected: str | None
    found: str | None
    score: float | None
    verdict: str  # "tp", "tn", "fp", "fn" or "wrong" (an FP and an FN at once)


def load_index() -> tuple[Any, dict[int, str]]:
    import yaml

    from apps.screening.index import build_index

    records = yaml.safe_load(ENTITIES.read_text())
    ids = {record["slug"]: number for number, record in enumerate(records, start=1)}
    entity_rows = [
        (ids[r["slug"]], r["name"], r["kind"], r["country"], ids.get(r["parent"])) for r in records
    ]
    alias_rows = [
        (ids[r["slug"]], alias["name"], alias["kind"]) for r in records for alias in r["aliases"]
    ]
    return build_index((0, 0), entity_rows, alias_rows), {v: k for k, v in ids.items()}


def evaluate(threshold: float) -> tuple[list[Outcome], float]:
    import yaml

    from apps.screening.services import match_name

    index, slugs = load_index()
    outcomes = []
    started = time.perf_counter()
    for case in yaml.safe_load(EVAL_SET.read_text()):
        expected = case["expect"]
        accepted = {expected, *case.get("also", [])} - {None}
        hits = match_name(index, case["query"], threshold, ())
        found = slugs[hits[0][1].entity_id] if hits else None
        score = hits[0][0].score if hits else None
        if expected is None:
            verdict = "tn" if found is None else "fp"
        elif found in accepted:
            verdict = "tp"
        else:
            verdict = "fn" if found is None else "wrong"
        outcomes.append(Outcome(case["query"], case["kind"], expected, found, score, verdict))
    return outcomes, time.perf_counter() - started


def report(outcomes: Sequence[Outcome], threshold: float, seconds: float) -> str:
    counts = Counter(outcome.verdict for outcome in outcomes)
    tp, fp = counts["tp"], counts["fp"] + counts["wrong"]
    positives = sum(1 for outcome in outcomes if outcome.expected is not None)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else 1.0
    lines = [
        f"Screening evaluation: {len(outcomes)} queries ({positives} expect an entity, "
        f"{len(outcomes) - positives} expect none), threshold {threshold:g}, "
        f"{1000 * seconds / max(len(outcomes), 1):.2f} ms a query",
        f"precision {precision:.3f}  recall {recall:.3f}  "
        f"(TP {tp}, FP {fp}, FN {counts['fn'] + counts['wrong']}, TN {counts['tn']})",
        "",
        "| kind | queries | right | wrong |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind in sorted({outcome.kind for outcome in outcomes}):
        of_kind = [outcome for outcome in outcomes if outcome.kind == kind]
        right = sum(1 for outcome in of_kind if outcome.verdict in {"tp", "tn"})
        lines.append(f"| {kind} | {len(of_kind)} | {right} | {len(of_kind) - right} |")
    misses = [outcome for outcome in outcomes if outcome.verdict not in {"tp", "tn"}]
    if misses:
        lines += ["", "Misses:"]
        lines += [
            f"- {m.verdict}: {m.query!r} ({m.kind}) expected {m.expected}, found {m.found}"
            + (f" at {m.score}" if m.score is not None else "")
            for m in misses
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=None, help="default: the API's")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minerals_api.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from apps.screening.services import DEFAULT_THRESHOLD

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    outcomes, seconds = evaluate(threshold)
    print(report(outcomes, threshold, seconds))


if __name__ == "__main__":
    main()
