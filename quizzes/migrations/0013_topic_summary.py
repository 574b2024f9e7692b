"""The per-topic summary moves down from the dashboard into quizzes, where the
services that grade attempts keep it; it is filled here from the answers
(the rule of quizzes.summary.topic_summary_write, in batches)."""

import django.db.models.deletion
from django.db import migrations, models


BATCH = 2000


def fill(apps, schema_editor):
    from django.db.models import Count, Sum

    Attempt = apps.get_model("quizzes", "Attempt")
    Response = apps.get_model("quizzes", "Response")
    AttemptTopicScore = apps.get_model("quizzes", "AttemptTopicScore")
    ids = list(Attempt.objects.filter(is_preview=False, submitted_at__isnull=False).exclude(grading="awaiting")
               .order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        rows = (Response.objects.filter(attempt_id__in=ids[start:start + BATCH], question__isnull=False)
                .values("attempt_id", "question__topic").annotate(total=Sum("fraction"), answered=Count("id"))
                .order_by("attempt_id", "question__topic")
                .values_list("attempt_id", "question__topic", "total", "answered"))
        AttemptTopicScore.objects.bulk_create(
            [AttemptTopicScore(attempt_id=a, topic=t, total=total or 0.0, answered=n) for a, t, total, n in rows],
            batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0012_question_archived'),
    ]

    operations = [
        migrations.CreateModel(
            name='AttemptTopicScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('topic', models.CharField(max_length=10, verbose_name='topic')),
                ('total', models.FloatField(default=0, verbose_name='sum of fractions correct')),
                ('answered', models.PositiveIntegerField(default=0, verbose_name='answers')),
                ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quizzes.attempt', verbose_name='attempt')),
            ],
            options={
                'verbose_name': 'attempt score by topic',
                'verbose_name_plural': 'attempt scores by topic',
                'ordering': ['attempt', 'topic'],
                'constraints': [models.UniqueConstraint(fields=('attempt', 'topic'), name='attempt_topic_score_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
