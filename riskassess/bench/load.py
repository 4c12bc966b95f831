"""A mixed load of 60 seconds at 16 connections against gunicorn (riskassess.bench.wsgi, the
production settings, 2 workers) with a real scoring worker on the private Redis, all through the
API with tokens (a regulator's, and a verified coordinator's for the dashboard):

- dashboard (4 connections): the EU campaign progress and supplier table, in turns;
- reads (8): one assessment, its answers, a list page of 50, in turns;
- saves (3): answer saves on the member state's drafts, each connection owning its assessments;
- submissions (1): complete drafts submitted one after the other until the time is up.

A Python load generator (one thread and one keep-alive connection each) takes the time of every
request. Reported: p99 and median per kind (load_<kind>_p99_ms), load_read_p99_ms (the worst p99
of dashboard and reads), every non-2xx answer or failed request (load_errors), and after the load,
that every submission was scored exactly once (load_submissions_not_scored_once counts those with
no score or more than one after 60 s more).
"""

import http.client
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from riskassess.bench.api import BENCH_TOKEN_NAME, Gunicorn, _number_question
from riskassess.bench.felt import drafts_for_submission
from tests.support.processes import CeleryWorker

LOAD_SECONDS, LOAD_SECONDS_QUICK = 60, 10
CONNECTIONS = {"dashboard": 4, "read": 8, "save": 3, "submit": 1}
SUBMISSIONS, SUBMISSIONS_QUICK = 40, 8


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(1, -(-99 * len(ordered) // 100)) - 1]


class Load:
    def __init__(self, port: int, seconds: float):
        self.port = port
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {kind: [] for kind in CONNECTIONS}
        self.errors: dict[str, int] = dict.fromkeys(CONNECTIONS, 0)
        self.submitted: list[int] = []

    def request(self, conn, kind: str, method: str, path: str, key: str, body: dict | None = None):
        headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            conn.close()
            with self.lock:
                self.errors[kind] += 1
            return None
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times[kind].append(elapsed)
            if not 200 <= response.status < 300:
                self.errors[kind] += 1
                return None
        return json.loads(payload) if payload else {}

    def loop(self, kind: str, paths_for, key: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        n = 0
        while time.monotonic() < self.deadline:
            method, path, body = paths_for(n)
            n += 1
            self.request(conn, kind, method, path, key, body)
        conn.close()

    def saves(self, mine: list[tuple[int, int]], key: str, question: tuple) -> None:
        qkey, low, high = question
        versions = dict(mine)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        n = 0
        while time.monotonic() < self.deadline and mine:
            pk = mine[n % len(mine)][0]
            n += 1
            value = low + (n % max(1, min(high - low, 500)))
            body = {"version": versions[pk], "answers": {qkey: value}}
            data = self.request(conn, "save", "PATCH", f"/api/v1/assessments/{pk}/answers/", key, body)
            if data is not None:
                versions[pk] = data["version"]
        conn.close()

    def submissions(self, drafts, key: str, interval: float) -> None:
        """The drafts submitted one every `interval` seconds, spread over the load."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        for assessment in drafts:
            if time.monotonic() >= self.deadline:
                break
            body = {"version": assessment.version}
            if self.request(conn, "submit", "POST", f"/api/v1/assessments/{assessment.pk}/submit/", key, body):
                self.submitted.append(assessment.pk)
            time.sleep(interval)
        conn.close()


def _scored_once(pks: list[int], timeout: float = 60) -> int:
    """How many of the submitted assessments do not have exactly one score of revision 1."""
    from django.db.models import Count

    from riskassess.scoring.models import Score

    deadline = time.monotonic() + timeout
    while True:
        counts = dict(
            Score.objects.filter(assessment_id__in=pks, revision__number=1)
            .values_list("assessment_id")
            .annotate(n=Count("id"))
            .values_list("assessment_id", "n")
        )
        wrong = sum(1 for pk in pks if counts.get(pk) != 1)
        if not wrong or time.monotonic() > deadline:
            return wrong
        time.sleep(0.5)


def run(ctx) -> dict:
    from riskassess.api.models import ApiToken
    from riskassess.api.services import api_token_create, api_token_revoke
    from riskassess.questionnaires.models import Assessment

    campaign, quick = ctx["campaign"], ctx.get("quick")
    seconds = LOAD_SECONDS_QUICK if quick else LOAD_SECONDS
    regulator, drafts = drafts_for_submission(SUBMISSIONS_QUICK if quick else SUBMISSIONS, purpose="load")
    coordinator = ctx["coordinator"]
    member_state_id = regulator.member_state_id
    tokens = []
    for user in (regulator, coordinator):
        for leftover in ApiToken.objects.filter(user=user, name=BENCH_TOKEN_NAME, revoked_at__isnull=True):
            api_token_revoke(token=leftover, user=user)
        tokens.append((user, *api_token_create(user=user, name=BENCH_TOKEN_NAME, verified=True)))
    (_, reg_token, reg_key), (_, coord_token, coord_key) = tokens
    reads = list(
        Assessment.objects.filter(campaign=campaign, member_state_id=member_state_id).values_list("pk", flat=True)[:300]
    )
    editable = list(
        Assessment.objects.filter(
            campaign=campaign, member_state_id=member_state_id, status__in=Assessment.EDITABLE
        ).values_list("pk", "version")
    )
    question = _number_question(campaign.template_version.definition)
    pages = max(1, min(20, Assessment.objects.filter(member_state_id=member_state_id).count() // 50))

    def dashboard_path(n: int):
        kind = ("progress", "suppliers")[n % 2]
        return "GET", f"/api/v1/dashboard/campaigns/{campaign.pk}/{kind}/", None

    def read_path(n: int):
        pk = reads[n % len(reads)]
        return (
            "GET",
            (
                f"/api/v1/assessments/{pk}/",
                f"/api/v1/assessments/{pk}/answers/",
                f"/api/v1/assessments/?page={n % pages + 1}",
            )[n % 3],
            None,
        )

    logdir = Path(ctx.get("logdir") or tempfile.mkdtemp(prefix="riskassess-load-"))
    load_before = round(os.getloadavg()[0], 2)
    server = Gunicorn(logdir)
    scorer = CeleryWorker(env={}, logdir=logdir, queues="default")
    try:
        server.start()
        scorer.start()
        # Warm: both gunicorn workers past their first requests (imports, connections, caches).
        warm = Load(server.port, 5)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        for n in range(12):
            for kind, (method, path, _body), key in (
                ("read", read_path(n), reg_key),
                ("dashboard", dashboard_path(n), coord_key),
            ):
                warm.request(conn, kind, method, path, key)
        conn.close()
        load = Load(server.port, seconds)
        threads = [
            threading.Thread(target=load.loop, args=("dashboard", dashboard_path, coord_key), daemon=True)
            for _ in range(CONNECTIONS["dashboard"])
        ]
        threads += [
            threading.Thread(target=load.loop, args=("read", read_path, reg_key), daemon=True)
            for _ in range(CONNECTIONS["read"])
        ]
        n_save = CONNECTIONS["save"]
        threads += [
            threading.Thread(target=load.saves, args=(editable[i::n_save], reg_key, question), daemon=True)
            for i in range(n_save)
        ]
        threads.append(
            threading.Thread(target=load.submissions, args=(drafts, reg_key, seconds / (len(drafts) + 1)), daemon=True)
        )
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 30)
        elapsed = time.monotonic() - started
        not_once = _scored_once(load.submitted)
    finally:
        scorer.stop()
        server.stop()
        api_token_revoke(token=reg_token, user=regulator)
        api_token_revoke(token=coord_token, user=coordinator)
    figures: dict = {"load_seconds": round(elapsed, 1), "load_connections": sum(CONNECTIONS.values())}
    for kind, times in load.times.items():
        figures[f"load_{kind}_requests"] = len(times)
        figures[f"load_{kind}_p99_ms"] = round(p99(times), 1)
        figures[f"load_{kind}_median_ms"] = round(sorted(times)[len(times) // 2], 1) if times else float("nan")
    figures["load_errors"] = sum(load.errors.values())
    figures["load_submissions"] = len(load.submitted)
    figures["load_submissions_not_scored_once"] = not_once
    figures["load_avg_before"] = load_before
    return figures
