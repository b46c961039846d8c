"""POST /api/v1/evidence/: what a pipeline pushes, what it gets back, and every refusal."""

import hashlib
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from evidence.models import Evidence, EvidenceRevision
from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from tests.api.conftest import error, pdf_file, period
from tests.evidence.files import pdf_bytes
from tests.factories import PERSONAS, ControlFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/evidence/"


@pytest.fixture
def engineer_api(api_client: Any) -> Client:
    return api_client("engineer")


def fields(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Weekly vulnerability scan",
        "controls": ["iso27001-2022:A.8.8"],
        **period(),
        **overrides,
    }


def test_it_stores_an_uploaded_file_and_describes_it(
    engineer: Any, engineer_api: Client, annex_a_control: Any, product: Any
) -> None:
    response = engineer_api.post(
        URL, fields(file=pdf_file(), products=[product.slug], description="Nessus, all hosts.")
    )

    assert response.status_code == 201, response.content
    body = response.json()
    evidence = Evidence.objects.get()
    revision = EvidenceRevision.objects.get()
    assert body["id"] == evidence.pk
    assert body["revision"] == 1
    assert body["sha256"] == hashlib.sha256(pdf_bytes()).hexdigest() == revision.sha256
    assert body["size"] == revision.size
    assert body["media_type"] == "application/pdf"
    assert body["filename"] == "scan-report.pdf"
    assert body["download_url"] == (
        f"http://testserver/api/v1/evidence/{evidence.pk}/revisions/1/download/"
    )
    assert response["Location"] == f"http://testserver/api/v1/evidence/{evidence.pk}/"
    assert body["controls"] == ["iso27001-2022:A.8.8"]
    assert body["products"] == [product.slug]
    assert body["status"] == "submitted"
    assert body["period"] == {"start": period()["period_start"], "end": period()["period_end"]}
    assert (evidence.source, evidence.produced_by) == ("api", engineer)
    with storages["private"].open(revision.storage_name, "rb") as stored:
        assert stored.read() == pdf_bytes()


def test_the_upload_is_in_the_audit_trail_as_the_token_s_user(
    engineer: Any, engineer_api: Client, annex_a_control: Any
) -> None:
    engineer_api.post(URL, fields(file=pdf_file()), REMOTE_ADDR="198.51.100.4")

    event = AuditEvent.objects.get(action=AuditAction.EVIDENCE_UPLOADED)
    assert event.actor == engineer
    assert event.ip_address == "198.51.100.4"
    assert event.detail["sha256"] == hashlib.sha256(pdf_bytes()).hexdigest()


def test_it_takes_a_link_or_a_note_instead(engineer_api: Client, annex_a_control: Any) -> None:
    link = engineer_api.post(URL, fields(url="https://ci.example.com/runs/42"))
    note = engineer_api.post(URL, fields(note="Quarterly access review done, no findings."))

    assert (link.status_code, note.status_code) == (201, 201)
    assert link.json()["kind"] == "link" and link.json()["download_url"] is None
    assert note.json()["kind"] == "note"


def test_it_takes_json_for_a_link(engineer_api: Client, annex_a_control: Any) -> None:
    response = engineer_api.post(
        URL, fields(url="https://ci.example.com/runs/42"), content_type="application/json"
    )

    assert response.status_code == 201, response.content


def test_controls_may_be_comma_separated(engineer_api: Client, annex_a_control: Any) -> None:
    ControlFactory(ref="A.8.9", framework=annex_a_control.framework)
    response = engineer_api.post(
        URL, fields(note="Done.", controls="iso27001-2022:A.8.8, iso27001-2022:A.8.9")
    )

    assert response.json()["controls"] == ["iso27001-2022:A.8.8", "iso27001-2022:A.8.9"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"controls": ["iso27001-2022:A.9.9"]},
            "controls",
            "There is no control iso27001-2022:A.9.9.",
        ),
        ({"controls": ["A.8.8"]}, "controls", "is not a control address"),
        ({"controls": []}, "controls", "This field is required."),
        ({"products": ["no-such-product"]}, "products", "There is no product “no-such-product”."),
        ({"period_start": ""}, "period_start", "Date has wrong format"),
        ({"period_end": "30/11/2026"}, "period_end", "Date has wrong format"),
        ({"title": ""}, "title", "This field may not be blank."),
    ],
)
def test_it_names_what_is_wrong_with_a_field(
    engineer_api: Client, annex_a_control: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = engineer_api.post(URL, fields(note="Done.", **overrides))

    assert response.status_code == 400
    body = error(response)
    assert body["code"] == "invalid"
    assert message in " ".join(body["fields"][field])
    assert message in body["message"]
    assert not Evidence.objects.exists()


def test_a_missing_period_is_refused(engineer_api: Client, annex_a_control: Any) -> None:
    data = fields(note="Done.")
    del data["period_start"], data["period_end"]

    body = error(engineer_api.post(URL, data))

    assert set(body["fields"]) == {"period_start", "period_end"}


def test_a_period_that_ends_before_it_starts_is_refused(
    engineer_api: Client, annex_a_control: Any
) -> None:
    response = engineer_api.post(
        URL, fields(note="Done.", period_start="2026-06-30", period_end="2026-06-01")
    )

    assert response.status_code == 400
    assert "cannot end (2026-06-01) before it starts (2026-06-30)" in error(response)["message"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({}, "Give exactly one of file, url or note."),
        (
            {"url": "https://ci.example.com/1", "note": "Also this."},
            "this request has url and note",
        ),
        ({"file": "FILE", "note": "Also this."}, "this request has file and note"),
    ],
)
def test_it_needs_exactly_one_of_file_url_or_note(
    engineer_api: Client, annex_a_control: Any, content: dict[str, Any], message: str
) -> None:
    if content.get("file") == "FILE":
        content["file"] = pdf_file()

    response = engineer_api.post(URL, fields(**content))

    assert response.status_code == 400
    assert message in error(response)["message"]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03" + bytes(range(256))), "not accepted"),
        (
            SimpleUploadedFile("scan.pdf", b"MZ\x90\x00\x03" + bytes(range(256))),
            "its content is a Windows executable",
        ),
        (SimpleUploadedFile("empty.pdf", b""), "empty"),
    ],
)
def test_it_refuses_files_the_service_refuses(
    engineer_api: Client, annex_a_control: Any, upload: Any, message: str
) -> None:
    response = engineer_api.post(URL, fields(file=upload))

    assert response.status_code == 400
    assert message in error(response)["message"]
    assert not Evidence.objects.exists()


def test_a_link_must_be_https(engineer_api: Client, annex_a_control: Any) -> None:
    response = engineer_api.post(URL, fields(url="javascript:alert(1)"))

    assert response.status_code == 400
    assert "https://" in error(response)["message"]


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
    engineer_api: Client, annex_a_control: Any, settings: Any
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_BYTES = len(pdf_bytes()) - 1

    response = engineer_api.post(URL, fields(file=pdf_file()))

    assert response.status_code == 400
    assert "larger than the limit" in error(response)["message"]
    assert not Evidence.objects.exists()


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(
    engineer_api: Client, annex_a_control: Any, settings: Any
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1000
    big = SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 2000))

    response = engineer_api.post(URL, fields(file=big))

    assert response.status_code == 413
    assert error(response)["code"] == "too_large"


def test_form_fields_over_django_s_memory_limit_are_a_json_413(
    engineer_api: Client, annex_a_control: Any, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = engineer_api.post(URL, fields(note="x" * 5000))

    assert response.status_code == 413
    assert error(response)["code"] == "too_large"


def test_a_file_larger_than_django_s_memory_limits_is_accepted(
    engineer_api: Client, annex_a_control: Any, settings: Any
) -> None:
    # Files do not count against DATA_UPLOAD_MAX_MEMORY_SIZE, and spill to disk past
    # FILE_UPLOAD_MAX_MEMORY_SIZE.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    content = b"host,finding\n" + b"web-1,none\n" * 500

    response = engineer_api.post(URL, fields(file=SimpleUploadedFile("scan.csv", content)))

    assert response.status_code == 201, response.content
    assert response.json()["size"] == len(content)


def test_a_malformed_multipart_body_is_a_json_400(engineer_api: Client) -> None:
    response = engineer_api.generic(
        "POST", URL, b"--nope\r\ngarbage", content_type="multipart/form-data; boundary=x"
    )

    assert response.status_code == 400
    assert error(response)


def test_malformed_json_is_a_json_400(engineer_api: Client) -> None:
    response = engineer_api.generic("POST", URL, b"{not json", content_type="application/json")

    assert response.status_code == 400
    assert error(response)["code"] == "parse_error"


def test_json_nested_too_deeply_is_a_json_400(engineer_api: Client) -> None:
    response = engineer_api.generic(
        "POST", URL, b"[" * 50_000 + b"]" * 50_000, content_type="application/json"
    )

    assert response.status_code == 400
    assert error(response)["code"] == "parse_error"


def test_an_unsupported_body_type_is_a_json_415(engineer_api: Client) -> None:
    response = engineer_api.generic("POST", URL, b"<x/>", content_type="application/xml")

    assert response.status_code == 415
    assert error(response)["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("outsider", 403),
        ("sales", 403),
        ("auditor", 403),
        ("engineer", 201),
        ("officer", 201),
    ],
)
def test_who_may_submit(api_client: Any, annex_a_control: Any, persona: str, status: int) -> None:
    assert persona in PERSONAS

    response = api_client(persona).post(URL, fields(file=pdf_file()))

    assert response.status_code == status
    if status != 201:
        error(response)
        assert not Evidence.objects.exists()


# What one upload may cost: the token, the user's permissions, the control, then in one
# transaction (its BEGIN and COMMIT are statements too) the row, its control link, its revision,
# the pointer to it, one history record with its links (it reads them back), the stored revision
# read back for the audit hash, and the audit event after the last one. PostgreSQL first takes the
# chain's lock. The 201 answer reads nothing again. Counted outside a test transaction, as served.
UPLOAD_STATEMENTS = {"sqlite": 17, "postgresql": 18}
# A product adds its lookup, who may tag what (the role, their products), its link and its history
# row.
WITH_A_PRODUCT = 5
as_served = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@as_served
def test_an_upload_costs_a_fixed_number_of_statements(
    engineer_api: Client, annex_a_control: Any, django_assert_max_num_queries: Any
) -> None:
    engineer_api.post(URL, fields(file=pdf_file("first.pdf")))  # the token's first use, recorded

    with django_assert_max_num_queries(UPLOAD_STATEMENTS[connection.vendor]):
        response = engineer_api.post(URL, fields(file=pdf_file()))

    assert response.status_code == 201, response.content


@as_served
def test_an_upload_tagging_a_product_costs_five_more(
    engineer_api: Client, annex_a_control: Any, product: Any, django_assert_max_num_queries: Any
) -> None:
    engineer_api.post(URL, fields(file=pdf_file("first.pdf")))

    with django_assert_max_num_queries(UPLOAD_STATEMENTS[connection.vendor] + WITH_A_PRODUCT):
        response = engineer_api.post(URL, fields(file=pdf_file(), products=[product.slug]))

    assert response.status_code == 201, response.content


@pytest.mark.parametrize("persona", ["engineer", "officer"])
def test_the_answer_is_the_evidence_as_a_read_shows_it(
    api_client: Any, persona: str, annex_a_control: Any, product: Any
) -> None:
    ControlFactory(ref="A.5.1", title="Policies for information security")
    client = api_client(persona)
    submitted = fields(
        file=pdf_file(),
        controls="iso27001-2022:A.8.8,iso27001-2022:A.5.1,iso27001-2022:A.8.8",
        products=[product.slug],
        description="Nessus, all hosts.",
    )

    created = client.post(URL, submitted)
    listed = client.get(URL)

    assert created.status_code == 201, created.content
    assert created.json() == listed.json()["results"][0]
    assert created.json()["controls"] == ["iso27001-2022:A.5.1", "iso27001-2022:A.8.8"]
