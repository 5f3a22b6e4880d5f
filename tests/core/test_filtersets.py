"""The shared strict filter fields: what each accepts, and that everything else is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.filtersets import IsoDateField, RecordIdField, StrictBooleanField
from apps.sources.models import Source
from tests.factories import SourceFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("True", True),
        ("1", True),
        ("false", False),
        ("FaLsE", False),
        ("0", False),
        (" true ", True),
        ("", None),
        (None, None),
    ],
)
def test_strict_boolean_reads_booleans(value: str | None, expected: bool | None) -> None:
    assert StrictBooleanField(required=False).clean(value) is expected


@pytest.mark.parametrize(
    "value", ["perhaps", "-58800", "yes", "no", "on", "off", "t", "f", "2", "01", "unknown"]
)
def test_strict_boolean_refuses_the_rest(value: str) -> None:
    with pytest.raises(ValidationError, match="true or false"):
        StrictBooleanField(required=False).clean(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-04", datetime.date(2026, 3, 4)),
        ("2024-02-29", datetime.date(2024, 2, 29)),
        (" 2026-03-04 ", datetime.date(2026, 3, 4)),
        ("", None),
        (None, None),
    ],
)
def test_iso_date_reads_iso_dates(value: str | None, expected: datetime.date | None) -> None:
    assert IsoDateField(required=False).clean(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "04/03/2026",
        "2026/03/04",
        "03.04.2026",
        "Mar 4 2026",
        "2026-3-4",
        "20260304",
        "2026-W10-3",
        "2026-03-04T00:00",
        "+2026-03-04",
        "٢٠٢٦-٠٣-٠٤",  # Arabic-Indic digits
    ],
)
def test_iso_date_refuses_other_formats(value: str) -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        IsoDateField(required=False).clean(value)


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "0000-01-01"])
def test_iso_date_refuses_days_that_do_not_exist(value: str) -> None:
    with pytest.raises(ValidationError, match="No such date"):
        IsoDateField(required=False).clean(value)


@pytest.mark.django_db
def test_record_id_finds_the_record_with_one_primary_key_lookup() -> None:
    source = SourceFactory()
    field = RecordIdField(queryset=Source.objects.all(), required=False)

    with CaptureQueriesContext(connection) as captured:
        assert field.clean(str(source.pk)) == source
    [query] = captured.captured_queries
    assert query["sql"].startswith('SELECT "sources_source"."id" FROM'), query["sql"]
    assert field.clean("") is None


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1.5", "1e3", "1_0", "-1", "+1", "0x1", "one", "\uff11", "1 2"])
def test_record_id_refuses_what_is_not_a_whole_number(value: str) -> None:
    field = RecordIdField(queryset=Source.objects.all(), required=False)

    with pytest.raises(ValidationError, match="whole number"):
        field.clean(value)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["999999999", "0", str(2**63), "9" * 100])
def test_record_id_refuses_an_unknown_id(value: str) -> None:
    field = RecordIdField(queryset=Source.objects.all(), required=False)

    with pytest.raises(ValidationError, match="No source has the id"):
        field.clean(value)
