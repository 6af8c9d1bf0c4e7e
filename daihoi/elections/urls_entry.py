"""URL patterns of the elections app (entry part: the counting room); included by
elections/urls.py under the "elections" namespace."""

from django.urls import path

from daihoi.elections import views_entry as views
from daihoi.elections import views_mine

urlpatterns = [
    path("cua-toi/", views_mine.mine, name="mine"),
    path("lan-bau/<int:pk>/", views.round_detail, name="round"),
    path("lan-bau/<int:pk>/nhap/", views.entry, name="entry"),
    path("lan-bau/<int:pk>/nhap/trang-thai/", views.entry_status, name="entry_status"),
    path("lan-bau/<int:pk>/dieu-hanh/", views.console, name="console"),
    path("lan-bau/<int:pk>/dieu-hanh/tinh-hinh/", views.console_live, name="console_live"),
    path("lan-bau/<int:pk>/doc-lai/", views.reread, name="reread"),
    path("lan-bau/<int:pk>/ket-thuc/", views.close, name="close"),
    path("lan-bau/<int:pk>/lan-tiep/", views.next_round, name="next_round"),
    path("lan-bau/<int:pk>/hoan-thanh/", views.finish, name="finish"),
]
