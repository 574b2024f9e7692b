"""A student's review sessions run through the real queue: the counts due, and a session that rates every card."""

import datetime

from review import selectors, services
from review.models import Card, Rating


def counts(user, course, now):
    return selectors.due_counts(user, now=now).get(course.pk, selectors.DueCounts())


def session(user, course, now, rating=Rating.GOOD) -> list[Card]:
    """Review every card the queue offers, a minute apart; the cards seen, in order."""
    seen = []
    while True:
        card, state = selectors.next_card(user, course, counts(user, course, now), now=now)
        if card is None:
            return seen
        services.card_review(user=user, card=card, rating=rating, reps_seen=state.reps if state else 0, now=now)
        seen.append(card)
        now += datetime.timedelta(minutes=1)
        assert len(seen) < 500
