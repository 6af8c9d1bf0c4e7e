from django.urls import path

from daihoi.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("tim-kiem/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cay-con/", views.children_fragment, name="children"),
]
