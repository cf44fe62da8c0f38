"""Create a moderator or senior moderator with a TOTP authenticator, printed once."""

from __future__ import annotations

import secrets
import sys

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import roles
from accounts.models import User
from accounts.otp import totp_device_create, totp_secret

ROLE_NAMES = {
    "moderator": roles.MODERATOR,
    "senior": roles.SENIOR_MODERATOR,
    "admin": None,
}


def staff_create(
    *, email: str, role: str, password: str, display_name: str = ""
) -> tuple[User, object]:
    """Create a staff account in `role` ("moderator", "senior" or "admin") with a confirmed
    TOTP device. Returns (user, device); the device's `config_url` is the otpauth:// URI."""
    if User.objects.filter(email__iexact=email).exists():
        raise CommandError(f"An account with the address {email} already exists.")
    with transaction.atomic():
        user = User.objects.create_user(
            email,
            password,
            display_name=display_name,
            is_staff=True,
            is_superuser=role == "admin",
        )
        group_name = ROLE_NAMES[role]
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        device = totp_device_create(user)
    return user, device


class Command(BaseCommand):
    help = (
        "Create a staff account (moderator, senior moderator or admin) with a TOTP "
        "authenticator, and print its password (unless given on stdin) and TOTP secret once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--role", choices=sorted(ROLE_NAMES), default="moderator")
        parser.add_argument("--name", default="", help="name shown to other staff")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of stdin instead of generating one",
        )
        parser.add_argument(
            "--qr", action="store_true", help="also print the otpauth URI as a terminal QR code"
        )

    def handle(self, *args, email: str, role: str, name: str, **options) -> None:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
            if len(password) < 12:
                raise CommandError("Use a password of at least 12 characters.")
            generated = False
        else:
            password = secrets.token_urlsafe(18)
            generated = True
        user, device = staff_create(email=email, role=role, password=password, display_name=name)
        self.stdout.write(self.style.SUCCESS(f"Created {role} {user.email}."))
        if generated:
            self.stdout.write(f"Password:    {password}")
        self.stdout.write(f"TOTP secret: {totp_secret(device)}")
        self.stdout.write(f"otpauth URI: {device.config_url}")
        if options["qr"]:
            import qrcode

            qr = qrcode.QRCode(border=1)
            qr.add_data(device.config_url)
            qr.print_ascii(out=self.stdout, invert=True)
        self.stdout.write(
            "Add the secret to an authenticator app now: it is not shown again. Sign in at "
            "the admin URL with the e-mail address, the password and the app's current code."
        )
