from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "kawal.enrolment"
    label = "enrolment"
    default_auto_field = "django.db.models.BigAutoField"
