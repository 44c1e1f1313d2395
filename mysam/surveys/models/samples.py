"""Who was asked: invitations (the sample), mailings and saved drafts.

An invitation knows the person (e-mail, name) and the sample-frame attributes, a random
salt and the hash of its personal link's token; the token itself is only in the e-mails
(it is derived from the salt with the server's key, see `mysam.surveys.tokens`). Nothing here is referred
to by an answer (`responses`): submitting marks the invitation answered and stores the
answer in one transaction, and the two are never linked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mysam.organisation.models import Municipality, Party, Person, Unit
from mysam.surveys.models.measurements import Questionnaire


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Not answered")
    STARTED = "started", _("Started, not submitted")
    ANSWERED = "answered", _("Answered")
    SCREENED_OUT = "screened_out", _("Screened out")
    EXCLUDED = "excluded", _("Excluded from the sample")


class Invitation(models.Model):
    """One person in a questionnaire's sample."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    # The sample frame: what response rates are broken down by.
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set when the managers' sample was taken from the group memberships.
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # The personal link's token is HMAC(key, salt) (mysam.surveys.tokens): the invitation
    # and every reminder carry the same link. Empty until the first e-mail is sent.
    token_salt = models.CharField(max_length=64, blank=True, default="", editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus.choices, default="invited"
    )
    excluded_reason = models.CharField(_("reason for exclusion"), max_length=200, blank=True)
    # Delivery. `send_claimed_at` is set and committed before the SMTP conversation and
    # `sent_at` after it: a worker killed in between leaves a claimed, unsent invitation,
    # which is reported as uncertain and never sent again automatically (never twice).
    send_claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    reminder_claimed_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("undeliverable"), null=True, blank=True)
    bounce_reason = models.CharField(_("delivery error"), max_length=300, blank=True)
    # Only the date: a finer time could be matched against the answers' order.
    answered_on = models.DateField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["questionnaire", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "email"], name="invitation_unique_email"
            ),
            models.CheckConstraint(
                condition=~Q(status="excluded") | ~Q(excluded_reason=""),
                name="invitation_exclusion_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["questionnaire", "status"])]

    def __str__(self) -> str:
        return self.email


class Draft(models.Model):
    """Answers saved to continue later, keyed by the hash of the link's token.

    For a personal link the key is the invitation's token hash; for the open link it is a
    random token kept in the respondent's browser. Deleted when the answer is submitted.
    """

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    data = models.JSONField(default=dict)
    page = models.PositiveSmallIntegerField(default=0)
    updated_on = models.DateField(auto_now=True)

    class Meta:
        verbose_name = _("saved draft")
        verbose_name_plural = _("saved drafts")

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.updated_on})"


class ReplacedLink(models.Model):
    """The hash of a personal link that no longer works because a newer one replaced it (the
    office corrected the address; or a link sent before links were stable, replaced by a
    reminder), so that opening it explains that instead of a bare "not
    found". Knows only the questionnaire, not the invitation."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    replaced_on = models.DateField()

    class Meta:
        verbose_name = _("replaced link")
        verbose_name_plural = _("replaced links")

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.replaced_on})"


class MailingKind(models.TextChoices):
    INVITATION = "invitation", _("Invitations")
    REMINDER = "reminder", _("Reminders")


class MailingStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Sending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped with an error")


class Mailing(models.Model):
    """One send-out of invitations or reminders, run by a background job."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="mailings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MailingKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MailingStatus.choices, default="queued"
    )
    total = models.PositiveIntegerField(_("to send"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    failed = models.PositiveIntegerField(_("undeliverable"), default=0)
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class SampleImport(models.Model):
    """A record that a respondent list was imported (what, by whom, how many rows)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sample_imports"
    )
    file_name = models.CharField(_("file"), max_length=255)
    row_count = models.PositiveIntegerField(_("rows"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("sample import")
        verbose_name_plural = _("sample imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
