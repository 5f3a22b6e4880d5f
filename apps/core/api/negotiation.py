"""Content negotiation that names the ``format`` parameter when it asks for the impossible."""

from collections.abc import Iterable

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class StrictFormatNegotiation(DefaultContentNegotiation):
    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderers = list(renderers)  # read twice below (DRF passes a list already)
        requested = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if requested and not any(r.format == requested for r in renderers):
            choices = ", ".join(sorted({r.format for r in renderers}))
            raise exceptions.ValidationError(
                {"format": [f"Unsupported format '{requested}'. Choose one of: {choices}."]}
            )
        return super().select_renderer(request, renderers, format_suffix)
