"""Locust load test for Casebook: students and instructors of one big lecture and many small classes.

Run by bench/load.sh, which builds the classes (a lecture of BENCH_STUDENTS
students with a term's history, classes of 25 with one teacher each, known
passwords) and passes what it made in the environment:

    BENCH_COURSE             course slug
    BENCH_ACCOUNTS           JSON file: {"students": [username, ...] (in the order users take them),
                             "instructors": [{"username": ..., "cohort": id}, ...]}
    BENCH_STUDENT_PASSWORD   every student's password
    BENCH_INSTRUCTOR_PASSWORD  every instructor's password
    BENCH_FIRST_STUDENT      the first student (index into "students") this run uses
    BENCH_THINK_SCALE        every think time below times this (1: a few seconds, the short
                             profile; 15: 30-90 s between steps, the Moodle-like profile)
    BENCH_INSTRUCTOR_USERS   simulated instructors: a number ("80": that many, whatever the
                             students) or a ratio ("1/25": one user in 25)
    BENCH_REQUEST_LOG        CSV file: one row per request (time, page, ms, failed, users), for
                             bench/steady.py's percentiles over the steady state only
    BENCH_STEPS, BENCH_STEP_HOLD, BENCH_SPAWN_RATE  the stepped run (StepShape below)

Each simulated user logs in once, with its own account, as a browser does
(GET the login page for the csrftoken cookie, POST with X-CSRFToken and
Referer), so django-axes never sees a failure. Then, with think time between
steps:

* students read lessons (and send the reader's time-on-page beat, sometimes
  mark a lesson done), look at the course outline and their progress, and take
  quizzes: open the quiz, start an attempt, answer question by question (each
  answer autosaved by a `fetch` POST, as quiz.js does; on chapter checks,
  sometimes "Check this answer"), finish, confirm, submit and read the review;
* instructors open their class's overview, progress matrix (pages, sorts),
  roster, one student's page and quiz reports: the lecture's instructors the
  lecture's, the small classes' teachers their class of 25.

Requests are named by page type ("lesson", "quiz start", "answer save",
"quiz submit", "review", "dashboard overview" …), so Locust's figures are per page.
"""

import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser

from locust import HttpUser, LoadTestShape, between, events, task
from locust.exception import StopUser

COURSE = os.environ.get("BENCH_COURSE", "russo-georgian-war")
STUDENT_PASSWORD = os.environ.get("BENCH_STUDENT_PASSWORD", "bench-student-password")
INSTRUCTOR_PASSWORD = os.environ.get("BENCH_INSTRUCTOR_PASSWORD", "bench-password")
THINK_SCALE = float(os.environ.get("BENCH_THINK_SCALE", "1"))
if os.environ.get("BENCH_ACCOUNTS"):
    with open(os.environ["BENCH_ACCOUNTS"]) as accounts_file:
        ACCOUNTS = json.load(accounts_file)
else:  # the single class of earlier runs: student0000 …, bench-instructor of class 1
    ACCOUNTS = {"students": [f"student{n:04d}" for n in range(10_000)],
                "instructors": [{"username": "bench-instructor", "cohort": 1}]}

# Locust runs every user in one process (gevent, no threads): plain counters
# hand each user its own account.
_students = itertools.count(int(os.environ.get("BENCH_FIRST_STUDENT", "0")))
_instructors = itertools.count(0)

LESSON_LINK = re.compile(rf'href="(/courses/{re.escape(COURSE)}/[\w-]+/[\w-]+/)"')
QUIZ_LINK = re.compile(rf'href="(/quizzes/{re.escape(COURSE)}/[\w-]+/)"')
ATTEMPT_URL = re.compile(r"/quizzes/attempts/(\d+)/")
SHORT_ANSWERS = ["Tbilisi", "Moscow", "South Ossetia", "Abkhazia", "security dilemma", "1991", "NATO", "not sure"]


def think(low: float, high: float) -> None:
    time.sleep(THINK_SCALE * random.uniform(low, high))  # gevent-patched: yields to the other users


def scaled_between(low: float, high: float):
    return between(THINK_SCALE * low, THINK_SCALE * high)


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
                                "disabled": "disabled" in a, "min": a.get("min"), "max": a.get("max"),
                                "inputmode": a.get("inputmode")})
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
            elif f["tag"] == "input" and f["type"] == "text" and f["inputmode"] == "numeric":
                f["value"] = str(random.randint(1900, 2010))  # a date question's year
            elif f["tag"] == "input" and f["type"] == "text" and f["inputmode"] == "decimal":
                f["value"] = random.choice(["1300000", "1.3 million", "5", "2008", "25000"])  # numerical
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
    wait_time = scaled_between(2, 6)

    def on_start(self):
        number = next(_students)
        if number >= len(ACCOUNTS["students"]):
            raise StopUser()  # more users than accounts: load.sh checks this before the run
        self.username = ACCOUNTS["students"][number]
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
    wait_time = scaled_between(3, 8)

    def on_start(self):
        account = ACCOUNTS["instructors"][next(_instructors) % len(ACCOUNTS["instructors"])]
        username = account["username"]
        self.base = f"/dashboard/classes/{account['cohort']}/"
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


def _instructor_users(setting: str) -> None:
    """BENCH_INSTRUCTOR_USERS: "80" is a fixed number of instructors, "1/25" one user in 25."""
    if "/" in setting:
        part, whole = (int(n) for n in setting.split("/"))
        Instructor.weight, Student.weight = part, whole - part
    else:
        Instructor.fixed_count = int(setting)


_instructor_users(os.environ.get("BENCH_INSTRUCTOR_USERS", "1/25"))


# One row per request, for bench/steady.py: Locust's own percentiles are either
# over the whole run (ramp included) or over a 10 s window; the steady state
# needs exact percentiles over a chosen stretch of time.
_request_log = None
if os.environ.get("BENCH_REQUEST_LOG"):
    _request_log = open(os.environ["BENCH_REQUEST_LOG"], "a", buffering=1 << 16)

    @events.request.add_listener
    def _log_request(request_type, name, response_time, exception, **kwargs):
        users = _environment.runner.user_count if _environment and _environment.runner else 0
        _request_log.write(f"{time.time():.3f},{request_type} {name},{response_time:.1f},"
                           f"{int(exception is not None)},{users}\n")

    @events.quitting.add_listener
    def _close_log(environment, **kwargs):
        _request_log.flush()

_environment = None


@events.init.add_listener
def _remember_environment(environment, **kwargs):
    global _environment
    _environment = environment


@events.spawning_complete.add_listener
def _ramp_done(user_count, **kwargs):
    """For a run without steps: when every user has started (the end of the ramp)."""
    if os.environ.get("BENCH_SCHEDULE") and not os.environ.get("BENCH_STEPS"):
        with open(os.environ["BENCH_SCHEDULE"], "w") as schedule:
            json.dump({"spawned": time.time(), "users": user_count}, schedule)


def step_plan(steps: list[int], instructors: int, rate: float, settle: float, hold: float, window: float):
    """The stepped run's steps: students, users (instructors included), start and end (seconds from the
    run's start) and the steady window's start. A step lasts `hold` seconds, its ramp included; or, with a
    `window`, its own ramp (the users it adds at `rate`) + `settle` + `window`, so that a first step that
    ramps up thousands of users still gets the same steady window as the others."""
    plan, start, before = [], 0.0, 0
    for students in steps:
        users = students + instructors
        ramp = abs(users - before) / rate
        length = ramp + settle + window if window else hold
        plan.append({"students": students, "users": users, "start": start, "end": start + length,
                     "steady": start + ramp + settle})
        start, before = start + length, users
    return plan


if os.environ.get("BENCH_STEPS"):
    class StepShape(LoadTestShape):
        """The stepped run: BENCH_STEPS students ("500 1000 1500"), each step held
        BENCH_STEP_HOLD seconds (its ramp included) or, with BENCH_STEP_WINDOW, its
        ramp + BENCH_SETTLE + that window, plus the fixed instructors. Writes each
        step's steady window (after its ramp and BENCH_SETTLE s) to BENCH_SCHEDULE
        for bench/steady.py --steps."""

        rate = float(os.environ.get("BENCH_SPAWN_RATE", "5"))

        def __init__(self):
            super().__init__()
            self.plan = step_plan([int(n) for n in os.environ["BENCH_STEPS"].split()],
                                  Instructor.fixed_count or 0, self.rate,
                                  float(os.environ.get("BENCH_SETTLE", "0")),
                                  float(os.environ.get("BENCH_STEP_HOLD", "300")),
                                  float(os.environ.get("BENCH_STEP_WINDOW", "0")))
            self._written = False

        def tick(self):
            now = self.get_run_time()
            step = next((s for s in self.plan if now < s["end"]), None)
            if step is None:
                return None
            if not self._written:
                self._written = True
                began = time.time() - now
                with open(os.environ["BENCH_SCHEDULE"], "w") as schedule:
                    json.dump({"began": began, "steps": [
                        {"students": s["students"], "users": s["users"], "from": began + s["steady"],
                         "to": began + s["end"]} for s in self.plan]}, schedule)
            return step["users"], self.rate
