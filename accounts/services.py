"""Services for contributor accounts: what a person may take with them, and leaving."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from archive.importers.service import import_batches_forget
from archive.models import Story
from archive.stories import services as archive_services


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
