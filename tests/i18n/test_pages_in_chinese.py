"""Every page, as each kind of visitor, in Traditional Chinese: no English
left in the interface. The course here is written in Chinese, so any English
word on a page is interface text someone forgot to translate — a missing
{% translate %}, gettext or verbose name, or a .po entry nobody filled in.

The rule: every word of two or more Latin letters in the text a person
reads or hears (text, title, alt, aria-label, placeholder, button values) is
English, except inside an element marked lang="en" (what is English on
purpose says so), in code (<code>, <pre>, <kbd>), and for the names and
identifiers in ALLOWED and in the data (usernames, slugs, join codes)."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lessons.models import Chapter, Cohort, Course, Lesson, TimelineEvent
from lessons.services import lesson_complete, lesson_open
from quizzes.models import (
    Question, Quiz,
)
from quizzes.grading_queue import pseudonym
from quizzes.types.essay import Rubric, RubricCriterion
from review.models import Card, Rating
from review.services import card_review, cards_sync
from tests.admin_helpers import admin_url, registered
from tests.i18n.chinese import content_in_chinese
from tests.security.authorization import TABLE, address
from tests.site import build_site

# Names, brands, formats and abbreviations that stay as they are in Chinese text.
ALLOWED = {
    "Casebook", "Moodle", "GIFT", "JSON", "CSV", "LTI", "LMS", "FSRS", "PNG", "JPEG", "MB", "HTML", "UTF", "NUL",
    "SIPRI", "ID", "id", "token", "Cookie", "Markdown", "Enter", "YYYY", "MM", "DD", "US", "Django", "UTC",
    "iss",  # the OpenID parameter an LTI launch must send, named in the error
}
# Django's admin writes these in English whatever the language: the boolean icons' alt="True"/"False" and the
# search icon's alt="Search" (django/contrib/admin/templatetags/admin_list.py, templates/admin/search_form.html).
# Django's own Chinese names keys as they are printed on keyboards ("Control", "Command" on a "Mac"), and
# django-axes has no verbose name: the admin calls its app "Axes".
ADMIN_ALLOWED = {"True", "False", "Search", "Control", "Command", "Mac", "Axes"}
# Third-party apps' own admin pages (their objects' names are English in their code); their names in the
# admin's sidebar are translated in our catalog (config/third_party_strings.py) and checked on every page.
THIRD_PARTY_ADMIN = {"axes", "lti_tool"}
# Permission names are rows Django writes in English at migrate time; the hashed password is data.
SKIPPED_IDS = {"id_user_permissions", "id_permissions", "id_password"}
SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "textarea"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "aria-description")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
PATH = re.compile(r"[\w.-]*/[\w./-]*")  # content/, Asia/Taipei: paths and names with a slash are identifiers


class EnglishFinder(HTMLParser):
    """Collects the English words a reader meets outside lang="en" blocks and code."""

    def __init__(self, allowed: set[str]):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, in English, in code)
        self.found: list[str] = []

    def _quiet(self) -> bool:
        return bool(self.stack) and (self.stack[-1][1] or self.stack[-1][2])

    def _check(self, text: str):
        if text.strip().startswith("{"):  # a stored JSON value shown as data (the admin's snapshots)
            return
        words = [w for w in WORD.findall(PATH.sub(" ", text)) if w not in self.allowed]
        if words:
            self.found.append(" ".join(text.split())[:120])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        english, code = self.stack[-1][1:] if self.stack else (False, False)
        code = code or tag in SKIPPED_TAGS or attrs.get("id") in SKIPPED_IDS
        if attrs.get("lang") is not None:
            english = attrs["lang"].lower().startswith("en")
        if not (english or code):
            for name in READ_ATTRIBUTES:
                if attrs.get(name):
                    self._check(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
                self._check(attrs["value"])
        if tag not in VOID_TAGS:
            self.stack.append((tag, english, code))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._quiet():
            self._check(data)


def english_in(html: str, allowed: set[str]) -> list[str]:
    finder = EnglishFinder(allowed)
    finder.feed(html)
    finder.close()
    return finder.found


@pytest.fixture
def site(db):
    """The authorization table's site, its content in Chinese, with activity for the dashboards and the review."""
    site = build_site(essay_text="俄羅斯擔心北約東擴。", before_attempts=content_in_chinese)
    course, lesson = site["course"], site["lesson"]
    student, other = site["users"]["student"], site["users"]["other_student"]
    for user in (student, other):
        lesson_open(user=user, lesson=lesson)
    lesson_complete(user=other, lesson=lesson)
    cards_sync(course=course)
    card_review(user=other, card=Card.objects.order_by("pk").first(), rating=Rating.AGAIN, reps_seen=0)
    User.objects.update(first_name="小明")
    return site


def _allowed() -> set[str]:
    """ALLOWED, plus the words of the data's identifiers: usernames, group (role) names, slugs, heading ids,
    join codes and the grading queue's pseudonyms are not sentences."""
    words = set(ALLOWED)
    identifiers = list(User.objects.values_list("username", flat=True))
    identifiers += Group.objects.values_list("name", flat=True)
    identifiers += Question.objects.values_list("anchor", flat=True)
    for model in (Course, Chapter, Lesson, Question, Quiz, TimelineEvent, Rubric):
        identifiers += model.objects.values_list("slug", flat=True)
    identifiers += RubricCriterion.objects.values_list("slug", flat=True)
    identifiers += Cohort.objects.values_list("join_code", flat=True)
    with translation.override("zh-hant"):  # the grading queue's "學生 2A0DE": only its code is an identifier
        identifiers += [pseudonym(quiz, user) for quiz in Quiz.objects.values_list("pk", flat=True)
                        for user in User.objects.values_list("pk", flat=True)]
    for identifier in identifiers:
        words.update(WORD.findall(identifier))
    return words


def _chinese_client(user=None) -> Client:
    client = Client(headers={"accept-language": "zh-TW"})
    if user is not None:
        client.force_login(user)
    return client


# A student's attempt pages are the student's own; the rest of the table as every role.
ROLES = ["anonymous", "student", "instructor", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_in_chinese(site, role):
    """Each GET page of the authorization table that this role may open, in Chinese, names no English word."""
    client = _chinese_client(site["users"][role])
    allowed = _allowed()
    found, loaded = {}, 0
    for name, (method, _expected) in sorted(TABLE.items()):
        if method != "get" or name == "javascript-catalog":
            continue
        url = address(site, name)
        response = client.get(url, follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        loaded += 1
        english = english_in(response.content.decode(), allowed | (ADMIN_ALLOWED if url.startswith("/admin/") else set()))
        if english:
            found[url] = english
    assert loaded >= 10
    assert found == {}, "\n".join(f"{url}: {texts}" for url, texts in found.items())


# The account import's preview: a row that will be created and one with errors (an unknown role, a bad address).
ACCOUNTS = "username,name,email,role,class\n新生,王小明,,student,甲班\n舊生,李小華,不是地址,teacher,\n"


def test_the_pages_behind_the_lists_are_in_chinese(site):
    """The pages a click away — an attempt's review, a student's dashboard, forms with errors — in Chinese."""
    student, instructor = _chinese_client(site["users"]["other_student"]), _chinese_client(site["users"]["instructor"])
    admin = _chinese_client(site["users"]["admin"])
    allowed = _allowed()
    pages = [  # (client, method, address, data, status)
        (student, "get", reverse("quizzes:review", args=[site["done"].pk]), {}, 200),
        (student, "get", reverse("review:course", args=[site["course"].slug]), {}, 200),
        (student, "post", reverse("lessons:join"), {"code": "WRONG"}, 200),
        (instructor, "get", reverse("dashboard:student", args=[site["cohort"].pk, site["users"]["other_student"].pk]),
         {}, 200),
        (instructor, "post", reverse("authoring:quiz-create", args=[site["course"].slug]), {"title": ""}, 200),
        (instructor, "post", reverse("authoring:question-create", args=[site["course"].slug, "single"]), {}, 400),
        (_chinese_client(), "post", reverse("login"), {"username": "student", "password": "wrong"}, 200),
        (admin, "get", reverse("admin:auth_user_import"), {}, 200),
        (admin, "post", reverse("admin:auth_user_import"), {"text": ACCOUNTS}, 200),
        (_chinese_client(), "post", reverse("signup"), {"username": "", "password1": "1", "password2": "2"}, 200),
    ]
    found = {}
    for client, method, url, data, status in pages:
        response = getattr(client, method)(url, data, follow=True)
        assert response.status_code == status, url
        english = english_in(response.content.decode(), allowed | (ADMIN_ALLOWED if url.startswith("/admin/") else set()))
        if english:
            found[f"{method} {url}"] = english
    assert found == {}, "\n".join(f"{url}: {texts}" for url, texts in found.items())


def test_every_admin_list_and_add_page_is_in_chinese(site):
    """The administration's lists and add forms, with Casebook's own models and labels, in Chinese."""
    client = _chinese_client(site["users"]["admin"])
    allowed = _allowed() | ADMIN_ALLOWED
    found = {}
    pages = [reverse("admin:index")]
    for model, _admin in registered():
        if model._meta.app_label in THIRD_PARTY_ADMIN:
            continue
        pages.append(admin_url(model))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append(admin_url(model, "change", obj.pk))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        english = english_in(response.content.decode(), allowed)
        if english:
            found[url] = english
    assert found == {}, "\n".join(f"{url}: {texts}" for url, texts in found.items())


def test_the_finder_catches_a_forgotten_translation():
    """The rule itself: English outside lang="en" is found; marked English, code and allowed names are not."""
    page = """<html lang="zh-Hant"><body><h1>課程</h1><p>Forgotten words</p>
      <button aria-label="Close">×</button><p lang="en">English on purpose</p>
      <p>以 <code>make messages</code> 更新 Casebook</p><option lang="zh-Hant">繁體中文</option>
      <span lang="en">English <b>bold</b></span><em>Stray</em></body></html>"""
    assert english_in(page, {"Casebook"}) == ["Forgotten words", "Close", "Stray"]
