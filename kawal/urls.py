from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("kawal.reports.urls")),
    path("accounts/", include("kawal.accounts.urls")),
    path("persons/", include("kawal.registry.urls")),
    path("imports/", include("kawal.intake.urls")),
    path("contributions/", include("kawal.contributions.urls")),
    path("insurer/", include("kawal.insurer.urls")),
    path("enrolment/", include("kawal.enrolment.urls")),
    path("claims/", include("kawal.claims.urls")),
    path("reports/", include("kawal.reports.inpres_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]
