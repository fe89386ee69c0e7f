from django.urls import path

from kawal.contributions import budget_views, planning_views, views

app_name = "contributions"
urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:cohort_id>/generate/", views.cohort_generate, name="generate"),
    path("cohorts/<int:cohort_id>/reconcile/", views.cohort_reconcile, name="reconcile"),
    path("bills/<int:bill_id>/", views.bill_detail, name="bill"),
    path("payments/<int:payment_id>/document/", views.payment_document, name="payment_document"),
    path("reconciliations/<int:rec_id>/", views.reconciliation_detail, name="reconciliation"),
    path("budget/", views.budget, name="budget"),
    path("plan/", planning_views.plan_page, name="plan"),
    path("plan/save/", planning_views.plan_save, name="plan_save"),
    path(
        "budget/proposal.<str:kind>",
        budget_views.budget_proposal_download,
        name="budget_proposal",
    ),
]
