"""A student who wants the daily review's answers without the work: the
order of a card's choices cannot be rebuilt from what the page shows."""

import datetime
import io

import pytest
from django.core.management import call_command

from lessons.models import Course, Lesson
from lessons.services import enrolment_create, lesson_open
from review import services
from review.cards import card_question
from review.models import Card, CardKind, CardState, StudentCard
from review.selectors import choice_pools
from tests.factories import make_user

CARDS = 8


@pytest.mark.django_db
def test_the_order_of_choices_cannot_be_rebuilt_from_the_page(client):
    """The page carries the card's id and the repetition, and a student knows their own id. Replaying the card
    with a seed made of those (as the order was first derived) finds the page's order for none of 8 cards.
    With the real course's 121 events a chance match is below one in six million per card."""
    call_command("load_course", "content", stdout=io.StringIO())
    course = Course.objects.get()
    student = make_user("reviewer")
    enrolment_create(user=student, course=course)
    for lesson in Lesson.objects.filter(chapter__course=course):
        lesson_open(user=student, lesson=lesson)
    services.cards_sync(course=course)
    client.force_login(student)
    events, terms = choice_pools(course)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    targets = list(Card.objects.filter(course=course, kind=CardKind.DATE_TO_EVENT).order_by("pk")[:CARDS])
    rebuilt = 0
    for target in targets:
        StudentCard.objects.filter(user=student).delete()  # every other card out of the way: the page shows this one
        StudentCard.objects.bulk_create([
            StudentCard(user=student, card=card, state=CardState.REVIEW, stability=30, difficulty=5, due=later, reps=1)
            for card in Card.objects.filter(course=course).exclude(pk=target.pk)])
        page = client.get(f"/review/{course.slug}/")
        card, reps, question = page.context["card"], page.context["reps"], page.context["question"]
        assert card == target and question.mode == "choice" and len(question.choices) == 4
        guess = card_question(card, seed=f"{card.pk}:{student.pk}:{reps}", events=events, terms=terms)
        rebuilt += guess.choices == question.choices
    assert len(targets) == CARDS and rebuilt == 0
