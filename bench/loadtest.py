"""Bounded load and fault test: gunicorn + PostgreSQL, mixed reads and conditional writes,
then a real database outage under load. At most about two minutes, loopback only.

    make loadtest            (or: .venv/bin/python bench/loadtest.py [--seconds 45])

1. A dedicated PostgreSQL cluster (``loadtest``, port 5433) is created if missing and
   started, so stopping it later disturbs nothing else on the machine.
2. The app runs under gunicorn with the production settings (DEBUG off).
3. Load: reader threads hit lists, details, filters, screening and the derived endpoints;
   writer threads increment a counter on a few shared deposits with GET + PATCH If-Match,
   retrying on 412. Pass: no 5xx, and every deposit's final counter equals the number of
   PATCHes that got a 200 (no lost update).
4. Outage: light load continues while the cluster is stopped for ~10 s and started again.
   Pass: while it is down the API answers 503 in its error shape and /healthz says 503;
   afterwards the same gunicorn workers (no restart) answer 200 again.

Results go to stdout and bench/results/loadtest-<date>.md.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_VERSION = "15"
CLUSTER, PG_PORT = "loadtest", 5433
APP_PORT = 8771
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/minerals_loadtest"
WRITE_TARGETS = 4


def run(*command: str, check: bool = True, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command, check=False, capture_output=True, text=True, env=env or os.environ.copy()
    )
    if check and result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def cluster(action: str) -> None:
    run("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, CLUSTER, action)


def ensure_cluster() -> None:
    if not shutil.which("pg_createcluster"):
        sys.exit("pg_createcluster not found: this script needs Debian's postgresql-common.")
    if CLUSTER not in run("pg_lsclusters", "-h"):
        run(
            "pg_createcluster",
            PG_VERSION,
            CLUSTER,
            "--port",
            str(PG_PORT),
            "--",
            "--auth=trust",
        )
    if "online" not in run("pg_lsclusters", "-h", PG_VERSION, CLUSTER, check=False):
        cluster("start")
    run(
        "psql",
        "-h",
        "127.0.0.1",
        "-p",
        str(PG_PORT),
        "-U",
        "postgres",
        "-qc",
        "DROP DATABASE IF EXISTS minerals_loadtest",
    )
    run(
        "psql",
        "-h",
        "127.0.0.1",
        "-p",
        str(PG_PORT),
        "-U",
        "postgres",
        "-qc",
        "CREATE DATABASE minerals_loadtest",
    )


def app_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minerals_api.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": DATABASE_URL,
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def prepare_data(env: dict[str, str]) -> str:
    """Migrate, seed, and return an API token of a curator."""
    manage = [PYTHON, str(ROOT / "manage.py")]
    run(*manage, "migrate", "-v0", env=env)
    run(*manage, "seed", "-v0", env=env)
    run(
        *manage,
        "shell",
        "-c",
        (
            "from django.contrib.auth.models import User;"
            "from apps.core.groups import curators_group_sync;"
            "u, _ = User.objects.get_or_create(username='loadtest');"
            "u.groups.add(curators_group_sync())"
        ),
        env=env,
    )
    output = run(*manage, "drf_create_token", "loadtest", env=env)
    return output.split()[2]


class Tally:
    """Status codes per phase, thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.codes: collections.Counter[int] = collections.Counter()
        self.bad_shapes = 0

    def add(self, status: int, body: bytes) -> None:
        with self.lock:
            self.codes[status] += 1
            if status >= 400 and not _error_shape(body):
                self.bad_shapes += 1


def _error_shape(body: bytes) -> bool:
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and "type" in data and isinstance(data.get("errors"), list)


def request(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    body: object = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    payload = None if body is None else json.dumps(body)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    try:
        conn.request(method, path, body=payload, headers=all_headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (OSError, http.client.HTTPException):
        conn.close()
        return 0, {}, b""


READ_PATHS = [
    "/api/v1/deposits/?limit=50",
    "/api/v1/deposits/?country=IN&element=Nd",
    "/api/v1/deposits/1/",
    "/api/v1/entities/?q=heavy",
    "/api/v1/control-measures/?in_force_on=2026-03-01",
    "/api/v1/controlled-elements/?as_of=2026-03-01",
    "/api/v1/entities/15/exposure/?as_of=2026-03-01",
    "/api/v1/screening/?name=Mitsubishi%20Heavy%20Industries",
    "/api/v1/changes/?limit=50",
    "/api/v1/agreements/?format=csv",
]


def reader(stop: threading.Event, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=10)
    while not stop.is_set():
        status, _, body = request(conn, "GET", rng.choice(READ_PATHS))
        tally.add(status, body)


def writer(
    stop: threading.Event,
    tally: Tally,
    token: str,
    ids: list[int],
    wins: collections.Counter[int],
    lock: threading.Lock,
    seed: int,
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=10)
    auth = {"Authorization": f"Token {token}"}
    while not stop.is_set():
        deposit = rng.choice(ids)
        status, headers, body = request(conn, "GET", f"/api/v1/deposits/{deposit}/")
        tally.add(status, body)
        if status != 200:
            continue
        count = int(json.loads(body)["locality"] or 0)
        status, _, body = request(
            conn,
            "PATCH",
            f"/api/v1/deposits/{deposit}/",
            {"locality": str(count + 1)},
            {**auth, "If-Match": headers.get("ETag", "")},
        )
        tally.add(status, body)
        if status == 200:
            with lock:
                wins[deposit] += 1


def start_gunicorn(env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    (ROOT / "bench" / "work").mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            GUNICORN,
            "minerals_api.wsgi",
            "--bind",
            f"127.0.0.1:{APP_PORT}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stderr=open(ROOT / "bench" / "work" / "loadtest-gunicorn.log", "wb"),  # noqa: SIM115
    )
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=2)
    for _ in range(100):
        if request(conn, "GET", "/healthz")[0] == 200:
            return process
        time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not come up")


def load_phase(token: str, seconds: float) -> dict[str, object]:
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=10)
    _, _, body = request(conn, "GET", f"/api/v1/deposits/?limit={WRITE_TARGETS}&fields=id")
    ids = [row["id"] for row in json.loads(body)["results"]]
    auth = {"Authorization": f"Token {token}"}
    for deposit in ids:  # counters start at zero
        request(conn, "PATCH", f"/api/v1/deposits/{deposit}/", {"locality": "0"}, auth)
    tally, wins, lock, stop = (
        Tally(),
        collections.Counter[int](),
        threading.Lock(),
        threading.Event(),
    )
    threads = [threading.Thread(target=reader, args=(stop, tally, i)) for i in range(6)]
    threads += [
        threading.Thread(target=writer, args=(stop, tally, token, ids, wins, lock, 100 + i))
        for i in range(4)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    finals = {}
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=10)  # the old one idled out
    for deposit in ids:
        _, _, body = request(conn, "GET", f"/api/v1/deposits/{deposit}/?fields=locality")
        finals[deposit] = int(json.loads(body)["locality"])
    return {
        "seconds": elapsed,
        "requests": sum(tally.codes.values()),
        "codes": dict(sorted(tally.codes.items())),
        "server_errors": sum(n for code, n in tally.codes.items() if code >= 500 or code == 0),
        "bad_error_shapes": tally.bad_shapes,
        "lost_updates": {d: (wins[d], finals[d]) for d in ids if wins[d] != finals[d]},
        "writes_won": sum(wins.values()),
    }


def outage_phase(down_seconds: float) -> dict[str, object]:
    """Light load through a stop/start of the database; answers are classed by when they
    completed: before the stop began, while it was surely down (between the stop finishing
    and the start beginning), after the start finished, or in the transitions."""
    samples: list[tuple[float, str, int, bool]] = []  # (time, "api"/"healthz", status, shaped)
    stop = threading.Event()

    def light_load() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=10)
        rng = random.Random(7)
        while not stop.is_set():
            for kind, path in (("api", rng.choice(READ_PATHS)), ("healthz", "/healthz")):
                status, _, body = request(conn, "GET", path)
                samples.append(
                    (time.perf_counter(), kind, status, status < 400 or _error_shape(body))
                )
            time.sleep(0.02)

    thread = threading.Thread(target=light_load)
    thread.start()
    time.sleep(3)
    marks = {"stop_called": time.perf_counter()}
    cluster("stop")
    marks["stop_done"] = time.perf_counter()
    time.sleep(down_seconds)
    marks["start_called"] = time.perf_counter()
    cluster("start")
    marks["start_done"] = time.perf_counter()
    time.sleep(6)
    stop.set()
    thread.join()

    def phase(at: float) -> str:
        if at < marks["stop_called"]:
            return "before"
        if marks["stop_done"] <= at < marks["start_called"]:
            return "down"
        if at >= marks["start_done"]:
            return "after"
        return "transition"

    table: dict[str, dict[str, collections.Counter[int]]] = collections.defaultdict(
        lambda: {"api": collections.Counter(), "healthz": collections.Counter()}
    )
    for at, kind, status, _ in samples:
        table[phase(at)][kind][status] += 1
    first_ok_after = next(
        (
            at - marks["start_done"]
            for at, kind, status, _ in samples
            if kind == "api" and status == 200 and at >= marks["start_done"]
        ),
        None,
    )
    return {
        "phases": {name: {k: dict(v) for k, v in kinds.items()} for name, kinds in table.items()},
        "bad_error_shapes": sum(1 for *_, shaped in samples if not shaped),
        "recovered_after_seconds": first_ok_after,
    }


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    gib = int(memory) // 1024 // 1024
    return f"{os.cpu_count()} CPUs ({cpu}), {gib} GiB RAM, Python {platform.python_version()}"


def report(load: dict[str, object], outage: dict[str, object], workers: int) -> tuple[str, bool]:
    """The Markdown report, and whether both phases passed."""
    verdict_load = (
        not load["server_errors"] and not load["lost_updates"] and not load["bad_error_shapes"]
    )
    phases: dict[str, dict[str, dict[int, int]]] = outage["phases"]  # type: ignore[assignment]
    down, after = phases.get("down", {}), phases.get("after", {})
    verdict_outage = (
        set(down.get("api", {})) == {503}
        and set(down.get("healthz", {})) == {503}
        and set(after.get("api", {})) <= {200}
        and outage["recovered_after_seconds"] is not None
        and not outage["bad_error_shapes"]
    )
    seconds = outage["recovered_after_seconds"]
    recovered = round(seconds, 2) if isinstance(seconds, int | float) else None
    return "\n".join(
        [
            f"# Load and fault test, {datetime.date.today().isoformat()}",
            "",
            f"Machine: {machine()}. gunicorn, {workers} gthread workers x 4 threads, production "
            f"settings (DEBUG off), PostgreSQL {PG_VERSION} (dedicated cluster), seeded dataset.",
            "",
            "## Mixed load (6 readers, 4 conditional writers on 4 shared deposits)",
            "",
            "| requests | seconds | req/s | status codes | 5xx | writes that won "
            "| lost updates | verdict |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
            f"| {load['requests']} | {load['seconds']:.1f} | "  # type: ignore[str-format]
            f"{load['requests'] / load['seconds']:.0f} | {load['codes']} | "  # type: ignore[operator]
            f"{load['server_errors']} | {load['writes_won']} | {len(load['lost_updates'])} | "  # type: ignore[arg-type]
            f"{'pass' if verdict_load else 'FAIL'} |",
            "",
            "## PostgreSQL stopped under load, then started",
            "",
            "| phase | API status codes | /healthz status codes |",
            "| --- | --- | --- |",
            *(
                f"| {name} | {phases.get(name, {}).get('api', {})} | "
                f"{phases.get(name, {}).get('healthz', {})} |"
                for name in ("before", "transition", "down", "after")
            ),
            "",
            "(transition: while pg_ctlcluster was stopping or starting the server.)",
            "",
            f"Recovered (first 200 after the database came back): {recovered} s, "
            "same gunicorn processes. Error bodies not in the API's shape: "
            f"{outage['bad_error_shapes']}. "
            f"Verdict: {'pass' if verdict_outage else 'FAIL'}.",
            "",
        ]
    ), verdict_load and verdict_outage


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=45, help="mixed-load duration")
    parser.add_argument("--down", type=float, default=10, help="outage duration")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    ensure_cluster()
    env = app_env()
    token = prepare_data(env)
    server = start_gunicorn(env, args.workers)
    try:
        load = load_phase(token, args.seconds)
        outage = outage_phase(args.down)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        cluster("start") if "down" in run(
            "pg_lsclusters", "-h", PG_VERSION, CLUSTER, check=False
        ) else None
    text, passed = report(load, outage, args.workers)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"loadtest-{datetime.date.today().isoformat()}.md").write_text(text)
    if load["lost_updates"]:
        print("lost updates (wins, final):", load["lost_updates"])
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
