"""Relais settings. Configuration comes only from environment variables (see README)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RELAIS_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("RELAIS_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

_DEV_SECRET = "dev-insecure-secret-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET or "insecure" in SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY doit être une clé secrète réelle d'au moins 50 caractères en production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Absolute links in emails and SMS; by default the address `manage.py serve` listens on (PORT).
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}").rstrip("/")

INSTALLED_APPS = [
    # Relais apps first: relais.journal overrides `flush` (see its docstring).
    "relais.accounts",
    "relais.policy",
    "relais.organisations",
    "relais.territory",
    "relais.journal",
    "relais.notifications",
    "relais.casefile",
    "relais.identity",
    "relais.directory",
    "relais.documents",
    "relais.procedures",
    "relais.mandates",
    "relais.rights",
    "relais.referrals",
    "relais.escalations",
    "relais.appointments",
    "relais.feedback",
    "relais.observatory",
    "relais.www",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before everything that costs: a client known to be over the simulator's limit is answered 429 here.
    "relais.www.middleware.EarlyRefusalMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "relais.www.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "relais.www.middleware.SecurityHeadersMiddleware",
    "relais.www.middleware.ActiveOrganisationMiddleware",
    "relais.www.middleware.ProfessionalTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "relais.www.errors.DomainErrorMiddleware",
    "relais.www.mandates.acting.ActingDomainMiddleware",
    # Last so that its 413 page has the session, the user and every header above, yet before anything reads
    # the body: the views and every process_view (CSRF reads request.POST there) run after the last __call__.
    "relais.www.middleware.RequestSizeLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
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
                "relais.www.context_processors.relais",
            ],
            # |phone, |tel, |size, |date_words... in every template (relais/core/formats.py).
            "builtins": ["relais.www.templatetags.relais_formats"],
        },
    },
]
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"

# --- Database -------------------------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'relais.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections keep SQLite's page cache warm between requests.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and the writer work together; IMMEDIATE avoids "database is locked"
        # upgrades; busy timeout waits for the other writer instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = (
        {"NAME": os.environ.get("SQLITE_TEST_NAME", "")} if os.environ.get("SQLITE_TEST_NAME") else {}
    )
else:
    DATABASES["default"]["OPTIONS"] = {"pool": False}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "www:dashboard"
LOGOUT_REDIRECT_URL = "www:home"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying: this many failures from one address, across usernames, lock the address too.
AXES_HANDLER = "relais.accounts.lockout.AddressWideLockoutHandler"
RELAIS_AXES_IP_FAILURE_LIMIT = int(os.environ.get("RELAIS_AXES_IP_FAILURE_LIMIT", "30"))
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Relais"
# Wrong second-factor codes: RELAIS_TOTP_FAILURE_LIMIT within RELAIS_TOTP_FAILURE_WINDOW seconds, then a pause
# (relais.accounts.services.second_factor_check) instead of django-otp's doubling delay from the first mistake.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
RELAIS_TOTP_FAILURE_LIMIT = int(os.environ.get("RELAIS_TOTP_FAILURE_LIMIT", "5"))
RELAIS_TOTP_FAILURE_WINDOW = int(os.environ.get("RELAIS_TOTP_FAILURE_WINDOW", "300"))
# Professionals must pass a second factor; RELAIS_REQUIRE_2FA=0 only for local demos.
RELAIS_REQUIRE_2FA = env_bool("RELAIS_REQUIRE_2FA", default=True)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-private/"  # never served directly: files go through permission-checked views
S3_BACKEND = "storages.backends.s3.S3Storage"


def default_storage_from_env(environ) -> dict:
    """The "default" entry of STORAGES (documents, previews, attachments) from the environment.

    STORAGE_BACKEND: "filesystem" (default: MEDIA_ROOT on this node's disk, one node only),
    "s3" (any S3-compatible object storage, required for several web nodes), or a dotted path.
    S3 objects are private (no ACL, signed URLs only, never handed out: every file goes through
    the permission-checked views) and never overwritten (an existing name gets a new suffix)."""
    backend = environ.get("STORAGE_BACKEND", "filesystem").strip() or "filesystem"
    if backend == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend not in {"s3", S3_BACKEND}:
        return {"BACKEND": backend}
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 demande AWS_STORAGE_BUCKET_NAME (le nom du bucket).")
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "location": environ.get("AWS_LOCATION", ""),
        "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "private, no-store"},
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


STORAGES = {
    "default": default_storage_from_env(os.environ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 31536000 if PRODUCTION else 3600
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
RELAIS_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# A request announcing a bigger body (Content-Length) is refused with a 413 before anything reads it:
# the largest file plus a margin for the other fields of the form.
RELAIS_MAX_REQUEST_BYTES = int(os.environ.get("RELAIS_MAX_REQUEST_BYTES", RELAIS_MAX_UPLOAD_BYTES + 2 * 1024 * 1024))
CLAMAV_SOCKET = os.environ.get("CLAMAV_SOCKET", "")  # unix path or host:port; empty = no antivirus

# --- Email and SMS --------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Relais <ne-pas-repondre@relais.localhost>")
# SMS: "console" (development: written to var/sms.log) or "http" (the provider client).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "http" if PRODUCTION else "console")
SMS_PROVIDER_URL = os.environ.get("SMS_PROVIDER_URL", "")
SMS_API_TOKEN = os.environ.get("SMS_API_TOKEN", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "Relais")
SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))

# --- Background tasks -----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
_tile_origin = ""
if MAP_TILE_URL:
    from urllib.parse import urlsplit

    _parts = urlsplit(MAP_TILE_URL.replace("{s}", "a"))
    _tile_origin = f"{_parts.scheme}://{_parts.netloc}"

from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"] + ([_tile_origin] if _tile_origin else []),
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_in_one_line": {"()": "relais.core.logging.RefusalsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["refusals_in_one_line"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Directory: places older than these are flagged to editors / hidden from the public.
DIRECTORY_STALE_FLAG_DAYS = 183
DIRECTORY_STALE_HIDE_DAYS = 365

WHITENOISE_USE_FINDERS = DEBUG and not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG and not PRODUCTION
DSFR_MARK_OPTIONAL_FIELDS = True

# --- mandates
# Salt of the attestation fingerprint (HMAC-SHA-256). Set MANDATE_FINGERPRINT_SALT explicitly in
# production so that rotating SECRET_KEY does not invalidate printed attestations.
import hashlib as _hashlib  # noqa: E402

MANDATE_FINGERPRINT_SALT = os.environ.get(
    "MANDATE_FINGERPRINT_SALT", _hashlib.sha256(f"relais-mandate-fingerprint:{SECRET_KEY}".encode()).hexdigest()
)
MANDATE_SMS_CODE_TTL_SECONDS = 10 * 60
MANDATE_SMS_CODE_MAX_ATTEMPTS = 5
MANDATE_SMS_CODE_MAX_SENDS = 5
# Days before a mandate ends when the person and the helper who created it get one reminder.
MANDATE_EXPIRY_REMINDER_DAYS = int(os.environ.get("MANDATE_EXPIRY_REMINDER_DAYS", "15"))
# Referrals (« orientations », relais/referrals): signed link validity, reminder and expiry without answer.
REFERRALS_LINK_DAYS = int(os.environ.get("REFERRALS_LINK_DAYS", "8"))
REFERRALS_REMIND_AFTER_DAYS = int(os.environ.get("REFERRALS_REMIND_AFTER_DAYS", "10"))
REFERRALS_EXPIRE_AFTER_DAYS = int(os.environ.get("REFERRALS_EXPIRE_AFTER_DAYS", "30"))
# The "acting for <person>" banner context on every page (relais/www/mandates/acting.py).
TEMPLATES[0]["OPTIONS"]["context_processors"].append("relais.www.mandates.context.acting_context")

# --- accounts
# django-dsfr's radio and checkbox snippets load the widget_tweaks template library.
if "widget_tweaks" not in INSTALLED_APPS:
    INSTALLED_APPS.append("widget_tweaks")

# --- notifications --------------------------------------------------------------------------
# Retries: exponential backoff from NOTIFICATIONS_RETRY_BASE seconds, capped at
# NOTIFICATIONS_RETRY_MAX, FAILED after NOTIFICATIONS_MAX_ATTEMPTS attempts. A delivery left
# SENDING longer than NOTIFICATIONS_STALE_AFTER seconds (its worker died) is taken back by
# `manage.py notifications_requeue`; keep it well above SMS_TIMEOUT and the SMTP timeout.
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "8"))
NOTIFICATIONS_RETRY_BASE = float(os.environ.get("NOTIFICATIONS_RETRY_BASE", "60"))
NOTIFICATIONS_RETRY_MAX = float(os.environ.get("NOTIFICATIONS_RETRY_MAX", "3600"))
NOTIFICATIONS_STALE_AFTER = float(os.environ.get("NOTIFICATIONS_STALE_AFTER", "300"))
# Grouping: an agent's steps on one dossier wait NOTIFICATIONS_GROUP_DELAY seconds (0: no grouping)
# and go out as one message, never later than NOTIFICATIONS_GROUP_MAX seconds after the first step.
NOTIFICATIONS_GROUP_DELAY = float(os.environ.get("NOTIFICATIONS_GROUP_DELAY", "120"))
NOTIFICATIONS_GROUP_MAX = float(os.environ.get("NOTIFICATIONS_GROUP_MAX", "900"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# --- rights
# Build the OpenFisca engine in a background thread when the web server or the task worker
# starts ("auto"), always ("1") or never ("0": built on first need, still never in a request).
RIGHTS_ENGINE_PRELOAD = os.environ.get("RIGHTS_ENGINE_PRELOAD", "auto")
# The simulator is open to anyone and one large household costs about a second of CPU: calls per client
# ("calls/seconds", counted in the database for every node, relais/policy/throttle.py), simulations
# running at once in one process (more are answered 503 at once), identical answers kept per process.
RIGHTS_SIMULATE_RATE = os.environ.get("RIGHTS_SIMULATE_RATE", "20/60")
# One per process: a simulation is CPU-bound and holds its process's GIL, a second one beside it would only
# halve both and leave the page threads of that process (4, see `serve`) even less time.
RIGHTS_SIMULATE_CONCURRENCY = int(os.environ.get("RIGHTS_SIMULATE_CONCURRENCY", "1"))
RIGHTS_SIMULATE_CACHE_SIZE = int(os.environ.get("RIGHTS_SIMULATE_CACHE_SIZE", "512"))
# Answers sent to the questionnaire's steps, per client (a person answers about ten steps, going back and forth).
RIGHTS_QUESTIONNAIRE_RATE = os.environ.get("RIGHTS_QUESTIONNAIRE_RATE", "60/60")

# --- rate limits
# Reverse proxies in front of the web nodes (0: REMOTE_ADDR is the client; 1: the last X-Forwarded-For).
RELAIS_TRUSTED_PROXIES = int(os.environ.get("RELAIS_TRUSTED_PROXIES", "0"))
# Calls per partner token (API), "calls/seconds".
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "120/60")

# --- retention (see templates/core/privacy.html and `manage.py retention_purge`)
DOSSIER_DRAFT_RETENTION_DAYS = int(os.environ.get("DOSSIER_DRAFT_RETENTION_DAYS", "365"))
DOSSIER_CLOSED_RETENTION_DAYS = int(os.environ.get("DOSSIER_CLOSED_RETENTION_DAYS", str(5 * 365)))
# Follow-up of rights probably not claimed (rights.UnclaimedRight): closed or no longer detected rows: retention days.
RIGHTS_UNCLAIMED_RETENTION_DAYS = int(os.environ.get("RIGHTS_UNCLAIMED_RETENTION_DAYS", str(2 * 365)))
# Notifications (texts, and the address of each delivery): days kept after sending.
NOTIFICATIONS_KEEP_DAYS = int(os.environ.get("NOTIFICATIONS_KEEP_DAYS", "365"))
# Household answers and the estimate saved to the person file (rights.RightsProfile): days without a change.
RIGHTS_PROFILE_RETENTION_DAYS = int(os.environ.get("RIGHTS_PROFILE_RETENTION_DAYS", str(2 * 365)))
DOCUMENTS_KEEP_AFTER_EXPIRY_DAYS = int(os.environ.get("DOCUMENTS_KEEP_AFTER_EXPIRY_DAYS", str(2 * 365)))

# Feedback on procedures (ADR 0018): reviews per client and day before the spam refusal, the Observatoire's
# publication minimum over the window, the satisfaction drop (points /10 over 30 days) that alerts the authors.
FEEDBACK_MAX_REVIEWS_PER_DAY = int(os.environ.get("FEEDBACK_MAX_REVIEWS_PER_DAY", "5"))
FEEDBACK_MIN_REVIEWS = int(os.environ.get("FEEDBACK_MIN_REVIEWS", "100"))
FEEDBACK_WINDOW_DAYS = int(os.environ.get("FEEDBACK_WINDOW_DAYS", "365"))
FEEDBACK_ALERT_DROP = float(os.environ.get("FEEDBACK_ALERT_DROP", "1.0"))
FEEDBACK_ALERT_MIN_REVIEWS = int(os.environ.get("FEEDBACK_ALERT_MIN_REVIEWS", "30"))
# --- identity providers (relais/identity, docs/adr/0020): FranceConnect (persons), ProConnect (professionals).
# A provider is on when its issuer is set (FranceConnect v2: ".../api/v2"; its discovery document is at
# "<issuer>/.well-known/openid-configuration"). Without any, RELAIS_FAKE_IDP=1 (set by `make run`, never by
# default) serves a demonstration provider inside Relais under /identite/demo/.
RELAIS_FRANCECONNECT_ISSUER = os.environ.get("RELAIS_FRANCECONNECT_ISSUER", "")
RELAIS_FRANCECONNECT_CLIENT_ID = os.environ.get("RELAIS_FRANCECONNECT_CLIENT_ID", "")
RELAIS_FRANCECONNECT_CLIENT_SECRET = os.environ.get("RELAIS_FRANCECONNECT_CLIENT_SECRET", "")
RELAIS_PROCONNECT_ISSUER = os.environ.get("RELAIS_PROCONNECT_ISSUER", "")
RELAIS_PROCONNECT_CLIENT_ID = os.environ.get("RELAIS_PROCONNECT_CLIENT_ID", "")
RELAIS_PROCONNECT_CLIENT_SECRET = os.environ.get("RELAIS_PROCONNECT_CLIENT_SECRET", "")
RELAIS_FAKE_IDP = env_bool("RELAIS_FAKE_IDP", default=False) and not PRODUCTION
# Seconds before a call to a provider (discovery, token, userinfo, keys) is abandoned.
RELAIS_OIDC_TIMEOUT = float(os.environ.get("RELAIS_OIDC_TIMEOUT", "5"))
# Key of the salted hash (HMAC-SHA-256) under which a provider's `sub` is stored.
RELAIS_IDENTITY_HASH_KEY = os.environ.get(
    "RELAIS_IDENTITY_HASH_KEY", _hashlib.sha256(f"relais-identity-sub:{SECRET_KEY}".encode()).hexdigest()
)
