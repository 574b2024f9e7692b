"""Forms a student fills in: sign-up and joining a class."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class SignUpForm(UserCreationForm):
    first_name = forms.CharField(label=_("Name shown to your instructor"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail (for password resets)"), required=False)
    join_code = forms.CharField(label=_("Class join code (optional)"), max_length=20, required=False,
                                help_text=_("If your instructor gave you a code, enter it to join their class."))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "email")


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Join code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
