"""Dispatchdesk settings: one module, driven by the environment.

With no DATABASE_URL the product runs embedded: SQLite (WAL) and the database task backend
under DISPATCHDESK_DATA_DIR. Production sets DATABASE_URL (PostgreSQL) and, later, REDIS_URL.
"""

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.env import env_bool, env_int, env_list, env_networks, env_pairs, env_str
from dispatchdesk.config.rq import rq_queue

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DISPATCHDESK_DATA_DIR", default=str(Path.cwd() / "var")))
DATABASE_URL = env_str("DATABASE_URL", default="")
EMBEDDED = DATABASE_URL == ""

DEBUG = env_bool("DISPATCHDESK_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DISPATCHDESK_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DISPATCHDESK_CSRF_TRUSTED_ORIGINS", default=[])


def _secret_key() -> str:
    """From the environment; the embedded mode alone may create one under its data directory."""
    configured = env_str("DISPATCHDESK_SECRET_KEY", default="")
    if configured:
        return configured
    if not EMBEDDED:
        raise ImproperlyConfigured("DISPATCHDESK_SECRET_KEY must be set when DATABASE_URL is.")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "axes",
    "dispatchdesk.common",
    "dispatchdesk.accounts",
    "dispatchdesk.customers",
    "dispatchdesk.tickets",
    "dispatchdesk.sla",
    "dispatchdesk.dispatch",
    "dispatchdesk.intake",
    "dispatchdesk.notifications",
    "dispatchdesk.knowledge",
    "dispatchdesk.incidents",
    "dispatchdesk.integrations",
    "dispatchdesk.workstation",
    "dispatchdesk.portal",
    "dispatchdesk.settings_area",
    "dispatchdesk.reports",
    "dispatchdesk.simulation",
    "dispatchdesk.assets",
    "dispatchdesk.demo",
    "dispatchdesk.transfer",
]

MIDDLEWARE = [
    "dispatchdesk.common.request_context.RequestIdMiddleware",  # first: every later log line names the request
    "dispatchdesk.common.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dispatchdesk.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers for a sign-in refused as locked out
]

ROOT_URLCONF = "dispatchdesk.config.urls"
WSGI_APPLICATION = "dispatchdesk.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workstation:home"  # "/" sends each role to its start page
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes): after this many failures for one username from one client
# address, that pair is locked out for a while, even with the right password. Failures are rows
# in the database, so every process counts together.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("DISPATCHDESK_SIGN_IN_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DISPATCHDESK_SIGN_IN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # an attacker cannot lock a user out everywhere
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "dispatchdesk.common.client_address.client_address"  # trusted proxies alone
AXES_LOCKOUT_CALLABLE = "dispatchdesk.accounts.views.locked_out"  # the sign-in page, saying why
AXES_VERBOSE = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dispatchdesk.notifications.context.unread_notifications",
                "dispatchdesk.accounts.context.navigation",
            ],
        },
    },
]

if EMBEDDED:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "dispatchdesk.sqlite3",
            # WAL lets the web server read while the task worker writes; IMMEDIATE takes the
            # write lock at BEGIN so two writers queue instead of failing mid-transaction.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": env_str("DISPATCHDESK_TEST_SQLITE", default="") or None},
        }
    }
else:
    # A pool of PostgreSQL connections per process, shared by its threads (`dispatchdesk serve` sets
    # it): a threaded server would otherwise keep a connection open for each of its many threads
    # (docs/decisions/0037-production-server.md). 0: a persistent connection per thread.
    DB_POOL_SIZE = env_int("DISPATCHDESK_DB_POOL_SIZE", default=0)
    DATABASES = {"default": dict(dj_database_url.parse(DATABASE_URL, conn_max_age=0 if DB_POOL_SIZE else 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Server-side parameters let psycopg prepare the queries every request repeats, so
        # PostgreSQL plans each once per connection instead of on every execution (planning a
        # ticket with its joins costs more than running it): docs/benchmarks/api-create-to-assigned.md.
        _options: dict[str, object] = {
            "server_side_binding": env_bool("DISPATCHDESK_PG_SERVER_SIDE_BINDING", default=True),
            "prepare_threshold": 2,
            "connect_timeout": 10,  # an unreachable database fails the request instead of hanging it
        }
        if DB_POOL_SIZE:  # a request waits up to 10 s for a free connection
            _options["pool"] = {"min_size": 1, "max_size": DB_POOL_SIZE, "timeout": 10}
        DATABASES["default"]["OPTIONS"] = _options

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: the database queue when embedded; RQ on Redis when REDIS_URL is set (scaled out).
REDIS_URL = env_str("REDIS_URL", default="")
RQ_BACKEND = "django_tasks_rq.RQBackend"
TASKS = {
    "default": {
        "BACKEND": env_str(
            "DISPATCHDESK_TASK_BACKEND", default=RQ_BACKEND if REDIS_URL else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
RQ_QUEUES = {"default": rq_queue(REDIS_URL or "redis://127.0.0.1:6379/0")}

# What every process must count together (the portal's rate limits): Redis when configured, else a
# table in the database, which the web server and the worker of the embedded mode share.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": 5,
                "socket_timeout": 5,
            },  # a stuck Redis fails a request, not hangs it
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "dispatchdesk_cache"}}
# Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); anyone else's is ignored.
DISPATCHDESK_TRUSTED_PROXIES = env_networks("DISPATCHDESK_TRUSTED_PROXIES")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["dispatchdesk.formats"]  # 24-hour, day-first dates for English too
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("DISPATCHDESK_TIME_ZONE", default="Europe/Berlin")
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` puts files (compressed) for production; `dispatchdesk serve` collects them at
# start. The embedded mode serves them from the source tree, unless told to collect them somewhere.
_STATIC_ROOT = env_str("DISPATCHDESK_STATIC_ROOT", default="" if EMBEDDED else str(DATA_DIR / "static"))
STATIC_ROOT = Path(_STATIC_ROOT) if _STATIC_ROOT else None
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# WhiteNoise serves the collected files when there are any; else (the embedded mode, or a server
# started without collecting) straight from the source tree, so no server answers 404 for the CSS.
WHITENOISE_USE_FINDERS = EMBEDDED or DEBUG or not (STATIC_ROOT and (STATIC_ROOT / "dispatchdesk" / "app.css").is_file())
MEDIA_ROOT = Path(env_str("DISPATCHDESK_MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = "media/"

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
# Scaled out, cookies go over https only: a browser on plain http then keeps no session and the
# sign-in page says why (DISPATCHDESK_SECURE_COOKIES=0 for a private network without TLS).
SESSION_COOKIE_SECURE = env_bool("DISPATCHDESK_SECURE_COOKIES", default=not EMBEDDED)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a proxy that ends TLS: the header it sets (e.g. "X-Forwarded-Proto") tells Django the request
# was https; believe it only when every request passes through that proxy.
_PROXY_SSL_HEADER = env_str("DISPATCHDESK_PROXY_SSL_HEADER", default="")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https") if _PROXY_SSL_HEADER else None
)
SECURE_SSL_REDIRECT = env_bool("DISPATCHDESK_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # probes and scrapers speak plain http
SECURE_HSTS_SECONDS = env_int("DISPATCHDESK_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DISPATCHDESK_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("DISPATCHDESK_HSTS_PRELOAD", default=False)
# /metrics (docs/decisions/0038): a bearer token, or a client in one of these networks; else 403.
DISPATCHDESK_METRICS_TOKEN = env_str("DISPATCHDESK_METRICS_TOKEN", default="")
DISPATCHDESK_METRICS_NETWORKS = env_networks("DISPATCHDESK_METRICS_NETWORKS")

FORM_RENDERER = "dispatchdesk.common.form_renderer.FormRenderer"  # selects and inputs in Python (same markup)

EMAIL_BACKEND = env_str("DISPATCHDESK_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("DISPATCHDESK_EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env_int("DISPATCHDESK_EMAIL_PORT", default=25)
# Seconds to wait for each answer of the mail server: one that accepts and never answers must not
# hold the worker for good (docs/decisions/0019-outbox-leases-and-throttles.md).
EMAIL_TIMEOUT = env_int("DISPATCHDESK_EMAIL_TIMEOUT", default=10)
# An email being sent, or a task running, for longer than this lost its sender (killed, cut off): the
# sweep sends or runs it again. Both must outlast the longest real send or task.
DISPATCHDESK_OUTBOX_LEASE_SECONDS = env_int("DISPATCHDESK_OUTBOX_LEASE_SECONDS", default=300)
DISPATCHDESK_TASK_LEASE_SECONDS = env_int("DISPATCHDESK_TASK_LEASE_SECONDS", default=900)
# Outbound webhooks (docs/decisions/0025): each request's time-out, and how many failed tries in a
# row pause a subscription and tell its owner.
DISPATCHDESK_WEBHOOK_TIMEOUT = env_int("DISPATCHDESK_WEBHOOK_TIMEOUT", default=5)
DISPATCHDESK_WEBHOOK_PAUSE_AFTER = env_int("DISPATCHDESK_WEBHOOK_PAUSE_AFTER", default=10)
# The Slack slash command (X2): the app's signing secret verifies requests (unset: every request is
# refused); the bot token reads a user's email (users:read.email) to find their agent.
DISPATCHDESK_SLACK_SIGNING_SECRET = env_str("DISPATCHDESK_SLACK_SIGNING_SECRET", default="")
DISPATCHDESK_SLACK_BOT_TOKEN = env_str("DISPATCHDESK_SLACK_BOT_TOKEN", default="")
DISPATCHDESK_SLACK_API_URL = env_str("DISPATCHDESK_SLACK_API_URL", default="https://slack.com/api").rstrip("/")
# The command's result is posted to the response_url Slack sends, only if it starts with this.
DISPATCHDESK_SLACK_RESPONSE_URL_PREFIX = env_str(
    "DISPATCHDESK_SLACK_RESPONSE_URL_PREFIX", default="https://hooks.slack.com/"
)
EMAIL_FILE_PATH = DATA_DIR / "mail"  # where the demo's file backend writes, one file per message
# Links in emails point here: the address users reach the product at.
BASE_URL = env_str("DISPATCHDESK_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DISPATCHDESK_FROM_EMAIL", default="support@dispatchdesk.localhost")
# The desk's name as customers read it in the head of every email.
DISPATCHDESK_DESK_NAME = env_str("DISPATCHDESK_DESK_NAME", default="Dispatchdesk")


def logging_config(level: str, log_format: str = "plain") -> dict[str, Any]:
    """Records at `level` and above reach the console. The level is the handler's too, because the
    task worker sets its own loggers' levels from its verbosity (INFO: two lines for every task),
    and a logger's level outranks the root's; the demo runs its worker at WARNING.

    `json` writes one JSON object a line with the request id (docs/decisions/0038), and a line per
    request; `plain` leaves the request lines to the server (runserver prints its own)."""
    if log_format not in {"plain", "json"}:
        raise ImproperlyConfigured("DISPATCHDESK_LOG_FORMAT must be plain or json.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "dispatchdesk.common.request_context.RequestIdFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "dispatchdesk.common.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "level": level,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"dispatchdesk.requests": {"level": "INFO" if log_format == "json" else "WARNING"}},
    }


# Scaled out, logs go to a collector: JSON unless told otherwise.
LOG_FORMAT = env_str("DISPATCHDESK_LOG_FORMAT", default="plain" if EMBEDDED else "json")
LOGGING = logging_config(env_str("DISPATCHDESK_LOG_LEVEL", default="INFO"), LOG_FORMAT)

# --- Product options (read at call time through django.conf.settings) ---
DISPATCHDESK_FIRST_TICKET_NUMBER = 10001
DISPATCHDESK_MAX_ATTACHMENT_BYTES = env_int("DISPATCHDESK_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024)
DISPATCHDESK_MAX_ATTACHMENTS_PER_MESSAGE = 10
DISPATCHDESK_ATTACHMENT_TYPES = [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
]
DISPATCHDESK_MAX_SUBJECT_LENGTH = 200
DISPATCHDESK_MAX_BODY_LENGTH = 50_000
DISPATCHDESK_PAGE_SIZE = 25
# Suggested solutions (A1, docs/decisions/0045): the worker indexes at most this many of the newest
# resolved tickets, and rebuilds the index at most this often once newer resolutions exist.
DISPATCHDESK_SUGGESTION_INDEX_SIZE = env_int("DISPATCHDESK_SUGGESTION_INDEX_SIZE", default=100_000)
DISPATCHDESK_SUGGESTION_REBUILD_MINUTES = env_int("DISPATCHDESK_SUGGESTION_REBUILD_MINUTES", default=10)
# The customer portal (docs/decisions/0030): a customer's answer reopens resolved work only this many
# days after its resolution (later, it opens a follow-up ticket); an emailed sign-in link works once,
# for this many minutes; a satisfaction invitation for this many days.
DISPATCHDESK_REOPEN_WINDOW_DAYS = env_int("DISPATCHDESK_REOPEN_WINDOW_DAYS", default=14)
DISPATCHDESK_SIGN_IN_LINK_MINUTES = env_int("DISPATCHDESK_SIGN_IN_LINK_MINUTES", default=30)
DISPATCHDESK_RATING_LINK_DAYS = env_int("DISPATCHDESK_RATING_LINK_DAYS", default=60)
# Phone numbers without a +country prefix are read as this region's (ISO code, e.g. "DE"); blank refuses them.
# The agent's CRM panel (X3, decision 0026): a URL with {email}, {phone}, {external_id} or {name},
# fetched server-side. Private and loopback addresses are refused unless allowed (tests, an intranet CRM).
DISPATCHDESK_CRM_LOOKUP_URL = env_str("DISPATCHDESK_CRM_LOOKUP_URL", default="")
DISPATCHDESK_CRM_ALLOW_PRIVATE = env_bool("DISPATCHDESK_CRM_ALLOW_PRIVATE", default=False)
DISPATCHDESK_CRM_TIMEOUT_SECONDS = env_int("DISPATCHDESK_CRM_TIMEOUT_SECONDS", default=3)
DISPATCHDESK_CRM_CACHE_SECONDS = env_int("DISPATCHDESK_CRM_CACHE_SECONDS", default=60)
DISPATCHDESK_PHONE_REGION = env_str("DISPATCHDESK_PHONE_REGION", default="").upper()
# The public web form: requests per hour from one client address, and for one email address.
DISPATCHDESK_WEB_FORM_PER_ADDRESS = env_int("DISPATCHDESK_WEB_FORM_PER_ADDRESS", default=10)
DISPATCHDESK_WEB_FORM_PER_EMAIL = env_int("DISPATCHDESK_WEB_FORM_PER_EMAIL", default=5)
# Email in (I2): emails per hour from one sender that may become tickets; the rest are quarantined.
DISPATCHDESK_EMAIL_PER_SENDER_HOUR = env_int("DISPATCHDESK_EMAIL_PER_SENDER_HOUR", default=20)
# A CA bundle for mailboxes whose server certificate no public authority signed (empty: the system's).
DISPATCHDESK_IMAP_CA_FILE = env_str("DISPATCHDESK_IMAP_CA_FILE", default="")
DISPATCHDESK_IMAP_TIMEOUT = env_int("DISPATCHDESK_IMAP_TIMEOUT", default=30)
# Alert webhooks (intake.channels.alerts): each source's bearer token, `name=token,...`; a source
# configured in the admin takes alerts only once its token is set here (secrets stay out of the database).
DISPATCHDESK_ALERT_TOKENS = env_pairs("DISPATCHDESK_ALERT_TOKENS")
# A source with a secret here (`name=secret,...`) must sign every post (HMAC-SHA256, decision 0024);
# its bearer token alone is then refused.
DISPATCHDESK_ALERT_SECRETS = env_pairs("DISPATCHDESK_ALERT_SECRETS")
DISPATCHDESK_ALERT_MAX_BYTES = 1_000_000
DISPATCHDESK_ALERT_MAX_ALERTS = 500
# Call events (intake.channels.phone): each telephony source's signing secret, `name=secret,...`; a
# source configured in the admin takes events only once its secret is set here. A signature older
# (or newer) than the tolerance is refused as a replay.
DISPATCHDESK_CALL_SECRETS = env_pairs("DISPATCHDESK_CALL_SECRETS")
DISPATCHDESK_CALL_SIGNATURE_TOLERANCE_SECONDS = env_int("DISPATCHDESK_CALL_SIGNATURE_TOLERANCE_SECONDS", default=300)
DISPATCHDESK_CALL_MAX_BYTES = 16_000
# Live chat (intake.channels.chat, decision 0032): a visitor unanswered this long gets an email
# instead; an answered chat without a word for the idle time ends; new chats per hour per address.
DISPATCHDESK_CHAT_FALLBACK_MINUTES = env_int("DISPATCHDESK_CHAT_FALLBACK_MINUTES", default=5)
DISPATCHDESK_CHAT_IDLE_MINUTES = env_int("DISPATCHDESK_CHAT_IDLE_MINUTES", default=30)
DISPATCHDESK_CHAT_STARTS_PER_ADDRESS = env_int("DISPATCHDESK_CHAT_STARTS_PER_ADDRESS", default=20)
DISPATCHDESK_CHAT_MAX_CHARS = 5_000
