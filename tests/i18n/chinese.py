"""The factories' course written in Chinese, so that any English left on a page is the interface's."""

from django.contrib.auth.models import User

from lessons.models import Chapter, Cohort, Course, Lesson, TimelineEvent
from quizzes.models import AcceptedAnswer, MatchPair, Option, OrderingItem, Question, Quiz
from quizzes.types.essay import EssayKey, Rubric, RubricCriterion, RubricLevel

LESSON_BODY = """引言段落，談國家之間的不安全感。

## 安全困境 {#security-dilemma}

一國的防衛讓另一國擔憂。

## 小結 {#summary}

簡短的小結。
"""


def content_in_chinese(course):
    """The factories' course, rewritten in Chinese: whatever English is left on a page is the interface's."""
    Course.objects.filter(pk=course.pk).update(title="個案", summary="一個個案的摘要。")
    for n, chapter in enumerate(Chapter.objects.filter(course=course), start=1):
        Chapter.objects.filter(pk=chapter.pk).update(title=f"第{n}章標題")
    for n, lesson in enumerate(Lesson.objects.filter(chapter__course=course), start=1):
        Lesson.objects.filter(pk=lesson.pk).update(title=f"第{n}課", body=LESSON_BODY, objectives="認識概念\n說明概念")
    for model, fields in ((Option, ["text", "feedback"]), (OrderingItem, ["text"]),
                          (MatchPair, ["item", "category"]), (AcceptedAnswer, ["text"])):
        for n, row in enumerate(model.objects.all(), start=1):
            values = {field: f"{'甲乙丙丁戊己庚辛'[n % 8]}{n}" for field in fields}
            if model is MatchPair:
                values["category"] = "遠因" if n % 2 else "近因"
            model.objects.filter(pk=row.pk).update(**values)
    for n, question in enumerate(Question.objects.filter(course=course), start=1):
        Question.objects.filter(pk=question.pk).update(stem=f"第{n}道題目的題幹", explanation=f"因為第{n}個理由。",
                                                       title="")
    TimelineEvent.objects.filter(course=course).update(title="戰爭爆發", description="")
    Quiz.objects.filter(course=course).update(title="測驗一", description="")
    Rubric.objects.filter(course=course).update(title="論證評分量表")
    RubricCriterion.objects.filter(rubric__course=course).update(title="論點", description="論點是否清楚。")
    RubricLevel.objects.filter(criterion__rubric__course=course).update(description="這個等級的說明")
    EssayKey.objects.filter(question__course=course).update(model_answer="參考答案。", grader_info="評分提示。")
    Cohort.objects.filter(course=course).update(name="甲班")
    User.objects.update(first_name="小明")
