"""API tokens: how Power BI and other tools read one association's figures."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mysam.organisation.models import Association


class ApiToken(models.Model):
    """A secret that reads one association's data through /api/v1/.

    Only a SHA-256 hash of the secret is stored; the secret is shown once, when the office
    creates it. A revoked or expired token is refused (401)."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("E.g. “Power BI, kansliet”."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret, so the office can tell tokens apart.
    prefix = models.CharField(_("begins with"), max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    last_used_on = models.DateField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def is_usable(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        if self.revoked_at is not None:
            return False
        return self.expires_on is None or self.expires_on >= day
