"""Control-measure queryset shaping, and the in-force filter built on the selector's rule."""

from __future__ import annotations

from datetime import date

from django.db import models

from apps.core.querysets import RecordQuerySet


class ControlMeasureQuerySet(RecordQuerySet):
    api_prefetch = {
        "suspends": ("suspends",),
        "controlled_elements": ("controlled_elements",),
        "restricted_entities": ("restricted_entities__entity", "restricted_entities__citations"),
        "citations": ("citations",),
    }

    def in_force_on(self, on: date) -> ControlMeasureQuerySet:
        """Only the measures in force on ``on`` (see :func:`apps.controls.selectors`)."""
        from apps.controls.selectors import in_force_q

        return self.filter(in_force_q(on))

    def with_in_force(self, on: date) -> ControlMeasureQuerySet:
        """Annotate ``in_force`` (bool) for ``on``, e.g. for the admin's "in force today"."""
        from apps.controls.selectors import in_force_q

        return self.annotate(
            in_force=models.Case(
                models.When(in_force_q(on), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )
