from django.contrib.auth import views as auth_views
from django.urls import path

from daihoi.core import views, views_jobs

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    # Background jobs: the owner's list, one job's progress, its result file.
    path("cong-viec/", views_jobs.job_list, name="jobs"),
    path("cong-viec/<int:pk>/", views_jobs.job_detail, name="job"),
    path("cong-viec/<int:pk>/tai-ve/", views_jobs.job_download, name="job_download"),
]
