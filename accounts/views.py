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
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import DeleteAccountForm, LoginForm, SignUpForm
from accounts.models import User
from archive.contribute import claims
from archive.models import Story

# Longer than any page of Chorus needs; a longer `next` is dropped rather than mailed.
NEXT_MAX_LENGTH = 1000


def safe_next(request: HttpRequest, url: str | None) -> str:
    """`url` if it is a page of this site to go on to after signing in or up, else "".

    Only a path on this host (or a full URL naming it, with https when this request is
    https) passes; another host, a scheme-relative "//host" and "javascript:" do not. It
    is checked again wherever it is read (form, mailed link): nothing trusts an earlier
    check.
    """
    if not url or len(url) > NEXT_MAX_LENGTH:
        return ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    # Where the person was going when sent to sign in (e.g. the import page): carried
    # through the form, the mailed link and back, so signing up ends there too.
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:dashboard")
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
            next_url=next_url,
        )
        # The same page whether or not the address had an account.
        return redirect(_with_next(reverse("accounts:signup_sent"), next_url))
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def signup_address_rate() -> str:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["signup_address"]


@never_cache
def signup_sent(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.GET.get("next"))
    return render(request, "accounts/signup_sent.html", {"next": next_url})


@never_cache
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link mailed at sign-up: the account works from now on, and is signed in."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        pk = None
    next_url = safe_next(request, request.GET.get("next"))
    user = User.objects.filter(pk=pk).first() if pk else None
    if user is None or not services.signup_confirm(user=user, token=token):
        return render(request, "accounts/signup_invalid.html", {"next": next_url}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your account is ready. You are signed in."))
    return redirect(next_url or "accounts:dashboard")


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
