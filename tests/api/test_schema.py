"""The OpenAPI schema: valid, without generator warnings, identical to docs/api/schema.yml (so
every change to the API shows as a reviewed diff), and its documentation pages served offline."""

import re
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "schema.yml"


def test_it_generates_a_valid_schema_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    # --fail-on-warn turns any generator warning (unresolvable serializer, name clash) into an error.
    call_command("spectacular", "--file", str(out), "--validate", "--fail-on-warn")
    assert "/api/v1/assessments/{id}/answers/" in out.read_text()


def test_it_matches_the_committed_schema(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(out))
    generated = out.read_text()
    committed = COMMITTED.read_text() if COMMITTED.exists() else ""
    assert generated == committed, (
        "The API schema changed. Run `make schema`, review the diff of docs/api/schema.yml and commit it."
    )


@override_settings(DEBUG=False)
def test_it_serves_the_docs_pages_without_any_external_host(client, fr_regulator):
    client.force_login(fr_regulator)
    for path in ("/api/docs/", "/api/redoc/"):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        hosts = re.findall(r"""(?:src|href)=["'](?:https?:)?//([^/"']+)""", html)
        assert hosts == [], (path, hosts)
        assert "drf_spectacular_sidecar" in html
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts), scripts
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"openapi: 3" in schema.content
