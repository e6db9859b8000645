"""Django settings for the workbench. SQLite in ``var/`` by default; ``DATABASE_URL`` for PostgreSQL."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from workbench.runtime import env_flag, persistent_secret, var_path

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or persistent_secret("secret_key")
DEBUG = env_flag("DJANGO_DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "workbench.organizations",
    "workbench.assessments",
    "workbench.audit",
    "workbench.consultation",
    "workbench.reviews",
    "workbench.publication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "workbench.urls"
WSGI_APPLICATION = "workbench.wsgi.application"

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
                "workbench.organizations.context.memberships",
            ],
            "builtins": ["workbench.dates"],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        # Every transaction takes the write lock when it starts (IMMEDIATE) and waits up to the
        # timeout for it, so simultaneous saves queue instead of failing with "database is
        # locked"; WAL lets pages be read while a save is written.
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(var_path("workbench.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": int(os.environ.get("PIA_SQLITE_TIMEOUT", "20")),
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    config = dict(dj_database_url.parse(url))
    if config["ENGINE"] != "django.db.backends.postgresql":
        return config
    # Tests create their database from a template with LC_CTYPE C.UTF-8 (Japanese text search).
    config["TEST"] = {"TEMPLATE": os.environ.get("PIA_PG_TEST_TEMPLATE", "template0")}
    if not env_flag("PIA_DB_NO_POOL"):
        config["OPTIONS"] = {"pool": {"min_size": 2, "max_size": int(os.environ.get("PIA_DB_POOL_MAX", "10"))}}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = var_path("static")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session expires after this many minutes without a request.
PIA_IDLE_TIMEOUT_MINUTES = int(os.environ.get("PIA_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = PIA_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("PIA_SECURE_COOKIES")
# Reverse proxies in front of gunicorn (addresses or networks, comma-separated): behind them the
# client address for the 意見募集 rate limit comes from X-Forwarded-For. Empty: REMOTE_ADDR.
PIA_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("PIA_TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in PIA_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"PIA_TRUSTED_PROXIES の「{_proxy}」はIPアドレスまたはネットワークではありません"
            "(例: 10.0.0.5, 10.0.0.0/24)。"
        ) from None

CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Receipt mails of the 意見募集 through the organisation's SMTP relay (LGWAN: an internal relay,
# no external service). Without PIA_EMAIL_HOST mail is not configured and nothing is sent.
PIA_EMAIL_HOST = os.environ.get("PIA_EMAIL_HOST", "").strip()
PIA_EMAIL_FROM = os.environ.get("PIA_EMAIL_FROM", "").strip()
if PIA_EMAIL_HOST and not PIA_EMAIL_FROM:
    raise ImproperlyConfigured("PIA_EMAIL_HOST を設定する場合は PIA_EMAIL_FROM(送信元アドレス)も設定してください。")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if PIA_EMAIL_HOST else "django.core.mail.backends.dummy.EmailBackend"
)
EMAIL_HOST = PIA_EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("PIA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PIA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PIA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("PIA_EMAIL_TLS")
EMAIL_TIMEOUT = int(os.environ.get("PIA_EMAIL_TIMEOUT", "10"))  # seconds: the citizen waits for it
DEFAULT_FROM_EMAIL = PIA_EMAIL_FROM or "webmaster@localhost"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PIA_LOG_LEVEL", "WARNING")},
}
