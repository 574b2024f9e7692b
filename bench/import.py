"""Benchmark the question import: preview and confirm of one file of mixed
question types (every type in turn, with tags, feedback and lesson links)
through the instructor area's import page, on a fresh test database.

    DJANGO_SETTINGS_MODULE=config.settings_test .venv/bin/python bench/import.py
    .venv/bin/python bench/import.py --questions 10000 --runs 1

Prints, for preview and for confirm, the median time over the runs, the
queries of one run, and the rows the confirm wrote. Options: --questions N
(default: the import cap), --runs N (default 3).
"""

import argparse
import json
import os
import statistics
import time

try:
    import django_setup  # run as a script: bench/ is on the path
except ModuleNotFoundError:
    from bench import django_setup  # imported as bench.<name>

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from core import roles  # noqa: E402
from lessons.models import Chapter, Course, Lesson  # noqa: E402
from quizzes import exchange  # noqa: E402
from quizzes.models import (  # noqa: E402
    AcceptedAnswer, DateKey, MatchPair, Option, OrderingItem, Question, Tag,
)

LESSON_BODY = "Intro.\n\n## The security dilemma {#security-dilemma}\n\nText.\n\n## Summary {#summary}\n\nMore.\n"


def sample_drafts(count: int) -> list[dict]:
    """`count` questions cycling through every type, each with its full key."""
    drafts = []
    for n in range(count):
        base = {"slug": f"bench-{n:05d}", "topic": "theory", "stem": f"Question {n}: which is right?",
                "explanation": f"Because of reason {n}.", "points": 1 + n % 3, "tags": ["bench", f"group-{n % 20}"]}
        if n % 5 == 0:
            base.update(lesson="first", anchor="security-dilemma")
        topic = n % 7
        if topic == 0:
            base.update(type="single", options=[{"text": f"Option {i}", "correct": i == 1, "feedback": f"Note {i}"}
                                                for i in range(1, 5)])
        elif topic == 1:
            base.update(type="multiple", options=[{"text": f"Option {i}", "correct": i % 2 == 1, "feedback": ""}
                                                  for i in range(1, 5)])
        elif topic == 2:
            base.update(type="truefalse", answer=n % 2 == 0)
        elif topic == 3:
            base.update(type="ordering", items=[f"Event {i}" for i in range(1, 5)])
        elif topic == 4:
            base.update(type="date", topic="dates", date="2008-08-07")
        elif topic == 5:
            base.update(type="matching", topic="causes", pairs=[{"item": f"Item {i}", "category": f"Cat {i % 2}"}
                                                               for i in range(1, 5)])
        else:
            base.update(type="short", accepted=["Tskhinvali", "Tskhinval"])
        drafts.append(base)
    return drafts


def counts(course) -> dict[str, int]:
    questions = Question.objects.filter(course=course)
    return {
        "questions": questions.count(),
        "options": Option.objects.filter(question__in=questions).count(),
        "ordering items": OrderingItem.objects.filter(question__in=questions).count(),
        "match pairs": MatchPair.objects.filter(question__in=questions).count(),
        "accepted answers": AcceptedAnswer.objects.filter(question__in=questions).count(),
        "date keys": DateKey.objects.filter(question__in=questions).count(),
        "question tags": Question.tags.through.objects.filter(question__in=questions).count(),
    }


def timed_post(client: Client, url: str, data: dict) -> tuple[float, int, int]:
    # Counted by a wrapper: Django's query log keeps only the last 9,000.
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        response = client.post(url, data)
        elapsed = time.perf_counter() - start
    return elapsed, queries, response.status_code


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=getattr(exchange, "MAX_QUESTIONS", 2000))
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    with django_setup.bench_database() as vendor:
        instructor = User.objects.create_user("bench-instructor", password="bench-password")
        instructor.groups.add(Group.objects.get_or_create(name=roles.INSTRUCTORS)[0])
        text = json.dumps({"format": exchange.JSON_FORMAT, "version": 1,
                           "questions": sample_drafts(options.questions)}, ensure_ascii=False)
        client = Client()
        client.force_login(instructor)
        previews, confirms = [], []
        print(f"{vendor}, {options.questions} questions of 7 types, "
              f"{len(text.encode()) / 1e6:.2f} MB of JSON, {options.runs} run(s)")
        print(f"load average before timing: {os.getloadavg()[0]:.1f}")
        for run in range(options.runs):
            # A fresh course each run, so every confirm creates every question.
            course = Course.objects.create(slug=f"bench-{run}", title="Bench")
            chapter = Chapter.objects.create(course=course, number=1, slug="one", title="One")
            Lesson.objects.create(chapter=chapter, position=1, slug="first", title="First", body=LESSON_BODY)
            course.authors.add(instructor)  # importing is authoring: a class of the course is not enough
            url = reverse("authoring:question-import", kwargs={"course": course.slug})
            preview = timed_post(client, url, {"format": "json", "text": text})
            confirm = timed_post(client, url, {"format": "json", "text": text, "confirm": "1"})
            previews.append(preview)
            confirms.append(confirm)
            rows = counts(course)
            if rows["questions"] != options.questions:  # a refused import would time nothing worth reporting
                raise SystemExit(f"the import saved {rows['questions']} of {options.questions} questions "
                                 f"(preview HTTP {preview[2]}, confirm HTTP {confirm[2]})")
            print(f"  run {run + 1}: preview {preview[0]:.2f} s ({preview[1]} queries, HTTP {preview[2]}), "
                  f"confirm {confirm[0]:.2f} s ({confirm[1]} queries, HTTP {confirm[2]}); saved {rows}", flush=True)
        print(f"{'step':<10}{'median s':>10}{'queries':>9}")
        for name, results in (("preview", previews), ("confirm", confirms)):
            print(f"{name:<10}{statistics.median(r[0] for r in results):>10.2f}{results[-1][1]:>9}")
        print(f"tags in the database: {Tag.objects.count()}")


if __name__ == "__main__":
    main()
