"""Send N invitations through the real task code to a local SMTP sink, and time a web page
while the sending runs.

    python -m bench.mailing [-n 10000] [--requests 15] [--kill-after K]

A PostgreSQL database ``mysam_bench_mailing`` on 127.0.0.1 is (re)created and migrated, a
questionnaire with N invitations is made, an aiosmtpd sink counts what arrives, and the
send-out is started exactly as the office starts it (`mailing_start`, which enqueues the
django-tasks task). A real ``manage.py db_worker`` process sends it. Meanwhile this process
requests the response-rate page (signed in as a board member, full middleware) and compares
its median time with the same page requested idle, before the worker started.

With ``--kill-after K`` the worker is killed (SIGKILL) once K e-mails have gone, the
send-out is continued as the office's "Fortsätt utskicket" does, and a new worker finishes
it: the run then checks that nobody got two e-mails and that everybody except the uncertain
(at most one: the e-mail in flight when the worker died) got one.

Printed: e-mails per second (from the mailing's start and finish), every message arrived
once, page median idle vs. during sending and their ratio. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("BENCH_MAILING_DATABASE", "mysam_bench_mailing")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


class Sink:
    def __init__(self) -> None:
        self.recipients: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.recipients[rcpt] += 1
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def recreate_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{DATABASE}"')


def env(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "mysam.settings",
        "MYSAM_DEBUG": "false",
        "MYSAM_LOG_LEVEL": "ERROR",
        "MYSAM_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "MYSAM_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "MYSAM_EMAIL_HOST": "127.0.0.1",
        "MYSAM_EMAIL_PORT": str(port),
    }


def build(n: int) -> tuple[int, object]:
    """A questionnaire with n invitations over 4 parties and 12 units; returns (pk, user)."""
    from mysam.accounts.models import AssociationRole, AssociationRoleKind, User
    from mysam.organisation import models as org
    from mysam.surveys.models import Invitation
    from mysam.surveys.services import builder
    from mysam.surveys.tokens import make_token

    association = org.Association.objects.create(name="Samordningsförbund Bänk", slug="bank")
    user = User.objects.create_user("styrelse@bench.example", "bench-password-123")
    AssociationRole.objects.create(
        user=user, association=association, role=AssociationRoleKind.BOARD
    )
    county_part = org.CountyPart.objects.create(association=association, name="Bänklänet")
    municipality = org.Municipality.objects.create(
        association=association, county_part=county_part, name="Bänkby"
    )
    parties = [
        org.Party.objects.create(association=association, name=f"Part {p}", kind=kind)
        for p, kind in enumerate(["municipality", "region", "fk", "af"])
    ]
    units = [
        org.Unit.objects.create(
            party=parties[u % 4], name=f"Enhet {u}", unit_type="other", municipality=municipality
        )
        for u in range(12)
    ]
    measurement = builder.measurement_create(association=association, name="Bänkmätning")
    questionnaire = builder.questionnaire_create(
        measurement=measurement, audience="staff", title="Personalenkät"
    )
    Invitation.objects.bulk_create(
        [
            Invitation(
                questionnaire=questionnaire,
                email=f"person{i}@bench.example",
                party=units[i % 12].party,
                unit=units[i % 12],
                municipality=municipality,
                token_hash=make_token()[1],
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    return questionnaire.pk, user


def time_page(client, url: str, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="invitations (default 10 000)")
    parser.add_argument("--requests", type=int, default=15, help="page requests per phase")
    parser.add_argument("--kill-after", type=int, default=0, help="kill the worker after K")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    os.environ.update(env(port))

    recreate_database()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env(port), check=True
    )
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from mysam.surveys.models import Mailing, MailingStatus, Questionnaire
    from mysam.surveys.services import mailing as services

    settings.ALLOWED_HOSTS = ["*"]
    questionnaire_pk, user = build(args.n)
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    url = reverse("surveys:tracking", args=[questionnaire_pk])
    time_page(client, url, 3)  # warm up
    idle = time_page(client, url, args.requests)

    questionnaire = Questionnaire.objects.select_related("measurement").get(pk=questionnaire_pk)
    mailing = services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env(port))
    busy: list[float] = []
    killed = False
    try:
        while True:
            mailing.refresh_from_db()
            if mailing.status in (MailingStatus.DONE, MailingStatus.FAILED):
                break
            if worker.poll() is not None:
                raise SystemExit("the worker stopped")
            if args.kill_after and not killed and mailing.sent >= args.kill_after:
                worker.kill()  # SIGKILL: no clean-up, the task row stays RUNNING
                worker.wait(10)
                killed = True
                mailing.refresh_from_db()
                print(f"worker killed after {mailing.sent} e-mails; continuing the send-out")
                services.mailing_resume(mailing=mailing, force=True)
                worker = subprocess.Popen(command, cwd=ROOT, env=env(port))
                continue
            if mailing.status == MailingStatus.RUNNING and mailing.sent > 50:
                busy.extend(time_page(client, url, 1))
                time.sleep(0.05)
            else:
                time.sleep(0.1)
    finally:
        worker.terminate()
        worker.wait(10)
        controller.stop()
    if killed:
        uncertain = services.uncertain(questionnaire=questionnaire).count()
        twice = sum(1 for n in sink.recipients.values() if n > 1)
        print(
            f"after the kill: {len(sink.recipients)} arrived, {twice} twice, "
            f"{uncertain} uncertain (not sent again automatically)"
        )
    mailing = Mailing.objects.get(pk=mailing.pk)
    seconds = (mailing.finished_at - mailing.started_at).total_seconds()  # type: ignore[operator]
    once = len(sink.recipients) == args.n and set(sink.recipients.values()) == {1}
    idle_ms = statistics.median(idle) * 1000
    busy_ms = statistics.median(busy) * 1000 if busy else float("nan")
    print(f"invitations: {args.n}, status {mailing.status}, sent {mailing.sent}")
    print(f"arrived once each: {once} ({sum(sink.recipients.values())} messages)")
    print(f"e-mails per second: {mailing.sent / seconds:.0f} ({seconds:.1f} s)")
    print(
        f"response-rate page median: idle {idle_ms:.1f} ms, while sending {busy_ms:.1f} ms "
        f"({len(busy)} requests), ratio {busy_ms / idle_ms:.2f}"
    )


if __name__ == "__main__":
    main()
