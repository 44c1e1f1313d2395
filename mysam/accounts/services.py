"""Every write about users: who has access to an association, and in which role.

Services are keyword-only, run in one transaction and raise ValidationError with a message
the office can act on. A user is never deleted here: they may hold roles in other
associations, and their name stays on what they wrote.
"""

from __future__ import annotations

from functools import partial

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from mysam.accounts.models import AssociationRole, AssociationRoleKind, User
from mysam.organisation.models import Association, Person


def _check_role(role: str) -> None:
    if role not in AssociationRoleKind.values:
        raise ValidationError(_("Choose a role: office administrator, board or member."))


def _refuse_losing_last_admin(role: AssociationRole) -> None:
    """Refuse a change that would leave the association without an office admin.

    The association's admin rows are locked first, so two admins demoting each other at
    the same moment cannot both succeed (SQLite serialises writes anyway).
    """
    if role.role != AssociationRoleKind.ADMIN:
        return
    admins = list(
        AssociationRole.objects.select_for_update()
        .filter(association_id=role.association_id, role=AssociationRoleKind.ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [role.pk]:
        raise ValidationError(
            _(
                "%(user)s is the association's only office administrator. Make someone else "
                "an administrator first, so that somebody can still manage the association."
            )
            % {"user": role.user}
        )


@transaction.atomic
def user_email_confirm(*, user: User) -> None:
    """Record the user's account e-mail as verified and primary.

    The office enters the address, so it is trusted; allauth then treats single sign-on
    logins with that address as the same person instead of wiping the password.
    """
    address, created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True}
    )
    if not created and not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    if not address.primary:
        address.set_as_primary()


@transaction.atomic
def association_role_grant(
    *,
    association: Association,
    email: str,
    role: str,
    person: Person | None = None,
    full_name: str = "",
) -> AssociationRole:
    """Give the user with this e-mail a role in the association, creating the account if needed.

    A new account gets no usable password: the invitation e-mail (sent after the commit)
    carries a link to choose one. An existing account keeps its password and is told it
    has access. Refuses an invalid address, an unknown role, a user who already has a
    role in the association, and a person of another association or already linked to
    another account.
    """
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter an e-mail address such as name@example.se.")}
        ) from None
    _check_role(role)
    if person is not None and person.association_id != association.pk:
        raise ValidationError({"person": _("The person belongs to another association.")})

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        name = full_name.strip() or (f"{person.first_name} {person.last_name}" if person else "")
        user = User.objects.create_user(email, None, full_name=name)
    elif AssociationRole.objects.filter(user=user, association=association).exists():
        raise ValidationError(
            {
                "email": _(
                    "%(email)s already has access to the association. Change their role "
                    "in the list instead."
                )
                % {"email": email}
            }
        )

    if person is not None:
        _link_person(person=person, user=user)
    user_email_confirm(user=user)
    granted = AssociationRole.objects.create(user=user, association=association, role=role)
    transaction.on_commit(partial(send_access_mail, role_pk=granted.pk))
    return granted


def _link_person(*, person: Person, user: User) -> None:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None and person.user_id != user.pk:
        raise ValidationError(
            {"person": _("%(person)s is already linked to another account.") % {"person": person}}
        )
    other = (
        Person.objects.filter(association_id=person.association_id, user=user)
        .exclude(pk=person.pk)
        .first()
    )
    if other is not None:
        raise ValidationError(
            {"person": _("The account is already linked to %(person)s.") % {"person": other}}
        )
    person.user = user
    person.save(update_fields=["user"])


@transaction.atomic
def association_role_change(*, role: AssociationRole, new_role: str) -> AssociationRole:
    """Change a user's role in an association.

    Refuses an unknown role and demoting the association's last office administrator.
    """
    _check_role(new_role)
    role = AssociationRole.objects.select_for_update().select_related("user").get(pk=role.pk)
    if role.role == new_role:
        return role
    if new_role != AssociationRoleKind.ADMIN:
        _refuse_losing_last_admin(role)
    role.role = new_role
    role.save(update_fields=["role"])
    return role


@transaction.atomic
def association_role_revoke(*, role: AssociationRole) -> None:
    """Take away a user's access to one association; the account itself stays.

    Refuses removing the association's last office administrator.
    """
    role = AssociationRole.objects.select_for_update().select_related("user").get(pk=role.pk)
    _refuse_losing_last_admin(role)
    role.delete()


def send_access_mail(*, role_pk: int) -> None:
    """E-mail a user that they have access: with a link to choose a password if they have none.

    The link is allauth's password-reset link (valid for PASSWORD_RESET_TIMEOUT); after
    that the user can ask for a new one with "Forgot your password?".
    """
    role = AssociationRole.objects.select_related("user", "association").filter(pk=role_pk).first()
    if role is None:  # Revoked before the mail went out.
        return
    user = role.user
    site = settings.SITE_URL.rstrip("/")
    context = {
        "user": user,
        "association": role.association,
        "role": role.get_role_display(),
        "login_url": site + reverse("account_login") + f"?forbund={role.association.slug}",
        "set_password_url": None,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    if not user.has_usable_password():
        key = default_token_generator.make_token(user)
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
        )
        context["set_password_url"] = site + path
    subject = render_to_string("accounts/email/access_granted_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("accounts/email/access_granted_body.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("accounts/email/access_granted_body.html", context), "text/html"
    )
    message.send()
