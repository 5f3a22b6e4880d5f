#!/usr/bin/env python
"""Benchmark name screening (``/api/v1/screening/``) against a large synthetic registry.

Run from the project root, on a scratch database::

    DJANGO_SETTINGS_MODULE=minerals_api.settings.base \\
    DATABASE_URL=sqlite:////tmp/screen-bench.sqlite3 \\
    .venv/bin/python bench/screening.py --entities 100000

What it does, all in one process:

1. migrates the scratch database (an SQLite file is deleted and recreated first; any other
   database must hold no entities yet);
2. bulk-creates N entities with company-like names (deterministic for a given ``--seed``),
   about a quarter with an abbreviation alias, one in twenty under a parent, and an in-force
   end-user restriction listing 200 of them;
3. through Django's test ``Client``, times the first screening request (which builds the
   in-memory name index), then 200 single-name screenings (exact names with another legal
   form, names with one or two typos, names that match nothing), a batch of 50 names (POST),
   and the first request after an alias is added (the index is rebuilt);
4. prints a Markdown report and writes it to ``bench/results/screening-<YYYY-MM-DD>.md``.

``--profile`` adds a cProfile summary of the single-name requests to the report.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import functools
import io
import os
import platform
import pstats
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# --- synthetic names ---------------------------------------------------------------------

SYLLABLES = (
    "ka", "ta", "mi", "ra", "no", "su", "ri", "ze", "to", "ha", "shi", "ya", "ma", "do", "ko",
    "ne", "sa", "ki", "lo", "vi", "tek", "lon", "var", "dia", "pro", "neo", "tri", "sol", "mag",
    "ner", "cor", "dyn", "max", "gen", "tor", "bel", "cam", "den", "fu", "jin",
)  # fmt: skip
PLACES = (
    "Nippon", "Tokyo", "Osaka", "Nagoya", "Kobe", "Kyushu", "Hokkaido", "Chiba", "Sendai",
    "Hiroshima", "Pacific", "Asia", "Orient", "Bharat", "Hindustan", "Pune", "Chennai",
    "Gujarat", "Odisha", "Kerala", "Rajasthan", "Baotou", "Ganzhou", "Jiangxi", "Inner Mongolia",
    "Pilbara", "Queensland", "Nevada", "Ontario", "Baltic", "Rhine", "Nordic", "Andes",
)  # fmt: skip
SURNAMES = (
    "Mitsuda", "Takahashi", "Yamamoto", "Suzuki", "Kobayashi", "Sato", "Watanabe", "Nakamura",
    "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue", "Kimura", "Hayashi", "Shimizu", "Mori",
    "Tata", "Mahindra", "Birla", "Agarwal", "Iyer", "Anderson", "Fischer", "Schmidt", "Müller",
    "Dupont", "Rossi", "Lindqvist", "Novak", "O'Neill", "García", "Søndergaard",
)  # fmt: skip
MIDDLES = (
    "Advanced", "Applied", "Specialty", "International", "Integrated", "Fine", "Global",
    "United", "General", "Precision", "Industrial", "Strategic",
)  # fmt: skip
SECTORS = (
    "Heavy Industries", "Materials", "Metals", "Mining", "Rare Earths", "Magnetics", "Aerospace",
    "Electronics", "Chemicals", "Trading", "Shipbuilding", "Engineering", "Energy", "Resources",
    "Minerals", "Alloys", "Technologies", "Systems", "Logistics", "Steel", "Battery",
    "Semiconductor", "Machinery", "Holdings", "Defense & Security", "Marine", "Aviation",
    "Motors", "Optics", "Ceramics",
)  # fmt: skip
LEGAL_FORMS = (
    "Co., Ltd.", "Corporation", "K.K.", "Inc.", "Ltd.", "GmbH", "LLC", "Limited", "Pvt. Ltd.",
    "S.A.", "PLC", "AG", "Pty Ltd", "Company", "",
)  # fmt: skip
#: Words of names that match nothing in the registry.
STRANGERS = (
    "Harbour", "Bakery", "Cooperative", "Orchard", "Vineyard", "Publishing", "Textiles",
    "Furniture", "Dairy", "Pottery", "Brewing", "Florist", "Tailors", "Bookbinders", "Cheese",
    "Lighthouse", "Meadow", "Willow", "Quarry Lane", "Saddlery",
)  # fmt: skip


def brand(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def company_name(rng: random.Random) -> str:
    first = rng.random()
    if first < 0.45:
        head = brand(rng)
    elif first < 0.75:
        head = rng.choice(SURNAMES)
    else:
        head = f"{rng.choice(PLACES)} {brand(rng)}"
    words = [head]
    if rng.random() < 0.4:
        words.append(rng.choice(MIDDLES))
    words.append(rng.choice(SECTORS))
    if rng.random() < 0.2:
        words.append(rng.choice(SECTORS))
    legal = rng.choice(LEGAL_FORMS)
    name = " ".join(words)
    return f"{name}, {legal}" if legal and rng.random() < 0.3 else f"{name} {legal}".strip()


def abbreviation(name: str) -> str:
    from apps.screening.normalize import LEGAL_FORM_TOKENS, fold_name

    words = [w for w in fold_name(name).split() if w not in LEGAL_FORM_TOKENS and w != "and"]
    return "".join(w[0] for w in words).upper()


def typo(rng: random.Random, text: str, count: int) -> str:
    """``text`` with ``count`` letter edits (substitution, deletion, transposition), never on
    the first letter of a word."""
    chars = list(text)
    for _ in range(count):
        positions = [
            i for i in range(1, len(chars) - 1) if chars[i].isalpha() and chars[i - 1].isalpha()
        ]
        if not positions:
            break
        i = rng.choice(positions)
        edit = rng.choice(("substitute", "delete", "transpose"))
        if edit == "substitute":
            chars[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
        elif edit == "delete":
            del chars[i]
        elif chars[i + 1].isalpha():
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def without_legal_form(name: str) -> str:
    for legal in sorted(LEGAL_FORMS, key=len, reverse=True):
        if legal and name.endswith(legal):
            return name[: -len(legal)].rstrip(" ,")
    return name


# --- set-up ----------------------------------------------------------------------------------


def prepare_environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minerals_api.settings.base")
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/screen-bench.sqlite3")
    os.environ.setdefault("DJANGO_DEBUG", "false")  # no query log: as in production
    os.environ.setdefault("API_THROTTLE_ANON", "1000000/minute")  # measure work, not 429s
    url = urlparse(os.environ["DATABASE_URL"])
    if url.scheme in {"sqlite", "sqlite3"}:
        path = Path(url.path)
        if path.resolve() == (ROOT / "db.sqlite3").resolve():
            sys.exit("Refusing to use the development database; point DATABASE_URL elsewhere.")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


@dataclass
class Registry:
    names: list[str]
    aliases: int
    restricted: int
    seconds: float


def build_registry(count: int, seed: int) -> Registry:
    from django.core.management import call_command
    from django.db import transaction

    from apps.controls.models import ControlMeasure, EntityRestriction
    from apps.entities.models import Entity, EntityAlias

    call_command("migrate", verbosity=0)
    if Entity.objects.exists():
        sys.exit("The database already holds entities: use an empty scratch database.")
    rng = random.Random(seed)
    started = time.perf_counter()
    names = [company_name(rng) for _ in range(count)]
    countries = ("JP", "IN", "CN", "US", "AU", "DE", "KR", "FR", "GB", "CA")
    with transaction.atomic():
        entities = Entity.objects.bulk_create(
            [
                Entity(
                    slug=f"bench-{n}",
                    name=name,
                    kind="company",
                    country=rng.choice(countries),
                )
                for n, name in enumerate(names)
            ],
            batch_size=5000,
        )
        children = [e for e in entities[100:] if rng.random() < 0.05]
        for child in children:
            child.parent_id = entities[rng.randrange(0, 100)].pk
        Entity.objects.bulk_update(children, ["parent"], batch_size=5000)
        aliases = []
        for entity in entities:
            if rng.random() < 0.25:
                short = abbreviation(entity.name)
                if len(short) >= 2:
                    aliases.append(EntityAlias(entity=entity, name=short, kind="abbreviation"))
        EntityAlias.objects.bulk_create(aliases, batch_size=5000)
        authority = Entity.objects.create(
            slug="bench-authority", name="Bench Ministry of Commerce", kind="government_body"
        )
        measure = ControlMeasure.objects.create(
            slug="bench-end-user-list",
            reference="Bench Announcement No. 1",
            title="Bench end-user list",
            authority=authority,
            kind="end_user_restriction",
            effective_from=datetime.date(2026, 2, 24),
        )
        listed = rng.sample(entities, min(200, len(entities)))
        EntityRestriction.objects.bulk_create(
            [EntityRestriction(measure=measure, entity=entity) for entity in listed]
        )
    return Registry(names, len(aliases), len(listed), time.perf_counter() - started)


def queries(names: Sequence[str], count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` (kind, name) pairs: 40 % exact, 20 % one typo, 10 % two typos, 30 % no match."""
    rng = random.Random(seed + 1)
    chosen: list[tuple[str, str]] = []
    for n in range(count):
        real = rng.choice(names)
        slot = n % 10
        if slot < 4:
            other_form = rng.choice([f for f in LEGAL_FORMS if f])
            chosen.append(("exact", f"{without_legal_form(real)} {other_form}"))
        elif slot < 6:
            chosen.append(("one typo", typo(rng, real, 1)))
        elif slot < 7:
            chosen.append(("two typos", typo(rng, real, 2)))
        else:
            words = rng.sample(STRANGERS, 3)
            chosen.append(("no match", f"{' '.join(words)} {rng.choice(LEGAL_FORMS)}".strip()))
    return chosen


# --- measuring -------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def check(response: Any) -> dict[str, Any]:
    if response.status_code != 200:
        raise SystemExit(f"HTTP {response.status_code}: {response.content[:500]!r}")
    return response.json()


@dataclass
class Figures:
    first_ms: float
    single_ms: dict[str, list[float]]
    hits: dict[str, tuple[int, int]]  # kind -> (queries with a match, queries)
    batch_ms: list[float]
    rebuild_ms: float
    after_rebuild_ms: float
    indexed_names: int
    peak_rss_mb: float
    breakdown: dict[str, list[float]]
    load: tuple[str, str]
    profile: str


def measure(registry: Registry, seed: int, profile: bool) -> Figures:
    from django.test import Client

    from apps.entities.models import Entity, EntityAlias
    from apps.screening import index

    load_before = load_average()
    client = Client()
    url = "/api/v1/screening/"
    as_of = "2026-03-01"
    check(client.get("/api/v1/controlled-elements/"))  # imports and URL resolution, warmed

    first_ms, _ = timed(lambda: check(client.get(url, {"name": registry.names[0]})))
    indexed = len(index.name_index().names)

    sample = queries(registry.names, 200, seed)
    for _, name in sample[:10]:  # warm the interpreter's caches, not the index
        check(client.get(url, {"name": name, "as_of": as_of}))
    single: dict[str, list[float]] = {}
    hits: dict[str, tuple[int, int]] = {}
    profiler = cProfile.Profile() if profile else None
    for kind, name in sample:
        params = {"name": name, "as_of": as_of}
        if profiler:
            profiler.enable()
        ms, body = timed(lambda params=params: check(client.get(url, params)))  # type: ignore[misc]
        if profiler:
            profiler.disable()
        single.setdefault(kind, []).append(ms)
        matched, total = hits.get(kind, (0, 0))
        hits[kind] = (matched + bool(body["matches"]), total + 1)

    batch_names = [name for _, name in sample[:50]]
    batch_ms = []
    for _ in range(5):
        ms, body = timed(
            lambda: check(
                client.post(
                    url, {"names": batch_names, "as_of": as_of}, content_type="application/json"
                )
            )
        )
        assert len(body["results"]) == 50
        batch_ms.append(ms)

    # A curator adds an alias: the next request rebuilds the index.
    entity = Entity.objects.order_by("pk")[0]
    EntityAlias.objects.create(entity=entity, name="Bench Added Alias", kind="other")
    rebuild_ms, body = timed(lambda: check(client.get(url, {"name": "Bench Added Alias"})))
    assert body["matches"] and body["matches"][0]["entity"]["id"] == entity.pk
    after_ms, _ = timed(lambda: check(client.get(url, {"name": "Bench Added Alias"})))

    breakdown = direct_breakdown([name for _, name in sample], as_of)

    text = ""
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats("cumulative").print_stats(25)
        text = out.getvalue()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Figures(
        first_ms,
        single,
        hits,
        batch_ms,
        rebuild_ms,
        after_ms,
        indexed,
        rss_mb,
        breakdown,
        (load_before, load_average()),
        text,
    )


def direct_breakdown(names: Sequence[str], as_of: str) -> dict[str, list[float]]:
    """Where a single-name request spends its time: the steps of the service, called
    directly (no HTTP, no serialisation), once per name of the sample."""
    from apps.screening import index, services

    on = datetime.date.fromisoformat(as_of)
    steps: dict[str, list[float]] = {
        "index version check (2 queries)": [],
        "match: look up words, score names sharing one (IDF-weighted)": [],
        "restrictions of the matches, their parents and subsidiaries": [],
    }
    current = index.name_index()
    for name in names:
        steps["index version check (2 queries)"].append(timed(index._version)[0])
        seconds, hits = timed(
            functools.partial(services.match_name, current, name, services.DEFAULT_THRESHOLD, set())
        )
        steps["match: look up words, score names sharing one (IDF-weighted)"].append(seconds)
        related = services._related(
            [current.entities[entry.entity_id] for _, entry in hits[:10]], current
        )
        steps["restrictions of the matches, their parents and subsidiaries"].append(
            timed(functools.partial(services.restrictions_on, on, related))[0]
        )
    return steps


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# --- report ----------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram}


def versions() -> dict[str, str]:
    import django
    import rapidfuzz
    from django.db import connection

    with connection.cursor():
        pass
    vendor = connection.vendor
    if vendor == "sqlite":
        import sqlite3

        db = f"SQLite {sqlite3.sqlite_version}"
    else:
        db = f"{connection.display_name} {'.'.join(map(str, connection.get_database_version()))}"
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "rapidfuzz": rapidfuzz.__version__,
        "database": db,
    }


def row(label: str, values: Sequence[float]) -> str:
    return (
        f"| {label} | {len(values)} | {percentile(values, 50):.1f} | {percentile(values, 95):.1f} "
        f"| {percentile(values, 99):.1f} | {max(values):.1f} |"
    )


def report(n: int, seed: int, registry: Registry, figures: Figures) -> str:
    from apps.screening.services import DEFAULT_THRESHOLD

    host, soft = machine(), versions()
    everything = [ms for values in figures.single_ms.values() for ms in values]
    lines = [
        f"# Screening benchmark, {datetime.date.today().isoformat()}",
        "",
        "`bench/screening.py --entities "
        f"{n} --seed {seed}`: in-process, through Django's test Client (no network, no "
        "server), anonymous requests, `DEBUG` off, default threshold "
        f"{DEFAULT_THRESHOLD}, `as_of=2026-03-01`.",
        "",
        "| machine | |",
        "| --- | --- |",
        f"| CPUs (nproc) | {host['nproc']} |",
        f"| CPU | {host['cpu']} |",
        f"| RAM | {host['ram']} |",
        f"| Python | {soft['python']} |",
        f"| Django | {soft['django']} |",
        f"| rapidfuzz | {soft['rapidfuzz']} |",
        f"| database | {soft['database']} |",
        f"| load average (1, 5, 15 min) before / after | {figures.load[0]} / {figures.load[1]} |",
        "",
        "| data | |",
        "| --- | --- |",
        f"| entities | {n:,} |",
        f"| aliases | {registry.aliases:,} |",
        f"| names in the index (names + aliases) | {figures.indexed_names:,} |",
        f"| restricted entities (one in-force end-user list) | {registry.restricted} |",
        f"| time to create them (bulk insert) | {registry.seconds:.1f} s |",
        f"| peak RSS of the process | {figures.peak_rss_mb:.0f} MiB |",
        "",
        "| request | n | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | --- | --- | --- | --- | --- |",
        row("single name, all kinds", everything),
        *(row(f"single name, {kind}", values) for kind, values in figures.single_ms.items()),
        row("batch of 50 names (POST)", figures.batch_ms),
        row("batch of 50, per name", [ms / 50 for ms in figures.batch_ms]),
        "",
        "| where a single-name request spends its time (direct calls) | n | p50 ms | p95 ms "
        "| p99 ms | max ms |",
        "| --- | --- | --- | --- | --- | --- |",
        *(row(step, values) for step, values in figures.breakdown.items()),
        "",
        "| one-off | ms |",
        "| --- | --- |",
        f"| first screening request (builds the index) | {figures.first_ms:.0f} |",
        f"| first request after an alias is added (rebuilds it) | {figures.rebuild_ms:.0f} |",
        f"| the request after that | {figures.after_rebuild_ms:.1f} |",
        "",
        "| query kind | with a match |",
        "| --- | --- |",
        *(f"| {kind} | {hit} of {total} |" for kind, (hit, total) in figures.hits.items()),
    ]
    if figures.profile:
        lines += [
            "",
            "## cProfile of the single-name requests (cumulative, top 25)",
            "",
            "```",
            figures.profile.strip(),
            "```",
        ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=100_000, help="how many (default 100000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed for the names")
    parser.add_argument("--profile", action="store_true", help="add a cProfile summary")
    parser.add_argument(
        "--output", type=Path, default=None, help="report file (default bench/results/...)"
    )
    args = parser.parse_args(argv)
    if args.entities < 100:
        parser.error("--entities must be at least 100")

    prepare_environment()
    registry = build_registry(args.entities, args.seed)
    figures = measure(registry, args.seed, args.profile)
    text = report(args.entities, args.seed, registry, figures)
    print(text)
    output = args.output or RESULTS / f"screening-{datetime.date.today().isoformat()}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    print(f"Written to {output}")


if __name__ == "__main__":
    main()
