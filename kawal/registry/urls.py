from django.urls import path

from kawal.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("nik-check/", views.nik_check, name="nik_check"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/reveal-nik/", views.nik_reveal_view, name="reveal_nik"),
    path("<int:person_id>/poverty/", views.poverty_add, name="poverty_add"),
    path("<int:person_id>/segments/", views.segment_add_view, name="segment_add"),
]
