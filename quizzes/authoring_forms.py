"""Forms of the instructor area: quiz settings, question editing (one form
for the common fields plus a formset for the type's answer-key parts), the
bank's filters, import, and a co-author to add."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from markdownx.widgets import MarkdownxWidget

from lessons.models import Chapter, Course, Lesson
from quizzes import limits
from quizzes.drafts import MAX_PARTS, draft_problems, empty_draft
from quizzes.selectors import question_types_manual
from quizzes.models import Question, Quiz, Release, Topic, Tag
from quizzes.types import get_type, type_choices

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class QuizForm(forms.ModelForm):
    draw_tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(), required=False, label=_("Draw only questions with these tags"),
        widget=forms.SelectMultiple(attrs={"size": 6}))

    class Meta:
        model = Quiz
        fields = ["title", "slug", "description", "topic", "chapter", "draw_count", "draw_tags", "shuffle_questions",
                  "time_limit_minutes", "attempts_allowed", "grading_method", "pass_mark",
                  "feedback_timing", "release", "opens_at", "closes_at"]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["slug"].required = False
        self.fields["release"].required = False  # forms posted before essays existed: at once, as before
        self.fields["slug"].help_text = _("Part of the quiz's address. Left blank, it is made from the title.")
        self.fields["chapter"].queryset = Chapter.objects.filter(course=course)
        self.fields["chapter"].empty_label = _("Whole course")
        self.fields["description"].max_length = limits.QUIZ_DESCRIPTION
        self.fields["description"].validators.append(MaxLengthValidator(limits.QUIZ_DESCRIPTION))
        self.fields["description"].widget.attrs["maxlength"] = str(limits.QUIZ_DESCRIPTION)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title") or "")[:90]
        clash = Quiz.objects.filter(course=self.course, slug=slug).exclude(pk=self.instance.pk)
        if not slug or clash.exists():
            raise ValidationError(_("Another quiz of this course already uses this address; choose another."))
        return slug

    def clean_release(self):
        return self.cleaned_data.get("release") or Release.IMMEDIATE

    def clean_pass_mark(self):
        value = self.cleaned_data["pass_mark"]
        if value > 100:
            raise ValidationError(_("The pass mark is a percentage, at most 100."))
        return value

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The quiz must close after it opens."))
        if data.get("time_limit_minutes") and self.instance.pk and self.instance.quiz_questions.filter(
                question__type__in=question_types_manual()).exists():
            self.add_error("time_limit_minutes", _("A quiz with essays has no time limit: remove the essays first."))
        return data

    def save(self, commit=True):
        self.instance.course = self.course
        return super().save(commit)


class EditorWidget(MarkdownxWidget):
    """Markdownx's editor with its live preview labelled as one (a widget template, so in the
    app's folder: the form renderer reads app folders, not templates/)."""

    template_name = "quizzes/widgets/markdown_editor.html"

    def __init__(self, *args, preview_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.preview_label = preview_label

    def get_context(self, name, value, attrs=None):
        context = super().get_context(name, value, attrs)
        context["widget"]["preview_label"] = self.preview_label
        return context


MARKDOWN_HELP = _("Markdown works here: **bold**, *italic*, lists and [links](https://example.org). To add an image, "
                  "drag its file into the box: it is uploaded and linked. The preview beside the box shows what "
                  "students will see.")


class QuestionForm(forms.Form):
    """The fields every question has."""

    stem = forms.CharField(label=_("Question"), max_length=limits.STEM, widget=EditorWidget(attrs={"rows": 5}, preview_label=_(
                               "Preview of the question (as students will see it)")),
                           help_text=MARKDOWN_HELP)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices[:3])
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100, initial=1)
    explanation = forms.CharField(label=_("General explanation (shown in the review)"), required=False,
                                  max_length=limits.EXPLANATION,
                                  widget=EditorWidget(attrs={"rows": 4}, preview_label=_(
                                      "Preview of the explanation (as students will see it)")),
                                  help_text=MARKDOWN_HELP)
    lesson = forms.ChoiceField(label=_("Lesson that teaches it"), required=False)
    # A select of the chosen lesson's headings; the check that the heading
    # exists is the draft's (`draft_problems`), so a CharField.
    anchor = forms.CharField(label=_("Heading in that lesson"), required=False, max_length=100,
                             widget=forms.Select(), help_text=_(
                                 "The review links to this heading. The list shows the chosen lesson's headings; "
                                 "after choosing another lesson, save (or add a row) to see its headings."))
    tags = forms.CharField(label=_("Tags"), required=False, max_length=limits.TAGS, help_text=_("Separated by commas."))
    slug = forms.SlugField(label=_("Identifier"), required=False, max_length=100,
                           help_text=_("Left blank, one is made from the question."))
    title = forms.CharField(label=_("Title"), required=False, max_length=Question._meta.get_field("title").max_length,
                            help_text=_("A name for the question bank (GIFT's ::name::); optional."))

    def __init__(self, *args, course: Course, qtype: str,
                 headings: dict[str, list[tuple[str, str]]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.qtype = qtype
        lessons = Lesson.objects.filter(chapter__course=course).select_related("chapter").order_by(
            "chapter__number", "position")
        self.fields["lesson"].choices = [("", _("— none —"))] + [
            (lesson.slug, f"{lesson.chapter.number}.{lesson.position} {lesson.title}") for lesson in lessons]
        lesson = self["lesson"].value() or ""
        anchor = self["anchor"].value() or ""
        choices = [("", _("— the top of the lesson —"))] + list((headings or {}).get(lesson, []))
        if anchor and anchor not in {value for value, _label in choices}:
            choices.append((anchor, _("%(id)s (not a heading of this lesson)") % {"id": anchor}))
        self.fields["anchor"].widget.choices = choices
        self.fields["anchor"].widget.attrs.pop("maxlength", None)  # CharField's, meaningless on a select
        self.fields.update(get_type(qtype).form_fields())


def parts_formset(qtype: str, data=None, initial=None, rows: int | None = None):
    """The formset of the type's repeated parts (options, events, pairs …), or
    None. `rows`: exactly that many rows (the editor's "add/remove a row" without JavaScript)."""
    parts = get_type(qtype).parts_form()
    if parts is None:
        return None
    form_class, legend = parts
    extra = max(0, min(MAX_PARTS, max(4, len(initial or []) + 2)) - len(initial or []))
    if rows is not None:
        extra = max(0, min(MAX_PARTS, rows) - len(initial or []))
    formset_class = forms.formset_factory(form_class, extra=extra, max_num=MAX_PARTS, validate_max=True,
                                          absolute_max=MAX_PARTS)
    formset = formset_class(data, initial=initial, prefix="part")
    formset.legend = legend
    return formset


def typed_so_far(form: forms.Form) -> dict:
    """What a bound form's fields hold, without validating it (no errors shown)."""
    return {name: form[name].value() for name in form.fields}


def initial_parts(draft: dict) -> list[dict]:
    return get_type(draft["type"]).initial(draft)[1]


def initial_fields(draft: dict) -> dict:
    return {"stem": draft["stem"], "topic": draft["topic"], "points": draft["points"],
            "explanation": draft["explanation"], "lesson": draft["lesson"], "anchor": draft["anchor"],
            "tags": ", ".join(draft["tags"]), "slug": draft["slug"], "title": draft["title"], **get_type(draft["type"]).initial(draft)[0]}


def build_draft(form: QuestionForm, formset, qtype: str) -> dict:
    """The draft a valid form + formset describe."""
    data = form.cleaned_data
    draft = empty_draft(qtype, data["topic"])
    draft.update(stem=data["stem"], points=data["points"], explanation=data.get("explanation") or "",
                 lesson=data.get("lesson") or "", anchor=data.get("anchor") or "", slug=data.get("slug") or "",
                 title=(data.get("title") or "").strip(),
                 tags=[t.strip() for t in (data.get("tags") or "").split(",") if t.strip()])
    rows = [row for row in (formset.cleaned_data if formset is not None else []) if any(row.values())]
    draft.update(get_type(qtype).draft_from_form(data, rows))
    return draft


def question_problems(draft: dict, course: Course, question: Question | None) -> list[str]:
    return limits.draft_length_problems(draft) + draft_problems(draft, course, existing=question)


class BankFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("All topics"))] + Topic.choices[:3])
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types"))])
    chapter = forms.TypedChoiceField(label=_("Chapter"), required=False, coerce=int, empty_value=None)
    lesson = forms.ChoiceField(label=_("Lesson"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False)

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *type_choices()]
        self.fields["chapter"].choices = [("", _("All chapters"))] + [
            (c.number, f"{c.number}. {c.title}") for c in Chapter.objects.filter(course=course)]
        self.fields["lesson"].choices = [("", _("All lessons"))] + [
            (lesson.slug, f"{lesson.chapter.number}.{lesson.position} {lesson.title}")
            for lesson in Lesson.objects.filter(chapter__course=course).select_related("chapter").order_by(
                "chapter__number", "position")]

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            queryset = (queryset.filter(stem__icontains=data["q"]) | queryset.filter(slug__icontains=data["q"])
                        | queryset.filter(title__icontains=data["q"]))
        if data.get("topic"):
            queryset = queryset.filter(topic=data["topic"])
        if data.get("type"):
            queryset = queryset.filter(type=data["type"])
        if data.get("chapter"):
            queryset = queryset.filter(lesson__chapter__number=data["chapter"])
        if data.get("lesson"):
            queryset = queryset.filter(lesson__slug=data["lesson"])
        if data.get("tag"):
            queryset = queryset.filter(tags__slug=slugify(data["tag"]))
        return queryset.distinct()


class ImportForm(forms.Form):
    FORMATS = [("gift", _("Moodle GIFT")), ("json", _("Casebook JSON"))]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="gift")
    file = forms.FileField(label=_("File"), required=False)
    text = forms.CharField(label=_("…or paste the text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}))

    MAX_BYTES = 1_000_000

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise ValidationError(_("The file is too large (at most 1 MB)."))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(_("The file is not UTF-8 text.")) from None
            if upload.name.endswith(".json"):
                data["format"] = "json"
        if not (data.get("text") or "").strip():
            raise ValidationError(_("Choose a file or paste the questions."))
        return data



class AuthorAddForm(forms.Form):
    username = forms.CharField(label=_("Username of the co-author"), max_length=150)
