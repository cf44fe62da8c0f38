from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a contributor with an account, or staff.

    Contributors never need an account (a claim code is enough); an account only gathers
    their stories in one dashboard. Staff roles are Django groups (see accounts/roles.py).
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name shown to staff"), max_length=80, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    # Moderator wellbeing: stories carrying these content notes are hidden from this
    # moderator's queue, and a break is suggested after this many stories in a session.
    hidden_content_notes = models.JSONField(default=list, blank=True)
    break_reminder_after = models.PositiveSmallIntegerField(default=15)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def has_role(self, role: str) -> bool:
        return self.is_superuser or self.groups.filter(name=role).exists()
