"""No 500 on bad input: random and malformed query strings and bodies to every view that accepts
input (every named route, the admin's lists, forms and autocomplete), as each role.

Deterministic (a seeded generator) and bounded (FORM_FUZZ_REQUESTS, default 1,000 requests), so a
failure can be replayed. Every response must be below 500; the test lists every 5xx it met.
"""

import json
import os
import random
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.test_access_matrix import NON_OBJECT, ROUTES, named_routes

REQUESTS = int(os.environ.get("FORM_FUZZ_REQUESTS", "1000"))
PERSONAS = ("fr_regulator", "fr_approver", "eu_coordinator", "observer")

HOSTILE = [
    "",
    "\x00",
    "a\x00b",
    "%00",
    "\x1b[31m",
    "\u202eevil",
    "99999999999999999999",
    "-1",
    "0",
    "1e309",
    "NaN",
    "1.5",
    "2026-13-45",
    "9999-12-31",
    "x y",
    "foo",
    "//evil.example/",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "ÿ" * 300,
    "A" * 5000,
    "[]",
    "{}",
    "true",
    "null",
    "TLP:RED",
    "assessment",
    "yes",
    "FR",
]
KNOWN_KEYS = [
    "next", "q", "o", "p", "e", "page", "id", "pk", "campaign", "supplier", "member_state", "kind",
    "assessment", "state", "status", "version", "action", "name", "days", "read_only", "token", "tlp",
    "comment", "values", "url", "question_key", "item_id", "description", "username", "password",
    "email", "role", "format", "term", "app_label", "model_name", "field_name", "at__year", "at__month",
    "opens_on__year", "band", "sort", "limit", "offset", "expected_version", "lang",
]  # fmt: skip


def _value(rng: random.Random) -> str:
    return rng.choice(HOSTILE) if rng.random() < 0.8 else str(rng.randint(-(2**70), 2**70))


def _params(rng: random.Random, extra_keys: list[str]) -> list[tuple[str, str]]:
    keys = KNOWN_KEYS + extra_keys
    return [
        (rng.choice(keys) if rng.random() < 0.9 else rng.choice(HOSTILE[:8]) or "k", _value(rng))
        for _ in range(rng.randint(0, 6))
    ]


def _fill(route: str, rng: random.Random, real_pk: int) -> str:
    def segment(match: re.Match) -> str:
        converter = match.group(1) or "str"
        if converter == "int":
            return str(rng.choice([real_pk, 0, 1, 2**31, 99999999999999999999]))
        return rng.choice(["FR", "A", "x", "%00", "%C3%BF", "99999999999999999999", "a%20b", "EL"])

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", segment, route)


def _admin_paths() -> list[tuple[str, list[str]]]:
    paths = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        fields = [f.name for f in meta.get_fields() if getattr(f, "concrete", False)]
        keys = fields + [f"{f}__exact" for f in fields]
        if model_admin.date_hierarchy:
            keys += [f"{model_admin.date_hierarchy}__{p}" for p in ("year", "month", "day")]
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        paths += [(base, keys), (base + "add/", fields), (base + "abc/change/", fields), (base + "1/change/", fields)]
        paths.append((f"/admin/autocomplete/?app_label={meta.app_label}&model_name={meta.model_name}", ["field_name"]))
    return paths


def _body(rng: random.Random, path: str, keys: list[str]) -> tuple[object, str]:
    if path.startswith("/api/") and rng.random() < 0.6:
        choice = rng.random()
        if choice < 0.3:
            return rng.choice(
                ['{"values": {"A4": ', "[1,2", "\x00", '{"a": "\\u0000"}', "{" * 2000]
            ), "application/json"
        document = {rng.choice(KNOWN_KEYS + keys): _value(rng) for _ in range(rng.randint(0, 5))}
        if rng.random() < 0.3:
            document["values"] = {
                rng.choice(["A4", "B1", "B6", "D1", "x"]): rng.choice([[{"a": 1}], 1e308, "\x00", None])
            }
        return json.dumps(document), "application/json"
    return dict(_params(rng, keys)), "application/x-www-form-urlencoded"


@pytest.fixture
def targets(french) -> list[tuple[str, list[str]]]:
    routes = named_routes()
    found: list[tuple[str, list[str]]] = []
    for name, route in routes.items():
        spec = ROUTES.get(name)
        if spec is not None and spec is not NON_OBJECT:
            kwargs = dict(spec(french))
            kwargs.pop("_query", None)
            data = kwargs.pop("_data", {})
            found.append((reverse(name, kwargs=kwargs), list(data)))
        found.append((route, []))  # the pattern, filled with odd values below
    return found + _admin_paths()


def test_no_input_makes_a_5xx(client, request, targets, french, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.raise_request_exception = False
    rng = random.Random(18)  # noqa: S311  (reproducible fuzzing, not secrets)
    users = {p: request.getfixturevalue(p) for p in PERSONAS}
    failures: list[str] = []
    statuses: dict[int, int] = {}
    for i in range(REQUESTS):
        persona = PERSONAS[i % len(PERSONAS)]
        if i % len(PERSONAS) == 0:
            client.logout()
        client.force_login(users[persona])
        path, keys = targets[rng.randrange(len(targets))]
        if "<" in path:
            path = _fill(path, rng, french.assessment.pk)
        query = "&".join(f"{k}={v}" if rng.random() < 0.5 else f"{k}={v!r}" for k, v in _params(rng, keys))
        separator = "&" if "?" in path else "?"
        url = path + (separator + query if query else "")
        if rng.random() < 0.5:
            response = client.get(url)
            method = "GET"
        else:
            body, content_type = _body(rng, path, keys)
            if content_type == "application/json":
                response = client.post(url, body, content_type=content_type)
            else:
                response = client.post(url, body)
            method = "POST"
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            failures.append(f"{persona} {method} {url[:200]} -> {response.status_code}")
    print(f"{REQUESTS} requests, statuses {sorted(statuses.items())}, 5xx: {len(failures)}")
    assert not failures, "\n".join(failures[:40])
