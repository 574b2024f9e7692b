"""The class overview: enrolment, activity, completion per chapter, averages
per quiz and topic, activity per day, who needs attention, the daily review."""

import datetime

from django.db.models import CharField, Count, Q, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from dashboard.selectors.common import ClassData, class_attempts, mean, strength, student_ids, topic_label
from dashboard.selectors.review import class_review
from lessons.models import Cohort, LessonProgress
from quizzes.models import Attempt, AttemptTopicScore

ACTIVITY_DAYS = 30
ATTENTION_SHOWN = 25


def class_overview(cohort: Cohort, now=None, language: str = "") -> dict:
    """Enrolment, activity, completion per chapter, averages per quiz and
    topic, activity per day, the students who need attention and the daily
    review's recall. 13 queries. `language` keeps the attempts of one edition
    in the quizzes' and topics' figures (activity counts every attempt)."""
    data = ClassData(cohort, language=language, now=now)
    students, lessons, quizzes, grades = data.students, data.lessons, data.quizzes, data.grades
    lesson_ids = [lesson.pk for lesson in lessons]

    # Per student and chapter: lessons done.
    per_chapter = (LessonProgress.objects.filter(user_id__in=student_ids(cohort), lesson_id__in=lesson_ids)
                   .values("user_id", "lesson__chapter_id")
                   .annotate(done=Count("id", filter=Q(completed_at__isnull=False)))
                   .order_by())
    chapters: dict[int, dict] = {}
    for lesson in lessons:
        entry = chapters.setdefault(lesson.chapter_id, {"chapter": lesson.chapter, "lessons": 0,
                                                        "finished": 0, "started": 0})
        entry["lessons"] += 1
    for row in per_chapter:
        entry = chapters[row["lesson__chapter_id"]]
        entry["started"] += 1
        if row["done"] >= entry["lessons"]:
            entry["finished"] += 1
    for entry in chapters.values():
        entry["percent"] = round(100 * entry["finished"] / len(students)) if students else 0

    quiz_rows = []
    for quiz in quizzes:
        marks = [grades.grades[(s.id, quiz.pk)] for s in students if (s.id, quiz.pk) in grades.grades]
        quiz_rows.append({"quiz": quiz, "average": mean(marks), "students": len(marks),
                          "awaiting": sum(n for (_user, quiz_id), n in grades.awaiting.items() if quiz_id == quiz.pk),
                          "passed": sum(1 for g in marks if g is not None and g >= quiz.pass_mark)})

    # From the per-attempt summary the quiz services keep (quizzes.summary):
    # a few rows an attempt, not every answer.
    topics = (AttemptTopicScore.objects.filter(attempt__in=class_attempts(cohort, language).submitted())
              .values("topic").annotate(sum=Sum("total"), n=Sum("answered")).order_by("topic"))
    topic_rows = []
    for topic in topics:
        share = round(100 * topic["sum"] / topic["n"], 1) if topic["n"] else 0.0
        topic_rows.append({"topic": topic["topic"], "label": topic_label(topic["topic"]), "percent": share,
                           "answered": topic["n"], "strength": strength(share)})

    attention = data.attention
    return {
        "enrolled": len(students),
        "active": sum(1 for s in students
                      if s.id in data.last_activity and data.last_activity[s.id] >= data.active_since),
        "chapters": list(chapters.values()),
        "quizzes": quiz_rows,
        "topics": topic_rows,
        "activity": _activity(cohort, data.now, lesson_ids, [quiz.pk for quiz in quizzes]),
        "attention": attention[:ATTENTION_SHOWN],
        "attention_total": len(attention),
        "review": class_review(cohort, students, data.now),
    }


def _activity(cohort: Cohort, now, lesson_ids: list[int], quiz_ids: list[int]) -> list[dict]:
    """Per day over the last 30 days: students active, lessons completed,
    attempts submitted. Three queries. The database groups by hour of the
    UTC timestamps' text (plain string functions, the same on SQLite and
    PostgreSQL — SQLite's date functions run row by row in Python) and
    UNION leaves one row a student and hour; hours become the site's local
    days here (exactly, for time zones a whole number of hours from UTC)."""
    zone = timezone.get_current_timezone()
    start = timezone.localtime(now, zone).date() - datetime.timedelta(days=ACTIVITY_DAYS - 1)
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    students = student_ids(cohort)
    # Filtering on the lists of ids spares a join per row.
    progress = LessonProgress.objects.filter(user_id__in=students, lesson_id__in=lesson_ids)
    attempts = Attempt.objects.counted().filter(user_id__in=students, quiz_id__in=quiz_ids)
    # In a UTC site the date part is the local day: group by it (far fewer
    # rows); elsewhere group by hour and convert.
    utc = timezone.localtime(now, zone).utcoffset() == since.utcoffset() == datetime.timedelta(0)
    width = 10 if utc else 13

    def hourly(queryset, column):
        return (queryset.filter(**{f"{column}__gte": since}).order_by()
                .annotate(hour=Substr(Cast(column, output_field=CharField()), 1, width)))

    days = {start + datetime.timedelta(days=n): {"active": set(), "lessons": 0, "attempts": 0}
            for n in range(ACTIVITY_DAYS)}
    local_days: dict[str, datetime.date] = {}

    def day_of(hour: str):
        if hour not in local_days:
            if utc:
                local_days[hour] = datetime.date.fromisoformat(hour)
            else:
                moment = datetime.datetime.fromisoformat(f"{hour}:00").replace(tzinfo=datetime.UTC)
                local_days[hour] = moment.astimezone(zone).date()
        return days.get(local_days[hour])

    active = hourly(progress, "first_opened_at").values_list("user_id", "hour").union(
        hourly(progress, "last_opened_at").values_list("user_id", "hour"),
        hourly(progress, "completed_at").values_list("user_id", "hour"),
        hourly(attempts, "started_at").values_list("user_id", "hour"),
        hourly(attempts, "submitted_at").values_list("user_id", "hour")).order_by()
    for user_id, hour in active:
        day = day_of(hour)
        if day is not None:
            day["active"].add(user_id)
    for queryset, column, name in ((progress, "completed_at", "lessons"), (attempts, "submitted_at", "attempts")):
        for hour, count in hourly(queryset, column).values("hour").annotate(n=Count("id")).values_list("hour", "n"):
            day = day_of(hour)
            if day is not None:
                day[name] += count
    return [{"day": day, "active": len(values["active"]), "lessons": values["lessons"],
             "attempts": values["attempts"]} for day, values in sorted(days.items())]
