"""Moderation in the Django admin.

The admin site itself (two-factor sign-in, short sessions) is accounts/otp.py. Stories:
the queue and the review page (stories.py); the audit log, consent history and visitor
reports, all read-only (records.py). Registered by ArchiveConfig.ready().
"""
