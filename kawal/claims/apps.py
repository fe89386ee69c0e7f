from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "kawal.claims"
    label = "claims"
    default_auto_field = "django.db.models.BigAutoField"
