"""Request ids: taken from X-Request-ID or made, returned, and on every log line of the request."""

import json
import logging
import re

from riskassess.core.logging import JsonFormatter, RequestIdFilter


def test_it_makes_a_request_id_when_none_is_given(client, db):
    response = client.get("/accounts/login/")
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_it_keeps_a_plain_request_id_from_the_proxy(client, db):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-1234.abcd")
    assert response.headers["X-Request-ID"] == "lb-1234.abcd"


def test_it_replaces_a_request_id_that_could_forge_log_lines(client, db):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID='x" injected\nline')
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_it_puts_the_request_id_on_log_records_made_during_the_request(client, db, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-42")
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.request_id == "req-42" for r in records)


def test_it_marks_log_records_outside_a_request():
    record = logging.LogRecord("riskassess", logging.INFO, __file__, 1, "hello", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_it_writes_json_lines():
    record = logging.LogRecord("riskassess.scoring", logging.WARNING, __file__, 1, "run %s failed", (7,), None)
    record.request_id = "abc"
    record.run_id = 7
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "run 7 failed"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "riskassess.scoring"
    assert entry["request_id"] == "abc"
    assert entry["run_id"] == 7
    assert entry["time"].endswith("+00:00")
