from django.urls import path

from kawal.insurer import views

app_name = "insurer"
urlpatterns = [
    path("", views.home, name="home"),
    path("export/", views.export, name="export"),
    path("response/", views.response_upload, name="response"),
    path("roster/", views.roster_upload, name="roster"),
    path("deaths/", views.deaths_upload, name="deaths"),
    path("<int:batch_id>/", views.batch_detail, name="detail"),
    path("<int:batch_id>/confirm/", views.batch_confirm, name="confirm"),
    path("<int:batch_id>/report.<str:fmt>", views.batch_report, name="report"),
    path("<int:batch_id>/file/", views.batch_file, name="file"),
    path("<int:batch_id>/demo-response/", views.batch_demo_response, name="demo_response"),
]
