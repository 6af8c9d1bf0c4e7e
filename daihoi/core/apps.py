from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "daihoi.core"
    label = "core"
    verbose_name = "Lõi hệ thống"
