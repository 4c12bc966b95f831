"""API figures for `manage.py bench`: requests per second of the REST API served by gunicorn with
2 workers on a free loopback port, against the bench database.

- api_read_rps: GET /api/v1/assessments/{id}/ with a token, load from `wrk` (a Lua script cycles
  over the member state's assessments);
- api_answer_save_rps: PATCH /api/v1/assessments/{id}/answers/ with a token, from a small Python
  load generator (threads, one keep-alive connection each) that sends the version it read from the
  previous response, so the optimistic version check stays on. Each thread owns its assessments:
  a 409 would be a bug, and is counted.

Bounded: each load runs for a few seconds and a capped number of requests, on 127.0.0.1 only.
The load generators share the machine with the server: the figures include the 1-minute load
average seen before measuring (other processes on the same cores lower them).
BENCH_GUNICORN_CLASS=sync compares gunicorn's sync workers with the default gthread (keep-alive).

The floor (riskassess/bench/floor.py), in the same gunicorn (riskassess.bench.wsgi) and the same
run, each load of riskassess and of its floor taken in turns (A B A B) so that a change in the
machine's load falls on both:
- api_read_floor_ratio: GET /api/v1/assessments/{id}/answers/ over the floor view's rate;
- api_list_floor_ratio: GET /api/v1/assessments/?page=<n> (pages of 50) over the floor view's rate.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings

from tests.support.processes import free_port, stop_process_group

WORKERS = 2
READ_SECONDS, READ_SECONDS_QUICK = 10, 3
SAVE_SECONDS, SAVE_SECONDS_QUICK = 10, 3
SAVE_MAX_REQUESTS = 5000
SAVE_THREADS = 6
BENCH_TOKEN_NAME = "bench"  # noqa: S105 - the name of a token, not a secret
WRK = shutil.which("wrk") or "wrk"  # Debian: apt-get install wrk


class Gunicorn:
    """gunicorn riskassess.wsgi with 2 workers on 127.0.0.1:<free port>, in its own process group."""

    def __init__(self, logdir: Path, *, env: dict[str, str] | None = None):
        self.port = free_port()
        self.extra_env = env or {}
        self.logfile = logdir / f"gunicorn-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "Gunicorn":
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "riskassess.settings"),
            # Production mode: no query log in memory, no debug pages.
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "LOG_LEVEL": "WARNING",
            **self.extra_env,
        }
        # riskassess.wsgi as deployed, with the floor views beside it under /bench-floor/.
        cmd = [sys.executable, "-m", "gunicorn", "riskassess.bench.wsgi:application", "--workers", str(WORKERS)]
        cmd += ["--worker-class", os.environ.get("BENCH_GUNICORN_CLASS", "gthread"), "--threads", "4"]
        cmd += ["--bind", f"127.0.0.1:{self.port}"]
        cmd += ["--keep-alive", "5", "--log-level", "warning"]
        log = open(self.logfile, "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(  # noqa: S603
            cmd, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.proc.returncode}): {self.log()[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise TimeoutError("gunicorn not ready")

    def log(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile.exists() else ""

    def stop(self) -> None:
        stop_process_group(self.proc)
        self.proc = None


def _found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"wrk printed no {pattern!r}:\n{text[-2000:]}")
    return match.group(1)


def _wrk_script(paths: list[str], key: str) -> str:
    listed = ",\n".join(f'  "{p}"' for p in paths)
    return f"""wrk.headers["Authorization"] = "Bearer {key}"
wrk.headers["Accept"] = "application/json"
local paths = {{
{listed}
}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""


def wrk_load(*, port: int, paths: list[str], key: str, seconds: float, workdir: Path) -> tuple[int, float, int]:
    """(requests, seconds, non-2xx responses) of `wrk -c 16` cycling over `paths`."""
    script = workdir / "read.lua"
    script.write_text(_wrk_script(paths, key))
    whole = max(1, round(seconds))
    out = subprocess.run(  # noqa: S603
        [WRK, "-t", "2", "-c", "16", "-d", f"{whole}s", "--timeout", "5s", "-s", str(script)]
        + [f"http://127.0.0.1:{port}/"],
        capture_output=True,
        text=True,
        timeout=whole + 30,
        check=True,
    ).stdout
    rps = float(_found(r"Requests/sec:\s+([\d.]+)", out))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(_found(r"(\d+) requests in", out))
    return total, total / rps if rps else float(whole), int(errors.group(1)) if errors else 0


def measure_reads(*, port: int, paths: list[str], key: str, seconds: int, workdir: Path) -> dict:
    total, elapsed, errors = wrk_load(port=port, paths=paths, key=key, seconds=seconds, workdir=workdir)
    return {
        "api_read_rps": round(total / elapsed, 1),
        "api_read_requests": total,
        "api_read_errors": errors,
    }


def measure_floor(
    *, name: str, port: int, paths: list[str], floor_paths: list[str], key: str, seconds: int, workdir: Path
) -> dict:
    """riskassess and its floor in turns (A B A B), each half of `seconds` a turn: rates, ratio, errors.
    The first response of each is checked to be the same JSON, or the comparison would be void."""
    import json as _json

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    bodies = []
    for path in (paths[0], floor_paths[0]):
        conn.request("GET", path, headers={"Authorization": f"Bearer {key}", "Accept": "application/json"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}: {body[:300]!r}")
        bodies.append(_json.loads(body))
    conn.close()
    for data in bodies:  # the page links name the host and path of each: not part of the comparison
        if isinstance(data, dict):
            data.pop("next", None), data.pop("previous", None)
    if bodies[0] != bodies[1]:
        raise RuntimeError(f"the floor of {name} does not answer the same JSON as riskassess")
    sums = {"product": [0, 0.0, 0], "floor": [0, 0.0, 0]}
    for _turn in range(2):
        for side, cycle in (("product", paths), ("floor", floor_paths)):
            total, elapsed, errors = wrk_load(port=port, paths=cycle, key=key, seconds=seconds / 2, workdir=workdir)
            sums[side][0] += total
            sums[side][1] += elapsed
            sums[side][2] += errors
    product = sums["product"][0] / sums["product"][1]
    floor = sums["floor"][0] / sums["floor"][1]
    label = {"read": "answers_read", "list": "list_page"}[name]
    return {
        f"api_{label}_rps": round(product, 1),
        f"api_{label}_floor_rps": round(floor, 1),
        f"api_{name}_floor_ratio": round(product / floor, 3),
        f"api_{label}_errors": sums["product"][2] + sums["floor"][2],
    }


def _number_question(definition: dict) -> tuple[str, int, int]:
    """A number question shown unconditionally: (key, min, max)."""
    from riskassess.questionnaires.definition import iter_questions

    for q in iter_questions(definition):
        if q.get("type") == "number" and not q.get("condition"):
            low = int(q.get("min") or 0)
            return q["key"], low, int(q.get("max") or low + 1000)
    raise RuntimeError("the template has no unconditional number question to save")


def measure_saves(*, port: int, assessments: list[tuple[int, int]], key: str, question: tuple, seconds: int) -> dict:
    """PATCH answers from SAVE_THREADS threads; each owns a slice of the assessments and keeps
    their versions from the responses."""
    qkey, low, high = question
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    counts = {"ok": 0, "stale": 0, "other": 0, "sent": 0}
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Accept": "application/json"}

    def worker(mine: list[tuple[int, int]]) -> None:
        versions = dict(mine)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        n = 0
        while time.monotonic() < deadline:
            with lock:
                if counts["sent"] >= SAVE_MAX_REQUESTS:
                    break
                counts["sent"] += 1
            pk = mine[n % len(mine)][0]
            n += 1
            value = low + (n % max(1, min(high - low, 500)))
            body = json.dumps({"version": versions[pk], "answers": {qkey: value}})
            try:
                conn.request("PATCH", f"/api/v1/assessments/{pk}/answers/", body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                with lock:
                    counts["other"] += 1
                continue
            if response.status == 200:
                versions[pk] = json.loads(data)["version"]
                outcome = "ok"
            elif response.status == 409:
                versions[pk] = json.loads(data).get("current_version") or versions[pk]
                outcome = "stale"
            else:
                outcome = "other"
            with lock:
                counts[outcome] += 1
        conn.close()

    threads_n = max(1, min(SAVE_THREADS, len(assessments)))
    slices = [assessments[i::threads_n] for i in range(threads_n)]
    threads = [threading.Thread(target=worker, args=(s,), daemon=True) for s in slices]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 30)
    elapsed = time.monotonic() - start
    return {
        "api_answer_save_rps": round(counts["ok"] / elapsed, 1),
        "api_answer_save_requests": counts["ok"] + counts["stale"] + counts["other"],
        "api_answer_save_conflicts": counts["stale"],
        "api_answer_save_errors": counts["other"],
    }


def run(ctx) -> dict:
    from riskassess.accounts.models import MemberState
    from riskassess.api.models import ApiToken
    from riskassess.api.services import api_token_create, api_token_revoke
    from riskassess.questionnaires.models import Assessment

    campaign, quick = ctx["campaign"], ctx.get("quick")
    # The member state with the most editable assessments in the campaign: their answers are saved.
    editable = Assessment.objects.filter(campaign=campaign, status__in=Assessment.EDITABLE)
    counts: dict[int, int] = {}
    for ms_id in editable.values_list("member_state_id", flat=True):
        counts[ms_id] = counts.get(ms_id, 0) + 1
    if not counts:
        raise RuntimeError(f"{campaign} has no draft or returned assessment to save answers to")
    member_state = MemberState.objects.get(pk=max(counts, key=lambda ms_id: counts[ms_id]))
    user = ctx["user_for"](member_state.iso_code, "regulator")
    # One token per run, revoked at the end (and any left by an interrupted run: a user has at
    # most 20 active tokens).
    for leftover in ApiToken.objects.filter(user=user, name=BENCH_TOKEN_NAME, revoked_at__isnull=True):
        api_token_revoke(token=leftover, user=user)
    # verified: made by the operator on the command line, not by a session that skipped the second factor.
    token, key = api_token_create(user=user, name=BENCH_TOKEN_NAME, verified=True)
    reads = list(
        Assessment.objects.filter(campaign=campaign, member_state=member_state).values_list("pk", flat=True)[:500]
    )
    visible = Assessment.objects.filter(member_state=member_state).count()
    writes = list(editable.filter(member_state=member_state).values_list("pk", "version"))
    question = _number_question(campaign.template_version.definition)

    load_before = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="riskassess-api-bench-") as tmp:
        workdir = Path(tmp)
        server = Gunicorn(
            Path(os.environ.get("BENCH_LOG_DIR") or tmp), env={"BENCH_FLOOR_MEMBER_STATE": str(member_state.pk)}
        ).start()
        seconds = READ_SECONDS_QUICK if quick else READ_SECONDS
        try:
            figures = measure_reads(
                port=server.port,
                paths=[f"/api/v1/assessments/{pk}/" for pk in reads],
                key=key,
                seconds=seconds,
                workdir=workdir,
            )
            figures.update(
                measure_floor(
                    name="read",
                    port=server.port,
                    paths=[f"/api/v1/assessments/{pk}/answers/" for pk in reads],
                    floor_paths=[f"/bench-floor/assessments/{pk}/answers/" for pk in reads],
                    key=key,
                    seconds=seconds,
                    workdir=workdir,
                )
            )
            pages = range(1, max(2, min(20, visible // 50)) + 1)
            figures.update(
                measure_floor(
                    name="list",
                    port=server.port,
                    paths=[f"/api/v1/assessments/?page={n}" for n in pages],
                    floor_paths=[f"/bench-floor/assessments/?page={n}" for n in pages],
                    key=key,
                    seconds=seconds,
                    workdir=workdir,
                )
            )
            figures.update(
                measure_saves(
                    port=server.port,
                    assessments=writes,
                    key=key,
                    question=question,
                    seconds=SAVE_SECONDS_QUICK if quick else SAVE_SECONDS,
                )
            )
        finally:
            server.stop()
            api_token_revoke(token=token, user=user)
    figures["api_bench_load_avg_before"] = load_before
    figures["api_bench_member_state"] = member_state.eu_code
    figures["api_bench_assessments_saved"] = len(writes)
    return figures
