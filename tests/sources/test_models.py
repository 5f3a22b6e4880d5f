"""Source rules: unique slugs, a known kind, stored copies only as paths inside seeds/."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_duplicate_slug_is_refused() -> None:
    SourceFactory(slug="reuters-2026-03-03")
    duplicate = SourceFactory.build(slug="reuters-2026-03-03")

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    assert caught.value.message_dict == {"slug": ["Source with this Slug already exists."]}


@pytest.mark.parametrize("document", ["/etc/passwd", "../secrets.txt", "documents/../../x.pdf"])
def test_document_outside_seeds_is_refused(document: str) -> None:
    source = SourceFactory.build(document=document)

    with pytest.raises(ValidationError) as caught:
        source.full_clean()

    assert list(caught.value.message_dict) == ["document"]
    assert document in caught.value.message_dict["document"][0]


def test_document_inside_seeds_is_accepted() -> None:
    SourceFactory.build(document="documents/mofcom-2025-18.pdf").full_clean()


def test_unknown_kind_is_refused() -> None:
    source = SourceFactory.build(kind="rumour")

    with pytest.raises(ValidationError) as caught:
        source.full_clean()

    assert caught.value.message_dict == {"kind": ["Value 'rumour' is not a valid choice."]}
