"""Sending invitations and reminders in the background, once per person.

A send-out is a `Mailing`; `mailing_start` records it and, after the commit, enqueues the
task `mysam.surveys.tasks.send_mailing`, which calls `mailing_run` in the worker.

Never twice: for every invitation the worker first *claims* it (one conditional UPDATE that
sets `send_claimed_at` and, the first time, the link's salt; committed), then has the SMTP
conversation, then sets `sent_at` (committed with the mailing's counters). A worker killed between the
claim and `sent_at` leaves the invitation claimed but unsent: it is reported as uncertain
("osäker") and only sent again when the office asks for it (`mailing_resend_uncertain`).
Claimed invitations are never picked up by a later run, so restarting sends the rest only.

Resuming: the run updates `Mailing.heartbeat_at` while it works. A run killed half way
leaves the mailing "sending" with a stale heartbeat; `mailing_resume` (the office's button,
or `manage.py surveys_mailings`) enqueues a continuation that sends what was not claimed.

Reminders use `reminder_claimed_at`/`last_reminded_at` the same way. The link is the same in
the invitation and every reminder: its token is derived from the invitation's salt with the
server's key (`mysam.surveys.tokens`), and only the salt and the token's hash are stored.
The first claim gives an invitation its salt. Correcting an address gives a new salt, so the
old link stops working; its hash is kept as a `ReplacedLink` so that opening it explains why.
"""

from __future__ import annotations

import datetime
import logging
import re
import smtplib
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mysam.surveys.models import (
    Draft,
    Invitation,
    InvitationStatus,
    Mailing,
    MailingKind,
    MailingStatus,
    Questionnaire,
    ReplacedLink,
)
from mysam.surveys.tokens import make_token, new_salt, personal_link_token

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# A running mailing whose heartbeat is older than this is taken to have lost its worker.
STALE_AFTER = datetime.timedelta(minutes=2)
NOT_ANSWERED = (InvitationStatus.INVITED, InvitationStatus.STARTED)


# --- Who gets what ---------------------------------------------------------------------------


def invitation_recipients(*, questionnaire: Questionnaire) -> QuerySet[Invitation]:
    """Invitations never claimed for sending, not excluded, not undeliverable."""
    return Invitation.objects.filter(
        questionnaire=questionnaire,
        send_claimed_at__isnull=True,
        bounced_at__isnull=True,
    ).exclude(status=InvitationStatus.EXCLUDED)


def reminder_recipients(
    *, questionnaire: Questionnaire, since: datetime.datetime
) -> QuerySet[Invitation]:
    """Invited people who have not answered (nor been screened out), not excluded, not
    undeliverable, and not reminded by this send-out (claimed at or after `since`) nor left
    with an uncertain earlier reminder."""
    return Invitation.objects.filter(
        questionnaire=questionnaire,
        status__in=NOT_ANSWERED,
        sent_at__isnull=False,
        bounced_at__isnull=True,
    ).filter(
        Q(reminder_claimed_at__isnull=True)
        | Q(reminder_claimed_at__lt=since, last_reminded_at__gte=F("reminder_claimed_at"))
    )


def uncertain(*, questionnaire: Questionnaire) -> QuerySet[Invitation]:
    """Claimed for sending but not known to be sent (the worker stopped in between)."""
    base = Invitation.objects.filter(questionnaire=questionnaire, bounced_at__isnull=True)
    return base.filter(
        Q(send_claimed_at__isnull=False, sent_at__isnull=True)
        | Q(reminder_claimed_at__isnull=False, last_reminded_at__isnull=True)
        | Q(reminder_claimed_at__gt=F("last_reminded_at"))
    )


def _closed(questionnaire: Questionnaire) -> bool:
    closes_on = questionnaire.measurement.closes_on
    return closes_on is not None and closes_on < timezone.localdate()


# --- The office's actions -------------------------------------------------------------------


def _enqueue(mailing: Mailing) -> None:
    from mysam.surveys import tasks

    def go() -> None:
        result = tasks.send_mailing.enqueue(mailing_id=mailing.pk)
        Mailing.objects.filter(pk=mailing.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(go)


@transaction.atomic
def mailing_start(*, questionnaire: Questionnaire, kind: str, user: Any) -> Mailing:
    """Start a send-out of invitations or reminders; the worker does the sending."""
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    if kind not in MailingKind.values:
        raise ValidationError(_("Choose invitations or reminders."))
    if _closed(questionnaire):
        raise ValidationError(_("The questionnaire has closed; nothing can be sent."))
    busy = Mailing.objects.filter(
        questionnaire=questionnaire, status__in=[MailingStatus.QUEUED, MailingStatus.RUNNING]
    )
    if busy.exists():
        raise ValidationError(_("A send-out is already under way. Wait until it has finished."))
    now = timezone.now()
    if kind == MailingKind.INVITATION:
        total = invitation_recipients(questionnaire=questionnaire).count()
    else:
        total = reminder_recipients(questionnaire=questionnaire, since=now).count()
    if total == 0:
        raise ValidationError(_("There is nobody to send to."))
    mailing = Mailing.objects.create(
        questionnaire=questionnaire,
        kind=kind,
        total=total,
        created_by=user if getattr(user, "pk", None) else None,
    )
    _enqueue(mailing)
    return mailing


def mailing_is_stale(*, mailing: Mailing, now: datetime.datetime | None = None) -> bool:
    """Whether a queued or running mailing seems to have lost its worker."""
    if mailing.status not in (MailingStatus.QUEUED, MailingStatus.RUNNING):
        return False
    last = mailing.heartbeat_at or mailing.started_at or mailing.created_at
    return last < (now or timezone.now()) - STALE_AFTER


@transaction.atomic
def mailing_resume(*, mailing: Mailing, force: bool = False) -> Mailing:
    """Continue a send-out that stopped (an error, or a worker killed: stale heartbeat)."""
    mailing = (
        Mailing.objects.select_for_update()
        .select_related("questionnaire__measurement")
        .get(pk=mailing.pk)
    )
    if mailing.status == MailingStatus.DONE:
        raise ValidationError(_("This send-out has finished."))
    if mailing.status != MailingStatus.FAILED and not (force or mailing_is_stale(mailing=mailing)):
        raise ValidationError(_("This send-out is still running."))
    if _closed(mailing.questionnaire):
        raise ValidationError(_("The questionnaire has closed; nothing can be sent."))
    mailing.status = MailingStatus.QUEUED
    mailing.error = ""
    mailing.heartbeat_at = timezone.now()
    mailing.save(update_fields=["status", "error", "heartbeat_at"])
    _enqueue(mailing)
    return mailing


@transaction.atomic
def mailing_resend_uncertain(*, questionnaire: Questionnaire, user: Any) -> Mailing:
    """Send the uncertain invitations again (the office accepts that some may get two)."""
    rows = uncertain(questionnaire=questionnaire)
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("There are no uncertain e-mails."))
    Invitation.objects.filter(pk__in=ids, sent_at__isnull=True).update(send_claimed_at=None)
    reminded = Invitation.objects.filter(pk__in=ids, sent_at__isnull=False)
    # An uncertain reminder: count it as sent and send a fresh reminder now.
    reminded.filter(reminder_claimed_at__isnull=False).update(
        last_reminded_at=F("reminder_claimed_at")
    )
    if Invitation.objects.filter(pk__in=ids, sent_at__isnull=True).exists():
        return mailing_start(questionnaire=questionnaire, kind=MailingKind.INVITATION, user=user)
    return mailing_start(questionnaire=questionnaire, kind=MailingKind.REMINDER, user=user)


@transaction.atomic
def invitation_mark_undeliverable(*, invitation: Invitation, reason: str) -> None:
    """The office marks an address undeliverable (e.g. after a bounce in its mailbox)."""
    reason = " ".join(reason.split())[:300] or _("Marked undeliverable by the office")
    Invitation.objects.filter(pk=invitation.pk).update(
        bounced_at=timezone.now(), bounce_reason=reason
    )


def _replace_link(questionnaire_id: int, old_hash: str) -> None:
    """Remember that the link with this hash was replaced (for a kind message)."""
    ReplacedLink.objects.get_or_create(
        token_hash=old_hash,
        defaults={"questionnaire_id": questionnaire_id, "replaced_on": timezone.localdate()},
    )


@transaction.atomic
def invitation_correct_email(*, invitation: Invitation, email: str) -> None:
    """Correct an address: the invitation gets a new link and is sent by the next
    invitation send-out. The old link stops working (opening it says it was replaced), and
    answers saved through it are deleted: the corrected address may be another person."""
    from django.core.validators import validate_email

    email = email.strip().lower()
    validate_email(email)
    if (
        Invitation.objects.filter(questionnaire_id=invitation.questionnaire_id, email=email)
        .exclude(pk=invitation.pk)
        .exists()
    ):
        raise ValidationError(_("This e-mail address is already in the sample."))
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    old_hash = current.token_hash
    salt = new_salt()
    new_hash = personal_link_token(salt)[1]
    fields: dict[str, Any] = {
        "email": email,
        "token_salt": salt,
        "token_hash": new_hash,
        "bounced_at": None,
        "bounce_reason": "",
        "send_claimed_at": None,
        "sent_at": None,
        "reminder_claimed_at": None,
        "last_reminded_at": None,
    }
    if current.status == InvitationStatus.STARTED:
        fields["status"] = InvitationStatus.INVITED
    Invitation.objects.filter(pk=current.pk).update(**fields)
    if current.send_claimed_at is not None or current.sent_at is not None:
        _replace_link(current.questionnaire_id, old_hash)
    Draft.objects.filter(token_hash=old_hash).delete()


@transaction.atomic
def questionnaire_open_link_set(*, questionnaire: Questionnaire, enabled: bool) -> None:
    """Turn the open link (no personal token, no response tracking) on or off."""
    token = make_token()[0] if enabled else None
    if enabled and questionnaire.open_link_token:
        return
    Questionnaire.objects.filter(pk=questionnaire.pk).update(open_link_token=token)
    questionnaire.open_link_token = token


# --- The worker ------------------------------------------------------------------------------


def personal_link(*, token: str) -> str:
    """The absolute URL of a personal link."""
    site = settings.SITE_URL.rstrip("/")
    try:
        return site + reverse("respond:answer", kwargs={"token": token})
    except NoReverseMatch:  # the answering pages are not mounted yet
        return f"{site}/svara/{token}/"


def _from_address(questionnaire: Questionnaire) -> str:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = re.sub(r'[<>"\\,;:@\r\n]', " ", questionnaire.measurement.association.name)
    # Django encodes a non-ASCII display name when it sends the message.
    return f"{' '.join(name.split())} <{address}>"


def _message(invitation: Invitation, token: str, mailing: Mailing) -> EmailMultiAlternatives:
    questionnaire = mailing.questionnaire
    context = {
        "name": invitation.name,
        "questionnaire": questionnaire,
        "measurement": questionnaire.measurement,
        "association": questionnaire.measurement.association,
        "link": personal_link(token=token),
        "closes_on": questionnaire.measurement.closes_on,
        "is_reminder": mailing.kind == MailingKind.REMINDER,
    }
    with translation.override("sv"):
        subject = " ".join(render_to_string("surveys/email/subject.txt", context).split())
        text = render_to_string("surveys/email/invitation.txt", context)
        html = render_to_string("surveys/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=_from_address(questionnaire), to=[invitation.email]
    )
    message.attach_alternative(html, "text/html")
    return message


def _claim(
    mailing: Mailing, pk: int, old_hash: str, salt: str, now: datetime.datetime
) -> str | None:
    """Claim one invitation for this mailing; its link's token, or None if taken.

    One conditional UPDATE (still eligible, link unchanged since the batch was read), then
    the commit: from here on no other run sends to this invitation. The token is derived
    from the invitation's salt, so a reminder carries the link of the invitation; the first
    claim gives the invitation its salt.
    """
    salt = salt or new_salt()
    token, token_hash = personal_link_token(salt)
    with transaction.atomic():
        if mailing.kind == MailingKind.INVITATION:
            candidates = invitation_recipients(questionnaire=mailing.questionnaire)
            claim: dict[str, Any] = {"send_claimed_at": now}
        else:
            candidates = reminder_recipients(
                questionnaire=mailing.questionnaire, since=mailing.created_at
            )
            claim = {"reminder_claimed_at": now}
        updated = candidates.filter(pk=pk, token_hash=old_hash).update(
            token_hash=token_hash, token_salt=salt, **claim
        )
        if not updated:
            return None
        if token_hash != old_hash:
            # A first e-mail replaces the placeholder hash. For a reminder this happens only
            # to a link sent before links were stable (or after the key changed): it is
            # replaced once, and its saved answers follow the new link.
            if mailing.kind == MailingKind.REMINDER:
                _replace_link(mailing.questionnaire_id, old_hash)
            Draft.objects.filter(token_hash=old_hash).update(token_hash=token_hash)
    return token


def _record(mailing: Mailing, pk: int, *, sent: bool, reason: str = "") -> None:
    now = timezone.now()
    with transaction.atomic():
        if not sent:
            Invitation.objects.filter(pk=pk).update(bounced_at=now, bounce_reason=reason[:300])
            Mailing.objects.filter(pk=mailing.pk).update(failed=F("failed") + 1, heartbeat_at=now)
        else:
            if mailing.kind == MailingKind.INVITATION:
                Invitation.objects.filter(pk=pk).update(sent_at=now)
            else:
                Invitation.objects.filter(pk=pk).update(
                    last_reminded_at=now, reminder_count=F("reminder_count") + 1
                )
            Mailing.objects.filter(pk=mailing.pk).update(sent=F("sent") + 1, heartbeat_at=now)


def _refused_reason(error: smtplib.SMTPRecipientsRefused) -> str:
    for code, text in error.recipients.values():
        detail = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{code} {detail}"
    return str(error)


def mailing_run(*, mailing_id: int) -> int:
    """Send everything of a mailing that is not yet claimed; returns e-mails sent now.

    Runs in the worker. Safe to run twice at once or again after a crash: each invitation
    is claimed by one conditional UPDATE before its e-mail is sent.
    """
    mailing = (
        Mailing.objects.select_related("questionnaire__measurement__association")
        .filter(pk=mailing_id)
        .first()
    )
    if mailing is None or mailing.status == MailingStatus.DONE:
        return 0
    now = timezone.now()
    Mailing.objects.filter(pk=mailing.pk).update(
        status=MailingStatus.RUNNING,
        started_at=mailing.started_at or now,
        heartbeat_at=now,
    )
    sent = 0
    try:
        while True:
            if _closed(mailing.questionnaire):
                raise RuntimeError(_("The questionnaire has closed; sending stopped."))
            if mailing.kind == MailingKind.INVITATION:
                batch_qs = invitation_recipients(questionnaire=mailing.questionnaire)
            else:
                batch_qs = reminder_recipients(
                    questionnaire=mailing.questionnaire, since=mailing.created_at
                )
            batch = list(
                batch_qs.order_by("pk")
                .select_related(None)
                .values_list("pk", "email", "name", "token_hash", "token_salt")[:BATCH_SIZE]
            )
            if not batch:
                break
            with get_connection() as connection:
                for pk, email, name, old_hash, salt in batch:
                    token = _claim(mailing, pk, old_hash, salt, timezone.now())
                    if token is None:
                        continue
                    invitation = Invitation(pk=pk, email=email, name=name)
                    message = _message(invitation, token, mailing)
                    message.connection = connection
                    try:
                        message.send()
                    except smtplib.SMTPRecipientsRefused as error:
                        _record(mailing, pk, sent=False, reason=_refused_reason(error))
                        continue
                    _record(mailing, pk, sent=True)
                    sent += 1
    except Exception as error:
        logger.exception("Mailing %s stopped", mailing.pk)
        Mailing.objects.filter(pk=mailing.pk).update(
            status=MailingStatus.FAILED, error=str(error)[:2000], heartbeat_at=timezone.now()
        )
        raise
    Mailing.objects.filter(pk=mailing.pk).update(
        status=MailingStatus.DONE, finished_at=timezone.now(), heartbeat_at=timezone.now()
    )
    return sent


def mailings_resume_stale() -> int:
    """Enqueue a continuation for every mailing whose worker seems to have died (cron)."""
    count = 0
    for mailing in Mailing.objects.filter(
        status__in=[MailingStatus.QUEUED, MailingStatus.RUNNING]
    ).select_related("questionnaire__measurement"):
        if mailing_is_stale(mailing=mailing):
            try:
                mailing_resume(mailing=mailing)
            except ValidationError:
                continue
            count += 1
    return count
