from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "daihoi.congresses"
    label = "congresses"
    verbose_name = "Đại hội"
