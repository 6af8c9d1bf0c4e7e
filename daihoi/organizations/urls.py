from django.urls import path

from daihoi.organizations import views, views_users

app_name = "organizations"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("tim-kiem/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cay-con/", views.children_fragment, name="children"),
]

# Hierarchy import (upload → preview → confirm).
urlpatterns += [
    path("nhap/", views.import_start, name="import"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
    path("nhap/<int:pk>/", views.import_preview, name="import_preview"),
    path("nhap/<int:pk>/loi.csv", views.import_errors_csv, name="import_errors"),
    path("nhap/<int:pk>/xac-nhan/", views.import_confirm, name="import_confirm"),
]

# Users and roles inside a unit's subtree (organization department staff).
urlpatterns += [
    path("<int:pk>/nguoi-dung/", views_users.users, name="users"),
    path("<int:pk>/nguoi-dung/tao/", views_users.user_create, name="user_create"),
    path("<int:pk>/nguoi-dung/cap-quyen/", views_users.user_grant, name="user_grant"),
    path(
        "<int:pk>/nguoi-dung/thu-hoi/<int:grant_pk>/",
        views_users.user_revoke,
        name="user_revoke",
    ),
]
