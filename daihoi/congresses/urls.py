from django.urls import path

from daihoi.congresses import views

app_name = "congresses"

urlpatterns = [
    path("", views.congress_list, name="list"),
    path("tao-moi/<int:org_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
]
