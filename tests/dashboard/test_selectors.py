"""The numbers the dashboards show, computed by dashboard.selectors."""

import datetime
import statistics

import pytest
from django.utils import timezone

from dashboard import selectors
from lessons.models import Cohort
from tests.classroom import enrol, read, take

pytestmark = pytest.mark.django_db

SAM_PERCENT = 9.5  # every answer wrong: a third of the ordering and of the matching question right


def test_overview_counts_averages_and_attention(klass):
    """Enrolment, activity, completion per chapter, averages per quiz and topic, and who needs attention."""
    late = enrol(klass["cohort"], "nino", first_name="Nino", last_name="Beridze")
    read(late, klass["lesson"], when=timezone.now() - datetime.timedelta(days=10, hours=1))
    enrol(klass["cohort"], "idle", first_name="Idle")
    data = selectors.class_overview(klass["cohort"])
    assert data["enrolled"] == 4
    assert data["active"] == 2
    [chapter] = data["chapters"]
    assert (chapter["lessons"], chapter["started"], chapter["finished"]) == (2, 2, 0)
    [quiz] = data["quizzes"]
    assert quiz["students"] == 2 and quiz["passed"] == 1
    assert quiz["average"] == round((100 + SAM_PERCENT) / 2, 1)
    topics = {t["topic"]: t["percent"] for t in data["topics"]}
    assert topics == {"theory": 50.0, "dates": round(100 * (2 + 1 / 3) / 4, 1), "causes": round(100 * (4 / 3) / 2, 1)}
    reasons = {entry["student"].username: entry["reasons"] for entry in data["attention"]}
    assert set(reasons) == {"sam", "nino", "idle"}
    assert reasons["sam"] == [f"{SAM_PERCENT}% on “Everything quiz” (pass mark 60%)"]
    assert reasons["nino"] == ["Inactive for 10 days"]
    assert reasons["idle"] == ["No activity yet"]


def test_activity_per_day(klass):
    """Today: two students active, one lesson completed, two attempts submitted; thirty days listed."""
    days = selectors.class_overview(klass["cohort"])["activity"]
    assert len(days) == 30
    today = days[-1]
    assert today["day"] == timezone.localdate()
    assert (today["active"], today["lessons"], today["attempts"]) == (2, 1, 2)
    assert all(day["active"] == 0 for day in days[:-2])


def test_matrix_cells_sorting_and_filters(klass):
    """Each lesson's status and each quiz's grade; sorted by name, progress or score; filtered by status."""
    cohort = klass["cohort"]
    data = selectors.progress_matrix(cohort)
    assert [row.student.username for row in data["rows"]] == ["sam", "lin"]
    lin = data["rows"][1]
    assert [cell.get("status") for cell in lin.cells[:2]] == ["completed", "in_progress"]
    assert lin.cells[2]["grade"] == 100.0 and lin.cells[2]["passed"]
    assert (lin.progress, lin.score, lin.status, lin.attention) == (50, 100.0, "in_progress", False)
    sam = data["rows"][0]
    assert [cell.get("status") for cell in sam.cells[:2]] == ["not_started", "not_started"]
    assert (sam.progress, sam.score, sam.status, sam.attention) == (0, SAM_PERCENT, "in_progress", True)
    by_score = selectors.progress_matrix(cohort, sort="score", descending=True)["rows"]
    assert [row.student.username for row in by_score] == ["lin", "sam"]
    by_progress = selectors.progress_matrix(cohort, sort="progress")["rows"]
    assert [row.student.username for row in by_progress] == ["sam", "lin"]
    assert [r.student.username for r in selectors.progress_matrix(cohort, status="attention")["rows"]] == ["sam"]
    assert selectors.progress_matrix(cohort, status="completed")["rows"] == []
    enrol(cohort, "new")
    counts = selectors.progress_matrix(cohort)["counts"]
    assert (counts["not_started"], counts["in_progress"], counts["completed"], counts["attention"]) == (1, 2, 0, 2)


def test_student_detail_path_attempts_and_topics(klass):
    """The path through the lessons, each attempt with its answers, and topic strengths."""
    student = selectors.class_student(klass["cohort"], klass["lin"].pk)
    detail = selectors.student_detail(klass["cohort"], student)
    first, second = detail["path"]
    assert first["status"] == "completed" and first["progress"].seconds_spent == 90
    assert second["status"] == "in_progress" and second["progress"].completed_at is None
    [quiz] = detail["quizzes"]
    assert quiz["grade"] == 100.0 and quiz["used"] == 1 and quiz["allowed"] == 2
    [attempt] = quiz["attempts"]
    assert attempt["duration_text"] == "10 min 00 s"
    answers = {item["position"]: item for item in attempt["responses"]}
    assert answers[1]["answer"] == "Security" and answers[1]["fraction"] == 1.0
    assert [t["strength"] for t in detail["topics"]] == ["strong", "strong", "strong"]
    assert selectors.class_student(klass["cohort"], 0) is None


def test_quiz_report_indices_and_wrong_answers(klass):
    """Facility is the mean score; discrimination the correlation with the rest of the quiz; mistakes named."""
    nino = enrol(klass["cohort"], "nino")
    take(klass["quiz"], nino, wrong_positions={1})  # only the single-choice question wrong
    report = selectors.quiz_report(klass["cohort"], klass["quiz"])
    assert report["students"] == 3 and report["attempts"] == 3
    assert sum(band["count"] for band in report["distribution"]) == 3
    assert report["distribution"][9]["count"] == 1 and report["distribution"][0]["count"] == 1
    rows = {row["question"].type: row for row in report["questions"]}
    single = rows["single"]
    assert single["facility"] == round(100 / 3, 1)
    # Scores on this question and on the rest of the quiz (out of the other 6 points): lin, sam, nino.
    rest = [6 / 6, (2 / 3) / 6, 6 / 6]
    assert single["discrimination"] == round(100 * statistics.correlation([1, 0, 0], rest), 1)
    assert single["wrong"][0] == {"text": "Chose “Glory”", "count": 2, "percent": 67}
    assert rows["ordering"]["wrong"][0]["text"] == "Put “Second event” before “First event”"
    assert rows["matching"]["wrong"][0]["text"] == "Put “Rose Revolution” under “Distant cause” (it is “Proximate cause”)"
    assert {w["text"] for w in rows["multiple"]["wrong"]} == {"Ticked “C” (wrong)", "Ticked “D” (wrong)"}
    assert rows["short"]["wrong"][0]["text"] == "Answered “Moscow”"
    assert single["lesson_url"].endswith("#security-dilemma") and single["heading"] == "The security dilemma"
    assert report["questions"][0]["facility"] <= report["questions"][-1]["facility"]  # hardest first


def test_correlation_matches_pearson():
    """The discrimination index is Pearson's r as a percentage; None without variation."""
    pairs = [(1, 1), (0, 0), (1, 0.5), (0, 0.5)]
    assert selectors._correlation(pairs) == round(100 * statistics.correlation(*zip(*pairs, strict=True)), 1)
    assert selectors._correlation([(1, 0.2), (1, 0.9)]) is None
    assert selectors._correlation([(1, 0.2)]) is None


def test_instructor_classes_only_their_own(klass, instructor, other_instructor, administrator):
    """The class list holds the classes a user teaches (all of them for an administrator)."""
    Cohort.objects.create(course=klass["course"], name="Other class", join_code="OTHER123").instructors.add(
        other_instructor)
    assert [(e["cohort"].name, e["students"]) for e in selectors.instructor_classes(instructor)] == [("Class A", 2)]
    assert len(selectors.instructor_classes(administrator)) == 2


def test_activity_days_are_the_sites_local_days(klass, settings):
    """In a site in Taipei (UTC+8), an attempt submitted at 20:10 UTC counts on the next local day; in a UTC
    site, on the same day."""
    utc_day = timezone.now().date() - datetime.timedelta(days=3)
    started = datetime.datetime.combine(utc_day, datetime.time(20, 0), tzinfo=datetime.UTC)
    take(klass["quiz"], enrol(klass["cohort"], "early-bird"), when=started)
    utc_days = {d["day"]: d for d in selectors.class_overview(klass["cohort"])["activity"]}
    assert (utc_days[utc_day]["attempts"], utc_days[utc_day]["active"]) == (1, 1)
    settings.TIME_ZONE = "Asia/Taipei"
    take(klass["quiz"], enrol(klass["cohort"], "night-owl"), when=started)
    days = {d["day"]: d for d in selectors.class_overview(klass["cohort"])["activity"]}
    assert (days[utc_day + datetime.timedelta(days=1)]["attempts"], days[utc_day + datetime.timedelta(days=1)]["active"]) \
        == (1, 1)
    assert days[utc_day]["attempts"] == 1  # early-bird's, counted on the day the site then had
