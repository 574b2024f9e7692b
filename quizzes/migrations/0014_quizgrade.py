"""Each student's grade on each quiz (`QuizGrade`), filled here from the
attempts as the services would have written it (the rule of
quizzes.summary.quiz_grades_write). The hours of activity that lessons 0007
made are left empty: lessons 0009 replaced them with days, which 0017 fills."""

from collections import defaultdict

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BATCH = 2000


def _grade(method: str, percents: list[float]):
    if not percents:
        return None
    if method == "first":
        return percents[0]
    if method == "latest":
        return percents[-1]
    if method == "average":
        return round(sum(percents) / len(percents), 1)
    return max(percents)


def fill(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    Quiz = apps.get_model("quizzes", "Quiz")
    QuizGrade = apps.get_model("quizzes", "QuizGrade")
    for quiz in Quiz.objects.all():
        percents, tally = defaultdict(list), defaultdict(lambda: [0, 0])
        for user_id, language, score, max_score, grading in (
                Attempt.objects.filter(quiz=quiz, is_preview=False, submitted_at__isnull=False)
                .order_by("user_id", "number").values_list("user_id", "language", "score", "max_score", "grading")):
            for key in ((user_id, ""), (user_id, language)):
                if grading == "awaiting":
                    tally[key][1] += 1
                    continue
                tally[key][0] += 1
                if score is not None and max_score:
                    percents[key].append(round(100 * score / max_score, 1))
        QuizGrade.objects.bulk_create(
            [QuizGrade(user_id=user_id, quiz=quiz, language=language,
                       grade=_grade(quiz.grading_method, percents[(user_id, language)]),
                       scored=len(percents[(user_id, language)]), graded=graded, awaiting=awaiting)
             for (user_id, language), (graded, awaiting) in tally.items()], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0013_topic_summary'),
        ('lessons', '0007_activityhour'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='QuizGrade',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(blank=True, max_length=10, verbose_name='language')),
                ('grade', models.FloatField(blank=True, null=True, verbose_name='grade (%)')),
                ('scored', models.PositiveIntegerField(default=0, verbose_name='attempts with a score')),
                ('graded', models.PositiveIntegerField(default=0, verbose_name='attempts graded')),
                ('awaiting', models.PositiveIntegerField(default=0, verbose_name='attempts awaiting grading')),
                ('quiz', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quizzes.quiz', verbose_name='quiz')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='student')),
            ],
            options={
                'verbose_name': 'quiz grade',
                'verbose_name_plural': 'quiz grades',
                'ordering': ['quiz', 'user', 'language'],
                'indexes': [models.Index(fields=['quiz', 'language'], name='quiz_grade_quiz_language')],
                'constraints': [models.UniqueConstraint(fields=('user', 'quiz', 'language'), name='quiz_grade_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
