"""Services for contributor accounts: what a person may take with them, and leaving."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from accounts.models import User
from archive.importers.service import import_batches_forget
from archive.models import ModerationEvent, Story
from archive.stories import services as archive_services

logger = logging.getLogger(__name__)


def account_data(*, user: User) -> dict:
    """Everything Chorus holds about this account, for the person themself (JSON-ready).

    Includes their original words: the export goes only to the signed-in owner.
    """
    stories = []
    for story in (
        Story.objects.for_contributor(user)
        .prefetch_related("consents", "redactions", "events")
        .order_by("created_at")
    ):
        stories.append(
            {
                "id": story.public_id,
                "status": story.status,
                "title": story.title,
                "body": story.body,
                "public_title": story.public_title,
                "public_body": story.public_body,
                "language": story.language,
                "year": story.year,
                "country": story.country,
                "setting": story.setting,
                "content_notes": story.content_notes,
                "display_name": story.display_name,
                "pseudonym": story.pseudonym,
                "redact_terms": [t for t in story.redact_terms.splitlines() if t],
                "contact_address": story.contact_address,
                "embargo_until": story.embargo_until.isoformat() if story.embargo_until else None,
                "created_at": story.created_at.isoformat(),
                "submitted_at": story.submitted_at.isoformat() if story.submitted_at else None,
                "published_at": story.published_at.isoformat() if story.published_at else None,
                "withdrawn_at": story.withdrawn_at.isoformat() if story.withdrawn_at else None,
                "erased_at": story.erased_at.isoformat() if story.erased_at else None,
                "consents": [
                    {
                        "consent_version": c.consent_version,
                        "scopes": c.scopes(),
                        "method": c.method,
                        "given_at": c.given_at.isoformat(),
                        "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                        "receipt_hash": c.receipt_hash(),
                    }
                    for c in story.consents.all()
                ],
                "redactions": [
                    {
                        "field": r.field,
                        "start": r.start,
                        "end": r.end,
                        "kind": r.kind,
                        "decision": r.decision,
                        "replacement": r.replacement,
                    }
                    for r in story.redactions.all()
                ],
                # What happened to it; staff members are not named.
                "history": [
                    {
                        "action": e.action,
                        "from": e.from_status,
                        "to": e.to_status,
                        "at": e.created_at.isoformat(),
                    }
                    for e in sorted(story.events.all(), key=lambda e: e.created_at)
                ],
            }
        )
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "stories": stories,
    }


@transaction.atomic
def account_delete(*, user: User, keep_stories: bool) -> int:
    """Delete the user account; returns how many of its stories were erased.

    With `keep_stories` the stories stay as they are, anonymously: the link to the account
    is cut (their claim codes still work). Otherwise each is withdrawn and erased now.

    The row itself is emptied rather than removed: audit events hash their actor's id
    (archive.stories.audit), so removing the row would null those ids and break the chain. What
    stays is an inactive row with a random address, no password, no name and no roles.
    """
    erased = 0
    for story in Story.objects.for_contributor(user).select_for_update():
        if keep_stories:
            continue
        if story.erased_at is None:
            archive_services.story_erase(story=story, actor=user, actor_kind="contributor")
            erased += 1
    Story.objects.filter(contributor=user).update(contributor=None)
    import_batches_forget(user=user)
    user.email = f"deleted-{uuid.uuid4().hex}@deleted.invalid"
    user.display_name = ""
    user.is_active = False
    user.is_staff = False
    user.hidden_content_notes = []
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return erased


# --- Signing up without telling anyone who has an account -----------------------------


def signup_request(*, email: str, password: str, base_url: str, next_url: str = "") -> None:
    """Start a sign-up for `email`; the same visible outcome whether or not it has an account.

    - No active account: an inactive one is created (or an earlier unconfirmed one gets
      this password) and a link to confirm the address is mailed. The account works once
      the link is opened (`signup_confirm`), so nobody can hold an address they do not read.
    - Any other account (active, or switched off by staff): the address is told that
      someone tried to sign up with it, with links to sign in or reset the password.
      Nothing changes.

    Both paths hash the password once, so neither answers faster. `next_url` (a path on
    this site, already checked by the caller and checked again when the link is opened)
    rides on the mailed links, so the person lands where they were going.
    """
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    # Only a sign-up never confirmed may be asked again. An account in use, or one staff
    # switched off, is left exactly as it is: a sign-up must not set a new password on
    # it, nor let its confirmation link switch it back on.
    if existing is not None and not never_confirmed().filter(pk=existing.pk).exists():
        make_password(password)  # the same work as the other path: no timing difference
        login_path = reverse("accounts:login")
        if next_url:
            login_path = f"{login_path}?{urlencode({'next': next_url})}"
        _mail(email, "accounts/email/signup_existing", {"base_url": base_url, "login": login_path})
        return
    with transaction.atomic():
        user = existing or User(email=email, is_active=False)
        user.set_password(password)
        # A sign-up asked again starts again: the sweep counts from the latest request.
        user.date_joined = timezone.now()
        user.save()
    link = reverse(
        "accounts:signup_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    if next_url:
        link = f"{link}?{urlencode({'next': next_url})}"
    _mail(email, "accounts/email/signup_confirm", {"link": f"{base_url}{link}"})


def signup_confirm(*, user: User, token: str) -> bool:
    """Activate an unconfirmed account with the token mailed to it. False if it is not valid."""
    if user.is_active or not default_token_generator.check_token(user, token):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True


def never_confirmed() -> QuerySet[User]:
    """Accounts made by a sign-up whose mailed link was never opened.

    Such an account is inactive, has never signed in (opening the link signs in), and
    still has the password it was made with. That tells it from a deleted account (an
    inactive row kept for the audit chain, with no usable password: `account_delete`)
    and from one staff have switched off after it was used. Staff accounts, and any
    account linked to a story or an audit event, are never counted.
    """
    return (
        User.objects.filter(is_active=False, last_login__isnull=True)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(Q(is_staff=True) | Q(is_superuser=True))
        .exclude(email__endswith="@deleted.invalid")
        .exclude(stories__isnull=False)
        .exclude(pk__in=ModerationEvent.objects.filter(actor__isnull=False).values("actor"))
    )


def unconfirmed_accounts_delete(*, now=None) -> int:
    """Delete accounts never confirmed within UNCONFIRMED_ACCOUNT_DAYS of their sign-up.

    Idempotent: a second run finds nothing more. Whatever such an account could own (a
    contributor upload and its file) goes with it. Logs only how many.
    """
    days = settings.CHORUS["UNCONFIRMED_ACCOUNT_DAYS"]
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = never_confirmed().filter(date_joined__lt=cutoff)
    deleted = 0
    while ids := list(stale.order_by("pk").values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            for user in User.objects.filter(pk__in=ids):
                import_batches_forget(user=user)
            # The conditions again: a sign-up asked again meanwhile is spared.
            deleted += stale.filter(pk__in=ids).delete()[1].get(User._meta.label, 0)
        if len(ids) < 500:
            break
    if deleted:
        logger.info("Deleted %d accounts whose sign-up was never confirmed.", deleted)
    return deleted


def _mail(to: str, template: str, context: dict) -> None:
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
