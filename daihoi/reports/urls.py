from django.urls import path

from daihoi.reports import views

app_name = "reports"

urlpatterns = [
    path("tong-ket/<int:org_pk>/", views.summary_page, name="summary"),
    path("tong-ket/<int:org_pk>/bao-cao.docx", views.summary_docx_view, name="summary_docx"),
    path("tong-ket/<int:org_pk>/so-lieu.xlsx", views.summary_xlsx_view, name="summary_xlsx"),
    path("tong-ket/<int:org_pk>/so-lieu.json", views.summary_json_view, name="summary_json"),
]
