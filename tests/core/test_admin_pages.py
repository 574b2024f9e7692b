"""Every admin page opens as a superuser with the real course loaded; search
and every filter work on that data."""

from django.contrib.admin.views.main import SEARCH_VAR
from django.test import TestCase

from quizzes.models import Question
from tests.admin_helpers import admin_url, load_site_data, registered


OUR_APPS = {"auth", "lessons", "quizzes", "review", "dashboard"}


def _value(obj, path: str):
    """The value behind a search field such as 'user__username' or '=slug'."""
    for part in path.lstrip("=^@").split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
        if hasattr(obj, "all") and callable(obj.all):  # many-to-many: take the first
            obj = obj.all().first()
    return obj


def _search_term(value) -> str:
    """A word of the value that the admin search will look for as is."""
    words = [w.strip("\"'()[]{}#*,.:;!?") for w in str(value).split()]
    words = [w for w in words if len(w) >= 3] or [w for w in words if w]
    return max(words, key=len) if words else ""


class AdminPagesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_site_data()

    def setUp(self):
        self.client.force_login(self.data["superuser"])

    def test_every_changelist_add_and_change_page_opens(self):
        """Each registered model's list, add page (where adding is allowed) and change page answer 200."""
        failures = []
        for model, model_admin in registered():
            pages = [admin_url(model)]
            obj = model._default_manager.order_by("pk").first()
            if model._meta.app_label in OUR_APPS:
                self.assertIsNotNone(obj, f"no {model._meta.label} row to open")
            if obj is not None:  # third-party models (e.g. axes' login records) may have none
                pages += [admin_url(model, "change", obj.pk), admin_url(model, "history", obj.pk)]
            if model_admin.has_add_permission(self._request()):
                pages.append(admin_url(model, "add"))
            for url in pages:
                status = self.client.get(url).status_code
                if status != 200:
                    failures.append(f"{url}: {status}")
        self.assertEqual(failures, [])

    def test_question_page_of_every_type_opens(self):
        """A question of each type opens with the key rows its type uses."""
        expected_inline = {
            "single": "options", "multiple": "options", "truefalse": None, "ordering": "ordering_items",
            "date": "date_key", "matching": "match_pairs", "short": "accepted_answers",
        }
        for qtype, prefix in expected_inline.items():
            question = Question.objects.filter(type=qtype).first()
            if question is None:
                continue
            response = self.client.get(admin_url(Question, "change", question.pk))
            self.assertEqual(response.status_code, 200, qtype)
            prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
            self.assertEqual(prefixes, [prefix] if prefix else [], qtype)
            self.assertContains(response, "markdownx-editor")  # stem and explanation use the markdown editor

    def test_search_finds_a_row_by_each_search_field(self):
        """For every admin with search fields, searching a word of a row's value finds that row."""
        failures = []
        for model, model_admin in registered():
            for field in model_admin.search_fields:
                obj = next((o for o in model._default_manager.order_by("pk")[:50] if _value(o, field)), None)
                if obj is None:
                    continue
                term = _search_term(_value(obj, field))
                response = self.client.get(admin_url(model), {SEARCH_VAR: term})
                if response.status_code != 200:
                    failures.append(f"{model._meta.label} {field}={term!r}: {response.status_code}")
                    continue
                found = response.context["cl"].queryset.filter(pk=obj.pk).exists()
                if not found:
                    failures.append(f"{model._meta.label} {field}={term!r}: row not found")
        self.assertEqual(failures, [])

    def test_every_filter_option_works(self):
        """Every option of every list filter (and the date drill-down) answers 200 with a subset of the rows."""
        failures = []
        for model, model_admin in registered():
            url = admin_url(model)
            response = self.client.get(url)
            changelist = response.context["cl"]
            total = changelist.full_result_count
            queries = [choice["query_string"] for spec in changelist.filter_specs for choice in spec.choices(changelist)]
            if model_admin.date_hierarchy:
                row = model._default_manager.exclude(**{f"{model_admin.date_hierarchy}__isnull": True}).first()
                if row is not None:
                    year = _value(row, model_admin.date_hierarchy).year
                    queries.append(f"?{model_admin.date_hierarchy}__year={year}")
            for query in queries:
                response = self.client.get(url + query)
                if response.status_code != 200 or "e=1" in response.get("Location", ""):
                    failures.append(f"{url}{query}: {response.status_code}")
                elif response.context["cl"].result_count > total:
                    failures.append(f"{url}{query}: more rows than unfiltered")
        self.assertEqual(failures, [])

    def test_filters_narrow_the_rows(self):
        """Filters on real data: a chapter's lessons, one question type, submitted attempts, the grading state."""
        from lessons.models import Chapter, Lesson
        from quizzes.models import Attempt

        chapter = Chapter.objects.order_by("number").first()
        response = self.client.get(admin_url(Lesson), {"chapter__id__exact": chapter.pk})
        self.assertEqual({lesson.chapter_id for lesson in response.context["cl"].queryset}, {chapter.pk})
        self.assertEqual(response.context["cl"].result_count, chapter.lessons.count())
        response = self.client.get(admin_url(Question), {"type__exact": "date"})
        self.assertEqual(response.context["cl"].result_count, Question.objects.filter(type="date").count())
        response = self.client.get(admin_url(Attempt), {"status": "open"})
        self.assertEqual(response.context["cl"].result_count, 0)
        response = self.client.get(admin_url(Attempt), {"status": "submitted"})
        self.assertEqual(response.context["cl"].result_count, 2)
        response = self.client.get(admin_url(Attempt), {"grading__exact": "graded"})
        self.assertEqual([a.quiz.slug for a in response.context["cl"].queryset], ["essays"])

    def test_quiz_links_to_its_questions_and_attempts(self):
        """The quiz page links to its questions and attempts; the attempt links to its student and quiz."""
        from quizzes.models import Attempt

        quiz, attempt = self.data["quiz"], self.data["attempt"]
        response = self.client.get(admin_url(type(quiz), "change", quiz.pk))
        self.assertContains(response, admin_url(Question) + f"?quizzes__id__exact={quiz.pk}")
        self.assertContains(response, admin_url(Attempt) + f"?quiz__id__exact={quiz.pk}")
        self.assertContains(response, quiz.get_absolute_url())
        response = self.client.get(admin_url(Question) + f"?quizzes__id__exact={quiz.pk}")
        self.assertEqual(response.context["cl"].result_count, quiz.quiz_questions.count())
        response = self.client.get(admin_url(Attempt, "change", attempt.pk))
        self.assertContains(response, admin_url(type(attempt.user), "change", attempt.user.pk))
        self.assertContains(response, admin_url(type(quiz), "change", quiz.pk))

    def test_view_on_site_for_lessons_quizzes_and_courses(self):
        """Lessons, quizzes and courses offer 'view on site'; attempts (the student's own pages) do not."""
        from django.contrib.contenttypes.models import ContentType

        from lessons.models import Course, Lesson
        from quizzes.models import Attempt, Quiz

        for model in (Lesson, Quiz, Course):
            obj = model.objects.first()
            response = self.client.get(admin_url(model, "change", obj.pk))
            content_type = ContentType.objects.get_for_model(model)
            self.assertContains(response, f"/admin/r/{content_type.pk}/{obj.pk}/")
        response = self.client.get(admin_url(Attempt, "change", self.data["attempt"].pk))
        self.assertNotContains(response, "/admin/r/")

    def _request(self):
        from django.test import RequestFactory

        request = RequestFactory().get("/admin/")
        request.user = self.data["superuser"]
        return request
