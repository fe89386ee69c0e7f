from django.urls import path

from kawal.intake import views, views_mapping, views_review, views_rows

app_name = "intake"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/progress/", views.job_progress, name="progress"),
    path("<int:job_id>/retry/", views.job_retry, name="retry"),
    path("<int:job_id>/download/<str:kind>/", views.job_download, name="download"),
    path("templates/<str:source>.xlsx", views.template_download, name="template"),
    path("demo/usulan-desa-demo.xlsx", views.demo_file_download, name="demo_file"),
    path("<int:job_id>/mapping/", views_mapping.job_mapping, name="mapping"),
    path("<int:job_id>/rows/", views_rows.job_rows, name="rows"),
    path("<int:job_id>/rows/<int:outcome_id>/unlink/", views_rows.row_unlink, name="unlink"),
    path("presets/", views_mapping.preset_list, name="presets"),
    path("presets/<int:preset_id>/delete/", views_mapping.preset_delete, name="preset_delete"),
    path("review/", views_review.queue, name="review_queue"),
    path("review/<int:item_id>/", views_review.item_detail, name="review_item"),
    path("review/<int:item_id>/decide/", views_review.decide, name="review_decide"),
]
