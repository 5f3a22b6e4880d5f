"""Benchmark settings: production-like serving without HTTPS, for ``make bench`` only.

DEBUG off, a fixed dummy secret, loopback hosts, persistent database connections (as in
production), throttling off (a benchmark client is one address hammering the API; throttling is
a policy, not part of the cost being measured) and quiet logging. The benchmark code lives in
``bench/`` and is loaded only here: ``bench.datagen`` (``manage.py generate_dataset``) and
``bench.urls``, which adds the hand-written floor view (``/bench/floor/deposits/``) beside the
real API. Never deploy this.
"""

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, LOGGING, REST_FRAMEWORK

DEBUG = False
SECRET_KEY = "bench-only-dummy-secret-not-for-any-deployment-0123456789abcdef"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench.datagen"]
ROOT_URLCONF = "bench.urls"
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False

REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 300  # as production.py

LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
