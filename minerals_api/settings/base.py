"""Settings shared by every environment, read from the environment with django-environ.

The defaults make ``make run`` work on a fresh machine: an SQLite file in the project folder,
DEBUG on, local hosts only. ``production`` refuses to start without its secrets.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "simple_history",
    "import_export",
    "django_countries",
    "csp",
    # Our apps, in dependency order: each may import only those above it.
    "apps.core",
    "apps.provenance",
    "apps.sources",
    "apps.elements",
    "apps.entities",
    "apps.deposits",
    "apps.agreements",
    "apps.controls",
    "apps.screening",
    "apps.changes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "minerals_api.middleware.RequestSizeLimitMiddleware",
    "minerals_api.middleware.MalformedRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "minerals_api.urls"
WSGI_APPLICATION = "minerals_api.wsgi.application"
ASGI_APPLICATION = "minerals_api.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "minerals_api" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so compare-then-write (ETag checks)
    # cannot interleave; wait for a busy database rather than fail at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://minerals-api"),
    # Whole API responses (apps/core/api/response_cache.py), apart from throttle counters so
    # that a bounded local cache never culls those.
    "responses": {
        **env.cache("CACHE_URL", default="locmemcache://minerals-api-responses"),
        "KEY_PREFIX": "responses",
    },
}
if CACHES["responses"]["BACKEND"].endswith("LocMemCache"):
    CACHES["responses"]["OPTIONS"] = {"MAX_ENTRIES": env.int("API_RESPONSE_CACHE_ENTRIES", 64)}
# How long a read response may be served from the cache (0: never). Any write makes every
# stored response unreachable at once, so this only bounds memory, not staleness.
API_RESPONSE_CACHE_SECONDS = env.int("API_RESPONSE_CACHE_SECONDS", default=300)
API_RESPONSE_CACHE_MAX_BYTES = env.int("API_RESPONSE_CACHE_MAX_BYTES", default=1_048_576)
# The dataset's version (a function returning a value that changes with every write): part of
# every cached response's key. The change feed's newest event id; apps.core cannot import it.
API_DATASET_VERSION = "apps.changes.selectors.latest_change_id"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Request bodies larger than this are refused (413) before they reach a parser.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

SEEDS_DIR = BASE_DIR / "seeds"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# In development, serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "apps.core.api.renderers.ORJSONRenderer",
        "apps.core.api.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["apps.core.api.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "apps.core.api.negotiation.StrictFormatNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone reads; writes need the matching Django model permission.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.StrictLimitOffsetPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "apps.core.api.schema.AutoSchema",
    "URL_FORMAT_OVERRIDE": "format",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "apps.core.api.errors.ExceptionHandler",
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
    "ERROR_SCHEMAS": {
        "409": "apps.core.api.schema.ClientErrorResponseSerializer",
        "412": "apps.core.api.schema.ClientErrorResponseSerializer",
        "413": "apps.core.api.schema.ClientErrorResponseSerializer",
        "503": "apps.core.api.schema.ServerErrorResponseSerializer",
    },
    "ALLOWED_ERROR_STATUS_CODES": [
        "400",
        "401",
        "403",
        "404",
        "405",
        "406",
        "409",
        "412",
        "413",
        "415",
        "429",
        "500",
        "503",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Critical-minerals reference API",
    "DESCRIPTION": (
        "Deposits and resource estimates, international agreements, export-control measures "
        "and the elements and entities they cover; every fact cites its sources with a "
        "confidence level. Anyone may read; writes need a token and model permissions."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        name: f"drf_standardized_errors.openapi_serializers.{name}.choices"
        for name in [
            "ValidationErrorEnum",
            "ClientErrorEnum",
            "ServerErrorEnum",
            "ErrorCode401Enum",
            "ErrorCode403Enum",
            "ErrorCode404Enum",
            "ErrorCode405Enum",
            "ErrorCode406Enum",
            "ErrorCode415Enum",
            "ErrorCode429Enum",
            "ErrorCode500Enum",
        ]
    }
    | {
        # One name for a choice set used by several fields (citations' and dates' confidence;
        # every country field), instead of one per field.
        "ConfidenceEnum": "apps.core.choices.Confidence",
        "CountryEnum": "django_countries.countries",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
    ],
}

IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Security headers (every environment, so tests exercise them) --------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Swagger UI and Redoc run under this policy, checked in a real browser by
# tests/security/test_browser.py (every operation rendered, no violation reported). Their
# scripts come from /static/ (drf-spectacular-sidecar) and Swagger's init script from its own
# URL (the split view), so scripts need no 'unsafe-inline' and no 'unsafe-eval'. What is
# beyond 'self', each found necessary by removing it and watching the browser:
# - style-src 'unsafe-inline': Redoc (styled-components) injects <style> elements at run time
#   and renders nothing without them; Swagger UI sets inline styles too. Hashes cannot cover
#   generated styles, and the page runs no script of ours a nonce could protect.
# - img-src data:: both draw their icons as data: SVG images.
# - worker-src blob:: Redoc's search index runs in a worker built from a blob: URL.
# Fonts are local only ('self': the Redoc template drops Google Fonts). Redoc's footer logo
# from cdn.redoc.ly stays blocked on purpose (no third party); Redoc then hides the image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "worker-src": ["blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The docs and schema are public unless this is turned off.
API_DOCS_PUBLIC = env.bool("API_DOCS_PUBLIC", default=True)
