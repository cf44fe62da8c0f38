"""Chorus settings: the one place every environment variable is read.

Defaults are safe for the embedded default (SQLite, in-process tasks). Production sets
DEBUG off (the default), SECRET_KEY, FIELD_ENCRYPTION_KEYS, ALLOWED_HOSTS, DATABASE_URL and
CELERY_BROKER_URL; a missing secret stops the process instead of silently using a default.
"""

from __future__ import annotations

import base64
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# manage.py sets this for pure text commands (detect_pii) that touch no stored data.
SECRETLESS_COMMAND = env.bool("CHORUS_SECRETLESS_COMMAND", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and SECRETLESS_COMMAND:
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-only-key-do-not-use-in-production-0123456789"  # noqa: S105
# Old keys still accepted for sessions, password-reset links and other signed values while a
# new SECRET_KEY takes over (docs/deployment.md, "Key rotation").
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# The key of the hashes Chorus must recognise for years: an erased post's source (so a
# re-import skips it) and imported texts' fingerprints (duplicates). Kept apart from
# SECRET_KEY so rotating that key does not let an erased post come back.
HASHING_KEY = env.str("HASHING_KEY", default="") or SECRET_KEY

# Keys for encrypting originals and contact details at rest (Fernet, urlsafe base64 of 32
# bytes). Several keys, comma-separated: the first encrypts, all decrypt, so a key can be
# rotated by prepending a new one and running `manage.py rotate_encryption_keys`.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not FIELD_ENCRYPTION_KEYS and SECRETLESS_COMMAND:
    FIELD_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()]
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set when DEBUG is off.")
    FIELD_ENCRYPTION_KEYS = ["ZGV2ZWxvcG1lbnQtb25seS1rZXktZG8tbm90LXVzZS0="]

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin, on a site that requires a TOTP code (accounts/otp.py).
    "accounts.admin_apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The sitemap's templates (archive/public/sitemaps.py).
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "accounts",
    "archive",
    "archive.search",
]

MIDDLEWARE = [
    # First: probes answer without sessions, host checks or the HTTPS redirect (config/health.py).
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.PrivacyHeadersMiddleware",
    # A database outage raised by a view or its template is a 503 with Retry-After.
    "config.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Public reads by visitors go to the replica when there is one (config/db_router.py).
    "config.db_router.PublicReadsMiddleware",
    # Visitors' public pages from the cache, keyed by the public version read from the
    # same database (archive/public/page_cache.py): after PublicReadsMiddleware.
    "archive.public.page_cache.PublicPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

# bench/load adds a trivial view to compare every page with; never on in production.
ROOT_URLCONF = (
    "config.bench_urls" if env.bool("CHORUS_BENCH_URLS", default=False) else "config.urls"
)
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "archive.public.context_processors.chorus",
            ],
        },
    },
]

# The embedded default is a SQLite file; production points DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'chorus.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while a task writes; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            # secure_delete: what is deleted or overwritten is zeroed on disk, not left in free
            # pages (a withdrawn story's text must not linger in the file).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
            ),
            # Take the write lock when a transaction starts, so two writers queue instead
            # of failing when one upgrades a read to a write.
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A PostgreSQL streaming replica for public reads (docs/deployment.md, config/db_router.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"].update(
        {
            "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
            "CONN_HEALTH_CHECKS": True,
            # A replica that does not answer quickly is skipped, not waited for.
            "OPTIONS": {"connect_timeout": 2},
            # Tests create only the primary's database; the replica receives it by streaming.
            "TEST": {"MIRROR": "default"},
        }
    )
DATABASE_ROUTERS = ["config.db_router.PublicReadRouter"]
# Public reads go back to the primary when the replica is further behind than this.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=30.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security --------------------------------------------------------------------------
SECURE_SSL = env.bool("SECURE_SSL", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE_SSL)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL else None
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
# Every cookie Chorus sets: Secure over HTTPS, out of reach of page scripts, and not sent
# with cross-site requests (docs/privacy.md). A reader gets none of them: the session,
# the CSRF token and the language are set only by someone who writes, signs in or chooses.
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
LANGUAGE_COOKIE_SECURE = SECURE_SSL
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads the token: forms carry it
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The language choice lasts for the browser session only: no long-lived trace of a visit.
LANGUAGE_COOKIE_AGE = None
SECURE_CONTENT_TYPE_NOSNIFF = True
# No page may tell another site where a reader came from. "same-origin", not
# "no-referrer": under no-referrer browsers send `Origin: null` with form posts, which
# Django's CSRF check (rightly) refuses, so no form would work in a real browser.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
# An admin session ends this long after sign-in, however active (accounts/otp.py).
ADMIN_SESSION_SECONDS = env.int("ADMIN_SESSION_SECONDS", default=30 * 60)
# Shown in authenticator apps next to the staff member's e-mail address.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Chorus")
# The otp_totp device admin must not display staff members' secrets or QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

# Error reports must never carry a contributor's IP address, user agent, form fields or
# cookies: see config/reporting.py.
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.reporting.PrivacyExceptionReporterFilter"

# django-axes counts failed sign-ins per account (the username only, stored as a keyed hash,
# so no IP address and no typed address is stored; the form's fields are masked too). It never locks an account: past AXES_FAILURE_LIMIT the password step waits
# longer after each failure, up to AXES_COOLOFF_TIME, and a right password with a right
# TOTP code always gets a moderator in (accounts/lockout.py, docs/security.md).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCK_OUT_AT_FAILURE = False
LOGIN_DELAY_SECONDS = env.int("LOGIN_DELAY_SECONDS", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_IPWARE_META_PRECEDENCE_ORDER = []
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The login form's field is "username" even though accounts sign in by e-mail; and axes
# must store no address, user agent or secret (accounts/lockout.py).
AXES_USERNAME_CALLABLE = "accounts.lockout.account_name"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.no_client_address"
AXES_HANDLER = "accounts.lockout.PrivateAxesHandler"
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "otp_device", "username", "email"]

# --- Caching (rate limits, claim-code throttling) --------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down must cost a request milliseconds, not a hang: callers
            # fall back without it (archive/shared_cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "chorus",
        }
    ),
    # Each process's own copy of the page chrome every visitor sees the same in one
    # language (templates/base.html, `{% cache … using="chrome" %}`): translated words
    # and addresses only, never anything of a visitor, a session or a story.
    "chrome": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chrome"},
}

# --- Celery ---------------------------------------------------------------------------
# With no broker configured, tasks run in-process (after the transaction commits), so the
# embedded default needs no Redis. With one, real workers pick them up.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# Tasks are idempotent: acknowledge after they finish, and have a message delivered again
# when a worker dies mid-task.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the hard time limit, or Redis would hand a running task to a second worker.
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 300
    ),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a request must never hang when the broker is down: two quick retries,
# then give up; the periodic sweep re-enqueues whatever was not delivered.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "reconcile-search-index": {
        "task": "archive.reconcile_index",
        "schedule": env.int("RECONCILE_INTERVAL_SECONDS", default=300),
    },
    # A detection lost with a broker outage is found again; until then the story
    # cannot be published (archive/stories/policy.py).
    "reconcile-detection": {
        "task": "archive.reconcile_detection",
        "schedule": env.int("RECONCILE_INTERVAL_SECONDS", default=300),
    },
    "erase-expired-originals": {
        "task": "archive.erase_expired_originals",
        "schedule": 60 * 60,
    },
    # Drafts nobody sent are not kept: their words are erased after a day.
    "erase-abandoned-drafts": {
        "task": "archive.erase_abandoned_drafts",
        "schedule": 60 * 60,
    },
    # Expired sessions are deleted (Django's clearsessions), and live ones stop naming
    # stories erased lately (archive/stories/sessions.py).
    "sweep-sessions": {
        "task": "archive.sweep_sessions",
        "schedule": 24 * 60 * 60,
    },
    # Sign-ups never confirmed are not kept (UNCONFIRMED_ACCOUNT_DAYS).
    "delete-unconfirmed-accounts": {
        "task": "accounts.delete_unconfirmed",
        "schedule": 60 * 60,
    },
    # Contributors' unconfirmed previews and stuck uploads are not kept.
    "expire-import-batches": {
        "task": "archive.expire_import_batches",
        "schedule": 60 * 60,
    },
    # An import uploaded while the broker was down is picked up here.
    "resume-import-batches": {
        "task": "archive.resume_import_batches",
        "schedule": env.int("RESUME_IMPORTS_INTERVAL_SECONDS", default=300),
    },
}

# How a web process loads the language and name models at start (archive/warmup.py):
# "now" in a gunicorn master that forks warm workers (config/gunicorn.conf.py sets it),
# "background" elsewhere, "off" to load them on first use.
WARM_MODELS = env.str("CHORUS_WARM_MODELS", default="background")
if WARM_MODELS not in ("now", "background", "off"):
    raise ImproperlyConfigured("CHORUS_WARM_MODELS must be now, background or off.")

# --- Domain settings --------------------------------------------------------------------
CHORUS = {
    # Increase whenever the consent wording changes; every ConsentRecord stores it.
    "CONSENT_VERSION": env.str("CONSENT_VERSION", default="2026-11"),
    "MAX_STORY_CHARS": env.int("MAX_STORY_CHARS", default=50_000),
    # After withdrawal the original text is kept this long (so a mistaken withdrawal can be
    # undone by the contributor), then erased by a periodic task.
    "WITHDRAWN_RETENTION_DAYS": env.int("WITHDRAWN_RETENTION_DAYS", default=30),
    # A sign-up whose mailed link is never opened is deleted this many days after it was
    # asked (accounts/services.py). Longer than the link lasts (PASSWORD_RESET_TIMEOUT).
    "UNCONFIRMED_ACCOUNT_DAYS": env.int("UNCONFIRMED_ACCOUNT_DAYS", default=7),
    "QUICK_EXIT_URL": env.str("QUICK_EXIT_URL", default="https://www.bbc.com/weather"),
    "TWO_PERSON_RULE": env.bool("TWO_PERSON_RULE", default=False),
    "SMALL_CELL_THRESHOLD": env.int("SMALL_CELL_THRESHOLD", default=5),
    # Spam protection: a form sent sooner than this after it was shown is refused.
    "MIN_FILL_SECONDS": env.int("MIN_FILL_SECONDS", default=3),
    # Public counts and statistics are cached; anything leaving the public view clears them.
    "PUBLIC_COUNT_CACHE_SECONDS": env.int("PUBLIC_COUNT_CACHE_SECONDS", default=60),
    "STATS_CACHE_SECONDS": env.int("STATS_CACHE_SECONDS", default=600),
    # Whole public pages for visitors, keyed by the public version (never stale about
    # the public view); this bounds what changes without one, e.g. a counted dataset.
    "PUBLIC_PAGE_CACHE_SECONDS": env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300),
    # Upload limits: compressed size and total inflated size of an archive's members.
    "IMPORT_MAX_FILE_MB": env.int("IMPORT_MAX_FILE_MB", default=4096),
    "IMPORT_MAX_INFLATED_MB": env.int("IMPORT_MAX_INFLATED_MB", default=8192),
    "IMPORT_CONTRIBUTOR_MAX_FILE_MB": env.int("IMPORT_CONTRIBUTOR_MAX_FILE_MB", default=200),
    "IMPORT_CONTRIBUTOR_MAX_INFLATED_MB": env.int(
        "IMPORT_CONTRIBUTOR_MAX_INFLATED_MB", default=1024
    ),
    # Hostile files (docs/import.md, "Limits"): every bound an import is read within, so
    # a small upload cannot hold a worker or its memory. Inflated bytes are counted as
    # they are read, not taken from the archive's headers.
    "IMPORT_MAX_MEMBERS": env.int("IMPORT_MAX_MEMBERS", default=200_000),
    "IMPORT_CONTRIBUTOR_MAX_MEMBERS": env.int("IMPORT_CONTRIBUTOR_MAX_MEMBERS", default=50_000),
    "IMPORT_MAX_RECORDS": env.int("IMPORT_MAX_RECORDS", default=50_000_000),
    "IMPORT_CONTRIBUTOR_MAX_RECORDS": env.int("IMPORT_CONTRIBUTOR_MAX_RECORDS", default=200_000),
    # One line of a JSON Lines or CSV file, and one element of a JSON array: a post with
    # everything the platforms add is a few KB, a twarc2 page of 100 posts about 2 MB.
    "IMPORT_MAX_LINE_KB": env.int("IMPORT_MAX_LINE_KB", default=8 * 1024),
    "IMPORT_MAX_RECORD_KB": env.int("IMPORT_MAX_RECORD_KB", default=8 * 1024),
    # JSON nested deeper than this (in one line or one array element) is refused.
    "IMPORT_MAX_JSON_DEPTH": env.int("IMPORT_MAX_JSON_DEPTH", default=64),
    # A contributor's upload is read by a worker; past this it is stopped and failed.
    "IMPORT_CONTRIBUTOR_READ_SECONDS": env.int("IMPORT_CONTRIBUTOR_READ_SECONDS", default=600),
}
# What counts as "me too" content in imports (comma-separated); the defaults cover
# #MeToo, #BalanceTonPorc, #YoTambien, #QuellaVoltaChe, #WhyIDidntReport, #MeTooIndia, ...
if env.str("IMPORT_HASHTAGS", default=""):
    CHORUS["IMPORT_HASHTAGS"] = env.list("IMPORT_HASHTAGS")
if env.str("IMPORT_PHRASES", default=""):
    CHORUS["IMPORT_PHRASES"] = env.list("IMPORT_PHRASES")

# --- Search (archive/search, docs/search.md) ---------------------------------------------
SEARCH = {
    # Each bound caps the rows one request reads (~10 µs each from a cold heap).
    # Relevance ranks every match up to this many; beyond, RANK_CANDIDATES of them.
    "RANK_ALL_LIMIT": env.int("SEARCH_RANK_ALL_LIMIT", default=1500),
    "RANK_CANDIDATES": env.int("SEARCH_RANK_CANDIDATES", default=400),
    # Candidates are the most recent matches while sorting this many by date is cheap.
    "SORT_CANDIDATES_LIMIT": env.int("SEARCH_SORT_CANDIDATES_LIMIT", default=3000),
    # PostgreSQL counts exactly up to about this many matches, in a sample beyond.
    "COUNT_EXACT_LIMIT": env.int("SEARCH_COUNT_EXACT_LIMIT", default=3000),
    # Facet counts are exact up to this many matches, estimated from a sample beyond.
    "FACET_EXACT_LIMIT": env.int("SEARCH_FACET_EXACT_LIMIT", default=2000),
    # A phrase's words found together in more accounts than this: its word order is
    # checked (a vector read each) only for this many of them, for the total, the page
    # and the facets; below, for all of them.
    "PHRASE_CHECK_LIMIT": env.int("SEARCH_PHRASE_CHECK_LIMIT", default=400),
    # Date order walks the date index when it should meet the page within this many rows.
    "DATE_WALK_LIMIT": env.int("SEARCH_DATE_WALK_LIMIT", default=3000),
    "HASHTAG_FACET_SIZE": 30,
    # Total and facets of the unfiltered browse, cached; dropped on every index change.
    "BROWSE_CACHE_SECONDS": env.int("SEARCH_BROWSE_CACHE_SECONDS", default=300),
    # Entries built per transaction by rebuild_index and the batch indexing task.
    "BATCH_SIZE": env.int("SEARCH_BATCH_SIZE", default=500),
    # "Did you mean" is offered when a query finds fewer accounts than this.
    "DID_YOU_MEAN_BELOW": env.int("SEARCH_DID_YOU_MEAN_BELOW", default=5),
    # A word is suggested only if at least this many public accounts use it (privacy:
    # a word from one account could name its author).
    "VOCABULARY_MIN_ENTRIES": env.int("SEARCH_VOCABULARY_MIN_ENTRIES", default=3),
    "VOCABULARY_REFRESH_SECONDS": env.int("SEARCH_VOCABULARY_REFRESH_SECONDS", default=3600),
}

# --- REST framework ---------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_RATES": {
        "submissions": env.str("THROTTLE_SUBMISSIONS", default="10/hour"),
        "claim": env.str("THROTTLE_CLAIM", default="20/hour"),
        # Wrong claim codes naming one story, from anyone (docs/security.md).
        "claim_story": env.str("THROTTLE_CLAIM_STORY", default="10/hour"),
        # Sign-ups naming one e-mail address, from anyone: each one sends it a message.
        "signup_address": env.str("THROTTLE_SIGNUP_ADDRESS", default="3/hour"),
        "anon": env.str("THROTTLE_ANON", default="600/minute"),
    },
    # Reverse proxies in front of Chorus: throttles then tell clients apart by the
    # X-Forwarded-For entry the nearest trusted proxy added (0: use the socket address).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chorus API",
    "DESCRIPTION": "Published, redacted 'me too' accounts; submissions by their contributors.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # /api/docs/ loads Swagger UI from our static files (drf-spectacular-sidecar), never a
    # CDN: DESIGN.md allows no third-party request, and our CSP would block one anyway.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would otherwise ask validator.swagger.io for a badge on every visit.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
}

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Chorus <no-reply@localhost>")

# --- Logging ----------------------------------------------------------------------------
# Nothing here logs a request's client address or user agent; runserver's access log does
# not include them and production runs gunicorn with the access log off (see README).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Request paths are logged as route names, without query strings (config/log_privacy.py).
    "filters": {"private_paths": {"()": "config.log_privacy.PrivatePathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # django.security.DisallowedHost would echo the Host header; it is not contributor
        # data, but there is nothing a reader of the log can do with it either.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        # django-axes logs every failed and locked-out sign-in with the e-mail address
        # typed, and contributors sign in too: only its errors reach the log.
        "axes": {"level": "ERROR"},
        # A filter on a logger applies only to records logged to that very logger, so each
        # logger that writes request paths gets it.
        "django.request": {"filters": ["private_paths"]},
        "django.security.csrf": {"filters": ["private_paths"]},
        "django.server": {"filters": ["private_paths"], "propagate": True},
    },
}

# axes.W006 asks for the client IP in the lockout key. Chorus stores no IP address by design
# (DESIGN.md, "Identify no one"), so staff lockout is per account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
