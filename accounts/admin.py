"""Staff accounts in the admin. Only superusers manage accounts and roles.

Only staff accounts are listed: a contributor's account (and so their e-mail address) is
never shown in the admin, to anyone. Contributors manage and delete their own accounts.

Moderators' roles carry no user permissions (accounts/roles.py), so the default
permission checks already keep them out of this page. A new staff member also needs an
authenticator: `manage.py create_staff` sets both up at once.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class StaffCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class StaffChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict[str, type[forms.Field]] = {}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password", "display_name")}),
        (
            _("Role"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        (
            _("Moderator wellbeing"),
            {"fields": ("hidden_content_notes", "break_reminder_after")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "display_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name")
    ordering = ("email",)
    filter_horizontal = ("groups",)
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_staff=True)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.is_staff = True  # an account added here is a staff account
        super().save_model(request, obj, form, change)
