from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The admin lives with the areas it serves (moderation, imports), not in a
        # top-level archive/admin module that autodiscover would find by itself.
        from archive import checks as _checks  # noqa: F401 - registers chorus.W001
        from archive.counts import admin as _counts  # noqa: F401
        from archive.importers import admin as _imports  # noqa: F401
        from archive.moderation.admin import records, stories  # noqa: F401
        from archive.support import admin as _support  # noqa: F401
