from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "daihoi.elections"
    label = "elections"
    verbose_name = "Bầu cử"
