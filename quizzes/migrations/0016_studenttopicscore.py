"""Each student's scores by topic in a course (`StudentTopicScore`), filled
here from the attempts' topic rows (the rule of quizzes.summary.student_topics_write)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    from django.db.models import Sum

    AttemptTopicScore = apps.get_model("quizzes", "AttemptTopicScore")
    StudentTopicScore = apps.get_model("quizzes", "StudentTopicScore")
    StudentTopicScore.objects.bulk_create(
        [StudentTopicScore(user_id=user_id, course_id=course_id, topic=topic, language=language, total=total or 0.0,
                           answered=answered or 0)
         for user_id, course_id, topic, language, total, answered in (
             AttemptTopicScore.objects.values("attempt__user_id", "attempt__quiz__course_id", "topic",
                                              "attempt__language")
             .annotate(total=Sum("total"), answered=Sum("answered")).order_by()
             .values_list("attempt__user_id", "attempt__quiz__course_id", "topic", "attempt__language", "total",
                          "answered"))],
        batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('lessons', '0008_enrolment_last_active_at'),
        ('quizzes', '0015_responsetally'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StudentTopicScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('topic', models.CharField(max_length=10, verbose_name='topic')),
                ('language', models.CharField(max_length=10, verbose_name='language')),
                ('total', models.FloatField(default=0, verbose_name='sum of fractions correct')),
                ('answered', models.PositiveIntegerField(default=0, verbose_name='answers')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='lessons.course', verbose_name='course')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='student')),
            ],
            options={
                'verbose_name': 'student score by topic',
                'verbose_name_plural': 'student scores by topic',
                'ordering': ['course', 'user', 'topic', 'language'],
                'indexes': [models.Index(fields=['course', 'language'], name='student_topic_course_language')],
                'constraints': [models.UniqueConstraint(fields=('user', 'course', 'topic', 'language'), name='student_topic_score_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
