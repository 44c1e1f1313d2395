from django.urls import path

from mysam.accounts import views

app_name = "accounts"

urlpatterns = [
    path("forbund/", views.choose_association, name="choose_association"),
    path("tvastegsverifiering-kravs/", views.mfa_required, name="mfa_required"),
]
