"""A support service: a helpline, a chat or legal advice, in one country.

Every entry names the official page its details were taken from and the day someone last
checked them there; the page shows both, so a visitor can verify a number themselves.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportKind(models.TextChoices):
    HELPLINE = "helpline", _("Helpline")
    CHAT = "chat", _("Chat")
    LEGAL = "legal", _("Legal advice")


class SupportService(models.Model):
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166 code, for example GB or FR.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=SupportKind.choices)
    description = models.CharField(_("what they offer"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("web site"), blank=True)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("As the service states them.")
    )
    source_url = models.URLField(
        _("source"), help_text=_("The official page these details are from.")
    )
    last_checked = models.DateField(_("last checked"))
    listed = models.BooleanField(_("listed"), default=True)

    class Meta:
        ordering = ("country", "kind", "name")
        verbose_name = _("support service")
        verbose_name_plural = _("support services")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    @property
    def phone_link(self) -> str:
        """The number as a tel: target (digits and a leading +)."""
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
