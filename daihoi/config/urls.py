from django.urls import include, path

urlpatterns = [
    path("", include("daihoi.core.urls")),
    path("to-chuc/", include("daihoi.organizations.urls")),
    path("dai-hoi/", include("daihoi.congresses.urls")),
    path("dai-bieu/", include("daihoi.delegates.urls")),
    path("bau-cu/", include("daihoi.elections.urls")),
    path("bao-cao/", include("daihoi.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
