"""Django settings for the workbench. SQLite in ``var/`` by default; ``DATABASE_URL`` for PostgreSQL."""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from workbench.assessments.editor.limits import max_posted_fields
from workbench.files.config import file_storage_settings
from workbench.organizations.sso_settings import SSOConfigError, oidc_settings
from workbench.runtime import env_flag, persistent_secret, private_dir, private_file, var_path

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
    "workbench.files",
    "workbench.assessments",
    "workbench.audit",
    "workbench.consultation",
    "workbench.reviews",
    "workbench.procedure",
    "workbench.publication",
    "workbench.intake",
    "workbench.contractors",
    "workbench.controls",
    "workbench.reminders",
    "workbench.search",
    "axes",  # login throttling and lockout (see the security block below)
    "django_otp",  # optional TOTP two-factor login (organizations.two_factor, ADR 0024)
    "django_otp.plugins.otp_totp",
    "csp",  # Content-Security-Policy header
]

MIDDLEWARE = [
    "workbench.clients.TrustedProxyMiddleware",  # X-Forwarded-Proto only from PIA_TRUSTED_PROXIES
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "django.contrib.messages.middleware.MessageMiddleware",
    "workbench.organizations.idle.IdleTimeoutMiddleware",  # logout after PIA_SESSION_IDLE_MINUTES
    "workbench.organizations.two_factor_gate.TwoFactorMiddleware",  # the 確認コード before any page
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
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
                "workbench.reminders.context.header",  # memberships (organizations.context) + unread count
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # created 0600 before SQLite opens it
    private_file(Path(str(DATABASES["default"]["NAME"])))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password policy (ADR 0008): at least 12 characters, not the user name (nor similar to it), not a
# common password, not all digits, not one short string repeated (probe4probe4). Django's own
# validators answer in Japanese through its ja translations; ours in workbench.organizations.passwords.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "workbench.organizations.passwords.UserNameValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "workbench.organizations.passwords.RepetitionValidator"},
]

LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = var_path("static")

# Attachments (申請書, 誓約書, evidence; workbench.files, ADR 0019) go through Django's storage
# API under the alias "pia_files": by default in var/files/ (0700, files 0600); with
# PIA_FILES_S3_BUCKET in an S3-compatible bucket (django-storages, boto3): PIA_FILES_S3_ENDPOINT
# (e.g. https://s3.example.lg.jp for MinIO or another S3-compatible server; empty for AWS),
# PIA_FILES_S3_REGION, PIA_FILES_S3_PREFIX (a folder in the bucket, default "pia-files"),
# PIA_FILES_S3_ACCESS_KEY / PIA_FILES_S3_SECRET_KEY (else boto3's own credential chain). Files are
# never public: the bucket is private, and the workbench serves them after its own access check.
PIA_FILES_MAX_BYTES = int(os.environ.get("PIA_FILES_MAX_MB", "20")) * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "pia_files": file_storage_settings(os.environ, private_dir),
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Two-factor login (ADR 0024): the name authenticator apps show for the workbench's entry, and
# django-otp's own throttle (each wrong 確認コード doubles the wait before the next try).
OTP_TOTP_ISSUER = os.environ.get("PIA_OTP_ISSUER", "特定個人情報保護評価ワークベンチ")
OTP_TOTP_THROTTLE_FACTOR = 1

# The one-time links of an invitation and a password reset (organizations.password_links).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PIA_PASSWORD_LINK_HOURS", "24")) * 3600

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session expires after this many minutes without a request
# (PIA_SESSION_IDLE_MINUTES; PIA_IDLE_TIMEOUT_MINUTES is the older name, still read).
PIA_IDLE_TIMEOUT_MINUTES = int(
    os.environ.get("PIA_SESSION_IDLE_MINUTES") or os.environ.get("PIA_IDLE_TIMEOUT_MINUTES") or "30"
)
if PIA_IDLE_TIMEOUT_MINUTES < 1:
    raise ImproperlyConfigured("PIA_SESSION_IDLE_MINUTES は1以上(分)にしてください。")
# IdleTimeoutMiddleware logs out after the idle period and says why on the login page; the session
# row itself lives a day longer as the backstop, so a person coming back the next morning is told
# why too (the middleware, before any view, refuses the idle session whatever its age).
SESSION_COOKIE_AGE = PIA_IDLE_TIMEOUT_MINUTES * 60 + 24 * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
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

# Request size. An editor chapter posts every input of the chapter at once, for every element its
# repeats may hold; the edition files limit the elements (max_elements) and the characters
# (max_length). The field limit is derived from them: the largest chapter of any registered
# edition at its limits (Ⅱ of the 全項目評価書: 30 files × 30 委託事項, 30 提供先 and 30 移転先,
# about 55,000 fields). Django's default of 1,000 refused Ⅲ of a 評価書 with 8 files (400, the
# typed input lost). The body limit is a size, not a worst case: a urlencoded Japanese character
# takes 9 bytes, so 16 MiB holds a chapter of 20 files written at length and an item of 200,000
# characters, which the editor must receive to refuse it with a message (a draft-level finding).
DATA_UPLOAD_MAX_NUMBER_FIELDS = max_posted_fields()
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
X_FRAME_OPTIONS = "DENY"

# --- Security baseline (ADR 0008): HTTPS, CSP, login throttling --------------------------------
# PIA_HTTPS (default on; off with DJANGO_DEBUG): the workbench is reached over HTTPS, directly or
# through a TLS-terminating reverse proxy. Then cookies are Secure and HSTS is sent. `make run`
# (gunicorn on 127.0.0.1, plain HTTP) sets PIA_HTTPS=0. Behind the proxies in PIA_TRUSTED_PROXIES
# the scheme comes from their X-Forwarded-Proto (TrustedProxyMiddleware drops it from anyone else).
PIA_HTTPS = env_flag("PIA_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PIA_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("PIA_HSTS_SECONDS", "31536000")) if PIA_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("PIA_HSTS_INCLUDE_SUBDOMAINS")
SECURE_SSL_REDIRECT = PIA_HTTPS and env_flag("PIA_SSL_REDIRECT")
if PIA_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): only our own static files; no inline scripts, handlers or
# styles anywhere (htmx is told not to inject its indicator style: the htmx-config meta in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling (django-axes, workbench.organizations.lockout): per user name and per client
# address, counted over the lockout period; a locked login is refused even with the right password
# until the period has passed without failures or a 管理者 of the user's organisation unlocks it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PIA_LOGIN_FAILURES_PER_USER = int(os.environ.get("PIA_LOGIN_FAILURES_PER_USER", "5"))
PIA_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("PIA_LOGIN_FAILURES_PER_ADDRESS", "20"))
PIA_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("PIA_LOGIN_LOCKOUT_MINUTES", "30"))
if not 1 <= PIA_LOGIN_FAILURES_PER_USER <= PIA_LOGIN_FAILURES_PER_ADDRESS:
    raise ImproperlyConfigured(
        "PIA_LOGIN_FAILURES_PER_USER は1以上で、PIA_LOGIN_FAILURES_PER_ADDRESS 以下にしてください。"
    )
AXES_HANDLER = "workbench.organizations.lockout.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = PIA_LOGIN_FAILURES_PER_USER
AXES_COOLOFF_TIME = timedelta(minutes=PIA_LOGIN_LOCKOUT_MINUTES)
AXES_RESET_ON_SUCCESS = True  # the user's own count only (LoginThrottle.reset_user_attempts)
AXES_LOCKOUT_CALLABLE = "workbench.organizations.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "workbench.clients.client_address"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in our audit trail
AXES_ENABLE_ADMIN = False  # workbench.organizations.admin registers an audited AccessAttempt admin
# ------------------------------------------------------------------------------------------------

# Single sign-on by OpenID Connect (ADR 0025), only when PIA_OIDC_CLIENT_ID is set: the login page
# then offers 「シングルサインオンでログイン」 beside the built-in login, which stays. PIA_OIDC_*:
# CLIENT_SECRET, AUTHORIZATION_URL, TOKEN_URL, USERINFO_URL, JWKS_URL (for RS256/ES256),
# SIGN_ALGO (RS256), SCOPES, USERNAME_CLAIM (preferred_username), GROUPS_CLAIM (groups);
# PIA_SSO_GROUP_ROLES maps the directory's groups to roles, JSON: {"group": {"団体名": ["admin"]}}.
try:
    _OIDC = oidc_settings(os.environ)
except SSOConfigError as exc:
    raise ImproperlyConfigured(str(exc)) from None
PIA_OIDC = bool(_OIDC)
if PIA_OIDC:
    globals().update(_OIDC)
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("workbench.organizations.sso.OIDCRoleBackend")

# Receipt mails of the 意見募集 through the organisation's SMTP relay (LGWAN: an internal relay,
# no external service). Without PIA_EMAIL_HOST mail is not configured and nothing is sent.
PIA_EMAIL_HOST = os.environ.get("PIA_EMAIL_HOST", "").strip()
PIA_EMAIL_FROM = os.environ.get("PIA_EMAIL_FROM", "").strip()
if PIA_EMAIL_HOST and not PIA_EMAIL_FROM:
    raise ImproperlyConfigured("PIA_EMAIL_HOST を設定する場合は PIA_EMAIL_FROM(送信元アドレス)も設定してください。")
# PIA_EMAIL_BACKEND=console prints every mail to the terminal instead (`make run` sets it, so the
# reminders' digests of send_reminders can be read without a relay); a dotted path is used as is.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
PIA_EMAIL_BACKEND = os.environ.get("PIA_EMAIL_BACKEND", "").strip()
EMAIL_BACKEND = _EMAIL_BACKENDS.get(PIA_EMAIL_BACKEND, PIA_EMAIL_BACKEND) or (
    "django.core.mail.backends.smtp.EmailBackend" if PIA_EMAIL_HOST else "django.core.mail.backends.dummy.EmailBackend"
)
EMAIL_HOST = PIA_EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("PIA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PIA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PIA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("PIA_EMAIL_TLS")
EMAIL_TIMEOUT = int(os.environ.get("PIA_EMAIL_TIMEOUT", "10"))  # seconds: the citizen waits for it
DEFAULT_FROM_EMAIL = PIA_EMAIL_FROM or "webmaster@localhost"
# The address of the workbench as users reach it: the links in the reminders' digest e-mail.
PIA_SITE_URL = os.environ.get("PIA_SITE_URL", "http://127.0.0.1:8000").strip()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PIA_LOG_LEVEL", "WARNING")},
}
