from django.urls import path

from daihoi.congresses import views, views_campaign, views_dashboard

app_name = "congresses"

urlpatterns = [
    path("", views.congress_list, name="list"),
    path("tao-moi/<int:org_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
]

# The campaign: a unit's plan of congresses (bulk plan, .xlsx import with preview) and the
# lifecycle of one congress (advance, report results, approval by the upper committee).
urlpatterns += [
    path("ke-hoach/<int:org_pk>/", views_campaign.plan, name="plan"),
    path("ke-hoach/<int:org_pk>/lap/", views_campaign.plan_bulk, name="plan_bulk"),
    path("ke-hoach/<int:org_pk>/nhap/", views_campaign.plan_import, name="plan_import"),
    path(
        "ke-hoach/<int:org_pk>/nhap/xac-nhan/",
        views_campaign.plan_import_confirm,
        name="plan_import_confirm",
    ),
    path(
        "ke-hoach/<int:org_pk>/nhap/mau.xlsx",
        views_campaign.plan_import_template,
        name="plan_import_template",
    ),
    path("ke-hoach/<int:org_pk>/ket-qua/", views_campaign.results_import, name="results_import"),
    path(
        "ke-hoach/<int:org_pk>/ket-qua/xac-nhan/",
        views_campaign.results_import_confirm,
        name="results_import_confirm",
    ),
    path(
        "ke-hoach/<int:org_pk>/ket-qua/mau.xlsx",
        views_campaign.results_import_template,
        name="results_import_template",
    ),
    path("<int:pk>/trang-thai/", views_campaign.advance, name="advance"),
    path("<int:pk>/ket-qua/", views_campaign.report, name="report"),
    path("<int:pk>/chuan-y/", views_campaign.approve, name="approve"),
]

# The campaign dashboard: progress under an organization (drill-down to its children and to
# the units of a level), charts, and an .xlsx export of every table.
urlpatterns += [
    path("tien-do/", views_dashboard.home, name="dashboard_home"),
    path("tien-do/<int:org_pk>/", views_dashboard.dashboard, name="dashboard"),
    # ?cap=<level> (default: the unit's own level) · ?bang=<table> (exports_dashboard.TABLES)
    path("tien-do/<int:org_pk>/cap/", views_dashboard.level_units, name="dashboard_level"),
    path("tien-do/<int:org_pk>/xuat.xlsx", views_dashboard.export, name="dashboard_export"),
]
