"""The login page's single sign-on buttons, per association."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template

from mysam.accounts import selectors

register = template.Library()


@dataclass
class SsoButton:
    label: str
    url: str


@dataclass
class SsoGroup:
    association: str
    buttons: list[SsoButton] = field(default_factory=list)


@register.simple_tag(takes_context=True)
def identity_provider_groups(
    context: dict[str, Any], association_slug: str | None = None
) -> list[SsoGroup]:
    """Buttons for the given association, or the one named by ``?forbund=<slug>``, else for
    every association.

    Each button posts to allauth's login URL of the provider (OpenID Connect or SAML).
    """
    request = context["request"]
    slug = association_slug or request.GET.get("forbund") or None
    groups: dict[int, SsoGroup] = {}
    for identity_provider in selectors.identity_providers_for_login(association_slug=slug):
        provider = identity_provider.social_app.get_provider(request)
        group = groups.setdefault(
            identity_provider.association_id, SsoGroup(str(identity_provider.association))
        )
        group.buttons.append(SsoButton(identity_provider.label, provider.get_login_url(request)))
    return list(groups.values())
