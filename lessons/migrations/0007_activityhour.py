"""The hours of activity the class overview reads (filled by quizzes 0014, which knows the attempts)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lessons', '0006_languagepreference_to_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ActivityHour',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hour', models.DateTimeField(verbose_name='hour')),
                ('lessons', models.PositiveIntegerField(default=0, verbose_name='lessons completed')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts submitted')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='lessons.course', verbose_name='course')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='student')),
            ],
            options={
                'verbose_name': 'hour of activity',
                'verbose_name_plural': 'hours of activity',
                'ordering': ['course', 'hour', 'user'],
                'indexes': [models.Index(fields=['course', 'hour'], name='activity_hour_course_hour')],
                'constraints': [models.UniqueConstraint(fields=('course', 'user', 'hour'), name='activity_hour_unique')],
            },
        ),
    ]
