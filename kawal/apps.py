from django.apps import AppConfig


class KawalConfig(AppConfig):
    """The project package itself: shared templates, static files and management commands."""

    name = "kawal"
    verbose_name = "Kawal"
