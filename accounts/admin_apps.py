"""The admin app, pointed at Chorus's staff admin site (accounts/otp.py).

Kept in its own module because INSTALLED_APPS imports it before any model is ready; the
site class is named by a dotted path and imported later. Making it the default site means
every `@admin.register` (ours and django-otp's) lands on the two-factor site.
"""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "accounts.otp.StaffAdminSite"
