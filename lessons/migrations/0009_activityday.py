"""Days of activity replace the hours of 0007: the overview counts one row a student and day (filled by quizzes 0017)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lessons', '0008_enrolment_last_active_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ActivityDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('lessons', models.PositiveIntegerField(default=0, verbose_name='lessons completed')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts submitted')),
            ],
            options={
                'verbose_name': 'day of activity',
                'verbose_name_plural': 'days of activity',
                'ordering': ['course', 'day', 'user'],
            },
        ),
        migrations.RemoveIndex(
            model_name='activityhour',
            name='activity_hour_course_hour',
        ),
        migrations.RemoveConstraint(
            model_name='activityhour',
            name='activity_hour_unique',
        ),
        migrations.AddField(
            model_name='activityday',
            name='course',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='lessons.course', verbose_name='course'),
        ),
        migrations.AddField(
            model_name='activityday',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='student'),
        ),
        migrations.RemoveField(
            model_name='activityhour',
            name='course',
        ),
        migrations.RemoveField(
            model_name='activityhour',
            name='user',
        ),
        migrations.AddIndex(
            model_name='activityday',
            index=models.Index(fields=['course', 'day'], name='activity_day_course_day'),
        ),
        migrations.AddConstraint(
            model_name='activityday',
            constraint=models.UniqueConstraint(fields=('course', 'user', 'day'), name='activity_day_unique'),
        ),
        migrations.DeleteModel(
            name='ActivityHour',
        ),
    ]
