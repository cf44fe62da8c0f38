# The languages of the waiting accounts, found by a skip scan (docs/moderation.md, Measured).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0009_support_services_checked'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='story',
            index=models.Index(condition=models.Q(('status__in', ['submitted', 'in_review'])), fields=['language'], name='story_waiting_lang_idx'),
        ),
    ]
