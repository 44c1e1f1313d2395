"""The shared test base: one standing user per role, and a client logged in as each.

Roles (ARCHITECTURE.md): ``admin`` (office, with MFA set up), ``board``, ``member`` (an
association member who sits in ``group`` as an ordinary member), ``convener`` (convener of
``group``), ``outsider`` (association member in no group), ``other_admin`` (admin of another
association) and ``anonymous``.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from mysam.accounts.models import AssociationRole, AssociationRoleKind, User
from mysam.organisation import models as org
from mysam.organisation.tests import factories as f

ROLES = ("anonymous", "member", "convener", "outsider", "board", "admin", "other_admin")
PASSWORD = "korrekt-häst-batteri-49"


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "sv"


@dataclass
class World:
    association: org.Association
    other_association: org.Association
    county_part: org.CountyPart
    municipality: org.Municipality
    group: org.CooperationGroup
    other_group: org.CooperationGroup
    parties: dict[str, org.Party]
    users: dict[str, User]
    people: dict[str, org.Person]
    memberships: dict[str, org.Membership]


def make_user(
    email: str,
    *,
    association: org.Association | None = None,
    role: str | None = None,
    totp: bool = False,
) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
    if association is not None and role is not None:
        AssociationRole.objects.create(user=user, association=association, role=role)
    if totp:
        TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    association = f.AssociationFactory(name="Samordningsförbund Gävleborg", slug="gavleborg")
    other = f.AssociationFactory(name="Samordningsförbund Annat", slug="annat")
    county_part = f.CountyPartFactory(association=association, name="Västra Gästrikland")
    municipality = f.MunicipalityFactory(
        association=association, county_part=county_part, name="Hofors"
    )
    parties = {
        "municipality": f.PartyFactory(
            association=association,
            name="Hofors kommun",
            kind=org.PartyKind.MUNICIPALITY,
            municipality=municipality,
        ),
        "region": f.PartyFactory(
            association=association, name="Region Gävleborg", kind=org.PartyKind.REGION
        ),
        "fk": f.PartyFactory(
            association=association, name="Försäkringskassan", kind=org.PartyKind.FK
        ),
        "af": f.PartyFactory(
            association=association, name="Arbetsförmedlingen", kind=org.PartyKind.AF
        ),
    }
    group = f.CooperationGroupFactory(
        association=association, name="Mysam Hofors", municipalities=[municipality]
    )
    other_group = f.CooperationGroupFactory(association=other, name="Mysam Annanstans")

    users = {
        "admin": make_user(
            "kansli@example.se", association=association, role=AssociationRoleKind.ADMIN, totp=True
        ),
        "board": make_user(
            "styrelse@example.se", association=association, role=AssociationRoleKind.BOARD
        ),
        "member": make_user(
            "ledamot@example.se", association=association, role=AssociationRoleKind.MEMBER
        ),
        "convener": make_user(
            "sammankallande@example.se", association=association, role=AssociationRoleKind.MEMBER
        ),
        "outsider": make_user(
            "utanfor@example.se", association=association, role=AssociationRoleKind.MEMBER
        ),
        "other_admin": make_user(
            "annat@example.se", association=other, role=AssociationRoleKind.ADMIN, totp=True
        ),
    }
    people = {
        "member": f.PersonFactory(
            association=association,
            first_name="Åsa",
            last_name="Öberg",
            party=parties["municipality"],
            user=users["member"],
        ),
        "convener": f.PersonFactory(
            association=association,
            first_name="Sören",
            last_name="Ärlig",
            party=parties["region"],
            user=users["convener"],
        ),
        "outsider": f.PersonFactory(
            association=association,
            first_name="Olle",
            last_name="Utan",
            party=parties["af"],
            user=users["outsider"],
        ),
    }
    start = datetime.date(2024, 1, 1)
    memberships = {
        "member": f.MembershipFactory(group=group, person=people["member"], start_date=start),
        "convener": f.MembershipFactory(
            group=group,
            person=people["convener"],
            role=org.MembershipRole.CONVENER,
            start_date=start,
        ),
    }
    return World(
        association,
        other,
        county_part,
        municipality,
        group,
        other_group,
        parties,
        users,
        people,
        memberships,
    )


def client_for(world: World, role: str) -> Client:
    """A test client logged in as the standing user of a role (or anonymous)."""
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.fixture
def clients(world: World) -> dict[str, Client]:
    return {role: client_for(world, role) for role in ROLES}


# --- Browser tests -------------------------------------------------------------------------
# Tests marked ``browser`` drive the system Chromium through Playwright and run axe-core.
# They are collected only with ``--browser`` (dev.py runs them as their own leg).

AXE_JS = Path(__file__).parent / "core" / "tests" / "vendor" / "axe-core-4.14.1.min.js"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--browser", action="store_true", help="run the browser tests in Chromium")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--browser"):
        return
    kept = [item for item in items if "browser" not in item.keywords]
    deselected = [item for item in items if "browser" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("MYSAM_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}; install Debian's chromium package.")
    # Playwright's sync API runs an event loop; Django must allow ORM calls beside it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core on the page for WCAG 2.1 A and AA; return the violations."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return list(result["violations"])


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} – {targets}")
    return "\n".join(lines)


def browser_login(page, live_server, email: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/konto/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def signed_in_context(chromium, live_server, user, viewport=DESKTOP):  # type: ignore[no-untyped-def]
    """A Chromium context signed in as ``user``: the session cookie of Django's test client
    is copied in, which skips the login form (and an admin's one-time code)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = chromium.new_context(locale="sv-SE", viewport=viewport)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def page_problems(chromium, live_server, pages, viewports=(DESKTOP, PHONE)) -> list[str]:  # type: ignore[no-untyped-def]
    """Open each (user, url) at each viewport; report an error status, any axe-core WCAG
    2.1 A/AA violation, and a page wider than the screen."""
    problems = []
    for viewport in viewports:
        contexts = {}
        for user, url in pages:
            if user.pk not in contexts:
                context = signed_in_context(chromium, live_server, user, viewport)
                contexts[user.pk] = (context, context.new_page())
            page = contexts[user.pk][1]
            response = page.goto(live_server.url + url)
            if response.status != 200:
                problems.append(f"{url}: {response.status}")
                continue
            violations = axe_violations(page)
            if violations:
                problems.append(f"{url} at {viewport['width']}:\n{format_violations(violations)}")
            wide = page.evaluate(
                "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            if wide:
                problems.append(f"{url}: wider than {viewport['width']} px")
        for context, _page in contexts.values():
            context.close()
    return problems
