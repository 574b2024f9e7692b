"""Benchmark the daily review on a class of 1,000 students with a term's worth of history.

Builds a fresh test database (never the development one), loads the course,
enrols 1,000 students who open the lessons through a 14-week term and review
on most days (10 new cards a day, recall drawn from FSRS's own prediction), so
each has every card of the course started and a log of a few thousand
reviews. Then it times, through Django's test client, the review page of one
student and the class overview and a student's page (both with the review
panels) and prints each page's query count and its median and 95th-percentile
time over repeated runs.

    .venv/bin/python bench/review.py
    DATABASE_URL=postgres://… .venv/bin/python bench/review.py

Options: --students N (default 1000), --days N (default 98), --profiles N (default 40: distinct
review histories simulated with py-fsrs, dealt out to the students), --runs N (default 20).
"""

import argparse
import datetime
import os
import random
import time

try:
    import django_setup  # run as a script: bench/ is on the path
except ModuleNotFoundError:
    from bench import django_setup  # imported as bench.<name>

import fsrs  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.dashboard import measure  # noqa: E402
from core import roles  # noqa: E402
from lessons.models import Cohort, Course, Enrolment, LessonProgress  # noqa: E402
from lessons.selectors import course_lessons  # noqa: E402
from review.models import Card, CardState, ReviewLog, StudentCard  # noqa: E402
from review.services import DAY, cards_sync  # noqa: E402

BATCH = 5000
UTC = datetime.UTC
NEW_PER_DAY = 10


def _midnight(moment: datetime.datetime) -> datetime.datetime:
    return datetime.datetime.combine(moment.date(), datetime.time(), tzinfo=UTC)


def simulate(cards: list[tuple[int, int]], lesson_count: int, start: datetime.datetime, days: int,
             rng: random.Random) -> tuple[dict, list]:
    """One student's term with py-fsrs: ({card id: fsrs.Card, lapses, reps}, [(card id, time, rating, before)])."""
    scheduler = fsrs.Scheduler()
    skill, diligence = rng.uniform(0.8, 1.0), rng.uniform(0.6, 0.95)
    states, logs = {}, []
    for day in range(days):
        if rng.random() > diligence:
            continue
        now = start + datetime.timedelta(days=day, hours=rng.uniform(8, 22))
        unlocked = min(lesson_count, 1 + day * lesson_count // int(days * 0.8))
        fresh = [card for card, position in cards if position < unlocked and card not in states][:NEW_PER_DAY]
        for card_id in fresh:
            states[card_id] = [fsrs.Card(card_id=card_id, due=now), 0, 0]
        while True:
            due = sorted((entry[0].due, card_id) for card_id, entry in states.items()
                         if entry[0].due <= now + datetime.timedelta(minutes=20))
            if not due:
                break
            for _due, card_id in due:
                card, lapses, reps = states[card_id]
                before = CardState.NEW if reps == 0 else int(card.state)
                recall = scheduler.get_card_retrievability(card, now) if card.last_review else 0.5
                if rng.random() < recall * skill + (0.4 if before != CardState.REVIEW else 0):
                    rating = rng.choices([fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy], [1, 6, 1])[0]
                else:
                    rating = fsrs.Rating.Again
                card, _log = scheduler.review_card(card, rating, review_datetime=now)
                if card.state == fsrs.State.Review:
                    card.due = max(_midnight(card.due), _midnight(now) + datetime.timedelta(days=1))
                lapses += before == CardState.REVIEW and rating == fsrs.Rating.Again
                states[card_id] = [card, lapses, reps + 1]
                logs.append((card_id, now, int(rating), before))
                now += datetime.timedelta(seconds=rng.randint(5, 25))
    return states, logs


def build(students: int, days: int, profiles: int, rng: random.Random):
    course = Course.objects.order_by("pk").first()
    cards_sync(course=course)
    lessons = course_lessons(course)
    position = {lesson.pk: index for index, lesson in enumerate(lessons)}
    cards = []
    for card in Card.objects.filter(course=course).select_related("event", "term"):
        lesson_id = (card.event or card.term).lesson_id
        if lesson_id in position:
            cards.append((card.pk, position[lesson_id]))
    cards.sort(key=lambda item: (item[1], item[0]))
    now = timezone.now()
    start = _midnight(now) - datetime.timedelta(days=days)
    began = time.perf_counter()
    histories = [simulate(cards, len(lessons), start, days, random.Random(rng.random())) for _ in range(profiles)]
    print(f"  simulated {profiles} histories of {days} days in {time.perf_counter() - began:.0f} s: "
          f"{sum(len(h[1]) for h in histories) // profiles} reviews, "
          f"{sum(len(h[0]) for h in histories) // profiles} cards each on average", flush=True)

    instructor = User.objects.create_user("bench-instructor", password="bench-password")
    instructor.groups.add(Group.objects.get_or_create(name=roles.INSTRUCTORS)[0])
    cohort = Cohort.objects.create(course=course, name="Benchmark class", join_code="BENCH1000")
    cohort.instructors.add(instructor)
    users = User.objects.bulk_create([
        User(username=f"student{n:04d}", first_name=rng.choice(["林", "陳", "Nino", "Sam", "Ana", "王"]),
             last_name=f"{n:04d}", password="!") for n in range(students)])
    Enrolment.objects.bulk_create([Enrolment(user=u, course=course, cohort=cohort) for u in users])
    LessonProgress.objects.bulk_create([
        LessonProgress(user=user, lesson=lesson, first_opened_at=start, last_opened_at=start)
        for user in users for lesson in lessons], batch_size=BATCH)
    state_count = log_count = 0
    for index, user in enumerate(users):
        states, logs = histories[index % profiles]
        rows = []
        for card_id, (card, lapses, reps) in states.items():
            rows.append(StudentCard(
                user=user, card_id=card_id, state=int(card.state), step=card.step, stability=card.stability,
                difficulty=card.difficulty, due=card.due, last_review=card.last_review,
                last_review_day=card.last_review.timestamp() / DAY if card.last_review else None,
                reps=reps, lapses=lapses))
        with transaction.atomic():
            StudentCard.objects.bulk_create(rows, batch_size=BATCH)
            ReviewLog.objects.bulk_create([
                ReviewLog(user=user, card_id=card_id, reviewed_at=at, rating=rating, state_before=before)
                for card_id, at, rating, before in logs], batch_size=BATCH)
        state_count += len(rows)
        log_count += len(logs)
        if index % 100 == 99:
            print(f"  {index + 1} students saved", flush=True)
    print(f"built: {students} students, {len(cards)} cards, {state_count} card states, {log_count} reviews",
          flush=True)
    return cohort, instructor, users[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--days", type=int, default=98)
    parser.add_argument("--profiles", type=int, default=40)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()

    began = time.perf_counter()
    with django_setup.bench_database() as vendor:
        call_command("load_course", "content", verbosity=0)
        cohort, instructor, student = build(options.students, options.days, options.profiles,
                                            random.Random(2008))
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"set-up took {time.perf_counter() - began:.0f} s on {vendor}", flush=True)
        student_client, instructor_client = Client(), Client()
        student_client.force_login(student)
        instructor_client.force_login(instructor)
        course = cohort.course
        pages = [
            ("review page (student)", student_client, reverse("review:course", args=[course.slug])),
            ("home with due count", student_client, reverse("lessons:home")),
            ("class overview", instructor_client, reverse("dashboard:overview", args=[cohort.pk])),
            ("student page", instructor_client, reverse("dashboard:student", args=[cohort.pk, student.pk])),
        ]
        print(f"\n{vendor}, {options.students} students, {options.days} days, {options.runs} runs each")
        print(f"load average before timing: {os.getloadavg()[0]:.1f}")
        print(f"{'page':<26}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'cpu med':>9}{'cpu p95':>9}"
              f"{'KB':>6}{'first view ms':>15}")
        for name, client, url in pages:
            result = measure(client, url, options.runs)
            print(f"{name:<26}{result['queries']:>8}{result['median']:>11.0f}{result['p95']:>9.0f}"
                  f"{result['cpu_median']:>9.0f}{result['cpu_p95']:>9.0f}{result['bytes'] // 1024:>6}"
                  f"{result['first']:>15.0f}", flush=True)


if __name__ == "__main__":
    main()
