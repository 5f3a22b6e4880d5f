"""``make bench``: the API under wrk on SQLite and PostgreSQL, beside a floor and Datasette.

For each database it serves the production-like configuration (gunicorn, settings
``minerals_api.settings.bench``: DEBUG off, throttling off) and drives it with wrk from a
separate process over loopback, one endpoint and concurrency at a time: a short warm-up, then a
measured run. In the same run it measures the hand-written floor (``/bench/floor/deposits/``,
same JSON as the deposits list) and, on SQLite, Datasette serving the same file. At the end of
each database's run it reads the peak RSS (VmHWM) of every gunicorn worker.

Results: ``bench/results/<date>-<scale>.md`` (+ ``.json`` with the raw numbers).

Everything is configurable by option or environment variable (``BENCH_*``), e.g. a quick
re-run of two cases on PostgreSQL only::

    BENCH_DBS=postgres BENCH_CASES=list50,detail BENCH_CONCURRENCY=8 make bench

Run ``python bench/run.py --help`` for the list. Needs wrk (installed with apt-get when missing
and running as root) and, for the Datasette comparison, bench/.venv-datasette (created with pip
when missing).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"
RESULTS = BENCH / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATASETTE_VENV = BENCH / ".venv-datasette"
LUA = BENCH / "wrk" / "report.lua"
PG_BASE = "postgres://postgres@127.0.0.1:5432/"

ALL_CASES = (
    "list50",
    "floor50",
    "list1000",
    "floor1000",
    "datasette50",
    "datasette1000",
    "filtered",
    "search",
    "detail",
    "geojson1000",
    "csv1000",
    "screen1",
    "screen50",
    "controlled",
    "changes",
    "list50-cached",
    "detail-cached",
    "screen1-cached",
    "controlled-cached",
)
DESCRIPTIONS = {
    "list50": "deposits list, limit=50",
    "list1000": "deposits list, limit=1000",
    "floor50": "floor (values()+orjson), limit=50",
    "floor1000": "floor (values()+orjson), limit=1000",
    "datasette50": "Datasette table JSON, _size=50",
    "datasette1000": "Datasette table JSON, _size=1000",
    "filtered": "deposits ?country=AU&element=Nd",
    "search": "deposits ?q=<place word>",
    "detail": "deposit detail",
    "geojson1000": "deposits ?format=geojson&limit=1000",
    "csv1000": "deposits ?format=csv&limit=1000",
    "screen1": "screening GET one name",
    "screen50": "screening POST 50 names",
    "controlled": "controlled elements (today)",
    "changes": "change feed page (100 events)",
    "list50-cached": "deposits list, limit=50, from the response cache",
    "detail-cached": "deposit detail, from the response cache",
    "screen1-cached": "screening GET one name, from the response cache",
    "controlled-cached": "controlled elements (today), from the response cache",
}
#: Sent by every API case but the ``-cached`` ones: the work itself is measured, not the
#: response cache (apps/core/api/response_cache.py), so the floor and Datasette compare fairly.
FRESH = {"Cache-Control": "no-cache"}


def _nice_default() -> str:
    return "-10" if hasattr(os, "geteuid") and os.geteuid() == 0 else "0"


def env(name: str, default: str) -> str:
    return os.environ.get(f"BENCH_{name}", default)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--scale", default=env("SCALE", "M"), choices=["S", "M", "L"])
    p.add_argument("--dbs", default=env("DBS", "sqlite,postgres"), help="sqlite,postgres")
    p.add_argument("--cases", default=env("CASES", ",".join(ALL_CASES)), help="comma list")
    p.add_argument("--concurrency", default=env("CONCURRENCY", "1,8,32"))
    p.add_argument("--duration", type=int, default=int(env("DURATION", "5")), help="seconds")
    p.add_argument("--warmup", type=int, default=int(env("WARMUP", "1")), help="seconds")
    p.add_argument("--workers", type=int, default=int(env("WORKERS", "2")))
    p.add_argument("--worker-class", default=env("WORKER_CLASS", "gthread"))
    p.add_argument("--threads", type=int, default=int(env("THREADS", "4")))
    p.add_argument(
        "--single-worker",
        default=env("SINGLE_WORKER", "1"),
        help="1: also run list50/list1000 against a 1-worker server on SQLite, "
        "for a process-for-process comparison with Datasette (a single process)",
    )
    p.add_argument("--sqlite", default=env("SQLITE", ""), help="default bench/work/<scale>.sqlite3")
    p.add_argument("--pg-url", default=env("PG_URL", ""), help="default .../minerals_bench[_l|_s]")
    p.add_argument(
        "--nice",
        type=int,
        default=int(env("NICE", _nice_default())),
        help="niceness increment for the servers and wrk (default -10 as root: shields the "
        "measurement from other work on a shared machine; 0 to turn off)",
    )
    p.add_argument("--port", type=int, default=int(env("PORT", "0")), help="default: a free port")
    p.add_argument("--out", default=env("OUT", ""), help="results file (.md); default dated")
    p.add_argument(
        "--data-only", action="store_true", help="only create the databases (make bench-data)"
    )
    return p.parse_args()


# --- environment ---------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: install Debian's package (apt-get install wrk).")
    print("Installing wrk with apt-get...", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk still missing after apt-get install")


def ensure_datasette() -> Path:
    exe = DATASETTE_VENV / "bin" / "datasette"
    if not exe.exists():
        print("Creating bench/.venv-datasette with Datasette from PyPI...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        pip = DATASETTE_VENV / "bin" / "pip"
        subprocess.run([str(pip), "install", "-q", "datasette"], check=True)
    return exe


def pg_url_for(scale: str, given: str) -> str:
    if given:
        return given
    return PG_BASE + ("minerals_bench" if scale == "M" else f"minerals_bench_{scale.lower()}")


def sqlite_path_for(scale: str, given: str) -> Path:
    return Path(given) if given else WORK / f"{scale.lower()}.sqlite3"


def database_url(db: str, args: argparse.Namespace) -> str:
    if db == "sqlite":
        return f"sqlite:///{sqlite_path_for(args.scale, args.sqlite).resolve()}"
    return pg_url_for(args.scale, args.pg_url)


def django_env(url: str, settings: str = "minerals_api.settings.bench") -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DATABASE_URL": url}


def ensure_postgres_database(url: str) -> None:
    import psycopg  # the project's dependency

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_data(db: str, args: argparse.Namespace) -> dict[str, Any]:
    """Migrate and generate the scale's dataset when missing; returns generation info."""
    url = database_url(db, args)
    if db == "postgres":
        ensure_postgres_database(url)
    else:
        WORK.mkdir(parents=True, exist_ok=True)
    environment = django_env(url)  # the bench settings install bench.datagen
    manage = [str(PYTHON), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], check=True, env=environment, cwd=ROOT)
    command = [*manage, "generate_dataset", "--scale", args.scale, "--if-missing"]
    started = time.perf_counter()
    out = subprocess.run(
        command, check=True, env=environment, cwd=ROOT, capture_output=True, text=True
    ).stdout
    print(out.strip().splitlines()[-1] if out.strip() else "", flush=True)
    return {"generated_now": "already present" not in out, "seconds": time.perf_counter() - started}


# --- servers ---------------------------------------------------------------------------------


NICE = 0


def renice() -> None:
    """In the child before exec: run at the chosen priority (see --nice)."""
    if NICE:
        os.nice(NICE)


def wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not become ready")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@contextlib.contextmanager
def gunicorn(url: str, port: int, workers: int, worker_class: str, threads: int) -> Iterator[Any]:
    if not port_free(port):
        raise RuntimeError(f"port {port} is busy")
    command = [
        str(GUNICORN),
        "minerals_api.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
    ]
    log = open(WORK / f"gunicorn-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=django_env(url),
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=renice,
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/healthz")
        yield process
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen[Any]) -> None:
    """SIGTERM (a graceful shutdown for gunicorn and Datasette alike), then SIGKILL after 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def datasette(db_file: Path, port: int) -> Iterator[Any]:
    exe = ensure_datasette()
    command = [
        str(exe),
        "serve",
        str(db_file),
        "--setting",
        "default_page_size",
        "50",
        "--setting",
        "max_returned_rows",
        "1000",
        "-p",
        str(port),
        "-h",
        "127.0.0.1",
    ]
    log = open(WORK / f"datasette-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, preexec_fn=renice
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/-/versions.json")
        yield process
    finally:
        stop(process)
        log.close()


def worker_memory(master: int) -> list[dict[str, Any]]:
    """VmHWM (peak RSS) and VmRSS of each child of the gunicorn master, in MiB."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() != str(master):
            continue

        hwm, rss = (int(fields.get(k, "0 kB").split()[0]) / 1024 for k in ("VmHWM", "VmRSS"))
        workers.append({"pid": int(entry.name), "hwm_mib": hwm, "rss_mib": rss})
    return sorted(workers, key=lambda w: w["pid"])


# --- requests and wrk ------------------------------------------------------------------------


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=120) as response:
        return json.loads(response.read())


def typo(name: str) -> str:
    """A misspelling as on an invoice: one letter dropped from the longest word."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) > 4:
        words[longest] = word[: len(word) // 2] + word[len(word) // 2 + 1 :]
    return " ".join(words)


@dataclass
class Case:
    name: str
    url: str
    method: str = "GET"
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Run:
    db: str
    case: str
    concurrency: int
    workers: int
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    mean_ms: float = 0.0
    requests: int = 0
    errors: int = 0
    bytes_per_response: int = 0
    load: float = 0.0  # 1-minute load average after the run (other work on the machine)
    note: str = ""


def build_cases(base: str, scale: str, datasette_base: str | None) -> dict[str, Case]:
    """Concrete URLs, parameters picked from the data (the same on every database)."""
    api = f"{base}/api/v1"
    count = get_json(f"{api}/deposits/?limit=1&brief=true")["count"]
    middle = get_json(f"{api}/deposits/?limit=1&offset={count // 2}")["results"][0]
    word = max(middle["name"].split(), key=len).lower()
    entities = get_json(f"{api}/entities/?limit=1&brief=true")["count"]
    one = get_json(f"{api}/entities/?limit=1&offset={entities // 3}&brief=true")["results"][0]
    batch = get_json(f"{api}/entities/?limit=50&offset={entities // 2}&brief=true")["results"]
    names = [typo(e["name"]) if i % 2 else e["name"] for i, e in enumerate(batch)]
    cursor = base64.urlsafe_b64encode(f"e{count // 2}".encode()).decode().rstrip("=")
    cases = {
        "list50": Case("list50", f"{api}/deposits/?limit=50"),
        "list1000": Case("list1000", f"{api}/deposits/?limit=1000"),
        "floor50": Case("floor50", f"{base}/bench/floor/deposits/?limit=50"),
        "floor1000": Case("floor1000", f"{base}/bench/floor/deposits/?limit=1000"),
        "filtered": Case("filtered", f"{api}/deposits/?country=AU&element=Nd"),
        "search": Case("search", f"{api}/deposits/?q={urllib.parse.quote(word)}"),
        "detail": Case("detail", f"{api}/deposits/{middle['id']}/"),
        "geojson1000": Case("geojson1000", f"{api}/deposits/?format=geojson&limit=1000"),
        "csv1000": Case("csv1000", f"{api}/deposits/?format=csv&limit=1000"),
        "screen1": Case(
            "screen1", f"{api}/screening/?name={urllib.parse.quote(typo(one['name']))}"
        ),
        "screen50": Case(
            "screen50", f"{api}/screening/", "POST", json.dumps({"names": names}).encode()
        ),
        "controlled": Case("controlled", f"{api}/controlled-elements/"),
        "changes": Case("changes", f"{api}/changes/?since={cursor}"),
    }
    for case in cases.values():
        if case.url.startswith(api):
            case.headers.update(FRESH)
    for name in ("list50", "detail", "screen1", "controlled"):
        cases[f"{name}-cached"] = Case(f"{name}-cached", cases[name].url)
    if datasette_base:
        cases["datasette50"] = Case(
            "datasette50", f"{datasette_base}/deposits_deposit.json?_size=50"
        )
        cases["datasette1000"] = Case(
            "datasette1000", f"{datasette_base}/deposits_deposit.json?_size=1000"
        )
    return cases


def probe(case: Case) -> tuple[int, int]:
    """One request: (status, body size)."""
    request = urllib.request.Request(
        case.url, data=case.body, method=case.method, headers=case.headers
    )
    if case.body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())


def wrk(wrk_exe: str, case: Case, concurrency: int, seconds: int) -> dict[str, Any]:
    threads = min(2, concurrency)
    environment = dict(os.environ)
    body_file = None
    if case.body is not None:
        body_file = tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False)  # noqa: SIM115
        body_file.write(case.body)
        body_file.close()
        environment |= {"WRK_METHOD": case.method, "WRK_BODY_FILE": body_file.name}
    command = [
        wrk_exe,
        f"-t{threads}",
        f"-c{concurrency}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "-s",
        str(LUA),
        *(f"-H{name}: {value}" for name, value in case.headers.items()),
        case.url,
    ]
    try:
        out = subprocess.run(
            command, capture_output=True, text=True, env=environment, check=True, preexec_fn=renice
        ).stdout
    finally:
        if body_file:
            os.unlink(body_file.name)
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def measure(
    wrk_exe: str, db: str, case: Case, concurrency: int, args: argparse.Namespace, workers: int
) -> Run:
    run = Run(db, case.name, concurrency, workers)
    status, size = probe(case)
    run.bytes_per_response = size
    if status >= 400:
        run.note = f"HTTP {status} on probe"
        return run
    if args.warmup:
        wrk(wrk_exe, case, concurrency, args.warmup)
    result = wrk(wrk_exe, case, concurrency, args.duration)
    seconds = result["duration_us"] / 1e6
    latency = result["latency_us"]
    run.requests = result["requests"]
    run.rps = result["requests"] / seconds if seconds else 0.0
    run.p50_ms, run.p95_ms, run.p99_ms = (latency[k] / 1000 for k in ("p50", "p95", "p99"))
    run.mean_ms = latency["mean"] / 1000
    run.errors = sum(result["errors"].values())
    run.load = os.getloadavg()[0]
    if result["errors"]["status"]:
        run.note = f"{result['errors']['status']} non-2xx/3xx"
    print(
        f"  {db:8} {case.name:14} c={concurrency:<3} {run.rps:8.1f} req/s  "
        f"p50 {run.p50_ms:7.1f}  p95 {run.p95_ms:7.1f}  p99 {run.p99_ms:7.1f} ms  "
        f"{size / 1024:7.1f} KiB {run.note}",
        flush=True,
    )
    return run


# --- the report ------------------------------------------------------------------------------


def machine_info() -> dict[str, str]:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
    }


def versions(pg_url: str | None) -> dict[str, str]:
    found = {"Python": platform.python_version(), "SQLite": sqlite3.sqlite_version}
    for package in ("Django", "djangorestframework", "gunicorn", "psycopg", "orjson"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[package] = metadata.version(package)
    if pg_url:
        with contextlib.suppress(Exception):
            import psycopg

            parsed = urllib.parse.urlparse(pg_url)
            with psycopg.connect(
                host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
                dbname=parsed.path.lstrip("/"),
            ) as conn:  # fmt: skip
                row = conn.execute("SHOW server_version").fetchone()
                found["PostgreSQL"] = row[0] if row else "?"
    with contextlib.suppress(Exception):
        out = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
        found["wrk"] = out.split()[1] if out else "?"
    exe = DATASETTE_VENV / "bin" / "datasette"
    if exe.exists():
        out = subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout
        found["Datasette"] = out.strip().split()[-1]
    return found


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if a and b else "n/a"


def render(report: dict[str, Any]) -> str:
    args = report["settings"]
    lines = [
        f"# Benchmark {report['date']}: scale {args['scale']}, {', '.join(report['dbs'])}",
        "",
        "Produced by `make bench` (bench/run.py). Load from wrk on the same machine over "
        "loopback; the server, the database and wrk share the machine's cores. The `load` "
        "column is the 1-minute load average after each run: well above 3 means other work "
        "on the machine competed for the CPU during it.",
        "",
        "## Machine, versions, settings",
        "",
        "| | |",
        "| --- | --- |",
    ]
    for key, value in {**report["machine"], **report["versions"]}.items():
        lines.append(f"| {key} | {value} |")
    server = f"gunicorn {args['workers']} workers, worker class {args['worker_class']}" + (
        f", {args['threads']} threads each" if args["worker_class"] == "gthread" else ""
    )
    lines += [
        f"| server | {server}; settings minerals_api.settings.bench (DEBUG off, "
        "throttling off, persistent DB connections) |",
        f"| runs | {args['warmup']} s warm-up, then {args['duration']} s measured, per case and "
        f"concurrency; concurrency {args['concurrency']}; servers and wrk at niceness "
        f"{args.get('nice', 0)} |",
        f"| dataset | scale {args['scale']}: {report.get('dataset', '')} |",
        "",
    ]
    for db in report["dbs"]:
        runs = [r for r in report["runs"] if r["db"] == db]
        if not runs:
            continue
        lines += [
            f"## {db}",
            "",
            "| case | c | req/s | p50 ms | p95 ms | p99 ms | KiB/resp | errors | load | note |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in runs:
            label = DESCRIPTIONS.get(r["case"], r["case"])
            if r["workers"] != args["workers"] and not r["case"].startswith("datasette"):
                label += f" ({r['workers']} worker)"
            lines.append(
                f"| {label} | {r['concurrency']} | {r['rps']:.1f} | {r['p50_ms']:.1f} | "
                f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['bytes_per_response'] / 1024:.1f} | "
                f"{r['errors']} | {r.get('load', 0):.1f} | {r['note']} |"
            )
        lines.append("")
        lines += ratio_table(runs, args["workers"])
        memory = report["memory"].get(db)
        if memory:
            peaks = ", ".join(f"{w['hwm_mib']:.0f} MiB" for w in memory)
            current = ", ".join(f"{w['rss_mib']:.0f}" for w in memory)
            lines += [
                f"Peak RSS per gunicorn worker at the end of the run (VmHWM): {peaks} "
                f"(current RSS {current} MiB).",
                "",
            ]
    return "\n".join(lines) + "\n"


def ratio_table(runs: list[dict[str, Any]], workers: int) -> list[str]:
    def rps(case: str, c: int, w: int = workers) -> float:
        for r in runs:
            same_server = r["workers"] == w or case.startswith("datasette")
            if r["case"] == case and r["concurrency"] == c and same_server:
                return float(r["rps"])
        return 0.0

    concurrencies = sorted({r["concurrency"] for r in runs})
    rows = []
    for size in ("50", "1000"):
        for c in concurrencies:
            ours = rps(f"list{size}", c)
            floor = rps(f"floor{size}", c)
            ds = rps(f"datasette{size}", c)
            single = rps(f"list{size}", c, 1)
            if not (ours or floor or ds):
                continue
            rows.append(
                f"| {size} | {c} | {ours:.1f} | {floor:.1f} | {ratio(ours, floor)} | "
                f"{ds:.1f} | {ratio(ours, ds)} | {ratio(single, ds)} |"
            )
    if not rows:
        return []
    return [
        "Throughput ratios (deposits list vs the floor and Datasette; budget: ours/floor >= "
        "0.60 and ours/Datasette > 1). Datasette is one process; the last column compares a "
        "1-worker server with it.",
        "",
        "| limit | c | ours req/s | floor req/s | ours/floor | Datasette req/s | "
        "ours/Datasette | ours (1 worker)/Datasette |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
    ]


# --- main ------------------------------------------------------------------------------------


def main() -> None:
    global NICE
    args = parse_args()
    NICE = args.nice
    # Stop cleanly on SIGTERM too (finally blocks stop the servers).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    dbs = [d.strip() for d in args.dbs.split(",") if d.strip()]
    wanted = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = sorted(set(wanted) - set(ALL_CASES))
    if unknown:
        sys.exit(f"unknown case(s) {unknown}; known: {', '.join(ALL_CASES)}")
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    wrk_exe = ensure_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    out = Path(args.out) if args.out else RESULTS / f"{date}-{args.scale}.md"
    report: dict[str, Any] = {
        "date": date,
        "dbs": dbs,
        "settings": {
            "scale": args.scale,
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
            "duration": args.duration,
            "warmup": args.warmup,
            "concurrency": args.concurrency,
            "nice": args.nice,
        },
        "machine": machine_info(),
        "versions": versions(pg_url_for(args.scale, args.pg_url) if "postgres" in dbs else None),
        "runs": [],
        "memory": {},
        "data": {},
    }
    for db in dbs:
        print(f"== {db}: data", flush=True)
        report["data"][db] = ensure_data(db, args)
        if args.data_only:
            continue
        url = database_url(db, args)
        port = args.port or free_port()
        base = f"http://127.0.0.1:{port}"
        print(f"== {db}: serving on {base}", flush=True)
        use_datasette = db == "sqlite" and any(c.startswith("datasette") for c in wanted)
        ds_port = free_port()
        with gunicorn(url, port, args.workers, args.worker_class, args.threads) as server:
            db_file = sqlite_path_for(args.scale, args.sqlite)
            cases = build_cases(
                base, args.scale, f"http://127.0.0.1:{ds_port}/{db_file.stem}" if use_datasette
                else None,
            )  # fmt: skip
            if "dataset" not in report:
                counts = get_json(f"{base}/api/v1/")
                report["dataset"] = ", ".join(
                    f"{r['count']:,} {r['name']}" for r in counts.get("resources", [])
                )
            for name in wanted:
                if name.startswith("datasette"):
                    continue
                for c in concurrencies:
                    run = measure(wrk_exe, db, cases[name], c, args, args.workers)
                    report["runs"].append(asdict(run))
            report["memory"][db] = worker_memory(server.pid)
        if use_datasette:
            with datasette(sqlite_path_for(args.scale, args.sqlite), ds_port):
                for name in wanted:
                    if name.startswith("datasette"):
                        for c in concurrencies:
                            run = measure(wrk_exe, db, cases[name], c, args, 1)
                            report["runs"].append(asdict(run))
        if db == "sqlite" and args.single_worker == "1" and args.workers != 1:
            singles = [n for n in ("list50", "list1000") if n in wanted]
            if singles and use_datasette:
                with gunicorn(url, port, 1, args.worker_class, args.threads):
                    for name in singles:
                        for c in concurrencies:
                            run = measure(wrk_exe, db, cases[name], c, args, 1)
                            report["runs"].append(asdict(run))
        # Keep the report current after each database.
        out.write_text(render(report))
        out.with_suffix(".json").write_text(json.dumps(report, indent=1, default=str))
    if args.data_only:
        return
    print(f"Wrote {out} in {(time.perf_counter() - started) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
