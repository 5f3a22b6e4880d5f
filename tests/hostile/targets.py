"""What the hostile-input suite attacks, read from the code so that nothing new escapes it.

* :data:`TARGETS`: every endpoint of the API with every query parameter it takes: the lists
  (their FilterSet's filters plus paging and shaping), one detail per resource (shaping), the
  derived answers (their parameter serializer's fields) and the root. A filter added later is
  attacked by every test here without anyone listing it.
* :func:`create_bodies`: a valid POST body for every writable resource, referring to the
  records of a :class:`World`; :func:`leaves` and :func:`replaced` walk and edit one value of a
  body by its path (``citations.0.note``), the way the API names it in ``attr``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from apps.agreements.models import Agreement
from apps.changes.api.views import ChangeFeedView
from apps.controls.api.derived import ControlledElementsView, EntityExposureView
from apps.controls.models import ControlMeasure
from apps.core.api.views import COMMON_PARAMS, LIST_PARAMS, DerivedView
from apps.deposits.models import Deposit, ResourceEstimate
from apps.elements.models import Element
from apps.entities.models import Entity
from apps.screening.api.views import ScreeningView
from apps.sources.models import Source
from minerals_api.api import router

#: Parameters whose value is text to look for: anything is a valid value (up to a length).
FREE_TEXT = frozenset({"q", "name"})


@dataclass
class World:
    """One record of every resource, all related, so lists are not empty and a query that
    escaped its filter would show (it would return them)."""

    element: Element
    source: Source
    entity: Entity
    authority: Entity
    deposit: Deposit
    estimate: ResourceEstimate
    agreement: Agreement
    measure: ControlMeasure

    def keys(self) -> dict[str, Any]:
        """What a :class:`Target` path may name: ``{entity}``, ``{element}``..."""
        return {
            "element": self.element.symbol,
            "source": self.source.pk,
            "entity": self.entity.pk,
            "deposit": self.deposit.pk,
            "estimate": self.estimate.pk,
            "agreement": self.agreement.pk,
            "measure": self.measure.pk,
        }

    def record(self, prefix: str) -> Any:
        """The record of the resource at /api/v1/<prefix>/."""
        return getattr(self, RECORD_OF[prefix])


@dataclass(frozen=True)
class Target:
    """An endpoint and the query parameters it takes."""

    label: str
    #: May name records of the World: ``/api/v1/entities/{entity}/exposure/``.
    path: str
    parameters: tuple[str, ...]
    #: Valid parameters every request carries (what the endpoint requires), unless the
    #: request sets the same parameter itself.
    base: tuple[tuple[str, str], ...] = ()
    #: Parameters that may be given more than once (any-of).
    repeatable: frozenset[str] = frozenset()

    def url(self, world: World, params: Sequence[tuple[str, str]] = ()) -> str:
        path = self.path.format(**world.keys())
        named = {name for name, _ in params}
        pairs = [*(pair for pair in self.base if pair[0] not in named), *params]
        return f"{path}?{urlencode(pairs)}" if pairs else path

    def raw_query(self, raw: str, replaces: str | None = None) -> str:
        """A query string with ``raw`` as given (not encoded again) after the base."""
        base = urlencode([pair for pair in self.base if pair[0] != replaces])
        return f"{base}&{raw}" if base else raw

    def __str__(self) -> str:
        return self.label


#: Which World record each router resource's detail URL shows.
RECORD_OF = {
    "sources": "source",
    "elements": "element",
    "entities": "entity",
    "deposits": "deposit",
    "resource-estimates": "estimate",
    "agreements": "agreement",
    "control-measures": "measure",
}

#: The resources clients write through the API (elements are read-only).
WRITABLE = (
    "sources",
    "entities",
    "deposits",
    "resource-estimates",
    "agreements",
    "control-measures",
)


def _derived(label: str, path: str, view: type[DerivedView], **base: str) -> Target:
    parameters = frozenset(view.params_class().fields) | {"format"}
    return Target(
        label=label,
        path=path,
        parameters=tuple(sorted(parameters)),
        base=tuple(base.items()),
        repeatable=view.repeatable_params,
    )


def _targets() -> list[Target]:
    targets = [Target("root", "/api/v1/", ("format",))]
    for prefix, viewset, _basename in router.registry:
        filters = frozenset(viewset.filterset_class.base_filters)  # type: ignore[attr-defined]
        repeatable = viewset.repeatable_params  # type: ignore[attr-defined]
        targets.append(
            Target(
                f"{prefix}-list",
                f"/api/v1/{prefix}/",
                tuple(sorted(COMMON_PARAMS | LIST_PARAMS | filters)),
                repeatable=repeatable,
            )
        )
        targets.append(
            Target(
                f"{prefix}-detail",
                f"/api/v1/{prefix}/{{{RECORD_OF[prefix]}}}/",
                tuple(sorted(COMMON_PARAMS)),
            )
        )
    targets += [
        _derived("controlled-elements", "/api/v1/controlled-elements/", ControlledElementsView),
        _derived("exposure", "/api/v1/entities/{entity}/exposure/", EntityExposureView),
        _derived("screening", "/api/v1/screening/", ScreeningView, name="JAXA"),
        _derived("changes", "/api/v1/changes/", ChangeFeedView),
    ]
    return targets


TARGETS = _targets()


def create_bodies(world: World) -> dict[str, dict[str, Any]]:
    """A valid POST body for every writable resource, with a value in every field (so every
    field can be attacked) and one item in every nested list."""

    def cite(note: str) -> list[dict[str, Any]]:
        return [{"source": world.source.pk, "confidence": "reported", "note": note}]

    return {
        "sources": {
            "slug": "hostile-report",
            "title": "Rare-earth supply report",
            "publisher": "Example Wire",
            "published_on": "2026-03-03",
            "address": "https://news.example.org/hostile-report",
            "kind": "news",
            "document": "",
            "notes": "Read in full.",
        },
        "entities": {
            "slug": "hostile-trading",
            "name": "Hostile Trading Co., Ltd.",
            "kind": "company",
            "country": "JP",
            "parent": world.entity.pk,
            "website": "https://hostile.example.org/",
            "description": "A trading house.",
            "aliases": [{"name": "HTC", "kind": "abbreviation"}],
            "citations": cite("Named in the report."),
        },
        "deposits": {
            "slug": "hostile-deposit",
            "name": "Hostile hard-rock deposit",
            "country": "IN",
            "region": "IN-RJ",
            "locality": "Jaipur",
            "latitude": "26.912400",
            "longitude": "75.787300",
            "deposit_type": "hard_rock",
            "status": "identified",
            "elements": [world.element.symbol],
            "operator": world.entity.pk,
            "announced_on": "2026-03-04",
            "description": "Announced by the survey.",
            "citations": cite("Named in the report."),
        },
        "resource-estimates": {
            "slug": "hostile-estimate",
            "deposits": [world.deposit.pk],
            "quantity": "1.29",
            "unit": "Mt",
            "material": "REO",
            "grade_percent": "0.5",
            "category": "unclassified",
            "as_of": "2026-01-28",
            "source": world.source.pk,
            "citations": cite("In total."),
        },
        "agreements": {
            "slug": "hostile-memorandum",
            "title": "Memorandum of cooperation on rare earths",
            "kind": "memorandum",
            "status": "signed",
            "signed_on": "2026-03-03",
            "effective_from": "2026-03-03",
            "effective_to": "2031-03-02",
            "parent": world.agreement.pk,
            "elements": [world.element.symbol],
            "deposits": [world.deposit.pk],
            "summary": "Joint exploration.",
            "parties": [{"entity": world.entity.pk, "role": "signatory"}],
            "citations": cite("Wire report."),
        },
        "control-measures": {
            "slug": "hostile-announcement",
            "reference": "Announcement No. 99 of 2025",
            "title": "Export controls on heavy rare earths",
            "authority": world.authority.pk,
            "kind": "export_licensing",
            "announced_on": "2025-04-04",
            "effective_from": "2025-04-04",
            "effective_to": None,
            "summary": "Licences needed.",
            "controlled_elements": [
                {"element": world.element.symbol, "scope": "metal", "note": ""}
            ],
            "restricted_entities": [
                {"entity": world.entity.pk, "note": "End user.", "citations": cite("Listed.")}
            ],
            "citations": cite("Text read."),
        },
    }


def leaves(body: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every value of a body that is not a mapping or a list, with its path."""
    if isinstance(body, dict):
        for key, value in body.items():
            yield from leaves(value, f"{path}.{key}" if path else key)
    elif isinstance(body, list):
        for index, value in enumerate(body):
            yield from leaves(value, f"{path}.{index}")
    else:
        yield path, body


def replaced(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``body`` with the value at ``path`` replaced."""
    copied = copy.deepcopy(body)
    *parents, last = path.split(".")
    node: Any = copied
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return copied


def patch_of(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A PATCH body that changes only the top-level field holding ``path``."""
    top = path.split(".")[0]
    return {top: replaced(body, path, value)[top]}


def attr_names(path: str) -> set[str]:
    """How the API may name the place of a bad value: its path, or for an item of a list of
    related records (``deposits.0``) the list, as DRF reports those."""
    names = {path}
    head, _, last = path.rpartition(".")
    if head and last.isdigit():
        names.add(head)
    return names


def refusal_problem(
    response: Any, names: set[str], status: int = 400, code: str | None = None
) -> str | None:
    """Why ``response`` is not a refusal in the API's error shape with ``status`` whose every
    error names one of ``names`` (or a place inside one: ``element.0``), with ``code`` if
    given; None when it is one. Tests collect these to report every failing case at once."""
    summary = f"{response.status_code} {response.content[:300]!r}"
    if response.status_code != status:
        return summary
    if not response["Content-Type"].startswith("application/json"):
        return f"not JSON: {response['Content-Type']}"
    body = response.json()
    if set(body) != {"type", "errors"} or not body["errors"]:
        return summary
    for error in body["errors"]:
        if set(error) != {"code", "detail", "attr"}:
            return summary
        attr = error["attr"]
        if names and not any(attr == n or str(attr).startswith(f"{n}.") for n in names):
            return summary
        if code is not None and error["code"] != code:
            return summary
    return None
