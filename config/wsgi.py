import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from archive.warmup import warm_in_background  # noqa: E402  (needs the app registry)

warm_in_background()
