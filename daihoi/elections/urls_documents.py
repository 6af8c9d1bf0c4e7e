"""URL patterns of the elections app (documents part); included by elections/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
