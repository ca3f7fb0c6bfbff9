from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: imports no app of Mùa's (see the layer order in README)."""

    name = "core"
    verbose_name = "Mùa"
