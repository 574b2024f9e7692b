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

# The Chinese edition of the same course (content/README.md, "The Chinese edition"),
# written only when a test asks for it. The causes file has no variant, so its
# entries fall back to English.
CHINESE = {
    "course.zh-hant.toml": '''title = "迷你課程"
summary = "一門很小的課程。"

[[chapter]]
number = 1
slug = "intro"
title = "導論"
summary = "開始。"
''',
    "lessons/1-intro/01-hello.zh-hant.md": '''+++
slug = "hello"
title = "你好"
objectives = ["說你好。"]
+++
歡迎來到[[security-dilemma|困境]]。

## 第一部分 {#first}

中文的內容。

## 摘要 {#summary}

完成。
''',
    "glossary/terms.zh-hant.toml": '''[[term]]
slug = "security-dilemma"
definition = "令他國不安的防衛。"
''',
    "timeline/events.zh-hant.toml": '''[[event]]
slug = "one"
title = "事件一"
description = "第一。"

[[event]]
slug = "two"
title = "事件二"
description = "第二。"

[[event]]
slug = "three"
title = "事件三"
description = "第三。"
''',
    "questions/bank.zh-hant.toml": '''[[question]]
slug = "q-order"
stem = "請排序。"
explanation = "依日期。"

[[question]]
slug = "q-date"
stem = "何時？"
explanation = "那時。"

[[question]]
slug = "q-first"
stem = "哪一件先發生？"
explanation = "事件一。"

[[question.option]]

[[question.option]]

[[question]]
slug = "q-match"
stem = "配對。"
explanation = "種類。"

[[question.pair]]

[[question.pair]]

[[question]]
slug = "q-tf"
stem = "對嗎？"
explanation = "對。"
''',
    "quizzes.zh-hant.toml": '''[[quiz]]
slug = "mini-quiz"
title = "迷你測驗"
''',
}


def write_content(root: Path, overrides: dict[str, str] | None = None, *, chinese: bool = False) -> Path:
    """The test course under root; with `chinese`, its Chinese edition too (overrides win over both)."""
    for name, text in {**FILES, **(CHINESE if chinese else {}), **(overrides or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
