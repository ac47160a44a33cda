"""Django settings for rekisteri.

Every value that differs between installations comes from the environment
(``rekisteri.config.env``); each variable is documented in docs/configuration.md
and a test keeps that page complete. Legal decisions (retention periods, lawful
bases, categories) are not settings: they live in the data-map declarations.

The defaults are the safe ones: DEBUG is off and SECRET_KEY is required unless
DEBUG is on.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rekisteri.config.env import env_bool, env_int, env_list, env_path, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("REKISTERI_DEBUG", default=False)

#: The data directory holds the SQLite database, encrypted uploads and keys.
DATA_DIR = env_path("REKISTERI_DATA_DIR", BASE_DIR / "var")


def _ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _development_secret_key(data_dir: Path) -> str:
    """Return a per-installation key for the development server, made on first use."""
    key_file = _ensure_private_dir(data_dir / "keys") / "django-secret-key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = env_secret("REKISTERI_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "REKISTERI_SECRET_KEY (or REKISTERI_SECRET_KEY_FILE) must be set when DEBUG is off."
        )
    SECRET_KEY = _development_secret_key(DATA_DIR)

ALLOWED_HOSTS = env_list("REKISTERI_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rekisteri.audit",
    "rekisteri.privacy",
    "rekisteri.subjects",
    "rekisteri.accounts",
    "rekisteri.registers.customers",
    "rekisteri.registers.sales",
    "rekisteri.registers.webshop",
    "rekisteri.registers.service",
    "rekisteri.registers.recruiting",
    "rekisteri.registers.staff",
    "rekisteri.retention",
    "rekisteri.consent",
    "rekisteri.disclosures",
    "rekisteri.breaches",
    "rekisteri.notices",
    "rekisteri.dsr",
    "rekisteri.access",
    "rekisteri.erasure",
    "rekisteri.intake",
    "rekisteri.api",
    "rekisteri.imports",
    "rekisteri.throttle",
    "rekisteri.web",
    "rekisteri.crypto",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "rekisteri.accounts.middleware.AbsoluteSessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Two-factor authentication (ASVS 6.3.3): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "rekisteri"

ROOT_URLCONF = "rekisteri.config.urls"
WSGI_APPLICATION = "rekisteri.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rekisteri.accounts.context_processors.capabilities",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------

#: Pragmas applied to every SQLite connection; a test asserts each one live. Writers
#: wait for each other (IMMEDIATE transactions) up to 30 s: with eight processes
#: writing flat out, single waits of 4-9 s were measured (tests/test_concurrency.py),
#: and a user should wait rather than see "database is locked" (ASVS 15.4.4).
SQLITE_INIT_COMMAND = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA secure_delete=ON;"
    "PRAGMA busy_timeout=30000;"
    "PRAGMA synchronous=NORMAL;"
)


def database_from_url(url: str, data_dir: Path) -> dict[str, object]:
    """Translate ``DATABASE_URL`` into a Django database setting.

    An empty URL means the embedded SQLite database in the data directory.
    """
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": data_dir / "rekisteri.sqlite3",
            "OPTIONS": {
                "init_command": SQLITE_INIT_COMMAND,
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(unquote(parsed.path)),
            "OPTIONS": {
                "init_command": SQLITE_INIT_COMMAND,
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with postgresql:// or sqlite://; got scheme {parsed.scheme!r}"
    )


_ensure_private_dir(DATA_DIR)
DATABASES = {"default": database_from_url(env_secret("DATABASE_URL"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Keys and encrypted storage -----------------------------------------------------

#: Field-encryption keyring. Never derived from SECRET_KEY (see docs/decisions).
FIELD_KEYS = env_secret("REKISTERI_FIELD_KEYS")
#: Key for the subject index's keyed hashes of identifiers.
INDEX_KEY = env_secret("REKISTERI_INDEX_KEY")
KEYS_DIR = DATA_DIR / "keys"
#: Where the erasure ledger is kept: outside the database, ideally on a disk that
#: backups do not restore, so a restore can replay it (GDPR Art. 17, 32(1)(c)).
ERASURE_LEDGER_DIR = env_path("REKISTERI_ERASURE_LEDGER_DIR", DATA_DIR / "ledger")
#: Key of the ledger's keyed hashes; by default DATA_DIR/keys/ledger.key, made on first use.
LEDGER_KEY = env_secret("REKISTERI_LEDGER_KEY")
UPLOAD_DIR = DATA_DIR / "uploads"
#: Signed audit checkpoints: outside the database, so a truncated log is detected.
AUDIT_CHECKPOINT_DIR = env_path("REKISTERI_AUDIT_CHECKPOINT_DIR", DATA_DIR / "audit-checkpoints")
#: HMAC key of the checkpoints; by default DATA_DIR/keys/audit-checkpoint.key, made on first use.
AUDIT_CHECKPOINT_KEY = env_secret("REKISTERI_AUDIT_CHECKPOINT_KEY")
MAX_UPLOAD_BYTES = env_int("REKISTERI_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)

# --- Authentication ---------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 3600
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout (django-axes): by username and IP together, so nobody can lock a colleague
# out from another address; attempts past the limit get the 429 page until cool-off.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 30 * 60
#: Absolute session lifetime: logged out 12 h after login however active.
SESSION_ABSOLUTE_SECONDS = 12 * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

#: HTTPS-only cookies and headers; on by default whenever DEBUG is off.
HTTPS = env_bool("REKISTERI_HTTPS", default=not DEBUG)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("REKISTERI_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- E-mail ------------------------------------------------------------------------

#: Outgoing mail (password-reset and request-confirmation links). Without an SMTP
#: host, messages are written as files to DATA_DIR/mail, where `make run` users read them.
EMAIL_HOST = env_str("REKISTERI_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("REKISTERI_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("REKISTERI_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_secret("REKISTERI_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("REKISTERI_EMAIL_TLS", default=True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("REKISTERI_EMAIL_FROM", "rekisteri@localhost")

# --- Internationalisation ----------------------------------------------------------

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("REKISTERI_TIME_ZONE", "Europe/Helsinki")
USE_TZ = True

#: First day of the financial year as MM-DD (Kirjanpitolaki 1:4 allows a non-calendar year).
FINANCIAL_YEAR_START = env_str("REKISTERI_FINANCIAL_YEAR_START", "01-01")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("REKISTERI_LOG_LEVEL", "INFO")},
    # SQL debug logging would print personal data; it stays off at every level.
    "loggers": {"django.db.backends": {"level": "WARNING", "propagate": False}},
}
