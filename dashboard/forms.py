"""The instructor's small forms: a new class, a co-instructor, a grant."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lessons.models import Course


class CohortCreateForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.order_by("title"))
    name = forms.CharField(label=_("Class name"), max_length=200)


class InstructorAddForm(forms.Form):
    username = forms.CharField(label=_("Username of the co-instructor"), max_length=150)


class AccommodationForm(forms.Form):
    quiz = forms.IntegerField(widget=forms.HiddenInput)
    extra_minutes = forms.IntegerField(label=_("Extra minutes"), min_value=0, max_value=600, required=False,
                                       initial=0)
    extra_attempts = forms.IntegerField(label=_("Extra attempts"), min_value=0, max_value=10, required=False,
                                        initial=0)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        data["extra_minutes"] = data.get("extra_minutes") or 0
        data["extra_attempts"] = data.get("extra_attempts") or 0
        return data
