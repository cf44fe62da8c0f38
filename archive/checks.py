"""System checks for deployment mistakes that fail soft but hurt (`manage.py check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxies_counted(app_configs, **kwargs) -> list[Warning]:
    """chorus.W001: behind a reverse proxy, NUM_PROXIES=0 puts every visitor in one bucket."""
    if settings.REST_FRAMEWORK.get("NUM_PROXIES"):
        return []
    return [
        Warning(
            "NUM_PROXIES is 0: throttles tell clients apart by the socket address. Behind a "
            "reverse proxy every visitor then shares the proxy's bucket, and a few wrong "
            "claim codes or sign-ups from anyone throttle everyone.",
            hint=(
                "Set NUM_PROXIES to the number of reverse proxies in front of Chorus (1 for "
                "nginx alone). Leave it at 0 only if clients connect directly."
            ),
            id="chorus.W001",
        )
    ]
