from django.urls import include, path

urlpatterns = [
    path("", include("daihoi.core.urls")),
    path("to-chuc/", include("daihoi.organizations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
