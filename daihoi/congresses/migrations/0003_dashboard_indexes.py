# The campaign dashboard: index seeks per key and path range (congresses.queries_dashboard).

from django.conf import settings
from django.db import migrations, models


def copy_secretary_percent(apps, schema_editor):
    """Existing results of a secretary elected directly at the congress: the whole percent."""
    Result = apps.get_model("congresses", "CongressResult")
    Congress = apps.get_model("congresses", "Congress")
    rows = Result.objects.filter(
        secretary_direct=True, secretary_votes__isnull=False, secretary_base__gt=0
    ).values_list("congress_id", "secretary_votes", "secretary_base")
    for congress_id, votes, base in rows.iterator():
        Congress.objects.filter(pk=congress_id).update(secretary_percent=100 * votes // base)


class Migration(migrations.Migration):

    dependencies = [
        ('congresses', '0002_campaign'),
        ('organizations', '0004_level_path_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='congress',
            name='secretary_percent',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(copy_secretary_percent, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(fields=['term', 'org_level', 'status', 'org_path'], name='congress_level_status_idx'),
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(fields=['term', 'org_level', 'status', 'kind', 'is_pilot', 'direct_secretary', 'org_path'], name='congress_flags_idx'),
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(fields=['term', 'held_on', 'org_level', 'org_path'], name='congress_held_on_idx'),
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(fields=['term', 'secretary_percent', 'org_path'], name='congress_share_idx'),
        ),
    ]
