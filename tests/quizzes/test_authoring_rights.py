"""Authoring rights come from being made an author of the course (by an
administrator or another author), not from teaching or creating a class of it:
quizzes, the question bank, import, export and previews are for the course's
authors and administrators only."""

import datetime
import json

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core import roles
from lessons.models import Cohort, Course
from quizzes.models import Attempt, Question, Quiz
from tests.admin_helpers import admin_url, form_data
from tests.quizzes.authoring import question_post, url
from tests.factories import make_cohort, make_quiz, make_user

QUIZ_SETTINGS = {"title": "Renamed", "slug": "final", "topic": "mixed", "draw_count": "0", "attempts_allowed": "1",
                 "grading_method": "highest", "pass_mark": "50", "feedback_timing": "after_submit"}
GIFT = "Capital of Georgia? {=Tbilisi ~Sukhumi}\n"


@pytest.fixture
def site(course_data, questions):
    course = course_data["course"]
    author = make_user("author", roles.INSTRUCTORS)
    course.authors.add(author)
    outsider = make_user("outsider", roles.INSTRUCTORS)
    final = make_quiz(course, [questions["single"], questions["short"]], slug="final", title="Final exam")
    closed = make_quiz(course, [questions["single"]], slug="closed", title="Closed quiz",
                       closes_at=timezone.now() - datetime.timedelta(days=1))
    draft = make_quiz(course, [questions["single"]], slug="draft", title="Draft quiz", published=False)
    return {"course": course, "author": author, "outsider": outsider, "final": final, "closed": closed,
            "draft": draft, "single": questions["single"]}


def authoring_requests(site):
    """Every authoring action on the course: (method, address, data)."""
    c, final, single = "case", "final", site["single"]
    return [
        ("get", url("quiz-list", course=c), None),
        ("get", url("quiz-create", course=c), None),
        ("post", url("quiz-create", course=c), {**QUIZ_SETTINGS, "title": "New quiz", "slug": "new-quiz"}),
        ("get", url("quiz-edit", course=c, quiz=final), None),
        ("post", url("quiz-edit", course=c, quiz=final), QUIZ_SETTINGS),
        ("post", url("quiz-questions", course=c, quiz=final), {"action": f"remove:{single.pk}"}),
        ("post", url("quiz-publish", course=c, quiz=final), {"published": "0"}),
        ("post", url("quiz-publish", course=c, quiz="draft"), {"published": "1"}),
        ("post", url("quiz-duplicate", course=c, quiz=final), {}),
        ("get", url("quiz-export", course=c, quiz=final), None),
        ("get", url("quiz-export", course=c, quiz=final) + "?format=json", None),
        ("get", url("question-list", course=c), None),
        ("get", url("question-list", course=c) + "?export=gift", None),
        ("get", url("question-list", course=c) + "?export=json", None),
        ("get", url("question-create", course=c, qtype="truefalse"), None),
        ("get", url("question-edit", course=c, question=single.slug), None),
        ("post", url("question-edit", course=c, question=single.slug),
         question_post("Rewritten stem?", parts=[{"text": "Security", "correct": True}, {"text": "Power"}])),
        ("get", url("question-import", course=c), None),
        ("post", url("question-import", course=c), {"format": "gift", "text": GIFT, "confirm": "1"}),
        ("get", url("course-authors", course=c), None),
        ("post", url("course-authors", course=c), {"username": "outsider"}),
    ]


def create_class(client, course):
    """What the review did: any instructor may open a class of any course from the dashboard."""
    response = client.post(reverse("dashboard:classes"), {"course": course.pk, "name": "My own class"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_making_a_class_of_a_course_gives_no_authoring_rights(client, site):
    """An instructor who created a class of the course gets 404 on every authoring action, and nothing changes."""
    client.force_login(site["outsider"])
    create_class(client, site["course"])
    assert Cohort.objects.get(name="My own class").instructors.get() == site["outsider"]
    for method, address, data in authoring_requests(site):
        response = getattr(client, method)(address, data) if data is not None else getattr(client, method)(address)
        assert response.status_code == 404, (method, address, response.status_code)
    final, draft, single = (Quiz.objects.get(slug="final"), Quiz.objects.get(slug="draft"),
                            Question.objects.get(pk=site["single"].pk))
    assert (final.title, final.published, final.attempts_allowed, draft.published) == ("Final exam", True, 0, False)
    assert final.quiz_questions.count() == 2 and single.stem == "Stem of q-single"
    assert Quiz.objects.count() == 3 and Question.objects.count() == 7
    assert list(site["course"].authors.all()) == [site["author"]]


@pytest.mark.django_db
def test_the_author_can_do_every_authoring_action(client, site):
    """The course's author, who teaches no class of it, gets every authoring action, with its effect."""
    client.force_login(site["author"])
    assert not Cohort.objects.exists()
    for method, address, data in authoring_requests(site):
        response = getattr(client, method)(address, data) if data is not None else getattr(client, method)(address)
        # A page is shown; an action (valid data) redirects.
        assert response.status_code == {"get": 200, "post": 302}[method], (method, address, response.status_code)
    final, draft = Quiz.objects.get(slug="final"), Quiz.objects.get(slug="draft")
    assert (final.title, final.published, draft.published) == ("Renamed", False, True)
    assert Question.objects.get(pk=site["single"].pk).stem == "Rewritten stem?"
    assert Quiz.objects.filter(slug__in=["new-quiz", "final-copy"]).count() == 2
    assert Question.objects.filter(stem__startswith="Capital of Georgia").count() == 1
    assert set(site["course"].authors.all()) == {site["author"], site["outsider"]}
    gift = client.get(url("question-list", course="case") + "?export=gift").content.decode()
    exported = json.loads(client.get(url("quiz-export", course="case", quiz="final") + "?format=json").content)
    assert "::q-single::" in gift
    assert [question["slug"] for question in exported["questions"]] == ["q-short"]  # q-single was removed


@pytest.mark.django_db
def test_a_non_author_cannot_preview_a_closed_quiz_or_see_its_key(client, site):
    """Preview of a closed quiz: 403 for an instructor with a class of the course; a draft is a 404."""
    client.force_login(site["outsider"])
    create_class(client, site["course"])
    start = reverse("quizzes:start", args=["case", "closed"])
    response = client.post(start, {"preview": "1"}, follow=True)
    assert response.status_code == 403
    assert "Correct answer" not in response.content.decode() and "Because of q-single" not in response.content.decode()
    assert not Attempt.objects.exists()
    assert client.get(site["draft"].get_absolute_url()).status_code == 404
    assert client.post(reverse("quizzes:start", args=["case", "draft"]), {"preview": "1"}).status_code == 404
    assert not Attempt.objects.exists()


@pytest.mark.django_db
def test_the_author_previews_a_closed_quiz_and_sees_its_key(client, site):
    """The author's preview of a closed quiz opens, does not count, and its review shows the key."""
    client.force_login(site["author"])
    response = client.post(reverse("quizzes:start", args=["case", "closed"]), {"preview": "1"})
    attempt = Attempt.objects.get(user=site["author"])
    assert attempt.is_preview and response["Location"] == attempt.get_absolute_url()
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    review = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "Correct answer:" in review and "Because of q-single" in review


@pytest.mark.django_db
def test_teaching_home_lists_authored_courses_not_taught_ones(client, site):
    """Home: the author sees the course's quizzes and bank; a teacher of a class of it sees only the class."""
    client.force_login(site["outsider"])
    create_class(client, site["course"])
    page = client.get(url("home")).content.decode()
    assert "My own class" in page and url("quiz-list", course="case") not in page
    client.force_login(site["author"])
    page = client.get(url("home")).content.decode()
    assert url("quiz-list", course="case") in page and url("course-authors", course="case") in page


@pytest.mark.django_db
def test_an_author_adds_and_removes_a_co_author(client, site):
    """A co-author added on the course's authors page may author at once; removed, they may not."""
    edit = url("question-edit", course="case", question=site["single"].slug)
    authors = url("course-authors", course="case")
    client.force_login(site["author"])
    response = client.post(authors, {"username": "outsider"}, follow=True)
    assert "outsider is now an author of this course." in response.content.decode()
    client.force_login(site["outsider"])
    assert client.get(edit).status_code == 200
    assert "author" in client.get(authors).content.decode()
    client.force_login(site["author"])
    client.post(url("course-author-remove", course="case", user_id=site["outsider"].pk))
    assert list(site["course"].authors.all()) == [site["author"]]
    client.force_login(site["outsider"])
    assert client.get(edit).status_code == 404
    assert client.post(url("course-author-remove", course="case", user_id=site["author"].pk)).status_code == 404
    assert list(site["course"].authors.all()) == [site["author"]]


@pytest.mark.django_db
@pytest.mark.parametrize("username, message", [
    ("student", "student is not an instructor."),
    ("nobody", "No account has that username."),
])
def test_only_instructors_can_be_made_authors(client, site, student, username, message):
    """A student or an unknown name is refused with a message, and no author is added."""
    client.force_login(site["author"])
    response = client.post(url("course-authors", course="case"), {"username": username}, follow=True)
    assert message in response.content.decode()
    assert list(site["course"].authors.all()) == [site["author"]]


@pytest.mark.django_db
def test_the_last_author_cannot_be_removed_from_the_authors_page(client, site):
    """A course keeps at least one author there; an administrator can change that in the admin."""
    client.force_login(site["author"])
    response = client.post(url("course-author-remove", course="case", user_id=site["author"].pk), follow=True)
    assert "A course keeps at least one author" in response.content.decode()
    assert list(site["course"].authors.all()) == [site["author"]]


@pytest.mark.django_db
def test_the_administrator_sets_authors_in_the_course_admin(client, site, administrator, student):
    """The Course admin page sets the authors (instructors only), and the rights follow at once."""
    client.force_login(administrator)
    address = admin_url(Course, "change", site["course"].pk)
    data = form_data(client.get(address))
    data["authors"] = [site["author"].pk, student.pk]
    refused = client.post(address, data)
    assert refused.status_code == 200 and "student is not an instructor" in refused.content.decode()
    data["authors"] = [site["outsider"].pk]
    assert client.post(address, data).status_code == 302
    assert list(site["course"].authors.all()) == [site["outsider"]]
    client.force_login(site["outsider"])
    assert client.get(url("question-edit", course="case", question=site["single"].slug)).status_code == 200
    client.force_login(site["author"])
    assert client.get(url("question-edit", course="case", question=site["single"].slug)).status_code == 404


@pytest.mark.django_db
def test_a_co_instructor_of_the_authors_class_is_not_an_author(client, site):
    """Teaching the very class the author teaches still gives no authoring rights."""
    cohort = make_cohort(site["course"], site["author"])
    cohort.instructors.add(site["outsider"])
    client.force_login(site["outsider"])
    assert client.get(reverse("dashboard:roster", args=[cohort.pk])).status_code == 200
    assert client.get(url("quiz-edit", course="case", quiz="final")).status_code == 404


@pytest.mark.django_db
def test_the_demo_instructor_authors_the_demo_course(client):
    """`make run`'s data: the demo instructor can open the course's quizzes and bank."""
    call_command("load_course", str(settings.BASE_DIR / "content"), stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    course = Course.objects.get()
    client.force_login(User.objects.get(username="instructor"))
    assert client.get(url("quiz-list", course=course.slug)).status_code == 200
    assert client.get(url("question-list", course=course.slug)).status_code == 200
