"""Staff and contributor roles, as Django groups with their permissions.

The roles are data (groups), the permissions they carry are code (here), so a fresh
database and an old one converge on the same rules at every `migrate`.
"""

from __future__ import annotations

CONTRIBUTOR = "contributor"
MODERATOR = "moderator"
SENIOR_MODERATOR = "senior moderator"
RESEARCHER = "researcher"

# (app_label, codename) pairs. Custom permissions are declared on archive.Story.Meta.
_MODERATOR_PERMS = [
    ("archive", "view_story"),
    ("archive", "change_story"),
    ("archive", "review_story"),
    ("archive", "view_original"),
    ("archive", "view_redaction"),
    ("archive", "add_redaction"),
    ("archive", "change_redaction"),
    ("archive", "view_consentrecord"),
    ("archive", "view_moderationevent"),
    ("archive", "view_report"),
    ("archive", "change_report"),
    ("archive", "view_importbatch"),
    ("archive", "view_supportservice"),
    ("archive", "view_counteddataset"),
]
_SENIOR_PERMS = [
    *_MODERATOR_PERMS,
    ("archive", "publish_story"),
    ("archive", "reject_story"),
    ("archive", "erase_story"),
    ("archive", "withdraw_story"),
    ("archive", "add_importbatch"),
    ("archive", "change_importbatch"),
    # Senior moderators keep the support list current (docs/support.md).
    ("archive", "add_supportservice"),
    ("archive", "change_supportservice"),
]

ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    CONTRIBUTOR: [],
    MODERATOR: _MODERATOR_PERMS,
    SENIOR_MODERATOR: _SENIOR_PERMS,
    RESEARCHER: [("archive", "research_access")],
}

STAFF_ROLES = {MODERATOR, SENIOR_MODERATOR}


def ensure_roles(**_kwargs) -> None:
    """Create the role groups and (re)attach their permissions. Idempotent."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [
            p
            for app_label, codename in perms
            for p in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        ]
        group.permissions.set(wanted)
