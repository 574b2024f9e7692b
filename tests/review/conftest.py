import datetime

import pytest

from lessons.models import KeyTerm, TimelineEvent


@pytest.fixture
def facts(course_data):
    """Three events (one of each precision) in the first lesson, one in the second;
    two terms in the first lesson, one with its Chinese form."""
    course, first, second = course_data["course"], course_data["lesson"], course_data["second"]
    events = {
        "day": TimelineEvent.objects.create(course=course, slug="war", date=datetime.date(2008, 8, 8),
                                            precision="day", title="War begins", lesson=first, anchor="summary"),
        "month": TimelineEvent.objects.create(course=course, slug="rose", date=datetime.date(2003, 11, 1),
                                              precision="month", title="Rose Revolution", lesson=first),
        "year": TimelineEvent.objects.create(course=course, slug="ussr", date=datetime.date(1991, 1, 1),
                                             precision="year", title="The USSR dissolves", lesson=first),
        "later": TimelineEvent.objects.create(course=course, slug="ceasefire", date=datetime.date(2008, 8, 12),
                                              precision="day", title="Ceasefire", lesson=second),
    }
    terms = {
        "dilemma": KeyTerm.objects.create(course=course, slug="security-dilemma", term="Security dilemma",
                                          chinese="安全困境", lesson=first, anchor="security-dilemma",
                                          definition="One state's defence looks like a threat to another."),
        "balance": KeyTerm.objects.create(course=course, slug="balance-of-threat", term="Balance of threat",
                                          chinese="", lesson=first,
                                          definition="States balance against threats, not power alone."),
    }
    return {**course_data, "events": events, "terms": terms}
