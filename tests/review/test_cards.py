"""Cards are made from the course's data: two per event, two or four per term,
asking at the event's precision and graded by the quizzes' functions."""

import io

import pytest
from django.core.management import call_command

from quizzes.types import AnswerError
from review.cards import card_question, question_grade
from review.models import Card, CardKind
from review.services import cards_sync


def _question(card, facts, seed="s"):
    return card_question(card, seed=seed, events=list(facts["events"].values()),
                         terms=list(facts["terms"].values()))


@pytest.mark.django_db
def test_sync_makes_every_direction_once(facts):
    """Each event gives date→event and event→date; a term gives two cards, four with its Chinese form; a rerun adds none."""
    assert cards_sync(course=facts["course"]) == 4 * 2 + 4 + 2
    assert cards_sync(course=facts["course"]) == 0
    kinds = {kind for kind in Card.objects.filter(term=facts["terms"]["dilemma"]).values_list("kind", flat=True)}
    assert kinds == {CardKind.TERM_TO_DEFINITION, CardKind.DEFINITION_TO_TERM, CardKind.CHINESE_TO_ENGLISH,
                     CardKind.ENGLISH_TO_CHINESE}
    assert set(Card.objects.filter(term=facts["terms"]["balance"]).values_list("kind", flat=True)) == {
        CardKind.TERM_TO_DEFINITION, CardKind.DEFINITION_TO_TERM}


@pytest.mark.django_db
def test_new_data_gets_cards_and_deleted_data_loses_them(facts):
    """A term given its Chinese form later gains the two Chinese cards; a deleted event takes its cards with it."""
    cards_sync(course=facts["course"])
    balance = facts["terms"]["balance"]
    balance.chinese = "威脅平衡"
    balance.save()
    assert cards_sync(course=facts["course"]) == 2
    facts["events"]["later"].delete()
    assert Card.objects.filter(course=facts["course"]).count() == 4 * 2 + 4 + 4 - 2


@pytest.mark.django_db
@pytest.mark.parametrize("precision, fields, expected", [
    ("day", {"answer-year": "2008", "answer-month": "8", "answer-day": "8"}, 1.0),
    ("day", {"answer-year": "2008", "answer-month": "8", "answer-day": "7"}, 0.0),
    ("day", {"answer-year": "2008", "answer-month": "8"}, 0.0),
    ("month", {"answer-year": "2003", "answer-month": "11"}, 1.0),
    ("month", {"answer-year": "2003", "answer-month": "11", "answer-day": "30"}, 1.0),
    ("month", {"answer-year": "2003", "answer-month": "10"}, 0.0),
    ("year", {"answer-year": "1991"}, 1.0),
    ("year", {"answer-year": "1991", "answer-month": "12"}, 1.0),
    ("year", {"answer-year": "1990"}, 0.0),
])
def test_event_to_date_asks_at_the_events_precision(facts, precision, fields, expected):
    """A day-precision event needs the day; a month one the month; a year one only the year."""
    cards_sync(course=facts["course"])
    card = Card.objects.get(event=facts["events"][precision], kind=CardKind.EVENT_TO_DATE)
    question = _question(card, facts)
    assert question.mode == "date" and question.precision == precision
    assert question_grade(question, fields)[0] == expected


@pytest.mark.django_db
def test_date_to_event_is_a_choice_without_same_date_distractors(facts):
    """Date → event shows the date at its precision and the event among other events; the right index grades 1."""
    cards_sync(course=facts["course"])
    card = Card.objects.get(event=facts["events"]["month"], kind=CardKind.DATE_TO_EVENT)
    question = _question(card, facts)
    assert question.prompt == "November 2003"
    assert sorted(question.choices) == sorted(e.title for e in facts["events"].values())
    assert question.choices == _question(card, facts).choices  # the same seed, the same order
    assert question_grade(question, {"choice": str(question.correct_choice)})[0] == 1.0
    wrong = (question.correct_choice + 1) % len(question.choices)
    assert question_grade(question, {"choice": str(wrong)})[0] == 0.0
    with pytest.raises(AnswerError):
        question_grade(question, {"choice": "9"})


@pytest.mark.django_db
def test_typed_terms_are_graded_like_short_answers(facts):
    """Definition → term hides the term in the definition and accepts it case- and width-insensitively; Chinese → English too."""
    cards_sync(course=facts["course"])
    term = facts["terms"]["dilemma"]
    term.definition = "The security dilemma: one state's defence looks like a threat to another."
    term.save()
    card = Card.objects.select_related("term").get(term=term, kind=CardKind.DEFINITION_TO_TERM)
    question = _question(card, facts)
    assert "security dilemma" not in question.prompt.casefold()
    assert question_grade(question, {"text": "ＳＥＣＵＲＩＴＹ  dilemma"}) == (1.0, "ＳＥＣＵＲＩＴＹ  dilemma")
    assert question_grade(question, {"text": "Balance of threat"})[0] == 0.0
    assert question_grade(question, {"text": "  "}) is None
    chinese = _question(Card.objects.get(term=term, kind=CardKind.CHINESE_TO_ENGLISH), facts)
    assert chinese.prompt == "安全困境" and question_grade(chinese, {"text": "security dilemma"})[0] == 1.0


@pytest.mark.django_db
def test_malformed_dates_are_answer_errors(facts):
    """A year that is not a number is a message for the student, not a crash."""
    cards_sync(course=facts["course"])
    question = _question(Card.objects.get(event=facts["events"]["year"], kind=CardKind.EVENT_TO_DATE), facts)
    with pytest.raises(AnswerError):
        question_grade(question, {"answer-year": "nineteen"})


@pytest.mark.django_db
def test_review_cards_command_makes_the_cards_once(facts):
    """`manage.py review_cards` makes every course's cards; a second run makes none."""
    out = io.StringIO()
    call_command("review_cards", stdout=out)
    call_command("review_cards", stdout=out)
    assert out.getvalue() == "case: 14 card(s) made\ncase: 0 card(s) made\n"


@pytest.mark.django_db
def test_an_event_or_term_added_in_the_admin_gets_its_cards(client, administrator, course_data):
    """The admin's add pages for a timeline event and a key term make the item's cards at once."""
    from lessons.models import KeyTerm, TimelineEvent
    from tests.admin_helpers import admin_url
    client.force_login(administrator)
    course = course_data["course"]
    response = client.post(admin_url(TimelineEvent, "add"), {
        "course": course.pk, "slug": "truce", "date": "2008-08-12", "precision": "day", "title": "Truce",
        "description": "", "lesson": "", "anchor": "", "source_line": "", "title_zh": "", "description_zh": ""})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event = TimelineEvent.objects.get(slug="truce")
    assert set(Card.objects.filter(event=event).values_list("kind", flat=True)) == {
        CardKind.DATE_TO_EVENT, CardKind.EVENT_TO_DATE}
    client.post(admin_url(KeyTerm, "add"), {
        "course": course.pk, "slug": "offence", "term": "Offence", "chinese": "攻勢", "definition": "Attack.",
        "lesson": "", "anchor": "", "source_line": ""})
    assert Card.objects.filter(term__slug="offence").count() == 4


@pytest.mark.django_db
def test_loading_the_course_makes_its_cards(tmp_path):
    """`load_course` makes every card the timeline and glossary give, so nothing is left for the review page."""
    from lessons.models import Course
    from tests.content_tree import write_content
    call_command("load_course", str(write_content(tmp_path)), stdout=io.StringIO())
    course = Course.objects.get()
    assert Card.objects.filter(course=course).exists()
    assert cards_sync(course=course) == 0
