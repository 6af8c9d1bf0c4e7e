from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "daihoi.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        # Each app names its kinds of background job in its own jobs.py (core/jobs.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
