"""50 concurrent respondents answering the staff questionnaire on the production-like stack.

    python -m bench.answering [--clients 50] [--invitations 400] [--workers 3] [--keep-db]

What it does, in one run:
1. creates the PostgreSQL database ``mysam_bench_answering`` (dropped first), migrates it,
   collects the static files, and builds an association with the baseline measurement
   (both questionnaires from the item bank, opened) and N staff invitations whose tokens
   it keeps;
2. starts gunicorn (``--workers``, sync workers) with MYSAM_ENV=production against it,
   serving the project's URLs plus a bare view (bench/answering_settings.py, bench/urls.py);
3. drives ``--clients`` threads, each taking invitations from a queue and answering through
   the real pages like a browser (GET a page, POST it with the first-page answers,
   follow the redirect, …, submit), each with its own cookies and CSRF token;
4. drives the same number of threads against the bare view with the same number of
   requests, interleaved in the same run (answering, bare, answering, bare);
5. prints answers per second, requests per second, median and p99 latency, errors (must be
   zero), and the ratios to the bare view; checks the database: one Response per answered
   invitation. Results and budgets: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB_NAME = "mysam_bench_answering"
PG = "postgres://postgres@127.0.0.1:5432"


def environment(var_dir: Path, *, settings: str = "bench.answering_settings") -> dict[str, str]:
    """The production settings (docs/deployment.md) for a local plain-HTTP run."""
    env = dict(os.environ)
    env.update(
        {
            "MYSAM_ENV": "production",
            "MYSAM_SECRET_KEY": "bench-answering-" + "x" * 40,
            "MYSAM_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{PG}/{DB_NAME}",
            "MYSAM_DB_CONN_MAX_AGE": "60",
            # Plain HTTP on the loopback: no TLS redirect, cookies without the Secure flag.
            "MYSAM_SSL_REDIRECT": "false",
            "MYSAM_SECURE_COOKIES": "false",
            "MYSAM_HSTS_SECONDS": "0",
            "MYSAM_VAR_DIR": str(var_dir),
            "MYSAM_LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def prepare(var_dir: Path, invitations: int) -> list[str]:
    """A fresh database with an open baseline measurement and `invitations` staff links."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    env = environment(var_dir)
    python = sys.executable
    run([python, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([python, "manage.py", "createcachetable"], env)
    run([python, "manage.py", "collectstatic", "--no-input", "-v0"], env)
    tokens_file = var_dir / "tokens.txt"
    run([python, "-m", "bench.answering", "--build", str(invitations), str(tokens_file)], env)
    return tokens_file.read_text().split()


def build(invitations: int, tokens_file: Path) -> None:
    """(In the prepared environment) the association, the measurement and the links."""
    import django

    django.setup()
    from mysam.organisation import services as org
    from mysam.organisation.models import Association, PartyKind
    from mysam.surveys.models import Invitation
    from mysam.surveys.services import builder
    from mysam.surveys.tokens import make_token

    association = Association.objects.create(name="Bänkförbundet", slug="bank")
    part = org.county_part_create(association=association, name="Bänklänet")
    towns = [
        org.municipality_create(association=association, county_part=part, name=name)
        for name in ("Norrby", "Söderås", "Västerhed")
    ]
    party = org.party_create(
        association=association,
        name="Norrby kommun",
        kind=PartyKind.MUNICIPALITY,
        municipality=towns[0],
    )
    measurement = builder.measurement_create(association=association, name="Bänkmätning")
    _managers, staff = builder.baseline_questionnaires_build(measurement=measurement)
    builder.measurement_open(measurement=measurement)
    tokens = []
    rows = []
    for n in range(invitations):
        token, token_hash = make_token()
        tokens.append(token)
        rows.append(
            Invitation(
                questionnaire=staff,
                email=f"svarare{n}@exempel.example",
                party=party,
                municipality=towns[n % len(towns)],
                token_hash=token_hash,
            )
        )
    Invitation.objects.bulk_create(rows, batch_size=500)
    tokens_file.write_text("\n".join(tokens))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(var_dir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = environment(var_dir)
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "mysam.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    import httpx

    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/halsa/", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer /halsa/")


# --- The respondents -------------------------------------------------------------------------

INPUT = re.compile(r"<input[^>]*>", re.S)
TEXTAREA = re.compile(r'<textarea[^>]*name="([^"]+)"', re.S)


def attr(tag: str, name: str) -> str:
    match = re.search(rf'\b{name}="([^"]*)"', tag)
    return match.group(1) if match else ""


def fill(html: str, rng: random.Random) -> dict[str, str | list[str]]:
    """The answers a respondent gives on a page: every radio group and checkbox group
    answered (yes/no with "Ja", so that screening lets most go on), numbers, no comments."""
    data: dict[str, str | list[str]] = {}
    radios: dict[str, list[str]] = {}
    boxes: dict[str, list[str]] = {}
    for tag in INPUT.findall(html):
        kind, name, value = attr(tag, "type"), attr(tag, "name"), attr(tag, "value")
        if kind == "hidden":
            data[name] = value
        elif kind == "radio":
            radios.setdefault(name, []).append(value)
        elif kind == "checkbox":
            boxes.setdefault(name, []).append(value)
        elif kind == "number":
            data[name] = str(rng.randint(0, 9))
    for name, values in radios.items():
        choices = [v for v in values if v != "dk"]
        data[name] = "1" if len(choices) == 2 else rng.choice(choices)
    for name, values in boxes.items():
        choices = [v for v in values if v != "dk"]
        data[name] = rng.sample(choices, min(len(choices), rng.choice((1, 1, 2))))
    data["action"] = "next"
    return data


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    done: int = 0
    screened: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float) -> None:
        with self.lock:
            self.times.append(seconds)


def respondent(base: str, tokens: queue.Queue[str], tally: Tally, seed: int) -> None:
    import httpx

    rng = random.Random(seed)  # noqa: S311 (bench answers)
    while True:
        try:
            token = tokens.get_nowait()
        except queue.Empty:
            return
        with httpx.Client(base_url=base, timeout=60) as client:
            url = f"/svara/{token}/"
            try:
                answer_once(client, url, rng, tally)
            except Exception as error:  # noqa: BLE001 (every failure is reported)
                with tally.lock:
                    tally.errors.append(f"{url}: {error!r}")


def timed(client: object, method: str, url: str, tally: Tally, **kw: object) -> object:
    started = time.perf_counter()
    response = getattr(client, method)(url, **kw)
    tally.add(time.perf_counter() - started)
    return response


def answer_once(client: object, url: str, rng: random.Random, tally: Tally) -> None:
    page = timed(client, "get", url, tally)
    for _ in range(40):
        if page.status_code != 200:  # type: ignore[attr-defined]
            raise RuntimeError(f"GET {page.status_code}")  # type: ignore[attr-defined]
        html = page.text  # type: ignore[attr-defined]
        if 'name="action"' not in html:
            raise RuntimeError("a page without a form before the end")
        response = timed(client, "post", url, tally, data=fill(html, rng))
        if response.status_code != 302:  # type: ignore[attr-defined]
            raise RuntimeError(f"POST {response.status_code}: {html[:200]}")  # type: ignore[attr-defined]
        location = response.headers["location"]  # type: ignore[attr-defined]
        page = timed(client, "get", location, tally)
        if location == url:  # submitted: the link now thanks the respondent
            if page.status_code != 200 or 'name="action"' in page.text:  # type: ignore[attr-defined]
                raise RuntimeError("no thank-you page after submitting")
            with tally.lock:
                tally.done += 1
            return
    raise RuntimeError("more than 40 pages")


def bare_client(base: str, count: int, tally: Tally) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(count):
            try:
                response = timed(client, "get", "/bench/bare/", tally)
                if response.status_code != 200:  # type: ignore[attr-defined]
                    raise RuntimeError(f"bare {response.status_code}")  # type: ignore[attr-defined]
            except Exception as error:  # noqa: BLE001
                with tally.lock:
                    tally.errors.append(repr(error))


def drive(threads: list[threading.Thread]) -> float:
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--invitations", type=int, default=400)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2, help="answering/bare rounds")
    parser.add_argument("--build", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        build(int(args.build[0]), Path(args.build[1]))
        return

    OUT.mkdir(parents=True, exist_ok=True)
    var_dir = Path(tempfile.mkdtemp(prefix="answering-", dir=OUT))
    started = time.perf_counter()
    tokens = prepare(var_dir, args.invitations)
    print(f"Prepared {len(tokens)} invitations in {time.perf_counter() - started:.0f} s.")
    port = free_port()
    server = start_gunicorn(var_dir, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    answering, bare = Tally(), Tally()
    answer_seconds = bare_seconds = 0.0
    per_round = len(tokens) // args.rounds
    try:
        # Warm up each worker's connection and templates.
        import httpx

        for _ in range(args.workers * 4):
            httpx.get(base + "/bench/bare/")
        for round_number in range(args.rounds):
            work: queue.Queue[str] = queue.Queue()
            for token in tokens[round_number * per_round : (round_number + 1) * per_round]:
                work.put(token)
            before = len(answering.times)
            answer_seconds += drive(
                [
                    threading.Thread(target=respondent, args=(base, work, answering, n))
                    for n in range(args.clients)
                ]
            )
            requests = len(answering.times) - before
            each = max(1, requests // args.clients)
            bare_seconds += drive(
                [
                    threading.Thread(target=bare_client, args=(base, each, bare))
                    for _ in range(args.clients)
                ]
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    stored = count_responses(var_dir)
    answer_rps = len(answering.times) / answer_seconds
    bare_rps = len(bare.times) / bare_seconds
    print(
        f"{args.clients} concurrent clients, gunicorn {args.workers} sync workers, "
        f"PostgreSQL, MYSAM_ENV=production, {os.cpu_count()} CPU cores, one run."
    )
    print(f"{'load':10} {'requests':>8} {'req/s':>7} {'median ms':>10} {'p99 ms':>8} {'errors':>6}")
    for name, tally, rps in (("answering", answering, answer_rps), ("bare", bare, bare_rps)):
        print(
            f"{name:10} {len(tally.times):>8} {rps:>7.1f} {statistics.median(tally.times) * 1000:>10.1f} "
            f"{p(tally.times, 0.99):>8.1f} {len(tally.errors):>6}"
        )
    print(
        f"answers submitted: {answering.done} in {answer_seconds:.1f} s = "
        f"{answering.done / answer_seconds:.1f} answers/s "
        f"({len(answering.times) / max(answering.done, 1):.1f} requests per answer)"
    )
    print(f"responses stored: {stored} (one per submitted answer: {stored == answering.done})")
    print(
        f"ratio answering/bare: throughput (req/s) {answer_rps / bare_rps:.2f}, "
        f"median {statistics.median(answering.times) / statistics.median(bare.times):.1f}×, "
        f"p99 {p(answering.times, 0.99) / p(bare.times, 0.99):.1f}×"
    )
    for error in (answering.errors + bare.errors)[:10]:
        print("ERROR", error)
    if answering.errors or bare.errors or stored != answering.done:
        raise SystemExit(1)


def count_responses(var_dir: Path) -> int:
    import psycopg

    with psycopg.connect(f"{PG}/{DB_NAME}") as conn:
        row = conn.execute("SELECT count(*) FROM surveys_response").fetchone()
    return int(row[0]) if row else 0


if __name__ == "__main__":
    main()
