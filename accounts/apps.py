from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _ensure_roles_after_last_app(app_config, **kwargs) -> None:
    from accounts.roles import ensure_roles

    # post_migrate is sent once per app, in INSTALLED_APPS order, and each app's
    # permissions are created by its own signal: wait for the last one.
    if app_config is list(apps.get_app_configs())[-1]:
        ensure_roles()


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_ensure_roles_after_last_app, dispatch_uid="chorus-ensure-roles")
