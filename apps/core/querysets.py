"""The base queryset of every curated model: what all of them can be asked.

The API does not shape querysets: it reads ``values()`` rows through row plans
(:mod:`apps.core.api.fastread`), which fetch each nested list in one query per page.
"""

from django.db import models


class RecordQuerySet(models.QuerySet):
    pass
