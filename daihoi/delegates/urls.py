from django.urls import path

from daihoi.delegates import (
    views,
    views_allocation,
    views_checkin,
    views_credentials,
    views_documents,
    views_import,
)

app_name = "delegates"

urlpatterns = [
    path("<int:pk>/", views.roster, name="roster"),
    path("<int:pk>/phan-bo/", views_allocation.allocation, name="allocation"),
    path("<int:pk>/them/", views.add_delegate, name="add"),
    path("<int:pk>/nhan-su/", views.add_staff, name="add_staff"),
    path("<int:pk>/thu-tu-thay-the/", views.alternate_order, name="alternate_order"),
    path("<int:pk>/cap-the/", views.issue_badges, name="issue_badges"),
    path("<int:pk>/the.pdf", views_documents.badges, name="badges"),
    path("<int:pk>/dai-bieu/<int:delegate_pk>/vang/", views.record_absence, name="absence"),
    path("<int:pk>/dai-bieu/<int:delegate_pk>/thay-the/", views.replace, name="replace"),
    path("<int:pk>/dai-bieu/<int:delegate_pk>/thu-hoi-the/", views.revoke_badge, name="revoke"),
]

# Credentials committee.
urlpatterns += [
    path("<int:pk>/tham-tra/", views_credentials.review_list, name="credentials"),
    path("<int:pk>/tham-tra/<int:delegate_pk>/", views_credentials.review, name="review"),
    path(
        "<int:pk>/tham-tra/bao-cao/",
        views_documents.credentials_report,
        name="credentials_report",
    ),
    path(
        "<int:pk>/tham-tra/bao-cao.docx",
        views_documents.credentials_report_download,
        name="credentials_report_docx",
    ),
]

# Sessions, check-in, the presidium page and the hall panel.
urlpatterns += [
    path("<int:pk>/phien/", views_checkin.sessions, name="sessions"),
    path("<int:pk>/phien/them/", views_checkin.add_session, name="add_session"),
    path(
        "<int:pk>/phien/<int:session_pk>/hien-tai/",
        views_checkin.make_current,
        name="current_session",
    ),
    path("<int:pk>/diem-danh/", views_checkin.desk, name="desk"),
    path("<int:pk>/diem-danh/quet/", views_checkin.scan, name="scan"),
    path("<int:pk>/diem-danh/tim/", views_checkin.search, name="search"),
    path("<int:pk>/diem-danh/<int:delegate_pk>/", views_checkin.pick, name="pick"),
    path("<int:pk>/doan-chu-tich/", views_checkin.presidium, name="presidium"),
    path("<int:pk>/trinh-chieu/", views_checkin.hall, name="hall"),
]

# Roster import (.xlsx with preview)
urlpatterns += [
    path("<int:pk>/nhap/", views_import.upload, name="import"),
    path("<int:pk>/nhap/xac-nhan/", views_import.confirm, name="import_confirm"),
    path("<int:pk>/nhap/mau.xlsx", views_import.template, name="import_template"),
]
