#!/usr/bin/env python3
"""Mysam's two set-up commands (and a few helpers), runnable with any Python >= 3.11.

    python3 dev.py demo    install everything, build the demo database, run the demo
                           at http://127.0.0.1:8000 with a background worker beside it
    python3 dev.py test    install everything and run the whole test suite

Everything is installed into .venv/ beside this file; nothing else on the machine changes.
``CI=true python3 dev.py test`` also runs the PostgreSQL and browser legs and fails, rather
than skips, when PostgreSQL or Chromium is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".mysam-installed"
PG_URL_DEFAULT = "postgres://postgres@127.0.0.1:5432/mysam"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None, check: bool = True) -> int:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def ensure_installed() -> None:
    """Create .venv and install the project with its dev tools when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 is
        sys.exit("Mysam needs Python 3.11 or newer.")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text() == digest:
        return
    if not PY.exists():
        say("Creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("Installing Mysam and its dependencies (first time takes a minute or two)")
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(digest)


def check_pango() -> None:
    """WeasyPrint (PDF) needs the system's Pango library; say how to install it if missing."""
    probe = subprocess.run(
        [str(PY), "-c", "import weasyprint"], cwd=ROOT, capture_output=True, text=True
    )
    if probe.returncode != 0:
        print(
            "\nPDF export needs the Pango library, which is not installed on this machine.\n"
            "Install it with:\n\n"
            "    sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0\n\n"
            "(on macOS: brew install pango), then run this command again.\n",
            file=sys.stderr,
        )
        sys.exit(1)


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    run(PY, "manage.py", *args, env=env)


def cmd_demo(args: argparse.Namespace) -> None:
    ensure_installed()
    check_pango()
    env = {**os.environ, "MYSAM_ENV": "development"}
    env.pop("DATABASE_URL", None)
    db = ROOT / "var" / "mysam.sqlite3"
    if args.reset and db.exists():
        say("Removing the old demo database")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    say("Preparing the database")
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("createcachetable", env=env)
    manage("demo_data", "--if-empty", env=env)
    if args.no_serve:
        return
    say("Starting the background worker")
    worker = subprocess.Popen(
        [str(PY), "manage.py", "db_worker", "--interval", "1"], cwd=ROOT, env=env
    )
    say(f"Mysam runs at http://127.0.0.1:{args.port}/  (stop with Ctrl+C)")
    try:
        run(PY, "manage.py", "runserver", f"127.0.0.1:{args.port}", env=env, check=False)
    except KeyboardInterrupt:
        pass
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def postgres_url() -> str:
    return os.environ.get("MYSAM_TEST_DATABASE_URL", PG_URL_DEFAULT)


def postgres_reachable(url: str) -> str | None:
    """None when a PostgreSQL server answers at url, otherwise the reason."""
    code = (
        "import sys, dj_database_url, psycopg\n"
        "c = dj_database_url.parse(sys.argv[1])\n"
        "psycopg.connect(host=c['HOST'], port=c['PORT'] or 5432, user=c['USER'],"
        " password=c['PASSWORD'], dbname='postgres', connect_timeout=3).close()\n"
    )
    probe = subprocess.run([str(PY), "-c", code, url], capture_output=True, text=True)
    return None if probe.returncode == 0 else (probe.stderr.strip().splitlines() or ["?"])[-1]


def find_chromium() -> str | None:
    configured = os.environ.get("MYSAM_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def cmd_test(args: argparse.Namespace) -> None:
    ensure_installed()
    check_pango()
    ci = os.environ.get("CI", "").lower() == "true"
    base_env = {**os.environ, "MYSAM_ENV": "development", "PYTHONDONTWRITEBYTECODE": "1"}
    base_env.pop("DATABASE_URL", None)
    extra = list(args.pytest_args)
    started = time.monotonic()

    if not args.no_lint:
        say("Lint: ruff")
        run(PY, "-m", "ruff", "check", ".")
        run(PY, "-m", "ruff", "format", "--check", ".")
        say("Types: mypy")
        run(PY, "-m", "mypy", "mysam", "bench")
        say("Migrations are up to date")
        run(PY, "manage.py", "makemigrations", "--check", "--dry-run", env=base_env)
        say("Production settings pass `check --deploy`")
        run(
            PY,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            env={
                **base_env,
                "MYSAM_ENV": "production",
                "MYSAM_SECRET_KEY": "check-deploy-" + "x" * 50,
                "MYSAM_ALLOWED_HOSTS": "mysam.example.se",
            },
        )

    say("Tests on SQLite")
    run(PY, "-m", "pytest", "-n", "2", "-m", "not browser", *extra, env=base_env)

    failures: list[str] = []
    skipped: list[str] = []

    url = postgres_url()
    reason = postgres_reachable(url)
    if reason is None:
        say(f"Tests on PostgreSQL ({url})")
        pg_env = {**base_env, "DATABASE_URL": url}
        if run(PY, "-m", "pytest", "-n", "2", "-m", "not browser", *extra, env=pg_env, check=False):
            failures.append("PostgreSQL leg")
    elif ci:
        failures.append(f"PostgreSQL leg: no server at {url} ({reason})")
    else:
        skipped.append(f"PostgreSQL leg skipped: no server at {url} ({reason})")

    chromium = find_chromium()
    if chromium:
        say(f"Browser tests in {chromium} (with axe-core)")
        br_env = {**base_env, "MYSAM_CHROMIUM": chromium}
        if run(PY, "-m", "pytest", "-m", "browser", "--browser", *extra, env=br_env, check=False):
            failures.append("browser leg")
    elif ci:
        failures.append("browser leg: Chromium not found (apt-get install chromium)")
    else:
        skipped.append("Browser leg skipped: Chromium not found (apt-get install chromium)")

    for line in skipped:
        say(line)
    minutes = (time.monotonic() - started) / 60
    if failures:
        for line in failures:
            print(f"FAILED: {line}", file=sys.stderr)
        sys.exit(1)
    say(f"All legs passed in {minutes:.1f} min")


def cmd_totp(args: argparse.Namespace) -> None:
    """Print the current one-time code of a demo user (the demo's stand-in for a phone)."""
    ensure_installed()
    manage("demo_totp", args.email)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="install and run the populated demo")
    demo.add_argument("--reset", action="store_true", help="rebuild the demo database")
    demo.add_argument("--port", default="8000")
    demo.add_argument("--no-serve", action="store_true", help="prepare only, do not start")
    demo.set_defaults(func=cmd_demo)
    test = sub.add_parser("test", help="install and run the whole test suite")
    test.add_argument("--no-lint", action="store_true", help="skip ruff, mypy and checks")
    test.add_argument("pytest_args", nargs="*", help="passed on to pytest")
    test.set_defaults(func=cmd_test)
    totp = sub.add_parser("totp", help="print a demo user's current one-time code")
    totp.add_argument("email")
    totp.set_defaults(func=cmd_totp)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
