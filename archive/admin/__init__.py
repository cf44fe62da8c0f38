"""Moderation in the Django admin.

The admin site itself (two-factor sign-in, short sessions) is accounts/otp.py. Stories:
the queue and the review page (stories.py); the audit log, consent history and visitor
reports, all read-only (records.py).
"""

from archive.admin import records, stories  # noqa: F401

# Staff imports of datasets (archive/importers/admin.py).
from archive.importers import admin as _import_admin  # noqa: E402, F401
