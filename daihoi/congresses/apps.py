from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class CongressesConfig(AppConfig):
    name = "daihoi.congresses"
    label = "congresses"
    verbose_name = "Đại hội"

    def ready(self) -> None:
        post_migrate.connect(_check_tallies, sender=self)


def _check_tallies(using: str = "default", **kwargs: Any) -> None:
    """After every migrate and flush: the tally triggers are there and the tallies equal a
    recount. A flush deletes table by table in no set order (SQLite), so the congress
    table's delete trigger may run after the tallies were emptied; and on SQLite a
    migration that rebuilds the congress table drops its triggers (congresses/tallies.py)."""
    from daihoi.congresses import tallies

    connection = connections[using]
    if tallies.STATUS.table not in connection.introspection.table_names():
        return  # migrating backwards past 0005
    if tallies.installed(connection) != tallies.EXPECTED_TRIGGERS:
        tallies.install(connection)
    else:
        tallies.rebuild(connection)
