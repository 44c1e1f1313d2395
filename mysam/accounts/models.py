"""Users and their roles in associations.

A user logs in with e-mail. What they may do depends on the association they are working
in (chosen explicitly when they hold roles in several): the association role below, and
their group roles through the memberships of the Person linked to their account.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("May use the technical administration site (operators only)."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AssociationRoleKind(models.TextChoices):
    ADMIN = "admin", _("Office administrator")
    BOARD = "board", _("Board")
    MEMBER = "member", _("Member")


class AssociationRole(models.Model):
    """The role a user holds in one association (one role per user and association)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="association_roles")
    association = models.ForeignKey(
        "organisation.Association",
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("association"),
    )
    role = models.CharField(_("role"), max_length=20, choices=AssociationRoleKind.choices)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    class Meta:
        verbose_name = _("association role")
        verbose_name_plural = _("association roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "association"], name="one_role_per_user_and_association"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.association} ({self.get_role_display()})"


class IdentityProvider(models.Model):
    """A single sign-on service an association offers on its login page.

    The protocol settings (OpenID Connect or SAML 2.0: client id, secret, issuer, metadata)
    live in allauth's ``SocialApp``; this row says which association it belongs to and
    what its button says. A user signing in through it must hold a role in that
    association (see ``SocialAccountAdapter``).
    """

    association = models.ForeignKey(
        "organisation.Association",
        on_delete=models.CASCADE,
        related_name="identity_providers",
        verbose_name=_("association"),
    )
    label = models.CharField(
        _("button label"),
        max_length=120,
        help_text=_("Shown on the login button, e.g. “Logga in med SITHS (Inera IdP)”."),
    )
    social_app = models.OneToOneField(
        "socialaccount.SocialApp",
        on_delete=models.CASCADE,
        related_name="identity_provider",
        verbose_name=_("provider settings"),
        help_text=_("The OpenID Connect or SAML application that holds the protocol settings."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Buttons are shown in increasing order.")
    )

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["association", "position", "label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.association})"
