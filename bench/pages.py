"""Time the group page and the structure overview at scale 1 and 10 in one run.

    python -m bench.pages [--repeat 30] [--rebuild]

Both databases (built by ``bench.generate`` when missing) are open side by side and a
database router sends every query to the scale being measured, so the requests for the two
scales and for the bare view are interleaved in one process: machine noise hits them alike
and the ratios are fair. Each request goes through the full middleware stack with Django's
test client, signed in as a board member (reads everything, no MFA step). Printed: the
median time per page and scale, the query count, the ratio to the bare view and the
10×/1× ratio. Budgets and results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

from bench.django_setup import database_path, quiet_static_warning
from bench.router import ScaleRouter

SCALES = (1, 10)
PAGES = ("bare", "group", "overview")


def alias_for(scale: int) -> str:
    return "default" if scale == SCALES[0] else f"scale{scale}"


def start_django() -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path(SCALES[0])}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysam.settings")
    os.environ.setdefault("MYSAM_DEBUG", "false")
    os.environ.setdefault("MYSAM_LOG_LEVEL", "ERROR")
    from django.conf import settings

    default = settings.DATABASES["default"]
    for scale in SCALES[1:]:
        settings.DATABASES[alias_for(scale)] = {**default, "NAME": str(database_path(scale))}
    settings.DATABASE_ROUTERS = ["bench.router.ScaleRouter"]
    settings.ROOT_URLCONF = "bench.urls"
    quiet_static_warning()
    import django

    django.setup()


@dataclass
class Measure:
    times: list[float] = field(default_factory=list)
    queries: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000


def ensure_databases(rebuild: bool) -> None:
    for scale in SCALES:
        if rebuild or not database_path(scale).exists():
            subprocess.run(
                [sys.executable, "-m", "bench.generate", "--scale", str(scale)], check=True
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed rounds (default 30)")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the databases")
    args = parser.parse_args(argv)
    ensure_databases(args.rebuild)
    start_django()

    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mysam.accounts.models import User
    from mysam.organisation.models import CooperationGroup

    clients: dict[int, Client] = {}
    urls: dict[tuple[int, str], str] = {}
    for scale in SCALES:
        ScaleRouter.alias = alias_for(scale)
        client = Client()
        client.force_login(User.objects.get(email="styrelse@bench.example"))
        clients[scale] = client
        group = CooperationGroup.objects.order_by("pk").first()
        assert group is not None, f"scale {scale} has no groups; run bench.generate"
        urls[scale, "bare"] = reverse("bench_bare")
        urls[scale, "group"] = reverse("organisation:group_detail", args=[group.pk])
        urls[scale, "overview"] = reverse("organisation:overview")

    def get(scale: int, page: str) -> float:
        ScaleRouter.alias = alias_for(scale)
        started = time.perf_counter()
        response = clients[scale].get(urls[scale, page])
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{urls[scale, page]} at scale {scale}: HTTP {response.status_code}")
        return elapsed

    results = {(scale, page): Measure() for scale in SCALES for page in PAGES}
    for (scale, page), measure in results.items():
        for _ in range(3):  # warm up: templates, connections, caches
            get(scale, page)
        with CaptureQueriesContext(connections[alias_for(scale)]) as captured:
            get(scale, page)
        measure.queries = len(captured)
    for _ in range(args.repeat):
        for scale in SCALES:
            for page in PAGES:
                results[scale, page].times.append(get(scale, page))

    print(f"Median of {args.repeat} requests each, interleaved, in one process.")
    print(f"{'page':10} {'scale':>5} {'median ms':>10} {'queries':>8} {'× bare':>7}")
    for scale in SCALES:
        bare = results[scale, "bare"].median_ms
        for page in PAGES:
            m = results[scale, page]
            print(
                f"{page:10} {scale:>5} {m.median_ms:>10.1f} {m.queries:>8} "
                f"{m.median_ms / bare:>7.1f}"
            )
    low, high = SCALES[0], SCALES[-1]
    for page in PAGES:
        ratio = results[high, page].median_ms / results[low, page].median_ms
        print(f"{page}: {high}×/{low}× time ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
