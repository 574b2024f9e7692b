from django import forms
from django.utils.translation import gettext_lazy as _

from review.models import ReviewSettings, time_zone_choices


class ReviewSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices,
                                  help_text=_("Your day starts at midnight here."))

    class Meta:
        model = ReviewSettings
        fields = ["time_zone", "new_per_day", "reviews_per_day"]
