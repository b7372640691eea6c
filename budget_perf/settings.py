"""Settings for budget_perf, every value read from the environment.

SQLite in the checkout is the default so that a fresh clone runs with no server;
set DATABASE_URL (postgres://...) for real deployments.
"""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Off unless the environment turns it on (the demo and test scripts do): a deployment that forgets the variable
# must not show tracebacks to its users.
DEBUG = env_bool("DEBUG", False)

_INSECURE_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _INSECURE_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "simple_history",
    "budget_perf.apps.AxesConfig",  # django-axes, named in Chinese in the admin
    "django_tasks",
    "django_tasks_db",
    "indicators",
    "projects",
    "reports",
    "workbooks",
    "review",
    "workflow",
    "bureau",
    "monitoring",
    "selfeval",
    "library",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a throttled login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "budget_perf.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "budget_perf.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
# One transaction per request: a user action is saved whole or not at all.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. Each transaction takes the write lock when it begins and waits up to
    # `timeout` seconds for it, so simultaneous saves take turns (the later ones then see the new revision and
    # get the conflict page) instead of failing with "database is locked"; WAL lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# Background work: tasks are rows in the default database, run by `manage.py db_worker` processes.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a throttled login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Production hardening; all of it is switched on whenever DEBUG is off.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Login throttling (django-axes): a user name is locked for a while after repeated failures from one address.
# Keyed on name and address together, so one clerk's typos cannot lock out a whole office behind one NAT.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "budget_perf.throttling.throttled_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# The client address is the socket's (axes' default) unless our own proxy says otherwise: trusting a header
# anyone can send would let an attacker pick a fresh address for every guess.
if BEHIND_PROXY:
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Request limits. Form posts stay small; the Excel workbook is the only upload and has its own limit
# (WORKBOOK_MAX_UPLOAD_BYTES below). Large projects post many inline rows, hence the field count.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 10000)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
    }
}

# The printed document, rendered by task workers only: each lays out in this many processes; a render needing
# more new parts than REPORTS_TASK_PARTS fans them out as layout tasks of that size, for every worker to share;
# a render that reported no progress for REPORTS_RENDER_STALE_SECONDS is taken to have died and is started again.
REPORTS_LAYOUT_PROCESSES = env_int("REPORTS_LAYOUT_PROCESSES", 1)
REPORTS_TASK_PARTS = env_int("REPORTS_TASK_PARTS", 20)
REPORTS_RENDER_STALE_SECONDS = env_int("REPORTS_RENDER_STALE_SECONDS", 120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Excel import limits: the upload itself, what its zip directory says it unpacks to (checked before anything
# is decompressed, against zip bombs), and data rows per sheet.
WORKBOOK_MAX_UPLOAD_BYTES = env_int("WORKBOOK_MAX_UPLOAD_MB", 20) * 1024 * 1024
WORKBOOK_MAX_UNCOMPRESSED_BYTES = env_int("WORKBOOK_MAX_UNCOMPRESSED_MB", 300) * 1024 * 1024
WORKBOOK_MAX_ROWS = env_int("WORKBOOK_MAX_ROWS", 50000)
# 运行监控 warning lights (monitoring/lights.py, docs/monitoring-rules.md): a pace below RED_BELOW % is 红, below
# GREEN_FROM % 黄, else 绿; an indicator at BLUE_RATIO times its target or more is 蓝 (target set too low); a
# reverse (≤) indicator up to REVERSE_YELLOW_RATIO times its target is 黄. Read as exact decimals.
MONITORING_RED_BELOW = Decimal(os.environ.get("MONITORING_RED_BELOW", "60"))
MONITORING_GREEN_FROM = Decimal(os.environ.get("MONITORING_GREEN_FROM", "80"))
MONITORING_BLUE_RATIO = Decimal(os.environ.get("MONITORING_BLUE_RATIO", "1.2"))
MONITORING_REVERSE_YELLOW_RATIO = Decimal(os.environ.get("MONITORING_REVERSE_YELLOW_RATIO", "1.2"))

# 绩效自评 scoring (selfeval/scoring.py, docs/selfeval-rules.md). Source: 《项目支出绩效评价管理办法》
# (财预〔2020〕10号): 预算执行率 10, 产出 50, 效益 30, 满意度 10 (the 2021 framework's 成本指标 shares 产出's 50);
# grades 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below. Amounts are strings, read as Decimal.
SELFEVAL_BUDGET_RATE_POINTS = "10"
SELFEVAL_CATEGORY_WEIGHTS = [(("产出指标", "成本指标"), "50"), (("效益指标",), "30"), (("满意度指标",), "10")]
SELFEVAL_GRADES = [("优", "90"), ("良", "80"), ("中", "60"), ("差", "0")]

# Files, each kind through a named storage: laid-out report parts and PDFs ("reports", safe to empty: it only
# costs renders; prune_reports keeps it small) and uploaded workbooks waiting for confirmation. Local folders by
# default; docs/storage.md shows how to put them on S3-compatible object storage.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("REPORTS_CACHE_DIR", str(BASE_DIR / "var" / "reports"))},
    },
    "workbook_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("WORKBOOK_UPLOAD_DIR", str(BASE_DIR / "var" / "uploads"))},
    },
}
