from django.urls import path

from mysam.accounts import views

app_name = "accounts"

urlpatterns = [
    path("forbund/", views.choose_association, name="choose_association"),
    path("tvastegsverifiering-kravs/", views.mfa_required, name="mfa_required"),
    path("anvandare/", views.user_list, name="user_list"),
    path("anvandare/ny/", views.role_grant, name="role_grant"),
    path("anvandare/<int:pk>/andra/", views.role_change, name="role_change"),
    path("anvandare/<int:pk>/ta-bort/", views.role_revoke, name="role_revoke"),
    # Shadows allauth's e-mail management (included after this module under the same
    # prefix): the office manages users' addresses. Unnamed, so "account_email" still
    # reverses to this path.
    path("email/", views.email_managed_by_office),
]
