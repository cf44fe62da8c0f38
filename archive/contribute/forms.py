"""Forms of the contributor's journey: write, anonymise, consent, return.

Every form re-renders with what the person typed and one plain message per field when
something needs changing; nothing they wrote is thrown away.
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing, validators
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.anonymise.render import term_spans
from archive.models import HiddenTerm
from archive.usertext import UserTextField
from archive.vocabulary import (
    YEAR_MIN,
    ContentNote,
    Decision,
    DisplayName,
    RedactionKind,
    Setting,
    country_choices,
    language_choices,
)

_FILL_SALT = "chorus.contribute.started"


def max_story_chars() -> int:
    return settings.CHORUS["MAX_STORY_CHARS"]


class HoneypotMixin(forms.Form):
    """Spam protection that asks no third party: a field people never see, and a minimum
    time between showing the form and sending it (signed, so it cannot be forged)."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=_FILL_SALT)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Something went wrong. Please send the form again."), code="honeypot"
            )
        try:
            started = float(signing.loads(cleaned.get("started", ""), salt=_FILL_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            started = None
        minimum = settings.CHORUS["MIN_FILL_SECONDS"]
        if started is None or time.time() - started < minimum:
            # Fresh timestamp, so sending again (after a moment) works.
            self.data = self.data.copy()
            self.data["started"] = signing.dumps(time.time(), salt=_FILL_SALT)
            raise forms.ValidationError(
                _(
                    "That was faster than we expected, so we did not save it yet. "
                    "Please check your account and send it again."
                ),
                code="too_fast",
            )
        return cleaned


class StoryFieldsForm(forms.Form):
    """What the contributor writes: the account and optional coarse details."""

    title = UserTextField(
        label=_("Title (optional)"),
        required=False,
        max_length=200,
        help_text=_("A few words readers see first. You can leave it empty."),
    )
    body = UserTextField(
        label=_("Your account"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Write as much or as little as you want. Names and other details can be "
            "hidden in the next step."
        ),
        error_messages={"required": _("Please write your account before you continue.")},
    )
    year = forms.IntegerField(
        label=_("Year it happened (optional)"),
        required=False,
        min_value=YEAR_MIN,
        error_messages={
            "invalid": _("Please give a year such as 2017, or leave it empty."),
            # Django's own ("Ensure this value is greater than or equal to 1900.") reads
            # like a machine; "17" for 2017 is the likely slip.
            "min_value": _("Please give the year in full, such as 2017, or leave it empty."),
        },
    )
    country = forms.ChoiceField(label=_("Country (optional)"), required=False)
    setting = forms.ChoiceField(
        label=_("Where it happened (optional)"),
        required=False,
        choices=[("", _("I would rather not say")), *Setting.choices],
    )
    content_notes = forms.MultipleChoiceField(
        label=_("Content notes"),
        required=False,
        choices=ContentNote.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers see these before your account, so they can choose whether to read."),
    )
    language = forms.ChoiceField(
        label=_("Language (optional)"),
        required=False,
        help_text=_("Leave it and we will recognise the language ourselves."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = max_story_chars()
        self.fields["body"].widget.attrs["maxlength"] = str(limit)
        self.fields["body"].validators.append(
            validators.MaxLengthValidator(
                limit,
                message=_(
                    "Your account is longer than we can keep (%(limit_value)d characters; "
                    "it has %(show_value)d). Please shorten it, or split it in two."
                ),
            )
        )
        self.fields["year"].widget.attrs["max"] = str(timezone.localdate().year)
        self.fields["year"].validators.append(
            validators.MaxValueValidator(
                timezone.localdate().year, message=_("The year cannot be in the future.")
            )
        )
        self.fields["country"].choices = [("", _("I would rather not say")), *country_choices()]
        self.fields["language"].choices = [("", _("Recognise it for me")), *language_choices()]

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Please write your account before you continue."))
        return body

    def story_values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "language": data["language"],
            "year": data["year"],
            "country": data["country"],
            "setting": data["setting"],
            "content_notes": data["content_notes"],
        }


class WriteForm(HoneypotMixin, StoryFieldsForm):
    field_order = ["title", "body", "year", "country", "setting", "content_notes", "language"]


class EditForm(StoryFieldsForm):
    """The same fields for an account already sent; it goes back to review."""


# Details a role can stand in for ("my manager", "a work event"); a phone number or an
# e-mail address is simply hidden, so the form does not suggest a role for it.
ROLE_KINDS = frozenset(
    {RedactionKind.NAME, RedactionKind.ORGANISATION, RedactionKind.PLACE, RedactionKind.CUSTOM}
)


class AnonymiseForm(forms.Form):
    """How the contributor appears, and which details of the text are hidden.

    One pair of fields per detected detail: hide or keep it, and (when hidden) what
    readers see instead, such as "my manager".
    """

    display_name = forms.ChoiceField(
        label=_("How should your account be signed?"),
        choices=DisplayName.choices,
        widget=forms.RadioSelect,
        initial=DisplayName.ANONYMOUS,
    )
    pseudonym = UserTextField(
        label=_("Name to show (if you chose a name or your first name)"),
        required=False,
        max_length=60,
    )
    redact_terms = UserTextField(
        label=_("Other words to hide"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: names, places, a workplace, anything that could point to you "
            "or to someone else. Every place they appear will be hidden. To show a role "
            "instead, write it after an equals sign, for example: Paul = my manager"
        ),
    )

    def __init__(self, *args, story, redactions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.story = story
        self.redaction_rows = []
        texts = {"title": story.title, "body": story.body}
        for redaction in redactions:
            if redaction.source != "automatic":
                continue
            decision = f"redaction_{redaction.pk}"
            replacement = f"replacement_{redaction.pk}"
            found = texts[redaction.field][redaction.start : redaction.end]
            self.fields[decision] = forms.ChoiceField(
                label=found,
                choices=[
                    (Decision.ACCEPTED, _("Hide it")),
                    (Decision.REJECTED, _("Keep it")),
                ],
                widget=forms.RadioSelect,
                required=False,
                # Hiding is the safe answer when the contributor has not decided yet.
                initial=Decision.REJECTED
                if redaction.decision == Decision.REJECTED
                else Decision.ACCEPTED,
            )
            self.fields[replacement] = UserTextField(
                label=_("Show instead (optional), e.g. “my manager”")
                if redaction.kind in ROLE_KINDS
                else _("Show instead (optional)"),
                required=False,
                max_length=60,
                initial=redaction.replacement,
            )
            self.redaction_rows.append(
                {
                    "redaction": redaction,
                    "text": found,
                    "decision": self[decision],
                    "replacement": self[replacement],
                }
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("display_name")
            in (
                DisplayName.PSEUDONYM,
                DisplayName.FIRST_NAME,
            )
            and not cleaned.get("pseudonym", "").strip()
        ):
            self.add_error(
                "pseudonym",
                _("Please write the name to show, or choose “Anonymous”."),
            )
        return cleaned

    def terms(self) -> list[HiddenTerm]:
        """The words to hide, from lines such as "Paul Martin = my manager"."""
        return HiddenTerm.parse_all(self.cleaned_data.get("redact_terms", ""))

    def decisions(self) -> dict[int, tuple[str, str]]:
        out = {}
        for row in self.redaction_rows:
            pk = row["redaction"].pk
            out[pk] = (
                self.cleaned_data.get(f"redaction_{pk}") or Decision.ACCEPTED,
                self.cleaned_data.get(f"replacement_{pk}", ""),
            )
        return out


def terms_text(story) -> str:
    """The contributor's terms as they typed them, each with its role if any."""
    return "\n".join(str(term) for term in story.hidden_terms)


def terms_found(story, terms: list[str]) -> list[str]:
    """The contributor's terms that do not occur in the text (to tell them so)."""
    text = f"{story.title}\n{story.body}"
    return [t for t in terms if t.strip() and not term_spans(text, [t])]


CONSENT_SENTENCES = {
    "publish": _(
        "Publish my account on Chorus, without my name and with the details I chose hidden, "
        "after a moderator has read it."
    ),
    "research": _(
        "Researchers approved by Chorus may read my account (the hidden details stay hidden)."
    ),
    "quote": _("Journalists and campaigners may quote short parts of my published account."),
    "statistics": _(
        "My account may be counted in the archive’s statistics, which never show anyone "
        "individually."
    ),
    "contact": _(
        "A moderator may write to me, for example if something needs my decision. "
        "We keep the address encrypted and use it for nothing else."
    ),
}
CONSENT_LABELS = {
    "publish": _("Publish it"),
    "research": _("Research"),
    "quote": _("Quotation"),
    "statistics": _("Statistics"),
    "contact": _("Contact me"),
}


class ConsentForm(forms.Form):
    """One separate, unticked choice per scope; nothing is assumed."""

    publish = forms.BooleanField(required=False, label=CONSENT_SENTENCES["publish"])
    research = forms.BooleanField(required=False, label=CONSENT_SENTENCES["research"])
    quote = forms.BooleanField(required=False, label=CONSENT_SENTENCES["quote"])
    statistics = forms.BooleanField(required=False, label=CONSENT_SENTENCES["statistics"])
    contact = forms.BooleanField(required=False, label=CONSENT_SENTENCES["contact"])
    contact_address = UserTextField(
        label=_("How can we reach you? (an e-mail address, or another way)"),
        required=False,
        max_length=200,
        help_text=_("Only if you ticked “A moderator may write to me”."),
    )
    embargo_until = forms.DateField(
        label=_("Publish no earlier than (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("If you want time before it appears, choose a date."),
        error_messages={"invalid": _("Please give a date like 2027-03-31, or leave it empty.")},
    )

    def clean_embargo_until(self):
        value = self.cleaned_data.get("embargo_until")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Please choose a date after today, or leave it empty."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        address = cleaned.get("contact_address", "").strip()
        if cleaned.get("contact") and not address:
            self.add_error(
                "contact_address",
                _("Please tell us how to reach you, or untick “A moderator may write to me”."),
            )
        if address and not cleaned.get("contact"):
            self.add_error(
                "contact_address",
                _(
                    "We only keep an address if you allow us to write to you. Tick that "
                    "choice, or empty this field."
                ),
            )
        return cleaned

    def scopes(self) -> dict[str, bool]:
        return {scope: bool(self.cleaned_data.get(scope)) for scope in CONSENT_SENTENCES}


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=_("Your claim code"),
        max_length=64,
        help_text=_("The code you were given when you sent your account, e.g. 7K2QX-…"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
