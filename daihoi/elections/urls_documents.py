"""URL patterns of the elections app (documents part); included by elections/urls.py.

Round documents live under lan-bau/<round id>/, election documents under <election id>/."""

from django.urls import path

from daihoi.elections import views_documents as views

urlpatterns = [
    path("lan-bau/<int:pk>/phieu-bau.pdf", views.ballot_pdf, name="ballot_pdf"),
    path("lan-bau/<int:pk>/bien-ban.docx", views.minutes_docx, name="minutes_docx"),
    path("lan-bau/<int:pk>/bien-ban.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("lan-bau/<int:pk>/nhat-ky/", views.journal_page, name="journal"),
    path("lan-bau/<int:pk>/nhat-ky.pdf", views.journal_pdf, name="journal_pdf"),
    path("lan-bau/<int:pk>/count.json", views.count_json, name="count_json"),
    path("<int:pk>/ket-qua.xlsx", views.results_xlsx_view, name="results_xlsx"),
    path("<int:pk>/ket-qua.pptx", views.results_pptx_view, name="results_pptx"),
    path("<int:pk>/trinh-chieu/", views.hall_display, name="display"),
]
