# Indexes for the moderation queue's pages and the audit log (docs/moderation.md, Measured).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0006_seed_support_services'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='moderationevent',
            index=models.Index(fields=['-created_at', '-id'], name='event_recent_idx'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(condition=models.Q(('status__in', ['submitted', 'in_review'])), fields=['submitted_at', 'created_at', '-id'], include=('language', 'content_notes'), name='story_waiting_idx'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['submitted_at', 'created_at', '-id'], name='story_queue_order_idx'),
        ),
    ]
