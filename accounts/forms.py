"""Forms for contributor accounts: sign up, and deleting an account."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.lockout import password_delay, waiting_error
from accounts.models import User


class LoginForm(AuthenticationForm):
    """The contributor sign-in: nothing is checked while the account's password step
    waits after repeated failures (accounts/lockout.py)."""

    def clean(self):
        if password_delay(self.data.get("username")):
            raise waiting_error()
        return super().clean()


class SignUpForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)
        labels = {"email": _("E-mail address")}
        help_texts = {
            "email": _(
                "Used only to sign in and to reset your password. It does not have to carry "
                "your name, and it is never shown to anyone."
            )
        }

    def validate_password_for_user(self, user, **kwargs):
        # Django reports a weak password under the confirmation box; it belongs under the
        # password the person chose.
        super().validate_password_for_user(user, password_field_name="password1")  # noqa: S106

    def clean_email(self) -> str:
        # Whether an account has this address is never said here (the answer would
        # tell anyone who has an account): accounts/services.signup_request mails the
        # address either way.
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def validate_unique(self) -> None:
        """The model's unique check would say the address is taken: see clean_email."""


class DeleteAccountForm(forms.Form):
    KEEP = "keep"
    ERASE = "erase"

    stories = forms.ChoiceField(
        label=_("What should happen to the accounts you shared?"),
        choices=[
            (ERASE, _("Withdraw and erase them all now.")),
            (
                KEEP,
                _(
                    "Keep them, anonymously, as they are. They will no longer be linked to any "
                    "account; the claim codes you kept still open them."
                ),
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what happens to your accounts.")},
    )
    password = forms.CharField(
        label=_("Your password, to confirm it is you"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not right."))
        return password
