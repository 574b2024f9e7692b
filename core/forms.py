"""The sign-up form: the account's own fields, and those the apps' sign-up parts add (core.signup)."""

import copy

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.signup import signup_parts


class SignUpForm(UserCreationForm):
    first_name = forms.CharField(label=_("Name shown to your instructor"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail (for password resets)"), required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part in signup_parts():
            for name, field in part.fields.items():
                self.fields[name] = copy.deepcopy(field)
