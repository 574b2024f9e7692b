"""Benchmark the instructor dashboards on a class of 1,000 students.

Builds a fresh test database (never the development one), loads the course,
enrols 1,000 students who have read every lesson and taken every quiz several
times (as often as each quiz allows, up to three), then times the class
overview, the progress matrix and a quiz report through Django's test client
and prints, for each page, its query count and the median and 95th-percentile
time over repeated runs.

    DJANGO_SETTINGS_MODULE=config.settings_test .venv/bin/python bench/dashboard.py
    DATABASE_URL=postgres://… DJANGO_SETTINGS_MODULE=config.settings_test .venv/bin/python bench/dashboard.py

Each page is timed twice: "miss" empties the cache before every run (the
figures computed afresh, as after a write that changes them) and "cached"
opens it again with nothing changed (dashboard.selectors.cached).

    DATABASE_URL=postgres://… … bench/dashboard.py --students 10000 --runs 10   # the large build: minutes

BENCH_KEEP_DB=1 keeps the database for the next run with it set (which then skips the build).

Options: --students N (default 1000), --runs N (default 20), --classes N (default 1: the
instructor also teaches N - 1 empty classes of the course, for the instructor area's home).
"""

import argparse
import datetime
import os
import random
import statistics
import time

try:
    import django_setup  # run as a script: bench/ is on the path
except ModuleNotFoundError:
    from bench import django_setup  # imported as bench.<name>

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from core import roles  # noqa: E402
from lessons.models import Cohort, Course, Enrolment, LessonProgress  # noqa: E402
from lessons.selectors import course_lessons  # noqa: E402
from quizzes.models import Attempt, Question, Quiz, Response  # noqa: E402
from quizzes.types import get_type  # noqa: E402
from quizzes.selectors import quiz_pool  # noqa: E402
from quizzes.summary import summaries_rebuild  # noqa: E402

BATCH = 5000


def answer_for(snapshot: dict, right: bool, rng: random.Random):
    """A right answer, or a plausible wrong one (varied, so the report's
    "most frequent wrong answers" has something to rank)."""
    qtype = get_type(snapshot["type"])
    return qtype.key_answer(snapshot) if right else qtype.wrong_answer(snapshot, rng)


def build(students: int, rng: random.Random) -> tuple[Cohort, User, list[Quiz]]:
    course = Course.objects.order_by("pk").first()
    lessons = course_lessons(course)
    quizzes = list(Quiz.objects.published().filter(course=course).order_by("position"))
    instructor = User.objects.create_user("bench-instructor", password="bench-password")
    instructor.groups.add(Group.objects.get_or_create(name=roles.INSTRUCTORS)[0])
    # Named "Benchmark class" once built: a kept database (BENCH_KEEP_DB) whose build broke off is not reused.
    cohort = Cohort.objects.create(course=course, name="Benchmark class (building)", join_code="BENCH1000")
    cohort.instructors.add(instructor)
    course.authors.add(instructor)  # the instructor area's home lists the courses they author
    now = timezone.now()

    users = User.objects.bulk_create([
        User(username=f"student{n:04d}", first_name=rng.choice(["林", "陳", "Nino", "Sam", "Ana", "王"]),
             last_name=f"{n:04d}", password="!") for n in range(students)])
    Enrolment.objects.bulk_create([Enrolment(user=u, course=course, cohort=cohort) for u in users])

    progress = []
    for user in users:
        start = now - datetime.timedelta(days=rng.uniform(20, 60))
        step = (now - start) / (len(lessons) + 1)
        for index, lesson in enumerate(lessons):
            opened = start + step * index
            progress.append(LessonProgress(
                user=user, lesson=lesson, first_opened_at=opened, last_opened_at=opened + step / 2,
                completed_at=opened + datetime.timedelta(minutes=rng.randint(5, 30)),
                seconds_spent=rng.randint(120, 1800)))
    LessonProgress.objects.bulk_create(progress, batch_size=BATCH)

    snapshots: dict[int, dict] = {}
    questions = Question.objects.select_related("lesson__chapter__course", "date_key").prefetch_related(
        "options", "ordering_items", "match_pairs", "accepted_answers")
    for question in questions.filter(course=course):
        snapshots[question.pk] = get_type(question.type).snapshot(question)
    responses_made = 0
    for quiz in quizzes:
        if quiz.draw_count:
            pool = sorted(quiz_pool(quiz).values_list("pk", flat=True))
        else:
            pool = list(quiz.quiz_questions.values_list("question_id", flat=True))
        tries = min(3, quiz.attempts_allowed or 3)
        attempts, planned = [], []
        for user in users:
            skill = rng.uniform(0.3, 0.95)
            for number in range(1, tries + 1):
                chosen = rng.sample(pool, min(quiz.draw_count, len(pool))) if quiz.draw_count else pool
                started = now - datetime.timedelta(days=rng.uniform(0, 30), minutes=rng.randint(20, 60))
                items = []
                for position, question_id in enumerate(chosen, start=1):
                    snapshot = snapshots[question_id]
                    qtype = get_type(snapshot["type"])
                    answer = answer_for(snapshot, rng.random() < skill + 0.05 * number, rng)
                    fraction = qtype.grade(snapshot, answer)
                    items.append((position, question_id, snapshot, answer, fraction, fraction * snapshot["points"]))
                attempts.append(Attempt(
                    quiz=quiz, user=user, number=number, started_at=started,
                    submitted_at=started + datetime.timedelta(minutes=rng.randint(4, 40)),
                    score=round(sum(i[5] for i in items), 4), max_score=sum(i[2]["points"] for i in items)))
                planned.append(items)
        Attempt.objects.bulk_create(attempts, batch_size=BATCH)
        rows = [Response(attempt=attempt, question_id=question_id, position=position, snapshot=snapshot,
                         shown={}, answer=answer, answered_at=attempt.started_at, fraction=fraction, score=score)
                for attempt, items in zip(attempts, planned, strict=True)
                for position, question_id, snapshot, answer, fraction, score in items]
        for start in range(0, len(rows), BATCH):
            with transaction.atomic():
                Response.objects.bulk_create(rows[start:start + BATCH])
        responses_made += len(rows)
        print(f"  {quiz.slug}: {len(attempts)} attempts, {len(rows)} responses", flush=True)
    # The builder bulk-creates what the quiz services would have written one attempt at a time: write the
    # summaries they keep (quizzes.summary) the same way, once, before anything is timed.
    summaries_rebuild(course=course)
    Cohort.objects.filter(pk=cohort.pk).update(name="Benchmark class")
    cohort.refresh_from_db()
    print(f"built: {students} students, {len(progress)} lesson-progress rows, "
          f"{Attempt.objects.count()} attempts, {responses_made} responses", flush=True)
    return cohort, instructor, quizzes


def measure(client: Client, url: str, runs: int, *, fresh: bool = False) -> dict:
    """Time `runs` GETs of `url`; with `fresh`, the cache is emptied before each,
    as after a write that changes the page's figures (a cache miss)."""
    start = time.perf_counter()
    response = client.get(url)  # warm up: templates
    first = 1000 * (time.perf_counter() - start)
    assert response.status_code == 200, (url, response.status_code)
    reset_queries()
    if fresh:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: the next request clears the log it reads
    if fresh and os.environ.get("BENCH_SLOWEST"):  # the slowest queries of a miss, to see where time goes
        for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(f"    {float(query['time']) * 1000:6.0f} ms  {query['sql'][:300]}")
    times, cpu = [], []
    for _run in range(runs):
        if fresh:
            cache.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(1000 * (time.perf_counter() - start))
        cpu.append(1000 * (time.process_time() - start_cpu))
    return {"queries": queries, "median": statistics.median(times), "p95": _p95(times), "bytes": len(response.content),
            "first": first, "cpu_median": statistics.median(cpu), "cpu_p95": _p95(cpu)}


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--classes", type=int, default=1)
    options = parser.parse_args()

    began = time.perf_counter()
    with django_setup.bench_database(kept_name=str(options.students)) as vendor:
        cohort = Cohort.objects.filter(name="Benchmark class").first()
        if cohort is not None and cohort.enrolments.count() == options.students:  # BENCH_KEEP_DB: built before
            instructor = User.objects.get(username="bench-instructor")
            quizzes = list(Quiz.objects.published().filter(course=cohort.course).order_by("position"))
        else:
            if cohort is not None or Cohort.objects.filter(name="Benchmark class (building)").exists():
                raise SystemExit("the kept database holds another class, or a build that broke off: "
                                 "run once without BENCH_KEEP_DB to remove it")
            call_command("load_course", "content", verbosity=0)
            cohort, instructor, quizzes = build(options.students, random.Random(2008))
        for n in range(Cohort.objects.filter(instructors=instructor).count(), options.classes):
            Cohort.objects.create(course=cohort.course, name=f"Benchmark class {n}",
                                  join_code=f"BENCH{n:04d}").instructors.add(instructor)
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"set-up took {time.perf_counter() - began:.0f} s on {vendor}", flush=True)
        client = Client()
        client.force_login(instructor)
        report_quiz = next(q for q in quizzes if q.slug == "theory")
        pages = [
            (f"teaching home ({options.classes} classes)", reverse("authoring:home")),
            ("overview", reverse("dashboard:overview", args=[cohort.pk])),
            ("matrix", reverse("dashboard:matrix", args=[cohort.pk])),
            ("matrix by score", reverse("dashboard:matrix", args=[cohort.pk]) + "?sort=score&dir=desc"),
            (f"quiz report ({report_quiz.slug})", reverse("dashboard:quiz-report", args=[cohort.pk, report_quiz.pk])),
        ]
        print(f"\n{vendor}, {options.students} students, {options.runs} runs each")
        # Wall-clock time is what a user waits; this process's CPU time is shown
        # too, because other work on a shared machine inflates the wall clock
        # (with PostgreSQL the server's own CPU is not in it).
        print(f"load average before timing: {os.getloadavg()[0]:.1f}")
        # "cached": opened again with nothing changed (the steady state between
        # writes); "miss": after a change, the figures computed afresh.
        print(f"{'page':<26}{'':>6}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'cpu med':>9}{'cpu p95':>9}"
              f"{'KB':>6}{'first view ms':>15}")
        for name, url in pages:
            for label, fresh in (("miss", True), ("cached", False)):
                result = measure(client, url, options.runs, fresh=fresh)
                print(f"{name:<26}{label:>6}{result['queries']:>8}{result['median']:>11.0f}{result['p95']:>9.0f}"
                      f"{result['cpu_median']:>9.0f}{result['cpu_p95']:>9.0f}{result['bytes'] // 1024:>6}"
                      f"{result['first']:>15.0f}", flush=True)


if __name__ == "__main__":
    main()
