from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "daihoi.elections"
    label = "elections"
    verbose_name = "Bầu cử"

    def ready(self) -> None:
        # The congress page lists its elections through congresses.sections: congresses
        # imports no election code (import-linter contract).
        from daihoi.congresses import sections
        from daihoi.elections.views_setup import congress_section

        sections.register("elections", congress_section, order=10)

        from daihoi.core import home
        from daihoi.elections.views_mine import counting_home

        home.register(counting_home)
