"""The OpenAPI schema and the Swagger UI page: public, valid, and served without a CDN."""

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_is_public_openapi_3_and_declares_bearer_tokens(client: Client) -> None:
    response = client.get("/api/v1/schema/", headers={"Accept": "application/json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    assert "/api/v1/token/" in schema["paths"]


def test_the_schema_validates_without_warnings(capsys: Any) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json")

    assert '"openapi"' in capsys.readouterr().out


def test_the_docs_page_runs_under_the_site_s_csp_with_local_assets(client: Client) -> None:
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page = BeautifulSoup(response.content, "html.parser")
    scripts = page.find_all("script")
    assert scripts and all(script.get("src") for script in scripts), "no inline script"
    assert not page.find_all("style") and not page.select("[style]"), "no inline style"
    assets = [script["src"] for script in scripts] + [
        link["href"] for link in page.find_all("link") if link.get("href")
    ]
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by this site"
        served = client.get(asset)
        assert served.status_code == 200, asset
        if asset.startswith("/static/") and asset.endswith(".js"):
            assert "javascript" in served["Content-Type"]
    assert any(re.match(r"^/static/drf_spectacular_sidecar/swagger-ui-dist/", a) for a in assets)


def test_the_docs_start_up_script_points_at_the_schema(client: Client) -> None:
    response = client.get("/api/v1/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert '"/api/v1/schema/"' in response.content.decode()
