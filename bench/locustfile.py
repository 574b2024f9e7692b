"""Locust load test for Casebook: students and instructors of one big class.

Run by bench/load.sh, which builds the class (1,000 students with known
passwords, 20 instructors) and passes what it made in the environment:

    BENCH_COURSE             course slug
    BENCH_COHORT             the class's id (for the instructors' dashboards)
    BENCH_STUDENT_PASSWORD   password of student0000 … student0999
    BENCH_INSTRUCTOR_PASSWORD  password of bench-instructor, bench-instructor01 …
    BENCH_INSTRUCTORS        how many instructor accounts there are
    BENCH_FIRST_STUDENT      the first student number this run uses

Each simulated user logs in once, with its own account, as a browser does
(GET the login page for the csrftoken cookie, POST with X-CSRFToken and
Referer), so django-axes never sees a failure. Then, with think time between
steps:

* students (24 in 25 users) read lessons (and send the reader's time-on-page
  beat, sometimes mark a lesson done), look at the course outline and their
  progress, and take quizzes: open the quiz, start an attempt, answer question
  by question (each answer autosaved by a `fetch` POST, as quiz.js does; on
  chapter checks, sometimes "Check this answer"), finish, confirm, submit and
  read the review;
* instructors (1 in 25) open their class's overview, progress matrix (pages,
  sorts), roster, one student's page and quiz reports.

Requests are named by page type ("lesson", "quiz start", "answer save",
"quiz submit", "review", "dashboard overview" …), so Locust's figures are per page.
"""

import itertools
import os
import random
import re
import time
from html.parser import HTMLParser

from locust import HttpUser, between, task
from locust.exception import StopUser

COURSE = os.environ.get("BENCH_COURSE", "russo-georgian-war")
COHORT = int(os.environ.get("BENCH_COHORT", "1"))
STUDENT_PASSWORD = os.environ.get("BENCH_STUDENT_PASSWORD", "bench-student-password")
INSTRUCTOR_PASSWORD = os.environ.get("BENCH_INSTRUCTOR_PASSWORD", "bench-password")
INSTRUCTORS = int(os.environ.get("BENCH_INSTRUCTORS", "20"))

# Locust runs every user in one process (gevent, no threads): plain counters
# hand each user its own account.
_students = itertools.count(int(os.environ.get("BENCH_FIRST_STUDENT", "0")))
_instructors = itertools.count(0)

LESSON_LINK = re.compile(rf'href="(/courses/{re.escape(COURSE)}/[\w-]+/[\w-]+/)"')
QUIZ_LINK = re.compile(rf'href="(/quizzes/{re.escape(COURSE)}/[\w-]+/)"')
ATTEMPT_URL = re.compile(r"/quizzes/attempts/(\d+)/")
SHORT_ANSWERS = ["Tbilisi", "Moscow", "South Ossetia", "Abkhazia", "security dilemma", "1991", "NATO", "not sure"]


def think(low: float, high: float) -> None:
    time.sleep(random.uniform(low, high))  # gevent-patched: yields to the other users


class AttemptForm(HTMLParser):
    """The attempt page's form as a browser holds it: its fields, their current
    values, and what `new FormData(form)` would send."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.fields: list[dict] = []
        self._in_form = False
        self._select: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "attempt-form":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            self.fields.append({"tag": "input", "type": a.get("type", "text"), "name": a["name"],
                                "value": a.get("value") or "", "checked": "checked" in a,
                                "disabled": "disabled" in a, "min": a.get("min"), "max": a.get("max")})
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "name": a["name"], "options": [], "value": None,
                            "disabled": "disabled" in a}
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a or self._select["value"] is None:
                self._select["value"] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None

    def positions(self) -> list[int]:
        found = {int(m.group(1)) for f in self.fields if not f["disabled"] and (m := re.match(r"q(\d+)", f["name"]))}
        return sorted(found)

    def answer(self, position: int) -> None:
        """Answer one question at random (but always well-formed)."""
        mine = [f for f in self.fields if not f["disabled"] and re.match(rf"q{position}(-|$)", f["name"])]
        radios, boxes = {}, {}
        ranks = [f for f in mine if f["tag"] == "select" and "-rank-" in f["name"]]
        for f in mine:
            if f["tag"] == "input" and f["type"] == "radio":
                radios.setdefault(f["name"], []).append(f)
            elif f["tag"] == "input" and f["type"] == "checkbox":
                boxes.setdefault(f["name"], []).append(f)
            elif f["tag"] == "input" and f["type"] == "number":
                low = int(f["min"] or 1)
                high = int(f["max"] or 9999)
                if f["name"].endswith("-day"):
                    f["value"] = str(random.randint(max(low, 1), min(high, 28)))
                else:
                    f["value"] = str(random.randint(max(low, 1900), min(high, 2010)))
            elif f["tag"] == "input" and f["type"] == "text":
                f["value"] = random.choice(SHORT_ANSWERS)
            elif f["tag"] == "select" and f not in ranks:
                choices = [v for v in f["options"] if v != ""]
                if choices:
                    f["value"] = random.choice(choices)
        for group in radios.values():
            pick = random.choice(group)
            for f in group:
                f["checked"] = f is pick
        for group in boxes.values():
            ticked = random.sample(group, random.randint(1, len(group)))
            for f in group:
                f["checked"] = f in ticked
        if ranks:
            order = [str(n) for n in range(1, len(ranks) + 1)]
            random.shuffle(order)
            for f, rank in zip(ranks, order, strict=True):
                f["value"] = rank

    def data(self) -> list[tuple[str, str]]:
        pairs = []
        for f in self.fields:
            if f["disabled"]:
                continue
            if f["tag"] == "input" and f["type"] in ("radio", "checkbox"):
                if f["checked"]:
                    pairs.append((f["name"], f["value"] or "on"))
            elif f["tag"] == "input" and f["type"] in ("submit", "button"):
                continue
            else:
                pairs.append((f["name"], f["value"] or ""))
        return pairs


class CasebookUser(HttpUser):
    abstract = True

    def csrf_headers(self, referer: str, **extra) -> dict:
        token = self.client.cookies.get("csrftoken", "")
        return {"X-CSRFToken": token, "Referer": self.host + referer, **extra}

    def post(self, path: str, data, name: str, referer: str, expect=(302,), headers=None):
        """A form POST as the browser sends it (CSRF token in the body and the
        header, Referer set); redirects are not followed, so each page is timed alone."""
        if isinstance(data, dict):
            data = list(data.items())
        data = [(k, v) for k, v in data if k != "csrfmiddlewaretoken"]
        data.append(("csrfmiddlewaretoken", self.client.cookies.get("csrftoken", "")))
        with self.client.post(path, data=data, name=name, allow_redirects=False, catch_response=True,
                              headers=self.csrf_headers(referer, **(headers or {}))) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code} (expected {'/'.join(map(str, expect))}): "
                                 f"{response.text[:200]!r}")
            else:
                response.success()
            return response

    def get(self, path: str, name: str, expect=(200,)):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code} (expected {'/'.join(map(str, expect))})")
            else:
                response.success()
            return response

    def log_in(self, username: str, password: str) -> bool:
        self.get("/accounts/login/", "login page")
        response = self.post("/accounts/login/", {"username": username, "password": password, "next": ""},
                             "log in", referer="/accounts/login/")
        return response.status_code == 302


class Student(CasebookUser):
    weight = 24
    wait_time = between(2, 6)

    def on_start(self):
        self.username = f"student{next(_students):04d}"
        self.lessons: list[str] = []
        self.quizzes: list[str] = []
        self.current = 0
        if not self.log_in(self.username, STUDENT_PASSWORD):
            raise StopUser()
        page = self.get(f"/courses/{COURSE}/", "course outline")
        self.lessons = list(dict.fromkeys(LESSON_LINK.findall(page.text)))
        self.quizzes = list(dict.fromkeys(QUIZ_LINK.findall(page.text)))
        self.current = random.randrange(len(self.lessons)) if self.lessons else 0

    @task(6)
    def read_lesson(self):
        """Open a lesson (mostly the next one), read it, report the time; sometimes mark it done."""
        if not self.lessons:
            return
        if random.random() < 0.3:
            self.current = random.randrange(len(self.lessons))
        url = self.lessons[self.current % len(self.lessons)]
        self.get(url, "lesson")
        started = time.monotonic()
        think(4, 12)
        self.post(url + "time/", {"seconds": str(int(time.monotonic() - started))}, "lesson heartbeat",
                  referer=url, expect=(200,))
        if random.random() < 0.4:
            self.post(url + "complete/", {}, "lesson complete", referer=url)
        self.current += 1

    @task(1)
    def outline(self):
        if random.random() < 0.5:
            self.get(f"/courses/{COURSE}/", "course outline")
        else:
            self.get("/", "home")

    @task(1)
    def my_progress(self):
        self.get("/quizzes/progress/", "progress")

    @task(3)
    def take_quiz(self):
        """Open a quiz, start (or resume) an attempt, answer every question with
        autosave, finish, confirm, submit, and read the review."""
        if not self.quizzes:
            return
        quiz_url = random.choice(self.quizzes)
        page = self.get(quiz_url, "quiz page")
        if page.status_code != 200:
            return
        think(1, 3)
        if f'action="{quiz_url}start/"' in page.text:
            started = self.post(quiz_url + "start/", {}, "quiz start", referer=quiz_url)
            match = ATTEMPT_URL.search(started.headers.get("Location", ""))
        else:
            match = ATTEMPT_URL.search(page.text.split("Your attempts")[0])  # "Resume your attempt"
        if not match:
            return  # no attempts left at this quiz: the student does something else
        attempt = f"/quizzes/attempts/{match.group(1)}/"
        form = AttemptForm(self.get(attempt, "attempt page").text)
        immediate = 'name="check-' in "".join(f["name"] for f in form.fields)
        for position in form.positions():
            think(1, 4)
            form.answer(position)
            saved = self.post(attempt + "save/", form.data(), "answer save", referer=attempt, expect=(200,),
                              headers={"X-Requested-With": "fetch"})
            if saved.status_code != 200:
                return
            if immediate and random.random() < 0.3:
                # "Check this answer": a plain form POST, then the page again.
                self.post(attempt + "save/", form.data() + [(f"check-{position}", "1")], "answer check",
                          referer=attempt)
                form = AttemptForm(self.get(attempt, "attempt page").text)
        think(1, 3)
        self.post(attempt + "save/", form.data() + [("finish", "1")], "finish", referer=attempt)
        self.get(attempt + "submit/", "submit confirm")
        think(1, 2)
        submitted = self.post(attempt + "submit/", {}, "quiz submit", referer=attempt + "submit/")
        if submitted.status_code == 302:
            self.get(attempt + "review/", "review")
            think(2, 6)


class Instructor(CasebookUser):
    weight = 1
    wait_time = between(3, 8)

    def on_start(self):
        number = next(_instructors) % INSTRUCTORS
        username = "bench-instructor" if number == 0 else f"bench-instructor{number:02d}"
        self.base = f"/dashboard/classes/{COHORT}/"
        self.students: list[str] = []
        self.reports: list[str] = []
        if not self.log_in(username, INSTRUCTOR_PASSWORD):
            raise StopUser()
        self.get("/dashboard/", "dashboard classes")
        self.overview()

    @task(3)
    def overview(self):
        page = self.get(self.base, "dashboard overview")
        self.reports = sorted(set(re.findall(rf"{self.base}quizzes/\d+/", page.text))) or self.reports

    @task(3)
    def matrix(self):
        query = random.choice(["", "", f"?page={random.randint(1, 10)}", "?sort=score&dir=desc",
                               "?sort=progress&dir=asc"])
        page = self.get(self.base + "matrix/" + query, "dashboard matrix")
        self.students = sorted(set(re.findall(rf"{self.base}students/\d+/", page.text))) or self.students

    @task(1)
    def roster(self):
        self.get(self.base + "roster/", "dashboard roster")

    @task(2)
    def student(self):
        if self.students:
            self.get(random.choice(self.students), "dashboard student")

    @task(2)
    def quiz_report(self):
        if self.reports:
            self.get(random.choice(self.reports), "dashboard quiz report")
