"""Load clearly fictional demo accounts in several languages and every status."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from archive.models import Story
from archive.stories import lifecycle, redactions, services
from archive.stories.states import ROUTES
from archive.vocabulary import Decision, Source, Status

DEMO_MARK = "demo"
# A fictional address on a reserved domain: nobody can receive mail there.
DEMO_MODERATOR = "moderator@demo.invalid"

ALL_CONSENT = {
    "publish": True,
    "research": True,
    "quote": False,
    "statistics": True,
    "contact": False,
}

# Every account here is invented for the demo. Names, places and details are fictional.
DEMO = [
    {
        "title": "The internship that taught me to stay quiet",
        "body": (
            "I was 22 and it was my first internship. My supervisor, Mark Ellison, kept "
            "finding reasons to stand behind my chair. When I told HR they asked whether I "
            "had 'sent mixed signals'. I left two weeks early. #MeToo because I stayed quiet "
            "for six years, and I am done being quiet."
        ),
        "language": "en",
        "year": 2012,
        "country": "GB",
        "setting": "workplace",
        "content_notes": ["harassment", "institutional"],
        "display_name": "pseudonym",
        "pseudonym": "Wren",
        "terms": ["Mark Ellison"],
        "status": Status.PUBLISHED,
    },
    {
        "title": "Dans le métro, tous les matins",
        "body": (
            "Pendant deux ans j'ai pris la ligne 4 à huit heures. Un homme se collait à moi "
            "presque chaque jour. Personne ne disait rien, moi non plus. Aujourd'hui j'écris "
            "#BalanceTonPorc pour celles qui prennent encore ce train. Écrivez-moi si vous "
            "voulez parler : claire.demo@example.org"
        ),
        "language": "fr",
        "year": 2016,
        "country": "FR",
        "setting": "public_space",
        "content_notes": ["harassment"],
        "display_name": "anonymous",
        "status": Status.PUBLISHED,
    },
    {
        "title": "Lo que no conté en la universidad",
        "body": (
            "En segundo año un profesor me invitó a 'revisar mi trabajo' en su despacho. "
            "Cerró la puerta. Durante años pensé que había sido culpa mía. #YoTambien, y ya "
            "no tengo miedo de decirlo."
        ),
        "language": "es",
        "year": 2009,
        "country": "ES",
        "setting": "education",
        "content_notes": ["assault", "institutional"],
        "display_name": "first_name",
        "pseudonym": "Lucía",
        "status": Status.PUBLISHED,
    },
    {
        "title": "Quella volta che",
        "body": (
            "Quella volta che il mio allenatore mi disse che dovevo 'essere più gentile' "
            "con gli sponsor avevo sedici anni. #QuellaVoltaChe ho capito che nessuno mi "
            "avrebbe protetta."
        ),
        "language": "it",
        "year": 2005,
        "country": "IT",
        "setting": "sport",
        "content_notes": ["harassment", "child_abuse"],
        "display_name": "anonymous",
        "status": Status.PUBLISHED,
    },
    {
        "title": "Auf der Betriebsfeier",
        "body": (
            "Auf der Weihnachtsfeier hat mich ein Kollege in den Flur gedrängt. Am nächsten "
            "Tag tat er, als wäre nichts passiert. #MeToo – ich habe es damals niemandem "
            "erzählt."
        ),
        "language": "de",
        "year": 2015,
        "country": "DE",
        "setting": "workplace",
        "content_notes": ["assault"],
        "display_name": "anonymous",
        "status": Status.PUBLISHED,
    },
    {
        "title": "Why I didn't report",
        "body": (
            "He was a friend of my father's. I was fourteen. When people ask why I didn't "
            "report, I want them to know: I didn't have the words yet. #WhyIDidntReport"
        ),
        "language": "en",
        "year": 1998,
        "country": "US",
        "setting": "home",
        "content_notes": ["child_abuse", "assault"],
        "display_name": "anonymous",
        "status": Status.SUBMITTED,
    },
    {
        "title": "Messages I never asked for",
        "body": (
            "For a year an account called @nightowl_demo sent me messages every night. "
            "Blocking did nothing; new accounts appeared. You can call me on 020 7946 0321 "
            "if you are going through this too."
        ),
        "language": "en",
        "year": 2017,
        "country": "GB",
        "setting": "online",
        "content_notes": ["online_abuse", "stalking"],
        "display_name": "anonymous",
        "status": Status.IN_REVIEW,
    },
    {
        "title": "À l'hôpital",
        "body": (
            "Interne, j'ai subi les remarques d'un chef de service pendant tout mon stage. "
            "J'aimerais raconter la suite mais je ne suis pas prête."
        ),
        "language": "fr",
        "year": 2014,
        "country": "FR",
        "setting": "healthcare",
        "content_notes": ["harassment"],
        "display_name": "anonymous",
        "status": Status.CHANGES_REQUESTED,
    },
    {
        "title": "A draft I'm still writing",
        "body": "I'm not sure how to begin this. Maybe with the summer of 2003.",
        "language": "en",
        "display_name": "anonymous",
        "status": Status.DRAFT,
    },
    {
        "title": "Not for publication",
        "body": "This one is a test entry that a moderator declined because it is not an account.",
        "language": "en",
        "display_name": "anonymous",
        "status": Status.REJECTED,
    },
    {
        "title": "I changed my mind",
        "body": "I wrote this in anger and I'd rather keep it private now.",
        "language": "en",
        "display_name": "anonymous",
        "status": Status.WITHDRAWN,
    },
    {
        "title": "",
        "body": "#MeToo. At 19, at my first job in a restaurant kitchen. Every shift.",
        "language": "en",
        "year": 2017,
        "display_name": "anonymous",
        "status": Status.AWAITING_CONSENT,
        "imported": True,
    },
]


class Command(BaseCommand):
    help = "Load fictional demo accounts (several languages, every status). Idempotent."

    def handle(self, *args, **options) -> None:
        self._load()
        # The "Did you mean" words are counted by the reconcile sweep (Celery beat); the
        # embedded default has no beat, so without this a fresh demo never offered one.
        # After the load's commit: with no broker, that commit is what indexes the accounts.
        from archive.search import vocabulary

        if vocabulary.refresh_if_due():
            self.stdout.write('Counted the words search uses for "Did you mean".')

    @transaction.atomic
    def _load(self) -> None:
        if settings.DEBUG:
            self._demo_moderator()
        self._magnitude()
        if Story.objects.filter(source_platform=DEMO_MARK).exists():
            self.stdout.write("Demo accounts are already loaded.")
            return
        for number, item in enumerate(DEMO, start=1):
            imported = item.get("imported", False)
            story, _code = services.story_create(
                title=item["title"],
                body=item["body"],
                language=item.get("language", ""),
                year=item.get("year"),
                country=item.get("country", ""),
                setting=item.get("setting", ""),
                content_notes=item.get("content_notes", []),
                display_name=item["display_name"],
                pseudonym=item.get("pseudonym", ""),
                redact_terms=item.get("terms", []),
                consent=None if imported else ALL_CONSENT,
                source=Source.IMPORT if imported else Source.WEB,
                submit=item["status"] != Status.DRAFT,
                source_platform=DEMO_MARK,
                source_id=str(number),
            )
            # Demo moderation: detect now and accept every suggestion.
            redactions.redactions_detect(story=story)
            story.redactions.update(decision=Decision.ACCEPTED)
            for action in ROUTES[item["status"]]:
                lifecycle.transition(story, action, actor_kind="system", note="demo data")
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(DEMO)} fictional demo accounts."))

    def _magnitude(self) -> None:
        """Enough fictional accounts and counts for every chart to mean something."""
        from archive.counts.demo import demo_accounts_load, demo_dataset_load

        accounts, rows = demo_accounts_load(), demo_dataset_load()
        if accounts or rows:
            self.stdout.write(
                f"Loaded {accounts} short fictional accounts and a fictional counted dataset "
                f"({rows} rows) for the charts."
            )

    def _demo_moderator(self) -> None:
        """DEBUG only: a fictional senior moderator, so the admin can be tried at once."""
        from accounts.models import User
        from accounts.otp import totp_secret
        from archive.management.commands.create_staff import staff_create

        if User.objects.filter(email=DEMO_MODERATOR).exists():
            self.stdout.write(
                f"Demo moderator {DEMO_MODERATOR} exists; `create_staff` makes another one."
            )
            return
        password = secrets.token_urlsafe(12)
        _user, device = staff_create(
            email=DEMO_MODERATOR, role="senior", password=password, display_name="Demo moderator"
        )
        self.stdout.write(
            self.style.WARNING(
                "Demo senior moderator (development only, shown once):\n"
                f"  sign in at /{settings.ADMIN_URL} as {DEMO_MODERATOR}\n"
                f"  password:    {password}\n"
                f"  TOTP secret: {totp_secret(device)}  (add it to an authenticator app)\n"
                f"  otpauth URI: {device.config_url}"
            )
        )
