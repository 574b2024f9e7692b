"""A minimal, valid content/ tree written into a temporary folder, for loader tests."""

from pathlib import Path

FILES = {
    "course.toml": '''slug = "mini"
title = "Mini course"
summary = "A tiny course."

[[chapter]]
number = 1
slug = "intro"
title = "Intro"
summary = "The start."
''',
    "lessons/1-intro/01-hello.md": '''+++
slug = "hello"
title = "Hello"
position = 1
minutes = 5
objectives = ["Say hello."]
+++
Welcome to the [[security-dilemma|dilemma]].

## First part {#first}

Original text.

## Summary {#summary}

Done.
''',
    "glossary/terms.toml": '''[[term]]
slug = "security-dilemma"
term = "Security dilemma"
chinese = "安全困境"
definition = "Defence that alarms others."
lesson = "hello"
anchor = "first"
source_line = 720
''',
    "timeline/events.toml": '''[[event]]
slug = "one"
date = "1991"
title = "Event one"
description = "First."
lesson = "hello"

[[event]]
slug = "two"
date = "1992-06"
title = "Event two"
description = "Second."
lesson = "hello"

[[event]]
slug = "three"
date = "2008-08-08"
title = "Event three"
description = "Third."
lesson = "hello"
''',
    "causes/causes.toml": '''[[cause]]
slug = "borders"
kind = "distant"
title = "Soviet borders"
text = "Old borders."
lesson = "hello"

[[cause]]
slug = "regime"
kind = "proximate"
title = "Regime change"
text = "New government."
lesson = "hello"
''',
    "questions/bank.toml": '''[[question]]
slug = "q-order"
type = "ordering"
topic = "dates"
lesson = "hello"
anchor = "first"
stem = "Order them."
explanation = "By date."
events = ["three", "one", "two"]

[[question]]
slug = "q-date"
type = "date"
topic = "dates"
lesson = "hello"
anchor = "first"
stem = "When?"
explanation = "Then."
event = "two"

[[question]]
slug = "q-first"
type = "single"
topic = "dates"
lesson = "hello"
anchor = "first"
stem = "Which came first?"
explanation = "One."
which = "earliest"

[[question.option]]
event = "three"

[[question.option]]
event = "one"

[[question]]
slug = "q-match"
type = "matching"
topic = "causes"
lesson = "hello"
anchor = "first"
stem = "Match."
explanation = "Kinds."

[[question.pair]]
cause = "borders"

[[question.pair]]
cause = "regime"

[[question]]
slug = "q-tf"
type = "truefalse"
topic = "theory"
lesson = "hello"
anchor = "summary"
stem = "True?"
explanation = "Yes."
answer = true
''',
    "quizzes.toml": '''[[quiz]]
slug = "mini-quiz"
title = "Mini quiz"
topic = "mixed"
questions = ["q-order", "q-date", "q-first", "q-match", "q-tf"]
''',
}


def write_content(root: Path, overrides: dict[str, str] | None = None) -> Path:
    for name, text in {**FILES, **(overrides or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
