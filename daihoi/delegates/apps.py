from django.apps import AppConfig


class DelegatesConfig(AppConfig):
    name = "daihoi.delegates"
    label = "delegates"
    verbose_name = "Đại biểu"

    def ready(self) -> None:
        # The congress page shows the delegates' section through congresses.sections:
        # congresses imports nothing of delegates (import-linter contract).
        from daihoi.congresses import sections
        from daihoi.delegates.views import congress_section

        sections.register("delegates", congress_section, order=5)

        from daihoi.core import home
        from daihoi.delegates.views import staff_home

        home.register(staff_home)
