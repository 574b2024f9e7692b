"""Admin actions on the course content and the classes: publish, reload from
content/, the lesson editor, reordering inlines and class instructors."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from core import roles
from lessons.models import Chapter, Cohort, Course, Lesson
from quizzes.models import Quiz
from tests.admin_helpers import admin_action, admin_url, form_data
from tests.content_tree import FILES, write_content
from tests.factories import make_cohort, make_user


@pytest.mark.parametrize("model", [Course, Lesson, Quiz])
def test_publish_and_unpublish(superuser_client, course_data, quiz, model):
    """Unpublish then publish the selected rows, each change in the history."""
    obj = model.objects.first()
    others = set(model.objects.exclude(pk=obj.pk).values_list("pk", "published"))
    admin_action(superuser_client, model, "unpublish", [obj])
    obj.refresh_from_db()
    assert obj.published is False
    admin_action(superuser_client, model, "publish", [obj])
    obj.refresh_from_db()
    assert obj.published is True
    assert set(model.objects.exclude(pk=obj.pk).values_list("pk", "published")) == others
    assert LogEntry.objects.filter(object_id=str(obj.pk), content_type__model=model._meta.model_name).count() == 2


def test_reload_asks_first_then_shows_the_report(superuser_client, tmp_path, monkeypatch):
    """GET only explains; POST loads content/ and lists rows per model and outcome."""
    root = write_content(tmp_path)
    monkeypatch.setattr("lessons.admin_actions.content_root", lambda: root)
    url = "/admin/lessons/course/reload/"
    response = superuser_client.get(url)
    assert response.status_code == 200 and not Course.objects.exists()
    response = superuser_client.post(url)
    assert response.status_code == 200
    report = {(what, outcome): count for what, outcome, count in response.context["report"]}
    assert report[("courses", "created")] == 1
    assert report[("lessons", "created")] == Lesson.objects.count() == 1
    assert LogEntry.objects.filter(object_id=str(Course.objects.get().pk)).exists()
    response = superuser_client.post(url)
    assert b"nothing changed" in response.content


def test_reload_shows_the_loaders_errors(superuser_client, tmp_path, monkeypatch):
    """A broken file: nothing is loaded and the page lists file:line: message."""
    broken = FILES["timeline/events.toml"].replace('date = "1992-06"', 'date = "1992-13"')
    root = write_content(tmp_path, {"timeline/events.toml": broken})
    monkeypatch.setattr("lessons.admin_actions.content_root", lambda: root)
    response = superuser_client.post("/admin/lessons/course/reload/")
    assert response.status_code == 200
    assert any(error.startswith(f"{root}/timeline/events.toml:10: date '1992-13'")
               for error in response.context["errors"])
    assert not Course.objects.exists()


def test_reload_action_opens_the_reload_page(superuser_client, course_data):
    """The 'reload' action on the courses list leads to the same confirmation page, loading nothing yet."""
    response = admin_action(superuser_client, Course, "reload_from_content", [course_data["course"]])
    assert response.status_code == 302 and response["Location"] == "/admin/lessons/course/reload/"
    response = superuser_client.get(response["Location"])
    assert response.context["title"] == "Reload the course from content/"
    assert response.context.get("report") is None and response.context.get("errors") is None
    assert Course.objects.count() == 1  # nothing loaded yet


def test_markdown_fields_use_the_editor_with_the_sanitised_preview(superuser_client, course_data):
    """The lesson body edits in markdownx's widget, whose preview is our sanitising renderer."""
    lesson = course_data["lesson"]
    response = superuser_client.get(admin_url(Lesson, "change", lesson.pk))
    assert b'markdownx-editor" required id="id_body"' in response.content
    assert b'data-markdownx-urls-path="/markdownx/markdownify/"' in response.content
    preview = superuser_client.post("/markdownx/markdownify/", {"content": "**bold** <script>alert(1)</script>"})
    assert b"<strong>bold</strong>" in preview.content and b"<script>" not in preview.content


def test_course_list_has_the_reload_button(superuser_client, course_data):
    """The courses list offers 'Reload from content/'."""
    response = superuser_client.get(admin_url(Course))
    assert b"/admin/lessons/course/reload/" in response.content


def test_lessons_swap_places_in_the_chapter_inline(superuser_client, course_data):
    """Lessons 1 and 2 swap positions through the chapter page without breaking the unique position."""
    chapter = course_data["lesson"].chapter
    url = admin_url(Chapter, "change", chapter.pk)
    data = form_data(superuser_client.get(url))
    data["lessons-0-position"], data["lessons-1-position"] = 2, 1
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert list(chapter.lessons.order_by("position").values_list("slug", flat=True)) == ["second", "first"]


def test_two_rows_on_one_position_are_refused(superuser_client, course_data):
    """Two lessons on the same position is a form error, not a server error."""
    chapter = course_data["lesson"].chapter
    url = admin_url(Chapter, "change", chapter.pk)
    data = form_data(superuser_client.get(url))
    data["lessons-1-position"] = 1
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert response.context["errors"]


def test_class_page_adds_an_instructor(superuser_client, course_data, instructor):
    """From the class page, a second instructor is added to the class."""
    cohort = make_cohort(course_data["course"], instructor)
    colleague = make_user("colleague", roles.INSTRUCTORS)
    url = admin_url(Cohort, "change", cohort.pk)
    data = form_data(superuser_client.get(url))
    data["instructors"] = [instructor.pk, colleague.pk]
    assert superuser_client.post(url, data).status_code == 302
    assert set(cohort.instructors.all()) == {instructor, colleague}


def test_class_page_refuses_a_student_as_instructor(superuser_client, course_data, instructor, student):
    """A student cannot be made an instructor of a class by accident; the form says why."""
    cohort = make_cohort(course_data["course"], instructor)
    url = admin_url(Cohort, "change", cohort.pk)
    data = form_data(superuser_client.get(url))
    data["instructors"] = [instructor.pk, student.pk]
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "student is not an instructor" in str(response.context["adminform"].form.errors["instructors"])
    assert list(cohort.instructors.all()) == [instructor]


def test_instructor_picker_offers_instructors_only(superuser_client, instructor, student):
    """The class page's autocomplete lists instructors, not students."""
    response = superuser_client.get("/admin/autocomplete/", {
        "app_label": "lessons", "model_name": "cohort", "field_name": "instructors", "term": ""})
    names = {row["text"] for row in response.json()["results"]}
    assert "teacher" in names and "student" not in names


@pytest.mark.django_db
def test_a_class_view_on_site_link_opens_its_dashboard_overview(client, administrator, course_data, instructor):
    """The class's admin page links to its dashboard overview, and following the link opens that page."""
    cohort = make_cohort(course_data["course"], instructor)
    client.force_login(administrator)
    page = client.get(reverse("admin:lessons_cohort_change", args=[cohort.pk])).content.decode()
    link = re.search(r'<a href="([^"]+)" class="viewsitelink"', page).group(1)
    assert link == reverse("dashboard:overview", args=[cohort.pk])
    response = client.get(link)
    assert response.status_code == 200
    assert response.context["cohort"] == cohort
