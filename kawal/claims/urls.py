from django.urls import path

from kawal.claims import views

app_name = "claims"
urlpatterns = [
    path("", views.claim_list, name="list"),
    path("uncovered/", views.uncovered_list, name="uncovered"),
    path("report/", views.claim_report_view, name="report"),
    path("persons/", views.person_search, name="person_search"),
    path("<int:claim_id>/", views.claim_detail, name="detail"),
    path("<int:claim_id>/document/", views.document_upload, name="document_upload"),
    path("<int:claim_id>/document/<int:document_id>/", views.document_file, name="document_file"),
    path("<int:claim_id>/heirs/", views.heirs_save, name="heirs"),
    path("<int:claim_id>/status/", views.status_change, name="status"),
    path("<int:claim_id>/handler/", views.handler_assign, name="handler"),
]
