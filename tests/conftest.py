"""Personas and the Trust Centre page tree, shared by every test."""

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from isms.roles import Role
from policies.pdf import RenderedPdf
from tests.factories import (
    PASSWORD,
    ControlFactory,
    EngagementFactory,
    ProductFactory,
    UserFactory,
    make_home,
    make_index,
    make_policy,
)

# A real S3 API (moto on loopback) for any test that asks for it; the intake throttle's cache on
# each backend, and kept apart per test under Redis; a real clamd for the virus scanner tests.
pytest_plugins = ["tests.s3", "tests.soa", "tests.intake_caches", "tests.clamd"]


@pytest.fixture(autouse=True)
def isolated_files(settings: Any, tmp_path: Any) -> None:
    """Each test stores its files (media, private PDFs) in a folder of its own."""
    storages = {**settings.STORAGES}
    for alias in ("default", "private"):
        if storages[alias]["BACKEND"].endswith("FileSystemStorage"):
            storages[alias] = {
                **storages[alias],
                "OPTIONS": {**storages[alias]["OPTIONS"], "location": tmp_path / alias},
            }
    settings.STORAGES = storages


@pytest.fixture
def officer(db: None) -> Any:
    return UserFactory(
        username="officer", first_name="Olivia", last_name="Berg", role=Role.COMPLIANCE_OFFICER
    )


@pytest.fixture
def engineer(db: None) -> Any:
    return UserFactory(username="engineer", role=Role.SECURITY_ENGINEER)


@pytest.fixture
def sales(db: None) -> Any:
    return UserFactory(username="sales", role=Role.SALES)


@pytest.fixture
def auditor(db: None) -> Any:
    """An auditor without an engagement: out of scope for everything."""
    return UserFactory(username="auditor", role=Role.AUDITOR)


@pytest.fixture
def outsider(db: None) -> Any:
    """A signed-in account with no role at all."""
    return UserFactory(username="outsider")


@pytest.fixture
def login(client: Client) -> Callable[[Any], Client]:
    def _login(user: Any) -> Client:
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def client_for(request: pytest.FixtureRequest, login: Callable[[Any], Client]) -> Any:
    """A client signed in as the named persona (a fixture name), or nobody for "anonymous"."""

    def _client_for(persona: str) -> Client:
        return login(None if persona == "anonymous" else request.getfixturevalue(persona))

    return _client_for


@pytest.fixture
def home(db: None) -> Any:
    return make_home()


@pytest.fixture
def policies_index(home: Any) -> Any:
    return make_index(home)


@pytest.fixture
def policy(policies_index: Any) -> Any:
    return make_policy(policies_index)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def stub_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Publishing still runs end to end, but with a tiny stand-in for WeasyPrint's rendering.

    For tests about pages rather than PDFs, where a real rendering (~0.3 s) would only add time.
    """

    def render(source: Any) -> RenderedPdf:
        content = b"%PDF-1.7 stub".ljust(2048, b" ")  # shown as "2.0 KB" beside links
        return RenderedPdf(
            content=content,
            page_count=1,
            sha256=hashlib.sha256(content).hexdigest(),
            filename=f"{source.slug}-v{source.version}-{source.effective_date}.pdf",
        )

    monkeypatch.setattr("policies.pdf.renderer.render_pdf", render)


@pytest.fixture
def other_engineer(db: None) -> Any:
    """The security engineer of another company, who secures other products."""
    return UserFactory(username="other-engineer", role=Role.SECURITY_ENGINEER)


@pytest.fixture
def product(engineer: Any) -> Any:
    """A cloud product of a company that ``engineer`` secures."""
    return ProductFactory(name="Vendela Cloud", company__security_engineer=engineer)


@pytest.fixture
def other_product(other_engineer: Any) -> Any:
    """A product of a company that ``other_engineer`` secures, and ``engineer`` does not."""
    return ProductFactory(name="Vendela Mobile", company__security_engineer=other_engineer)


@pytest.fixture
def annex_a_control(db: None) -> Any:
    return ControlFactory(ref="A.8.8", title="Management of technical vulnerabilities")


@pytest.fixture
def auditor_in_scope(db: None, annex_a_control: Any, product: Any) -> Any:
    """An auditor with an open engagement on ISO 27001 over the past year, for ``product``."""
    user = UserFactory(username="auditor-in-scope", role=Role.AUDITOR)
    engagement = EngagementFactory(framework=annex_a_control.framework)
    engagement.products.add(product)
    engagement.auditors.add(user)
    return user
