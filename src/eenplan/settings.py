"""Eén Plan settings: one file, every value from the environment (see README, "Configuratie").

Nothing here exists only in production; secrets come from the environment.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The demo (``eenplan demo``) and the tests set EENPLAN_DEMO; it only relaxes what a laptop needs.
DEMO = env_bool("EENPLAN_DEMO", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO):
        raise ImproperlyConfigured("Zet SECRET_KEY in de omgeving (minstens 50 willekeurige tekens).")
    SECRET_KEY = "eenplan-demo-only-" + "x" * 40  # never used outside DEBUG or the demo

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DATA_DIR = Path(os.environ.get("EENPLAN_DATA_DIR", Path.cwd() / "eenplan-data"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    # Eén Plan apps, in dependency order; each has the same inner shape (docs/architecture.md).
    "eenplan.core",
    "eenplan.accounts",
    "eenplan.households",
    "eenplan.assessment",
    "eenplan.intake",
    "eenplan.socialmap",
    "eenplan.plans",
    "eenplan.provisions",
    "eenplan.budget",
    "eenplan.sharing",
    "eenplan.privacy",
    "eenplan.experience",
    "eenplan.signals",
    "eenplan.surveys",
    "eenplan.thermometer",
    "eenplan.portal",
    "eenplan.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "eenplan.core.middleware.DutchByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "eenplan.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eenplan.urls"
WSGI_APPLICATION = "eenplan.wsgi.application"

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
                "django.template.context_processors.i18n",
                "eenplan.core.context_processors.navigation",
            ],
        },
    },
]

# SQLite is the embedded default; production and CI set DATABASE_URL=postgres://…
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'eenplan.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",  # writers queue instead of failing with "database is locked"
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username + address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("EENPLAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("EENPLAN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
EENPLAN_PROXY_COUNT = int(os.environ.get("EENPLAN_PROXY_COUNT", "0"))  # proxies in front (load balancer)
AXES_CLIENT_IP_CALLABLE = "eenplan.accounts.queries.client_address"

# Log-in for residents through OpenID Connect (DigiD, reached through an OIDC broker): on when a client
# id is set. mozilla-django-oidc does the protocol; accounts/oidc.py decides which account a BSN gets.
EENPLAN_OIDC_ENABLED = bool(os.environ.get("EENPLAN_OIDC_CLIENT_ID"))
OIDC_RP_CLIENT_ID = os.environ.get("EENPLAN_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("EENPLAN_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("EENPLAN_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("EENPLAN_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("EENPLAN_OIDC_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("EENPLAN_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("EENPLAN_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("EENPLAN_OIDC_SCOPES", "openid bsn")
EENPLAN_OIDC_BSN_CLAIM = os.environ.get("EENPLAN_OIDC_BSN_CLAIM", "bsn")
EENPLAN_OIDC_LABEL = os.environ.get("EENPLAN_OIDC_LABEL", "Inloggen met DigiD")
# A refused or failed OIDC log-in comes back to the log-in page, which says why and what to do next.
LOGIN_REDIRECT_URL_FAILURE = "/account/inloggen/?digid=mislukt"
if EENPLAN_OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "EENPLAN_OIDC_CLIENT_SECRET",
            "EENPLAN_OIDC_AUTHORIZATION_ENDPOINT",
            "EENPLAN_OIDC_TOKEN_ENDPOINT",
            "EENPLAN_OIDC_USER_ENDPOINT",
            *(["EENPLAN_OIDC_JWKS_ENDPOINT"] if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) else []),
        )
        if not os.environ.get(name)
    ]
    if _missing:
        raise ImproperlyConfigured(f"EENPLAN_OIDC_CLIENT_ID staat aan; zet ook {', '.join(_missing)}.")
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("eenplan.accounts.oidc.ResidentOIDCBackend")

# Two-factor authentication (TOTP) for staff: required in production, optional in the demo.
EENPLAN_REQUIRE_2FA = env_bool("EENPLAN_REQUIRE_2FA", not DEMO)
OTP_TOTP_ISSUER = "Eén Plan"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
if (DEBUG or DEMO) and "STATIC_ROOT" not in os.environ:
    STATIC_ROOT = None  # served straight from the apps' static folders (WHITENOISE_USE_FINDERS)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or DEMO)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO

# Security: secure by default; the demo on http://127.0.0.1 relaxes only what plain HTTP needs.
SECURE = env_bool("EENPLAN_SECURE", not (DEBUG or DEMO))
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("EENPLAN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("EENPLAN_BEHIND_PROXY", False) else None
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("EENPLAN_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Strict CSP: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Eén Plan API",
    "DESCRIPTION": "REST API van Eén Plan. Dezelfde toegangsregels en verwerkingenlog als de schermen.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# Background work: django-tasks with its database backend; run workers with `eenplan manage db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail (reminders). The demo prints mail to the console; production sends through SMTP.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEBUG or DEMO)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "eenplan@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools (PDF documents) log every layout step and font subset at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}

# Where Eén Plan reads the reference data it ships (CBS) and, later, configuration files.
EENPLAN_DEMO_MUNICIPALITY = os.environ.get("EENPLAN_DEMO_MUNICIPALITY", "GM0193")
# Break-the-glass: how long emergency access to a household outside one's reach lasts.
# Where Deduce (signals/deidentify.py) keeps the lookup structures it builds once (about 80 MB); empty:
# next to the package's word lists when writable, else EENPLAN_DATA_DIR/deduce.
EENPLAN_DEDUCE_CACHE_DIR = os.environ.get("EENPLAN_DEDUCE_CACHE_DIR", "")
EENPLAN_BREAK_GLASS_HOURS = int(os.environ.get("EENPLAN_BREAK_GLASS_HOURS", "12"))
EENPLAN_SYSTEM_NAME = "Eén Plan"

# The official iStandaarden XSDs (folders iwmo-3.2/xsd and ijw-3.2/xsd), to validate WMO301/JW301
# allocation messages before they leave. Not shipped with Eén Plan: their licence is not settled.
EENPLAN_ISTANDAARDEN_DIR = Path(_xsd) if (_xsd := os.environ.get("EENPLAN_ISTANDAARDEN_DIR")) else None
