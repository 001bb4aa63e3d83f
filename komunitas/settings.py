"""Settings of Komunitas Praktisi, read from the environment (twelve-factor).

Production is the default: ``DEBUG`` is off unless asked for, and the site refuses to start
without a ``SECRET_KEY``. See the README's "Configuration" section for every variable.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

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
# The public address every absolute link is built from (komunitas.lib.http.absolute). Unset, it is
# the development server on PORT; production must set it (https, a real host): core/checks.py.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")

INSTALLED_APPS = [
    "komunitas.accounts",
    "komunitas.communities",
    "komunitas.core",
    "komunitas.reads",
    "komunitas.discussions",
    "komunitas.onboarding",
    "komunitas.journeys",
    "komunitas.meetings",
    "komunitas.lessonstudy",
    "komunitas.partnerships",
    "komunitas.notifications",
    "komunitas.pustaka",
    "komunitas.polls",
    "komunitas.certificates",
    "komunitas.insights",
    "komunitas.search",
    "komunitas.api",
    "ninja",  # django-ninja: its docs page's assets (swagger-ui, vendored in the package)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "komunitas.lib.logging.RequestLogMiddleware",
    "komunitas.core.health.HealthProbeMiddleware",
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
    # After the language is chosen: the page it leads to speaks the member's language.
    "komunitas.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "komunitas.core.middleware.AppMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "komunitas.core.middleware.DatabaseBusyMiddleware",
    # Checks Content-Length in the request phase, before CSRF (process_view) reads the body.
    "komunitas.lib.request_limits.RequestLimitMiddleware",
    # After the size check, before any view or CSRF reads a field: no NUL byte reaches a query.
    "komunitas.lib.middleware.NulByteMiddleware",
    # Last: turns a login refused for a lock-out into the lock-out page (accounts/lockout.py).
    "axes.middleware.AxesMiddleware",
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
            # {% submission_key %} in every form that creates something (core/submissions.py)
            "builtins": ["komunitas.core.templatetags.submissions"],
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
                # Safe with several workers: writers queue on the lock instead of failing, for
                # SQLITE_BUSY_TIMEOUT seconds (the one busy timeout: no PRAGMA overrides it).
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
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

# --- Cache: local memory by default, Redis when REDIS_URL is set. Redis only accelerates: when
# it is down, the cache answers as if empty (lib/cache.py) and sessions come from the database.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "komunitas.lib.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "komunitas",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "komunitas.lib.sessions"

# --- Background work: Django's tasks API (django-tasks backport). The database backend by
# default, RQ on Redis when REDIS_URL is set; `komunitas worker` runs a worker for either.
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Each web process writes the reads it remembered (komunitas/reads/recorder.py) every this many
# seconds and at exit; a process killed outright loses at most this many seconds of first reads
# of the day. 0: no flusher thread (the tests call flush() themselves).
READS_FLUSH_SECONDS = env_int("READS_FLUSH_SECONDS", 10)
# Digests go out at this hour of the morning in each member's own zone (docs/notifications.md).
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 7)
# An event whose fan-out has not finished this many seconds after it was recorded (the queue was
# down, the worker died) is queued again by the periodic job notifications.retry_fan_out.
NOTIFICATIONS_FAN_OUT_GRACE_SECONDS = env_int("NOTIFICATIONS_FAN_OUT_GRACE_SECONDS", 120)
# Mail "at once" about a busy thread waits this long and gathers the replies that come meanwhile.
NOTIFICATIONS_BATCH_MINUTES = env_int("NOTIFICATIONS_BATCH_MINUTES", 5)

# --- Insights: a dashboard's figures older than this many seconds are counted again by the
# worker (shown meanwhile); scopes with up to this many memberships are counted (first dashboard,
# reports) during the request, larger ones by the worker.
INSIGHTS_REFRESH_SECONDS = env_int("INSIGHTS_REFRESH_SECONDS", 600)
INSIGHTS_INLINE_MEMBERS = env_int("INSIGHTS_INLINE_MEMBERS", 300)

# --- Certificates: the operator's limits on every community's JP rules (docs/certificates.md):
# the most JP one activity (a meeting attended, a practice applied in class) may count, and the
# most JP one certificate may give.
CERTIFICATES_MAX_JP_PER_ACTIVITY = env_int("CERTIFICATES_MAX_JP_PER_ACTIVITY", 4)
CERTIFICATES_MAX_JP_PER_PERIOD = env_int("CERTIFICATES_MAX_JP_PER_PERIOD", 32)

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
# axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "komunitas.accounts.backends.EmailBackend",
]
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
# Lock-out after repeated failed logins, by django-axes on every way in (login form, mailed code,
# /operator/login/): per account and client address, and per account from anywhere; never per
# address alone (accounts/lockout.py, docs/security.md).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_ACCOUNT_LIMIT = env_int("LOGIN_FAILURE_ACCOUNT_LIMIT", 50)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = "komunitas.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"]]
AXES_HANDLER = "komunitas.accounts.lockout.LoginLockout"
AXES_USERNAME_CALLABLE = "komunitas.accounts.lockout.login_name"
AXES_CLIENT_IP_CALLABLE = "komunitas.lib.http.client_ip"
AXES_LOCKOUT_CALLABLE = "komunitas.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not kept (privacy)
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # its admin pages are English only; `komunitas axes_reset` lifts locks
# Two-factor authentication (django-otp; accounts/two_factor.py): operators and Dinas accounts
# must set it up before they reach any page. On by default; turn it off only for a local demo.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Komunitas Praktisi"
# A login code mailed instead of the password: works once, for this many minutes, and this many
# wrong tries spoil it (each also counts as a failed login).
LOGIN_CODE_MINUTES = env_int("LOGIN_CODE_MINUTES", 10)
LOGIN_CODE_ATTEMPTS = env_int("LOGIN_CODE_ATTEMPTS", 5)
# Mail anyone can make the site send: {kind: (per address, per client, window in minutes)}.
MAIL_LIMITS = {
    "signup": (
        env_int("SIGNUP_MAIL_PER_EMAIL", 3),
        env_int("SIGNUP_MAIL_PER_CLIENT", 10),
        env_int("SIGNUP_MAIL_WINDOW_MINUTES", 60),
    ),
    "reset": (
        env_int("PASSWORD_RESET_PER_EMAIL", 3),
        env_int("PASSWORD_RESET_PER_CLIENT", 10),
        env_int("PASSWORD_RESET_WINDOW_MINUTES", 60),
    ),
    "verify": (
        env_int("VERIFY_MAIL_PER_EMAIL", 3),
        env_int("VERIFY_MAIL_PER_CLIENT", 10),
        env_int("VERIFY_MAIL_WINDOW_MINUTES", 60),
    ),
    "code": (
        env_int("LOGIN_CODE_PER_EMAIL", 3),
        env_int("LOGIN_CODE_PER_CLIENT", 10),
        env_int("LOGIN_CODE_WINDOW_MINUTES", 15),
    ),
}
# A verification link works once, for 3 days; it logs in only a new account's first verification,
# within this many minutes of being sent.
EMAIL_VERIFICATION_DAYS = 3
EMAIL_VERIFICATION_LOGIN_MINUTES = env_int("EMAIL_VERIFICATION_LOGIN_MINUTES", 60)

# --- Discussions: rate limits per member (see docs/discussions.md).
DISCUSSIONS_POSTS_PER_HOUR = env_int("DISCUSSIONS_POSTS_PER_HOUR", 10)
DISCUSSIONS_ANONYMOUS_POSTS_PER_DAY = env_int("DISCUSSIONS_ANONYMOUS_POSTS_PER_DAY", 3)
# Calls to the API per minute by one token, member or address (then 429 with Retry-After).
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120)
DISCUSSIONS_REPLIES_PER_HOUR = env_int("DISCUSSIONS_REPLIES_PER_HOUR", 60)
DISCUSSIONS_REPORTS_PER_DAY = env_int("DISCUSSIONS_REPORTS_PER_DAY", 20)
# Days a file removed from a post or a reply by an edit stays in the storage (for its author and
# the moderators) before the periodic job discussions.purge_removed_files deletes it.
DISCUSSIONS_REMOVED_FILES_DAYS = env_int("DISCUSSIONS_REMOVED_FILES_DAYS", 30)
# --- Bulk onboarding of teachers (docs/onboarding.md): the largest file accepted, in bytes and
# in rows (a larger one is refused with a message, before it is read whole), how many bad rows a
# check lists, and how long the invitation link works.
ONBOARDING_MAX_BYTES = env_int("ONBOARDING_MAX_BYTES", 10 * 1024 * 1024)
ONBOARDING_MAX_ROWS = env_int("ONBOARDING_MAX_ROWS", 20000)
ONBOARDING_MAX_REPORTED_ERRORS = env_int("ONBOARDING_MAX_REPORTED_ERRORS", 1000)
ONBOARDING_INVITATION_DAYS = env_int("ONBOARDING_INVITATION_DAYS", 14)
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
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Static and uploaded files
# STATIC_URL may point at a CDN that mirrors STATIC_ROOT (https://cdn.example.id/static/); the
# Content-Security-Policy below then allows that origin for scripts, styles, images and fonts.
STATIC_URL = env_str("STATIC_URL", "/static/")
if not STATIC_URL.endswith("/"):
    raise ImproperlyConfigured(f"STATIC_URL must end with a slash, not {STATIC_URL!r}")
_static = urlsplit(STATIC_URL)
if _static.scheme or _static.netloc:
    if _static.scheme not in ("https", "http") or not _static.netloc:
        raise ImproperlyConfigured(f"STATIC_URL must be a path or an https:// URL: {STATIC_URL!r}")
    if _static.scheme == "http" and not DEBUG:
        raise ImproperlyConfigured("STATIC_URL on another server must use https://")
    STATIC_ORIGIN = f"{_static.scheme}://{_static.netloc}"
else:
    STATIC_ORIGIN = ""
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
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "komunitas.lib.storage.FileSystemStorage"),
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
# Static files are for this site's own pages: no "Access-Control-Allow-Origin: *".
WHITENOISE_ALLOW_ALL_ORIGINS = False
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
# Members' uploads (komunitas/lib/uploads.py): pictures are re-encoded to at most this many pixels
# on the long side; documents are checked on their content.
UPLOAD_MAX_IMAGE_MB = env_int("UPLOAD_MAX_IMAGE_MB", 10)
UPLOAD_MAX_DOCUMENT_MB = env_int("UPLOAD_MAX_DOCUMENT_MB", 20)
UPLOAD_IMAGE_MAX_SIDE = env_int("UPLOAD_IMAGE_MAX_SIDE", 2048)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000_000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# A request larger than its view takes is refused from its Content-Length, unread
# (komunitas/lib/request_limits.py; docs/security.md has the web server's limit to match).

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
# How many proxies in front of the app add to X-Forwarded-For: the client's address is the one the
# farthest of them saw (lib/http.client_ip; lock-outs and rate limits count by it). 0: none, the
# connection's own address; 1 behind one TLS proxy (the default with BEHIND_TLS_PROXY).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0)
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
# Powerful browser features the site never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), usb=(), xr-spatial-tracking=()"
)
_SELF = f"'self' {STATIC_ORIGIN}".strip()  # the static files' CDN, when STATIC_URL names one
CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; img-src {_SELF} data:; style-src {_SELF}; script-src {_SELF}; "
    f"font-src {_SELF}; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)

# --- Operations (docs/deploy.md): backups, health, logs, error reports, the source link.
# Backups: `komunitas backup` writes archives here; the worker takes one a day when
# BACKUP_SCHEDULE is on and keeps the newest of the last N days and M weeks.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(DATA_DIR / "backups"))).resolve()
BACKUP_SCHEDULE = env_bool("BACKUP_SCHEDULE", False)
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = env_int("BACKUP_KEEP_WEEKLY", 4)
# Health: /healthz and /readyz answer a load balancer's plain-HTTP probe before the redirect to
# HTTPS and the host check (komunitas/core/health.py). A worker's heartbeat older than this many
# seconds is stale; READYZ_REQUIRE_WORKER makes a stale worker a 503 instead of "degraded".
WORKER_HEARTBEAT_MAX_AGE = env_int("WORKER_HEARTBEAT_MAX_AGE", 120)
READYZ_REQUIRE_WORKER = env_bool("READYZ_REQUIRE_WORKER", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Logs: plain lines, or JSON lines with LOG_FORMAT=json; requests slower than SLOW_REQUEST_MS
# are logged as warnings with their number of queries (komunitas/lib/logging.py).
LOG_FORMAT = env_str("LOG_FORMAT", "plain").lower()
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
SLOW_REQUEST_MS = env_int("SLOW_REQUEST_MS", 1000)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "komunitas.lib.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Django's own line per 4xx/5xx repeats komunitas.request's.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# Errors to Sentry or GlitchTip when SENTRY_DSN is set, scrubbed of personal data
# (komunitas/lib/sentry.py).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from komunitas.lib.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE", "komunitas"),
    )

# The AGPL's network clause: every page links to the source of the code it runs. By default
# /kode-sumber/ sends the installed package as a .tar.gz; a fork may point at its repository.
SOURCE_CODE_URL = env_str("SOURCE_CODE_URL", "/kode-sumber/")

# --- Meetings: the self check-in window around a meeting, and when a check-in counts as late.
MEETINGS_CHECKIN_OPENS_MINUTES = env_int("MEETINGS_CHECKIN_OPENS_MINUTES", 30)
MEETINGS_CHECKIN_CLOSES_MINUTES = env_int("MEETINGS_CHECKIN_CLOSES_MINUTES", 0)
MEETINGS_LATE_AFTER_MINUTES = env_int("MEETINGS_LATE_AFTER_MINUTES", 15)

# --- Files on object storage, how private files are served, and the members' data rights
# (docs/privacy.md). S3_BUCKET switches uploads to S3-compatible object storage (django-storages,
# `pip install "komunitas[s3]"`); FILE_STORAGE_OPTIONS, if given, still wins over these.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "komunitas.lib.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": env_str("S3_ADDRESSING_STYLE") or None,  # "path" for MinIO
            "default_acl": "private",
            "querystring_auth": True,
            "signature_version": "s3v4",
            "file_overwrite": False,
            **FILE_STORAGE_OPTIONS,
        },
    }
# After the permission check a private file is "stream"ed by the app (the default without object
# storage), handed to the web server in front ("accel": X-Accel-Redirect to FILE_ACCEL_PREFIX, an
# nginx `internal` location on MEDIA_ROOT) or "signed": a redirect to a presigned URL of the
# object storage valid FILE_SIGNED_URL_SECONDS (the default with object storage).
_object_storage = STORAGES["default"]["BACKEND"] in {
    "komunitas.lib.storage.S3Storage",
    "storages.backends.s3.S3Storage",
}
FILE_SERVE_MODE = env_str("FILE_SERVE_MODE", "signed" if _object_storage else "stream")
if FILE_SERVE_MODE not in ("stream", "accel", "signed"):
    raise ImproperlyConfigured("FILE_SERVE_MODE must be stream, accel or signed")
if FILE_SERVE_MODE == "signed" and not _object_storage:
    raise ImproperlyConfigured("FILE_SERVE_MODE=signed needs object storage (S3_BUCKET)")
FILE_ACCEL_PREFIX = "/" + env_str("FILE_ACCEL_PREFIX", "/_protected/").strip("/") + "/"
FILE_SIGNED_URL_SECONDS = env_int("FILE_SIGNED_URL_SECONDS", 300)
if FILE_SERVE_MODE == "signed" and STORAGES["default"]["OPTIONS"].get("endpoint_url"):
    # Pictures shown in pages are redirected to the storage: let the page load them from there.
    from urllib.parse import urlsplit

    _storage = urlsplit(STORAGES["default"]["OPTIONS"]["endpoint_url"])
    CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
        "img-src 'self' data:", f"img-src 'self' data: {_storage.scheme}://{_storage.netloc}"
    )
# A member's export (a ZIP of everything kept about them) can be downloaded this many days.
ACCOUNT_EXPORT_DAYS = env_int("ACCOUNT_EXPORT_DAYS", 7)
# Retention: read activity older than this is rolled into monthly counts per community;
# notifications and sent (or failed) mail older than theirs are deleted by periodic jobs.
READ_ACTIVITY_RETENTION_DAYS = env_int("READ_ACTIVITY_RETENTION_DAYS", 400)
if READ_ACTIVITY_RETENTION_DAYS < 366:  # the longest dashboard period (insights/period.py)
    raise ImproperlyConfigured("READ_ACTIVITY_RETENTION_DAYS must be at least 366")
NOTIFICATION_RETENTION_DAYS = env_int("NOTIFICATION_RETENTION_DAYS", 180)
MAIL_RETENTION_DAYS = env_int("MAIL_RETENTION_DAYS", 90)
