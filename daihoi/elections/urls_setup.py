"""URL patterns of the elections app (setup part); included by elections/urls.py."""

from django.urls import path

from daihoi.elections import views_setup as views

urlpatterns = [
    path("tao-moi/<int:congress_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ung-vien/them/", views.add_candidate, name="add_candidate"),
    path("<int:pk>/ung-vien/<int:candidate_pk>/bieu-quyet/", views.floor_vote, name="floor_vote"),
    path("<int:pk>/ung-vien/<int:candidate_pk>/xin-rut/", views.withdrawal, name="withdrawal"),
    path("<int:pk>/nguong-de-cu/", views.floor_threshold, name="floor_threshold"),
    path("<int:pk>/phieu-tham-do/", views.opinion_ballot, name="opinion_ballot"),
    path("<int:pk>/chot-danh-sach/", views.confirm_list, name="confirm_list"),
    path("<int:pk>/nhap-danh-sach/", views.import_list, name="import"),
    path("<int:pk>/nhap-danh-sach/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/nhap-danh-sach/mau.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/ban-kiem-phieu/them/", views.add_staff, name="add_staff"),
    path("<int:pk>/mo-lan-bau/", views.open_round, name="open_round"),
]
