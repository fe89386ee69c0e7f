from django.urls import path

from kawal.enrolment import views

app_name = "enrolment"
urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("new/", views.cohort_form, name="create"),
    path("queue/", views.work_queue, name="queue"),
    path("<int:cohort_id>/", views.cohort_detail, name="detail"),
    path("<int:cohort_id>/edit/", views.cohort_form, name="edit"),
    path("<int:cohort_id>/bulk/", views.cohort_bulk, name="bulk"),
    path("<int:cohort_id>/candidates/", views.cohort_candidates, name="candidates"),
    path("<int:cohort_id>/recheck/", views.cohort_recheck, name="recheck"),
    path("decrees/<int:decree_id>/", views.decree_detail, name="decree"),
    path(
        "decrees/<int:decree_id>/download.<str:kind>",
        views.decree_download,
        name="decree_download",
    ),
    path("persons/<int:person_id>/", views.person_eligibility, name="person_eligibility"),
    path("persons/<int:person_id>/event/", views.person_event, name="person_event"),
]
