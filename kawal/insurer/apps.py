from django.apps import AppConfig


class InsurerConfig(AppConfig):
    name = "kawal.insurer"
    label = "insurer"
    default_auto_field = "django.db.models.BigAutoField"
