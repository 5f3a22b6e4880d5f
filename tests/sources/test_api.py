"""The sources endpoint: the shared API contract, plus the one naming quirk of sources.

A source's ``url`` is its API link like every record's, so the document's own web address is
``address`` in the API (``Source.url`` in the model).
"""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from apps.core.testing import BadInput, WritableResourceTests, assert_error
from apps.sources.models import Source
from tests.factories import DepositCitationFactory, SourceFactory


class TestSourceAPI(WritableResourceTests[Source]):
    basename = "source"
    model = Source
    fields = (
        "id",
        "url",
        "slug",
        "title",
        "publisher",
        "published_on",
        "address",
        "kind",
        "document",
        "notes",
        "created_at",
        "updated_at",
    )
    brief_fields = ("id", "url", "title")
    shaping_fields = ("id", "title")
    omit_field = "notes"
    list_queries = 3  # the dataset version (response cache), count, page
    csv_examples = {"kind": "government_announcement", "published_on": "2025-10-09"}

    def make_object(self) -> Source:
        return SourceFactory(
            kind="government_announcement",
            publisher="Ministry of Commerce of the People's Republic of China",
            published_on="2025-10-09",
            notes="Announcement text read in the original.",
        )

    def make_referenced_object(self) -> Source:
        source = self.make_object()
        DepositCitationFactory(source=source)  # a deposit cites it (PROTECT)
        return source

    def create_data(self) -> dict[str, Any]:
        return {
            "slug": "mofcom-announcement-18-2025",
            "title": "MOFCOM and GAC Announcement No. 18 of 2025 on export controls",
            "publisher": "Ministry of Commerce of the People's Republic of China",
            "published_on": "2025-04-04",
            "address": "https://www.mofcom.gov.cn/zcfb/blgg/art/2025/art_18.html",
            "kind": "government_announcement",
            "document": "documents/mofcom-18-2025.pdf",
            "notes": "Lists seven medium and heavy rare earths.",
        }

    def update_data(self, obj: Source) -> dict[str, Any]:
        return {
            "slug": obj.slug,
            "title": "Export controls on medium and heavy rare earths (revised title)",
            "publisher": "MOFCOM",
            "published_on": "2025-04-05",
            "address": "https://english.mofcom.gov.cn/announcement-18.html",
            "kind": "legal_text",
            "document": "",
            "notes": "",
        }

    def partial_update_data(self, obj: Source) -> dict[str, Any]:
        return {"notes": "The English translation differs on scope.", "kind": "legal_text"}

    bad_inputs = (
        BadInput({"kind": "blog_post"}, "kind", "kind-unknown"),
        BadInput({"slug": "Not a slug!"}, "slug", "slug-invalid"),
        BadInput({"title": ""}, "title", "title-blank"),
        BadInput({"address": "not a web address"}, "address", "address-invalid"),
        BadInput({"published_on": "2025-13-01"}, "published_on", "published_on-invalid"),
        BadInput({"document": "/etc/passwd"}, "document", "document-absolute"),
        BadInput({"document": "../settings.py"}, "document", "document-parent"),
    )

    # --- sources only ----------------------------------------------------------------------

    def test_address_is_the_document_and_url_the_api_link(self, curator_api: APIClient) -> None:
        body = self.create_data()
        created = curator_api.post(self.list_url(), body, format="json").json()
        assert created["address"] == body["address"]
        assert created["url"] == f"http://testserver{self.detail_url(created['id'])}"
        assert Source.objects.get(pk=created["id"]).url == body["address"]

    def test_duplicate_slug_is_400(self, curator_api: APIClient) -> None:
        existing = self.make_object()
        before = Source.objects.count()
        response = curator_api.post(
            self.list_url(), {**self.create_data(), "slug": existing.slug}, format="json"
        )
        assert_error(response, 400, "slug")
        assert Source.objects.count() == before
