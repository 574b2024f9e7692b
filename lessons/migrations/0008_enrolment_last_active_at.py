"""Each enrolment's latest moment of activity (filled by quizzes 0015, which knows the attempts)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lessons', '0007_activityhour'),
    ]

    operations = [
        migrations.AddField(
            model_name='enrolment',
            name='last_active_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last active'),
        ),
    ]
