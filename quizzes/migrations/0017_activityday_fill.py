"""The days of activity (`lessons.ActivityDay`, the site's local days), filled
here from the lesson records and the attempts (the rule of
lessons.services.activity_rebuild)."""

from django.db import migrations
from django.utils import timezone

BATCH = 2000


def fill(apps, schema_editor):
    LessonProgress = apps.get_model("lessons", "LessonProgress")
    Attempt = apps.get_model("quizzes", "Attempt")
    ActivityDay = apps.get_model("lessons", "ActivityDay")
    zone = timezone.get_default_timezone()
    days = {}

    def add(user_id, course_id, moment, lessons=0, attempts=0):
        entry = days.setdefault((user_id, course_id, timezone.localdate(moment, zone)), [0, 0])
        entry[0] += lessons
        entry[1] += attempts

    for user_id, course_id, first, last, completed in LessonProgress.objects.values_list(
            "user_id", "lesson__chapter__course_id", "first_opened_at", "last_opened_at", "completed_at"
    ).iterator(chunk_size=BATCH):
        add(user_id, course_id, first)
        add(user_id, course_id, last)
        if completed is not None:
            add(user_id, course_id, completed, lessons=1)
    for user_id, course_id, started, submitted in Attempt.objects.filter(is_preview=False).values_list(
            "user_id", "quiz__course_id", "started_at", "submitted_at").iterator(chunk_size=BATCH):
        add(user_id, course_id, started)
        if submitted is not None:
            add(user_id, course_id, submitted, attempts=1)
    ActivityDay.objects.bulk_create(
        [ActivityDay(user_id=user_id, course_id=course_id, day=day, lessons=lessons, attempts=attempts)
         for (user_id, course_id, day), (lessons, attempts) in days.items()], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0016_studenttopicscore'),
        ('lessons', '0009_activityday'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
