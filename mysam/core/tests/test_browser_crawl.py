"""Walk the site in Chromium as every role and check every page with axe-core.

For each role the crawl starts at "/" and follows every same-origin link breadth first
(GET only: forms are never submitted), skipping logout, downloads, the language switch,
the operators' admin and static files. URLs that differ only by their numbers (``/grupper/7/``
and ``/grupper/9/``) are visited a few times, not for every row, and each role stops after
``MAX_PAGES``. Every page must answer without an error status (403 and 404 are accepted: they
are what the access layer answers for what a role may not do or see, and they are listed in
the summary) and axe-core must report no WCAG 2.1 A or AA violation. A second test walks the
main pages at phone width (375 × 812) and checks that nothing but tables and diagrams (which
scroll inside their own box) is wider than the screen.

Run with ``.venv/bin/python -m pytest --browser -m browser mysam/core``; the summary of pages
per role is printed at the end.

Data: the demo (mysam/organisation/demo.py, ``demo_build``): Gävleborg with its real structure
and invented people, one demo user per role; ``other_admin`` is the demo's admin of the small
second association (who is also a member in Gävleborg, so that association is chosen in the
session). Without the demo module the conftest ``world`` is used instead.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from mysam.accounts.models import User
from mysam.accounts.selectors import SESSION_KEY
from mysam.conftest import ROLES, World, axe_violations, format_violations

MAX_PAGES = 50
SAME_SHAPE_LIMIT = 2
ACCEPTED_STATUSES = {200, 403, 404}
SKIP_PREFIXES = ("/drift/", "/static/", "/media/", "/i18n/")
SKIP_WORDS = ("logout", "logga-ut", "download", "ladda-ned", "export")
SKIP_SUFFIXES = (".xlsx", ".xls", ".csv", ".pdf", ".docx", ".ics", ".sav", ".zip", ".json")
PHONE = {"width": 375, "height": 812}

# Elements wider than the viewport that are not inside a scrolling table or diagram box.
OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const name = el => el.tagName.toLowerCase()
        + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '');
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const escapes = style.position === 'absolute' || style.position === 'fixed';
        // Inside a scrolling table or diagram box only what escapes the box counts.
        if (el.closest('.table-wrap, .diagram') && !escapes) continue;
        if (box.width > 0 && box.right > width + 1) {
            culprits.push(name(el) + ' reaches ' + Math.round(box.right) + 'px');
        } else if (style.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1
                   && el.clientWidth > 0 && box.right + el.scrollWidth - el.clientWidth > width) {
            culprits.push(name(el) + ' has content ' + el.scrollWidth + 'px wide');
        }
    }
    return culprits.length ? culprits.slice(0, 8) : ['(the page is wider than the screen)'];
}"""


@dataclass
class Visit:
    url: str
    status: int
    violations: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""


@dataclass
class Crawl:
    role: str
    visits: list[Visit] = field(default_factory=list)
    skipped_same_shape: int = 0
    capped: bool = False

    def problems(self) -> list[str]:
        lines = []
        for visit in self.visits:
            if visit.error:
                lines.append(f"[{self.role}] {visit.url}: {visit.error}")
            elif visit.status not in ACCEPTED_STATUSES:
                lines.append(f"[{self.role}] {visit.url}: HTTP {visit.status}")
            if visit.violations:
                lines.append(
                    f"[{self.role}] {visit.url}: axe\n    "
                    + format_violations(visit.violations).replace("\n", "\n    ")
                )
        return lines

    def summary(self) -> str:
        statuses = Counter(v.status for v in self.visits)
        parts = ", ".join(f"{count}×{status}" for status, count in sorted(statuses.items()))
        extra = " (capped)" if self.capped else ""
        return (
            f"{self.role:12} {len(self.visits):3} pages{extra}: {parts}; "
            f"{self.skipped_same_shape} same-shape links skipped"
        )


def shape(path: str) -> str:
    """A URL with its numbers blanked out, to visit only a few rows of each kind."""
    return re.sub(r"\d+", "#", path)


def wanted(url: str, origin: str, has_download: bool) -> str | None:
    """The path (+query) to visit for a link, or None to skip it."""
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or has_download:
        return None
    path = parts.path
    lowered = path.lower()
    if (
        lowered.startswith(SKIP_PREFIXES)
        or lowered.endswith(SKIP_SUFFIXES)
        or any(word in lowered for word in SKIP_WORDS)
    ):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


@dataclass
class CrawlData:
    """Who the crawl signs in as: a user per role, and session values to set for them."""

    source: str
    users: dict[str, User]
    session: dict[str, dict[str, Any]] = field(default_factory=dict)


def log_in(context: Any, live_server: Any, data: CrawlData, role: str) -> None:
    """Copy a Django test-client session into the browser: quicker than the login form."""
    if role == "anonymous":
        return
    client = Client()
    client.force_login(data.users[role])
    if data.session.get(role):
        session = client.session
        session.update(data.session[role])
        session.save()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def crawl(
    browser: Any,
    live_server: Any,
    data: CrawlData,
    role: str,
    *,
    viewport: dict[str, int] | None = None,
    max_pages: int = MAX_PAGES,
    check: str = "axe",
) -> Crawl:
    context = browser.new_context(
        locale="sv-SE", viewport=viewport or {"width": 1280, "height": 900}
    )
    origin = live_server.url
    # Never leave the site (an SSO button may redirect to an identity provider).
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(origin) or route.request.url.startswith("data:")
            else route.abort()
        ),
    )
    log_in(context, live_server, data, role)
    page = context.new_page()
    result = Crawl(role)
    queue: deque[str] = deque(["/"])
    seen: set[str] = {"/"}
    shapes: Counter[str] = Counter()
    try:
        while queue:
            if len(result.visits) >= max_pages:
                result.capped = True
                break
            path = queue.popleft()
            try:
                response = page.goto(origin + path, wait_until="load")
            except Exception as exc:  # a download or a redirect off the site
                if "Download is starting" in str(exc):
                    continue
                result.visits.append(Visit(path, 0, error=str(exc).splitlines()[0]))
                continue
            status = response.status if response is not None else 0
            final = wanted(page.url, origin, False) or path
            seen.add(final)
            visit = Visit(final if final != path else path, status)
            result.visits.append(visit)
            if check == "axe":
                visit.violations = axe_violations(page)
            else:
                culprits = page.evaluate(OVERFLOW_JS)
                if culprits:
                    visit.error = "wider than the screen: " + ", ".join(culprits)
            if status != 200:
                continue
            links = page.eval_on_selector_all(
                "a[href]",
                "els => els.map(e => [e.href, e.hasAttribute('download')])",
            )
            for href, has_download in links:
                target = wanted(href, origin, has_download)
                if target is None or target in seen:
                    continue
                seen.add(target)
                key = shape(target)
                if shapes[key] >= SAME_SHAPE_LIMIT:
                    result.skipped_same_shape += 1
                    continue
                shapes[key] += 1
                queue.append(target)
    finally:
        context.close()
    return result


@pytest.fixture
def crawl_data(request: pytest.FixtureRequest) -> CrawlData:
    """The demo data when the demo builder exists, else the conftest world."""
    try:
        from mysam.organisation import demo
    except ImportError:
        world: World = request.getfixturevalue("world")
        return CrawlData("conftest world", dict(world.users))
    request.getfixturevalue("transactional_db")
    built = demo.demo_build()
    users = {role: built.users[role] for role in ROLES if role in built.users}
    users["other_admin"] = built.users["dual"]
    return CrawlData(
        "demo",
        users,
        session={"other_admin": {SESSION_KEY: built.exempel.pk}},
    )


def _report(capsys: Any, title: str, crawls: list[Crawl]) -> None:
    with capsys.disabled():
        print(f"\n{title}")
        for item in crawls:
            print("  " + item.summary())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_for_every_role_is_accessible(
    chromium: Any, live_server: Any, crawl_data: CrawlData, capsys: Any
) -> None:
    crawls = [crawl(chromium, live_server, crawl_data, role) for role in ROLES]
    _report(
        capsys, f"Pages visited per role ({crawl_data.source}; axe-core WCAG 2.1 A/AA):", crawls
    )
    problems = [line for item in crawls for line in item.problems()]
    assert problems == [], "\n".join(problems)
    # The crawl must have reached past the start page for signed-in roles.
    for item in crawls:
        if item.role != "anonymous":
            assert len(item.visits) > 3, item.summary()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_fit_a_phone_screen(
    chromium: Any, live_server: Any, crawl_data: CrawlData, capsys: Any
) -> None:
    result = crawl(
        chromium, live_server, crawl_data, "admin", viewport=PHONE, max_pages=25, check="overflow"
    )
    _report(capsys, "Pages checked at 375 × 812:", [result])
    problems = result.problems()
    assert problems == [], "\n".join(problems)
