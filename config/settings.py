"""One settings module, driven by environment variables.

Defaults give a working product with nothing else installed: SQLite, eager Celery, console email,
debug off and a secret key of this checkout's own (.secret_key). DJANGO_DEBUG=1 turns debug on.
Set DJANGO_PRODUCTION=1 (with SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL) for a deployment
that passes `manage.py check --deploy`.
"""

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def local_secret_key(path: Path) -> str:
    """The key kept in `path`, made on first use: random, written readable by its owner only, and
    linked into place atomically, so processes starting together all end up with the same key.
    Git ignores the file (.gitignore), and the Docker build leaves it out (.dockerignore)."""
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.")  # mode 0600
            try:
                with os.fdopen(descriptor, "w") as draft_file:
                    draft_file.write(secrets.token_urlsafe(50) + "\n")
                try:
                    os.link(draft, path)  # never replaces a key another process wrote first
                except FileExistsError:
                    pass
            finally:
                os.unlink(draft)
        key = path.read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(f"Set SECRET_KEY, or let the app keep its own key in {path}: {error}") from error
    if len(key) < 50:
        raise ImproperlyConfigured(f"{path} does not hold a secret key: delete it, or set SECRET_KEY.")
    return key


PRODUCTION = env_bool("DJANGO_PRODUCTION")
# Debug pages (tracebacks, settings, the environment) only when asked for, and never in production:
# DJANGO_DEBUG=1, as `make run` sets for the demo server.
DEBUG = env_bool("DJANGO_DEBUG") and not PRODUCTION

if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]  # fail loudly rather than run production with a known key
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
else:
    # No key in the code: without SECRET_KEY, a random one made for this checkout and kept in a file.
    SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key(
        Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / ".secret_key"))
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tables2",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "partnership",
    "indicators",
    "escalation",
    "reporting",
    "surveys",
    "planning",
    "home",
]

MIDDLEWARE = [
    # First, so every response carries the Permissions-Policy header, static files' included.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves the collected, hashed static files; in development runserver serves them.
    # Just after SecurityMiddleware, as WhiteNoise asks.
    security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    MIDDLEWARE.insert(security + 1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnership.context_processors.product",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORM_RENDERER = "partnership.forms.base.GovukFormRenderer"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username at that address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email: console by default so password reset works on a laptop; SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "performance@partnership.example")

# Celery: a real broker when one is configured; otherwise tasks run eagerly in-process, so the
# product works with nothing but Python installed.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The result backend is for the board pack's chord alone (its parts' results); no other task keeps one.
CELERY_TASK_IGNORE_RESULT = True
# A request that queues a task must answer within 2 s when the broker is down: a short connect
# timeout and no publish retries (the caller then says so; reporting.tasks.send_board_pack).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5, "max_retries": 0}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 0}}
# A pool process that has grown past this (KB) after a task is replaced by a fresh one (forked from
# the worker, so it starts at once): a fresh process is about 115 MB and one board pack part adds
# up to 110 MB, but WeasyPrint's layouts leave the heap fragmented, so a process that has laid out
# a part and then takes another would pass the 300 MB a worker process may use.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("CELERY_WORKER_MAX_MEMORY_PER_CHILD") or 160_000)
# How many parts a board pack is laid out in, each a task any worker may take: one (laid out in
# the request) without a broker.
BOARD_PACK_PARTS = int(os.environ.get("BOARD_PACK_PARTS") or (4 if CELERY_BROKER_URL else 1))
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

DJANGO_TABLES2_TEMPLATE = "django_tables2/govuk_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {
    "class": "govuk-table",
    "th": {"class": "govuk-table__header"},
    "td": {"class": "govuk-table__cell"},
}

PRODUCT_NAME = os.environ.get("PRODUCT_NAME", "Partnership Performance")
# Links in emails sent outside a request (reminders, chasers).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every list: ?limit= (at most 500) and ?offset=; garbled values give the first, default page.
    "DEFAULT_PAGINATION_CLASS": "indicators.api.pagination.Pagination",
    "PAGE_SIZE": 100,
    # Every 4xx in one shape: {"detail": ...}, plus `errors` on a 400 and `current` on a 409.
    "EXCEPTION_HANDLER": "indicators.api.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership Performance API",
    "DESCRIPTION": "Indicators, targets, results, returns and spend returns of the partnerships you belong to.\n\n"
    'Every error (4xx) answers JSON of one shape: `{"detail": "<what went wrong, in words>"}`, with `errors` '
    "(`{field: message}`) added on a 400 and `current` (the return as saved now) on a 409. A method a path "
    "does not list answers 405 (with an `Allow` header), an `Accept` header the API cannot meet 406, and an "
    "address that is no route 404: all in that shape.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files (drf-spectacular-sidecar): the CSP allows no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Indicator and spend returns share their entry's actions; decisions have their own.
    "ENUM_NAME_OVERRIDES": {
        "EntryActionEnum": "indicators.api.serializers.ENTRY_ACTION_CHOICES",
        "DecisionActionEnum": "indicators.api.serializers.DECISION_ACTION_CHOICES",
    },
}

# Login throttling: five failed sign-ins for one username from one address lock that pair out for
# an hour (a colleague mistyping elsewhere is not locked out with them). A successful sign-in
# before the limit clears the count. Administrators can unlock early in the admin (Axes: access attempts).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The address a sign-in comes from (django-axes, through django-ipware). By default (0) the
# connection's own, REMOTE_ADDR, and X-Forwarded-For is ignored: anyone can send one. Behind N
# trusted proxies that each append to X-Forwarded-For (a TLS-terminating proxy: 1), the Nth address
# from its right, the one the outermost trusted proxy saw; whatever a client put further left is
# ignored. Without it, everyone behind the proxy would share the proxy's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    # django-ipware counts the proxies named in the header after the client's address: one fewer
    # than those in front of us (the nearest is REMOTE_ADDR, not in the header).
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    AXES_IPWARE_PROXY_ORDER = "left-most"  # the client first, each proxy appending
    IPWARE_STRICT = False  # a longer header (a client's own entries in front) still counts from the right
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None

# Content-Security-Policy: everything from our own origin; the one inline script (GOV.UK
# Frontend's js-enabled class) carries a per-request nonce. No inline styles, no CDN, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Permissions-Policy (django-permissions-policy) on every response: none of the browser features
# the product does not use, for this page or anything it might frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "speaker-selection",
        "usb",
        "web-share",
        "window-management",
        "xr-spatial-tracking",
    )
}

# Evidence uploads (returns) are stored under MEDIA_ROOT and served only through a view that
# checks membership; there is deliberately no public MEDIA_URL route.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"fontTools": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    SECURE_REFERRER_POLICY = "same-origin"
