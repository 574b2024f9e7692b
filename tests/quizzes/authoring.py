"""Builders for instructor-area tests: the POST a question form sends, and the area's URLs."""

from django.urls import reverse

PARTS = {"part-INITIAL_FORMS": "0", "part-MIN_NUM_FORMS": "0", "part-MAX_NUM_FORMS": "8"}


def question_post(stem, topic="theory", parts=(), **extra):
    """The data the question form posts: the stem and its fields, and each row of `parts` in the formset."""
    data = {"stem": stem, "topic": topic, "points": "1", "explanation": "Why it is so, explained.",
            "lesson": "first", "anchor": "security-dilemma", "tags": "demo, new", "slug": "", **extra}
    data["part-TOTAL_FORMS"] = str(len(parts))
    data.update(PARTS)
    for index, row in enumerate(parts):
        for key, value in row.items():
            if value is not False:
                data[f"part-{index}-{key}"] = "on" if value is True else value
    return data


def url(name, **kwargs):
    return reverse(f"authoring:{name}", kwargs=kwargs)
