"""Forms of the moderation workstation. Each one maps onto one service in archive.moderation.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import Story
from archive.vocabulary import YEAR_MAX, YEAR_MIN, ContentNote, RedactionKind, Setting


class TokenForm(forms.Form):
    """Every form on the review page carries the edit token it was rendered with."""

    token = forms.CharField(widget=forms.HiddenInput)


class StoryDetailsForm(TokenForm):
    content_notes = forms.MultipleChoiceField(
        label=_("Content notes"),
        choices=ContentNote.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas."),
    )
    language = forms.CharField(label=_("Language code"), required=False, max_length=8)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    country = forms.CharField(
        label=_("Country (ISO 3166 alpha-2)"), required=False, min_length=2, max_length=2
    )
    setting = forms.ChoiceField(
        label=_("Setting"), choices=[("", "—"), *Setting.choices], required=False
    )
    embargo_until = forms.DateField(
        label=_("Do not show publicly before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    @classmethod
    def for_story(cls, story: Story, token: str) -> StoryDetailsForm:
        return cls(
            initial={
                "token": token,
                "content_notes": story.content_notes,
                "tags": ", ".join(story.tags),
                "language": story.language,
                "year": story.year,
                "country": story.country,
                "setting": story.setting,
                "embargo_until": story.embargo_until,
            }
        )

    def clean_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].upper()
        if country and not country.isalpha():
            raise forms.ValidationError(_("Use two letters, like FR or GB."))
        return country


class AddRedactionForm(TokenForm):
    words = forms.CharField(
        label=_("Words to hide"),
        max_length=200,
        help_text=_("Every place they appear is hidden. The words themselves are not stored."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-redaction-words": ""}),
    )
    kind = forms.ChoiceField(label=_("Shown as"), choices=RedactionKind.choices)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        help_text=_("Only moderators read these notes. The contributor never sees them."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationActionForm(TokenForm):
    note = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(required=False)


class RejectSelectedForm(forms.Form):
    reason = forms.CharField(
        label=_("Why these accounts are not published"),
        max_length=4000,
        help_text=_("The contributors can read this when they come back."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WellbeingForm(forms.Form):
    hidden_content_notes = forms.MultipleChoiceField(
        label=_("Hide accounts with these content notes from my queue"),
        choices=ContentNote.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    break_reminder_after = forms.IntegerField(
        label=_("Suggest a break after this many accounts in one session"),
        min_value=1,
        max_value=500,
    )
