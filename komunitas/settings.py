"""Settings of Komunitas Praktisi, read from the environment (twelve-factor).

Production is the default: ``DEBUG`` is off unless asked for, and the site refuses to start
without a ``SECRET_KEY``. See the README's "Configuration" section for every variable.
"""

import json
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from komunitas.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DATA_DIR", str(Path.cwd() / "data"))).resolve()

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "komunitas.accounts",
    "komunitas.communities",
    "komunitas.core",
    "komunitas.discussions",
    "komunitas.journeys",
    "komunitas.meetings",
    "komunitas.notifications",
    "komunitas.pustaka",
    "komunitas.insights",
    "komunitas.search",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "template_partials",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "komunitas.lib.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "komunitas.lib.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "komunitas.accounts.middleware.MemberPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "komunitas.urls"
WSGI_APPLICATION = "komunitas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "komunitas.core.context_processors.site",
                "komunitas.notifications.context_processors.unread",
            ],
        },
    }
]

# Forms render their widgets with the project's template engine (cached loader), so the app
# templates may replace Django's: komunitas/core/templates/django/forms/widgets/ writes the
# options of a select or a checkbox list in place instead of one include each (same HTML).
# Its labels start with a capital letter in every language (komunitas/lib/forms.py).
FORM_RENDERER = "komunitas.lib.forms.FormRenderer"

# --- Database: SQLite in the data folder by default, PostgreSQL when DATABASE_URL says so.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "komunitas.sqlite3",
            # Kept open between requests like PostgreSQL's: a new SQLite connection reads the
            # schema again and starts with an empty page cache (DB_CONN_MAX_AGE=0: one per
            # request).
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # Safe with several workers: writers queue on the lock instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=5000;"
                    "PRAGMA foreign_keys=ON;"
                    # 16 MB of pages kept per connection (the default is 2 MB): a district's
                    # busy pages (posts of the member's communities) stay in memory.
                    "PRAGMA cache_size=-16000;"
                    # Read the file through a memory map instead of copying its pages: the
                    # search's full-text index is ~10% faster (0 turns it off).
                    f"PRAGMA mmap_size={env_int('SQLITE_MMAP_SIZE', 256 * 1024 * 1024)};"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "komunitas",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Background work: Django's tasks API (django-tasks backport). The database backend by
# default, RQ on Redis when REDIS_URL is set; `komunitas worker` runs a worker for either.
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Digests go out at this hour of the morning in each member's own zone (docs/notifications.md).
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 7)

# --- Insights: a dashboard's figures older than this many seconds are counted again by the
# worker (shown meanwhile); scopes with up to this many memberships are counted (first dashboard,
# reports) during the request, larger ones by the worker.
INSIGHTS_REFRESH_SECONDS = env_int("INSIGHTS_REFRESH_SECONDS", 600)
INSIGHTS_INLINE_MEMBERS = env_int("INSIGHTS_INLINE_MEMBERS", 300)

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["komunitas.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
# Lock-out after repeated failed logins, per account and per address (see accounts/lockout.py).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_IP_LIMIT = env_int("LOGIN_FAILURE_IP_LIMIT", 20)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
EMAIL_VERIFICATION_DAYS = 3

# --- Discussions: rate limits per member (see docs/discussions.md).
DISCUSSIONS_POSTS_PER_HOUR = env_int("DISCUSSIONS_POSTS_PER_HOUR", 10)
DISCUSSIONS_REPLIES_PER_HOUR = env_int("DISCUSSIONS_REPLIES_PER_HOUR", 60)
DISCUSSIONS_REPORTS_PER_DAY = env_int("DISCUSSIONS_REPORTS_PER_DAY", 20)
# Days a file removed from a post or a reply by an edit stays in the storage (for its author and
# the moderators) before the periodic job discussions.purge_removed_files deletes it.
DISCUSSIONS_REMOVED_FILES_DAYS = env_int("DISCUSSIONS_REMOVED_FILES_DAYS", 30)
# Search: a search with words ranks at most the newest N matches (docs/search.md).
SEARCH_RANKED_WINDOW = env_int("SEARCH_RANKED_WINDOW", 2000)

# --- Language and time: Bahasa Indonesia first, English complete; times in the member's zone.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS: list = []  # each app keeps its own catalogue in <app>/locale/
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
LANGUAGE_COOKIE_NAME = "komunitas_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded files go through Django's storage API: the folder MEDIA_ROOT by default, any storage
# backend by FILE_STORAGE_BACKEND with its options as JSON in FILE_STORAGE_OPTIONS (e.g.
# django-storages' S3 backend for S3-compatible object storage; see docs/pustaka.md). Uploads
# are never served from MEDIA_URL: only through views that check permissions.
try:
    FILE_STORAGE_OPTIONS = json.loads(env_str("FILE_STORAGE_OPTIONS") or "{}")
except ValueError as error:
    raise ImproperlyConfigured(f"FILE_STORAGE_OPTIONS must be a JSON object: {error}") from None
if not isinstance(FILE_STORAGE_OPTIONS, dict):
    raise ImproperlyConfigured("FILE_STORAGE_OPTIONS must be a JSON object, e.g. {}")
STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": FILE_STORAGE_OPTIONS,
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
# Members' uploads (komunitas/lib/uploads.py): pictures are re-encoded to at most this many pixels
# on the long side; documents are checked on their content.
UPLOAD_MAX_IMAGE_MB = env_int("UPLOAD_MAX_IMAGE_MB", 10)
UPLOAD_MAX_DOCUMENT_MB = env_int("UPLOAD_MAX_DOCUMENT_MB", 20)
UPLOAD_IMAGE_MAX_SIDE = env_int("UPLOAD_IMAGE_MAX_SIDE", 2048)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000_000

# --- E-mail
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Komunitas Praktisi <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Operator", a) for a in env_list("ADMIN_EMAILS")]

# --- Security: safe by default in production; DEBUG relaxes only what plain http needs.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Meetings: the self check-in window around a meeting, and when a check-in counts as late.
MEETINGS_CHECKIN_OPENS_MINUTES = env_int("MEETINGS_CHECKIN_OPENS_MINUTES", 30)
MEETINGS_CHECKIN_CLOSES_MINUTES = env_int("MEETINGS_CHECKIN_CLOSES_MINUTES", 0)
MEETINGS_LATE_AFTER_MINUTES = env_int("MEETINGS_LATE_AFTER_MINUTES", 15)
