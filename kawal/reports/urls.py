from django.urls import path

from kawal.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/villages/<str:district>/", views.dashboard_villages, name="villages"),
    path("dashboard/people/", views.dashboard_people, name="people"),
    path("dashboard/arrears/", views.dashboard_arrears, name="arrears"),
    path("dashboard/claims/", views.dashboard_claims, name="claims"),
]
