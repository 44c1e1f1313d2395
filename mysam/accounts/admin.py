"""The operators' technical admin (/drift/): users, association roles, identity providers.

The office administers users in the application itself (/konto/anvandare/); this is for
operators (is_staff), e.g. to connect an association's single sign-on service.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from mysam.accounts.models import AssociationRole, IdentityProvider, User


class AssociationRoleInline(admin.TabularInline[AssociationRole, User]):
    model = AssociationRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [AssociationRoleInline]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ("groups", "user_permissions")


@admin.register(AssociationRole)
class AssociationRoleAdmin(admin.ModelAdmin[AssociationRole]):
    list_display = ["user", "association", "role", "granted_at"]
    list_filter = ["role", "association"]
    search_fields = ["user__email", "user__full_name", "association__name"]
    autocomplete_fields = ["user"]


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin[IdentityProvider]):
    list_display = ["label", "association", "provider", "is_active", "position"]
    list_filter = ["is_active", "association"]
    search_fields = ["label", "association__name", "social_app__name"]
    list_select_related = ["association", "social_app"]

    @admin.display(description=_("protocol"))
    def provider(self, obj: IdentityProvider) -> str:
        app = obj.social_app
        return f"{app.provider} / {app.provider_id or app.client_id}"
