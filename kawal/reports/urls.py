from django.urls import path

from kawal.reports import views

app_name = "reports"
urlpatterns = [path("", views.dashboard, name="dashboard")]
