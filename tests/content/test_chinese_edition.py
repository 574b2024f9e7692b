"""The Chinese edition's files: both editions load, their structure must agree,
and a translation that touches a key fails with the variant's file and line."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lessons.models import Chapter, Course, KeyTerm, Lesson, TimelineEvent
from quizzes import grading
from quizzes.models import AcceptedAnswer, Question, Quiz
from tests.content_tree import CHINESE, FILES, write_content

ROOT = Path(__file__).resolve().parents[2]


def load(root, *extra):
    call_command("load_course", str(root), *extra, stdout=open("/dev/null", "w"))


@pytest.mark.django_db
def test_both_editions_load_side_by_side(tmp_path):
    """The variants' text lands beside the English of the same rows, keyed by the English slugs."""
    load(write_content(tmp_path, chinese=True))
    assert Course.objects.get().zh_hant == {"title": "迷你課程", "summary": "一門很小的課程。"}
    assert Chapter.objects.get().zh_hant == {"title": "導論", "summary": "開始。"}
    lesson = Lesson.objects.get()
    assert (lesson.title, lesson.zh_hant["title"], lesson.zh_hant["objectives"]) == ("Hello", "你好", "說你好。")
    assert "## 第一部分 {#first}" in lesson.zh_hant["body"]
    assert KeyTerm.objects.get().zh_hant == {"definition": "令他國不安的防衛。"}
    assert TimelineEvent.objects.get(slug="two").zh_hant == {"title": "事件二", "description": "第二。"}
    assert Quiz.objects.get().zh_hant == {"title": "迷你測驗"}
    first = Question.objects.get(slug="q-first")
    # Options named by events take the timeline edition's titles.
    assert first.zh_hant == {"stem": "哪一件先發生？", "explanation": "事件一。",
                             "options": [{"text": "事件三", "feedback": ""}, {"text": "事件一", "feedback": ""}]}
    assert Question.objects.get(slug="q-order").zh_hant["items"] == ["事件一", "事件二", "事件三"]


@pytest.mark.django_db
def test_a_second_load_of_both_editions_changes_nothing(tmp_path, capsys):
    """Loading both editions is idempotent like the English alone."""
    root = write_content(tmp_path, chinese=True)
    load(root)
    call_command("load_course", str(root))
    assert "nothing changed" in capsys.readouterr().out


def test_the_course_and_its_translations_check_clean():
    """The real content/ (with whatever variants are written so far) passes --check."""
    call_command("load_course", str(ROOT / "content"), "--check", stdout=open("/dev/null", "w"))


BANK = "questions/bank.zh-hant.toml"
LESSON = "lessons/1-intro/01-hello.zh-hant.md"
EVENTS = "timeline/events.zh-hant.toml"


@pytest.mark.django_db
@pytest.mark.parametrize("name, old, new, expected", [
    (BANK, '[[question.option]]\n\n[[question.option]]\n', '[[question.option]]\ncorrect = true\n\n[[question.option]]\n',
     f"{BANK}:16: option 1: 'correct' is a key: it belongs in the English file only"),
    (BANK, '[[question.option]]\n\n[[question.option]]\n', '[[question.option]]\n',
     f"{BANK}:16: 1 [[question.option]] here; the English has 2"),
    (BANK, '[[question.option]]\n\n[[question.option]]\n', '[[question.option]]\n\n[[question.option]]\n\n'
                                                          '[[question.option]]\ntext = "多的"\n',
     f"{BANK}:20: 3 [[question.option]] here; the English has 2"),
    (BANK, '[[question.option]]\n\n[[question.option]]\n', '[[question.option]]\ntext = "事件三"\n\n[[question.option]]\n',
     f"{BANK}:16: option 1: 'text' cannot be translated here (the English option has none)"),
    (BANK, 'stem = "對嗎？"', 'answer = false\nstem = "對嗎？"',
     f"{BANK}:31: 'answer' is a key: it belongs in the English file only"),
    (BANK, 'stem = "請排序。"', 'events = ["one", "two", "three"]\nstem = "請排序。"',
     f"{BANK}:3: 'events' is a key"),
    (BANK, 'slug = "q-date"', 'slug = "q-when"',
     f"{BANK}:7: entry 2 has slug 'q-when'; the English file has 'q-date' here"),
    (LESSON, "## 第一部分 {#first}", "## 第一部分 {#part-one}",
     f"{LESSON}:8: heading ## {{#part-one}} where the English has ## {{#first}} (line 10)"),
    (LESSON, "中文的內容。", "中文的內容。\n\n### 多的 {#extra}",
     f"{LESSON}:12: heading ### {{#extra}} where the English has ## {{#summary}}"),
    (LESSON, "[[security-dilemma|困境]]", "困境",
     f"{LESSON}:6: missing term link [[security-dilemma]] (English line 8)"),
    (LESSON, "中文的內容。", "中文的內容。\n\n{{figure:georgia-map}}",
     f"{LESSON}:12: extra embed {{{{figure:georgia-map}}}}: the English has no more"),
    (LESSON, 'objectives = ["說你好。"]', 'objectives = ["說你好。", "多的。"]',
     f"{LESSON}:4: objectives must be 1 strings, as in English"),
    (LESSON, 'title = "你好"', 'title = "你好"\nposition = 2', f"{LESSON}:4: 'position' is a key"),
    (EVENTS, 'title = "事件二"', 'title = "事件二"\ndate = "1993"', f"{EVENTS}:9: 'date' is a key"),
    ("course.zh-hant.toml", "number = 1", "number = 2",
     "course.zh-hant.toml:5: chapter number must be 1, as in English"),
    ("quizzes.zh-hant.toml", 'title = "迷你測驗"', 'title = "迷你測驗"\npass_mark = 10',
     "quizzes.zh-hant.toml:4: 'pass_mark' is a key"),
])
def test_a_translation_that_changes_a_key_or_the_structure_fails_by_file_and_line(
        tmp_path, capsys, name, old, new, expected):
    """A variant with a key field, a part missing or extra, a changed heading id, term link or embed
    is refused with FILE:LINE naming the variant, and nothing of either edition is written."""
    assert old in CHINESE[name]
    root = write_content(tmp_path, {name: CHINESE[name].replace(old, new)}, chinese=True)
    with pytest.raises(CommandError, match="nothing was loaded"):
        load(root, "--check")
    err = capsys.readouterr().err
    assert f"{tmp_path}/{expected}" in err, err
    assert Lesson.objects.count() == 0


@pytest.mark.django_db
def test_a_translation_without_its_english_file_is_an_error(tmp_path, capsys):
    """A `.zh-hant` file whose English file does not exist translates nothing, and says so."""
    root = write_content(tmp_path, {"glossary/more.zh-hant.toml": '[[term]]\nslug = "x"\ndefinition = "某"\n'},
                         chinese=True)
    with pytest.raises(CommandError):
        load(root, "--check")
    assert f"{tmp_path}/glossary/more.zh-hant.toml:1: no English file more.toml" in capsys.readouterr().err


SHORT = '''
[[question]]
slug = "q-capital"
type = "short"
topic = "theory"
lesson = "hello"
anchor = "first"
stem = "Which town?"
explanation = "Tskhinvali."
accepted = ["Tskhinvali"]
'''
SHORT_ZH = '''
[[question]]
slug = "q-capital"
stem = "哪一座城鎮？"
explanation = "茨欣瓦利。"
accepted = ["茨欣瓦利"]
'''


@pytest.mark.django_db
def test_the_chinese_accepted_forms_join_the_key_of_both_editions(tmp_path):
    """A short answer's Chinese forms are added to its English ones: either is right whatever the edition."""
    root = write_content(tmp_path, {"questions/bank.toml": FILES["questions/bank.toml"] + SHORT,
                                    BANK: CHINESE[BANK] + SHORT_ZH}, chinese=True)
    load(root)
    question = Question.objects.get(slug="q-capital")
    accepted = list(AcceptedAnswer.objects.filter(question=question).values_list("text", flat=True))
    assert accepted == ["Tskhinvali", "茨欣瓦利"]
    assert grading.grade_short("茨欣瓦利", accepted) == grading.grade_short("ｔｓｋｈｉｎｖａｌｉ", accepted) == 1.0
    load(root)
    assert AcceptedAnswer.objects.filter(question=question).count() == 2


TABLE = '''[[table]]
slug = "forces"
number = "4-1"
caption = "Forces compared"
source = "A yearbook"
lesson = "hello"
columns = ["Category", "Russia", "Georgia"]
rows = [
  ["Tanks", 6717, 82],
]
'''
TABLE_ZH = '''[[table]]
slug = "forces"
caption = "兵力比較"
columns = ["類別", "俄羅斯", "喬治亞"]
rows = [
  ["戰車", 6717, 82],
]
'''


@pytest.mark.django_db
def test_a_table_translates_its_text_cells_and_keeps_its_numbers(tmp_path, capsys):
    """A table's variant loads its caption, columns and text cells; a changed number or column count is refused."""
    load(write_content(tmp_path / "good", {"tables.toml": TABLE, "tables.zh-hant.toml": TABLE_ZH}, chinese=True))
    from lessons.models import DataTable
    assert DataTable.objects.get().zh_hant == {"caption": "兵力比較", "columns": ["類別", "俄羅斯", "喬治亞"],
                                               "rows": [["戰車", 6717, 82]]}
    bad = TABLE_ZH.replace("6717, 82", "6700, 82").replace('"喬治亞"]', '"喬治亞", "多的"]')
    root = write_content(tmp_path / "bad", {"tables.toml": TABLE, "tables.zh-hant.toml": bad}, chinese=True)
    with pytest.raises(CommandError):
        load(root, "--check")
    err = capsys.readouterr().err
    assert f"{root}/tables.zh-hant.toml:4: columns must have 3 entries, as in English" in err
    assert f"{root}/tables.zh-hant.toml:5: row 1, cell 2: a number stays as in English (6717)" in err
