from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("mysam.core.urls")),
    path("konto/", include("mysam.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("organisation/", include("mysam.organisation.urls")),
    path("handlingsplaner/", include("mysam.plans.urls")),
    path("moten/", include("mysam.meetings.urls")),
    path("matningar/", include("mysam.surveys.urls")),
    path("svara/", include("mysam.surveys.respond_urls")),
    path("resultat/", include("mysam.insights.urls")),
    path("medel/", include("mysam.funding.urls")),
    path("statistik/", include("mysam.statistics.urls")),
    path("api/", include("mysam.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("drift/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
