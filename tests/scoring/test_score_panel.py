"""The score panel (htmx fragment) of an assessment: polling while scoring, the explained score
when done, and no access across member states."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from riskassess.scoring.models import ScoringRun
from riskassess.scoring.services import scoring_request, scoring_run_execute
from tests.scoring.builders import SMALL_ANSWERS, certificate

BACKEND = "django.contrib.auth.backends.ModelBackend"
T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def run(fr_assessment, make_revision, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks():
        return scoring_request(revision=make_revision(fr_assessment))


def panel(client, user, assessment, at=T0 + dt.timedelta(seconds=2)):
    client.force_login(user, backend=BACKEND)
    with time_machine.travel(at, tick=False):
        return client.get(reverse("scoring:score_panel", args=[assessment.pk]), HTTP_HX_REQUEST="true")


def test_it_polls_soon_while_queued(client, fr_regulator, fr_assessment, run):
    response = panel(client, fr_regulator, fr_assessment)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="status"' in html
    assert "Scoring…" in html
    assert 'hx-trigger="load delay:150ms"' in html
    assert f'hx-get="/scoring/assessments/{fr_assessment.pk}/score/?poll=1"' in html
    assert 'hx-swap="outerHTML"' in html
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_it_polls_while_running(client, fr_regulator, fr_assessment, run):
    ScoringRun.objects.filter(pk=run.pk).update(status=ScoringRun.Status.RUNNING, task_id="t", started_at=T0)

    html = panel(client, fr_regulator, fr_assessment).content.decode()

    assert "Scoring…" in html
    assert 'hx-trigger="load delay:150ms"' in html


def test_each_poll_waits_longer_up_to_two_seconds(client, fr_regulator, fr_assessment, run):
    client.force_login(fr_regulator, backend=BACKEND)
    url = reverse("scoring:score_panel", args=[fr_assessment.pk])
    delays = []
    with time_machine.travel(T0 + dt.timedelta(seconds=2), tick=False):
        for attempt in (1, 2, 3, 8, 12, 10_000):
            html = client.get(f"{url}?poll={attempt}", HTTP_HX_REQUEST="true").content.decode()
            delays.append(int(html.split('hx-trigger="load delay:', 1)[1].split("ms", 1)[0]))
        assert f"?poll={50}" in client.get(f"{url}?poll=10000").content.decode()  # bounded
        assert "delay:150ms" in client.get(f"{url}?poll=x").content.decode()
    assert delays == [225, 337, 506, 2000, 2000, 2000]


def test_it_says_scoring_is_delayed_after_10_seconds(client, fr_regulator, fr_assessment, run):
    html = panel(client, fr_regulator, fr_assessment, at=T0 + dt.timedelta(seconds=11)).content.decode()

    assert "Scoring is delayed" in html
    assert "saved and safe" in html
    assert 'role="status"' in html
    assert 'hx-trigger="load delay:5000ms"' in html  # still polling, more slowly


def test_it_shows_the_explained_score_when_done(client, fr_regulator, fr_assessment, run):
    score = scoring_run_execute(run_id=run.pk, task_id="t")

    html = panel(client, fr_regulator, fr_assessment).content.decode()

    assert "hx-trigger" not in html  # polling stops
    assert '<span class="band band-elevated">Elevated</span>' in html
    assert "58.3" in html
    assert "Supplier profile" in html and "88.6" in html  # section A
    assert "Certification" in html and "12.9" in html  # section B
    assert "Acts through triggers only" in html  # section D
    assert "<svg" in html
    assert "Why this score" in html
    assert "Controlled by a third-country government?" in html  # A4, the largest contribution
    assert html.index("Controlled by a third-country") < html.index("Days to patch critical")
    assert "expires on 2027-01-10" in html
    assert "Confidence" in html and "68%" in html  # 9.5 of 14: A4 and B1 want evidence, none attached
    assert score.rules_hash[:12] in html
    assert score.rules_hash[:13] not in html
    assert "scoring engine 2.0" in html


def test_it_lists_the_triggers_first(client, fr_regulator, fr_assessment, make_revision):
    revision = make_revision(fr_assessment, {"A4": "no", "A6": "yes", "B1": [certificate()], "B6": 5, "D1": "yes"})
    run = ScoringRun.objects.create(revision=revision, rules_hash=revision.template_version.rules_hash)
    scoring_run_execute(run_id=run.pk, task_id="t")

    html = panel(client, fr_regulator, fr_assessment).content.decode()

    assert "Triggers fired" in html
    assert "Designated high-risk by the reporting member state" in html
    assert html.index("Triggers fired") < html.index("Why this score")
    assert '<span class="band band-designated">Designated high-risk</span>' in html


def test_it_escapes_what_the_regulator_typed(client, fr_regulator, fr_assessment, make_revision):
    hostile = certificate(certificate_id="<script>alert(1)</script>", status="expired")
    revision = make_revision(fr_assessment, {**SMALL_ANSWERS, "B1": [hostile]})
    run = ScoringRun.objects.create(revision=revision, rules_hash=revision.template_version.rules_hash)
    scoring_run_execute(run_id=run.pk, task_id="t")

    html = panel(client, fr_regulator, fr_assessment).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_reports_a_failed_scoring(client, fr_regulator, fr_assessment, run):
    ScoringRun.objects.filter(pk=run.pk).update(status=ScoringRun.Status.FAILED, error="ValueError: boom")

    html = panel(client, fr_regulator, fr_assessment).content.decode()

    assert "could not be computed" in html
    assert 'role="alert"' in html
    assert "boom" not in html  # technical details stay in the admin
    assert "hx-trigger" not in html


def test_it_says_when_there_is_no_score_yet(client, fr_regulator, fr_assessment):
    html = panel(client, fr_regulator, fr_assessment).content.decode()

    assert "No score yet" in html
    assert "hx-trigger" not in html


def test_it_shows_the_score_to_a_coordinator(client, eu_coordinator, fr_assessment, run):
    scoring_run_execute(run_id=run.pk, task_id="t")

    response = panel(client, eu_coordinator, fr_assessment)

    assert response.status_code == 200
    assert b"Why this score" in response.content


def test_it_hides_other_member_states(client, de_regulator, fr_assessment, run):
    scoring_run_execute(run_id=run.pk, task_id="t")

    response = panel(client, de_regulator, fr_assessment)

    assert response.status_code == 404
    assert b"Why this score" not in response.content


def test_it_hides_scores_from_observers(client, observer, fr_assessment, run):
    assert panel(client, observer, fr_assessment).status_code == 404


def test_it_hides_an_assessment_that_does_not_exist(client, fr_regulator, fr_assessment):
    client.force_login(fr_regulator, backend=BACKEND)

    assert client.get(reverse("scoring:score_panel", args=[fr_assessment.pk + 1000])).status_code == 404


def test_it_asks_anonymous_users_to_log_in(client, fr_assessment, run):
    response = client.get(reverse("scoring:score_panel", args=[fr_assessment.pk]))

    assert response.status_code in (302, 204)
    assert b"Why this score" not in response.content
