"""Contributor accounts: optional. Sign up, sign in and out, reset a password, see one's
accounts, take one's data, leave."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import DeleteAccountForm, LoginForm, SignUpForm
from accounts.models import User
from archive.contribute import claims
from archive.models import Story


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # Per client and per address (a keyed hash of each, never the address itself):
        # nobody can flood one inbox, nor try many addresses from one place.
        allowed = claims.throttle_hit(request, "signup", claims.submission_rate())
        allowed = (
            claims.throttle_hit_for("signup-address", email, signup_address_rate()) and allowed
        )
        if not allowed:
            return render(request, "contribute/throttled.html", status=429)
        services.signup_request(
            email=email,
            password=form.cleaned_data["password1"],
            base_url=f"{request.scheme}://{request.get_host()}",
        )
        # The same page whether or not the address had an account.
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


def signup_address_rate() -> str:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["signup_address"]


@never_cache
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@never_cache
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link mailed at sign-up: the account works from now on, and is signed in."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        pk = None
    user = User.objects.filter(pk=pk).first() if pk else None
    if user is None or not services.signup_confirm(user=user, token=token):
        return render(request, "accounts/signup_invalid.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your account is ready. You are signed in."))
    return redirect("accounts:dashboard")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@never_cache
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    stories = (
        Story.objects.for_contributor(request.user)
        .filter(erased_at__isnull=True)
        # The body names an untitled account by its first words (imported posts have no
        # title, and "Untitled account" a dozen times tells them apart for no one).
        .only("public_id", "status", "title", "public_title", "body", "created_at")
        .order_by("-created_at")
    )
    return render(request, "accounts/dashboard.html", {"stories": stories})


@never_cache
@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    payload = services.account_data(user=request.user)
    response = HttpResponse(
        json.dumps(payload, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="chorus-my-data-{stamp}.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["stories"] == DeleteAccountForm.KEEP
        services.account_delete(user=request.user, keep_stories=keep)
        logout(request)
        return render(request, "accounts/deleted.html", {"kept": keep})
    count = Story.objects.for_contributor(request.user).filter(erased_at__isnull=True).count()
    return render(request, "accounts/delete.html", {"form": form, "story_count": count})
