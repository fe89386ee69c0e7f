"""URLs of the Inpres 2/2021 report, the award dossier and the regulations (under ``reports/``)."""

from django.urls import path

from kawal.reports import inpres_views

app_name = "inpres"
urlpatterns = [
    path("inpres/", inpres_views.inpres_page, name="inpres"),
    path("inpres/download.<str:kind>", inpres_views.inpres_download, name="inpres_download"),
    path("dossier/", inpres_views.dossier_page, name="dossier"),
    path("dossier/download.pdf", inpres_views.dossier_download, name="dossier_download"),
    path("regulations/", inpres_views.regulations, name="regulations"),
    path(
        "regulations/<int:regulation_id>/",
        inpres_views.regulation_edit,
        name="regulation_edit",
    ),
    path("innovations/add/", inpres_views.innovation_add, name="innovation_add"),
]
