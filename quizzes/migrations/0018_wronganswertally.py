"""The students' wrong-answer tallies the quiz report adds up (`WrongAnswerTally`),
filled here from the answers (the rule of quizzes.summary.response_tally_write)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BATCH = 2000


def fill(apps, schema_editor):
    import json

    Response = apps.get_model("quizzes", "Response")
    WrongAnswerTally = apps.get_model("quizzes", "WrongAnswerTally")
    wrong = {}
    for user_id, quiz_id, question_id, language, attempt_id, answer in (
            Response.objects.filter(attempt__is_preview=False, attempt__submitted_at__isnull=False,
                                    question__isnull=False, attempt__grading__in=["", "graded"])
            .exclude(fraction__gte=1)
            .values_list("attempt__user_id", "attempt__quiz_id", "question_id", "attempt__language", "attempt_id",
                         "answer").iterator(chunk_size=BATCH)):
        mistake = wrong.setdefault((user_id, quiz_id, question_id, language, json.dumps(answer, sort_keys=True)),
                                   [answer, 0, attempt_id])
        mistake[1] += 1
        mistake[2] = min(mistake[2], attempt_id)
    WrongAnswerTally.objects.bulk_create(
        [WrongAnswerTally(user_id=user_id, quiz_id=quiz_id, question_id=question_id, language=language,
                          answer=answer, n=n, first_attempt_id=first)
         for (user_id, quiz_id, question_id, language, _key), (answer, n, first) in wrong.items()], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0017_activityday_fill'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WrongAnswerTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=10, verbose_name='language')),
                ('answer', models.JSONField(null=True, verbose_name='answer')),
                ('n', models.PositiveIntegerField(default=0, verbose_name='times given')),
                ('first_attempt_id', models.BigIntegerField(verbose_name='first attempt')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quizzes.question', verbose_name='question')),
                ('quiz', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quizzes.quiz', verbose_name='quiz')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='student')),
            ],
            options={
                'verbose_name': 'wrong answer tally',
                'verbose_name_plural': 'wrong answer tallies',
                'ordering': ['quiz', 'question', 'user'],
                'indexes': [models.Index(fields=['quiz', 'language'], name='wrong_tally_quiz_language')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
