"""The students' answer tallies the quiz report adds up (`ResponseTally`), and
each enrolment's latest moment of activity, filled here from the answers and
the lesson records (the rules of quizzes.summary.response_tally_write and
lessons.services.activity_rebuild)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BATCH = 2000


def fill(apps, schema_editor):
    from django.db.models import Max

    Response = apps.get_model("quizzes", "Response")
    Attempt = apps.get_model("quizzes", "Attempt")
    ResponseTally = apps.get_model("quizzes", "ResponseTally")
    Enrolment = apps.get_model("lessons", "Enrolment")
    LessonProgress = apps.get_model("lessons", "LessonProgress")
    sums = {}
    for user_id, quiz_id, question_id, language, response_id, fraction, score, points, attempt_score, attempt_max in (
            Response.objects.filter(attempt__is_preview=False, attempt__submitted_at__isnull=False,
                                    question__isnull=False, attempt__grading__in=["", "graded"])
            .values_list("attempt__user_id", "attempt__quiz_id", "question_id", "attempt__language", "id", "fraction",
                         "score", "snapshot__points", "attempt__score", "attempt__max_score")
            .iterator(chunk_size=BATCH)):
        x = fraction or 0.0
        rest_max = (attempt_max or 0.0) - float(points or 1)
        y = ((attempt_score or 0.0) - (score or 0.0)) / rest_max if rest_max > 0 else 0.0
        entry = sums.setdefault((user_id, quiz_id, question_id, language), [0, 0.0, 0.0, 0.0, 0.0, 0.0, 0])
        for index, value in enumerate((1, x, y, x * x, y * y, x * y)):
            entry[index] += value
        entry[6] = max(entry[6], response_id)
    ResponseTally.objects.bulk_create(
        [ResponseTally(user_id=user_id, quiz_id=quiz_id, question_id=question_id, language=language, n=n, sx=sx,
                       sy=sy, sxx=sxx, syy=syy, sxy=sxy, last_response_id=last)
         for (user_id, quiz_id, question_id, language), (n, sx, sy, sxx, syy, sxy, last) in sums.items()],
        batch_size=BATCH)
    latest = {}
    for rows in (
            LessonProgress.objects.values("user_id", "lesson__chapter__course_id")
            .annotate(a=Max("last_opened_at"), b=Max("completed_at")).order_by()
            .values_list("user_id", "lesson__chapter__course_id", "a", "b"),
            Attempt.objects.filter(is_preview=False).values("user_id", "quiz__course_id")
            .annotate(a=Max("started_at"), b=Max("submitted_at")).order_by()
            .values_list("user_id", "quiz__course_id", "a", "b")):
        for user_id, course_id, *moments in rows:
            for moment in moments:
                if moment is not None and ((user_id, course_id) not in latest or moment > latest[(user_id, course_id)]):
                    latest[(user_id, course_id)] = moment
    enrolments = [e for e in Enrolment.objects.all() if (e.user_id, e.course_id) in latest]
    for enrolment in enrolments:
        enrolment.last_active_at = latest[(enrolment.user_id, enrolment.course_id)]
    Enrolment.objects.bulk_update(enrolments, ["last_active_at"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0014_quizgrade'),
        ('lessons', '0008_enrolment_last_active_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ResponseTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=10, verbose_name='language')),
                ('n', models.PositiveIntegerField(default=0, verbose_name='answers')),
                ('sx', models.FloatField(default=0)),
                ('sy', models.FloatField(default=0)),
                ('sxx', models.FloatField(default=0)),
                ('syy', models.FloatField(default=0)),
                ('sxy', models.FloatField(default=0)),
                ('last_response_id', models.BigIntegerField(verbose_name='latest answer')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quizzes.question', verbose_name='question')),
                ('quiz', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quizzes.quiz', verbose_name='quiz')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='student')),
            ],
            options={
                'verbose_name': 'answers tally',
                'verbose_name_plural': 'answers tallies',
                'ordering': ['quiz', 'question', 'user', 'language'],
                'indexes': [models.Index(fields=['quiz', 'language'], name='response_tally_quiz_language')],
                'constraints': [models.UniqueConstraint(fields=('user', 'quiz', 'question', 'language'), name='response_tally_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
