"""Round.name_count: how many names the round's ballot lists, checked on every keyed line."""

from django.db import migrations, models
from django.db.models import Count


def count_names(apps, schema_editor):
    Round = apps.get_model("elections", "Round")
    for round_ in Round.objects.annotate(n=Count("ballot_names")):
        Round.objects.filter(pk=round_.pk).update(name_count=round_.n)


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="name_count",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="Số tên trên phiếu"),
        ),
        migrations.RunPython(count_names, migrations.RunPython.noop),
    ]
