# The campaign dashboard: kinds, pilots and direct elections from partial indexes over the minority side.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('congresses', '0003_dashboard_indexes'),
        ('organizations', '0004_level_path_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='congress',
            name='congress_flags_idx',
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(condition=models.Q(('kind', 'delegates')), fields=['term', 'org_level', 'status', 'org_path'], name='congress_delegates_idx'),
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(condition=models.Q(('is_pilot', True)), fields=['term', 'org_level', 'status', 'org_path'], name='congress_pilot_idx'),
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(condition=models.Q(('direct_secretary', False)), fields=['term', 'org_level', 'status', 'org_path'], name='congress_not_direct_idx'),
        ),
    ]
