import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after the app registry is ready)

from archive.warmup import warm_at_start  # noqa: E402

warm_at_start(settings.WARM_MODELS)
