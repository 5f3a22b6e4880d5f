"""WSGI entry point (gunicorn minerals_api.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minerals_api.settings.base")
application = get_wsgi_application()
