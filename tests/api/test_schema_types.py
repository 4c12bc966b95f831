"""The schema says what the server takes: integers for ids (not "number"), and `format: uri` only
on real links (pagination), never on a text field such as a reference's address."""

import yaml
from django.core.management import call_command


def _schema(tmp_path) -> dict:
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(out))
    return yaml.safe_load(out.read_text())


def _walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, str(i)))


def test_id_filters_are_integers(tmp_path):
    schema = _schema(tmp_path)
    numbers = [
        f"{url} {p['name']}"
        for url, item in schema["paths"].items()
        for operation in item.values()
        if isinstance(operation, dict)
        for p in operation.get("parameters", [])
        if p.get("schema", {}).get("type") == "number"
    ]
    assert numbers == []
    params = schema["paths"]["/api/v1/assessments/"]["get"]["parameters"]
    assert {p["name"]: p["schema"]["type"] for p in params}["campaign"] == "integer"


def test_only_links_say_format_uri(tmp_path):
    where = [
        "/".join(path)
        for path, node in _walk(_schema(tmp_path))
        if node.get("format") == "uri" and path[-1] not in ("next", "previous")
    ]
    assert where == []
