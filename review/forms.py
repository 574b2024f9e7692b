from django import forms
from django.utils.translation import gettext_lazy as _

from review.models import ReviewSettings, time_zone_choices


class ReviewSettingsForm(forms.ModelForm):
    # The zones are the IANA database's English names (Asia/Taipei): marked as English for screen readers.
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices,
                                  widget=forms.Select(attrs={"lang": "en"}),
                                  help_text=_("Your day starts at midnight here."))

    class Meta:
        model = ReviewSettings
        fields = ["time_zone", "new_per_day", "reviews_per_day"]
