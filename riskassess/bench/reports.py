"""PDF figures for `manage.py bench` (targets in DESIGN.md section 6).

- pdf_assessment_s: one assessment report, the whole pipeline (data, HTML, PDF), median of 5 warm runs;
- pdf_eu_s, pdf_eu_peak_mib: the EU-wide report of the campaign, rendered in a fresh subprocess
  (as a pdf worker child would), its peak RSS read with getrusage(RUSAGE_CHILDREN) by a wrapper
  process that has no other child;
- pdf_overhead_ratio: our PDF step on an assessment report's HTML over bare
  `weasyprint.HTML(string=html).write_pdf()` on the same HTML (median of 5 each).

Also runnable alone: `python -m riskassess.bench.reports eu <campaign id>` prints the child's JSON.
"""

import json
import os
import statistics
import subprocess
import sys
import time

from django.conf import settings

REPEAT = 5


def _report(kind: str, **targets):
    """An unsaved Report: the bench measures rendering, not the database writes."""
    from riskassess.reports.models import AUDIENCE_EU, Report

    audience = targets["assessment"].member_state.iso_code if kind == "assessment" else AUDIENCE_EU
    return Report(kind=kind, tlp="TLP:AMBER", audience=audience, fingerprint="bench", **targets)


def _pipeline(report):
    from riskassess.reports.contexts import report_context
    from riskassess.reports.rendering import render_html, render_pdf_document

    html = render_html(report.kind, report_context(report))
    return html, render_pdf_document(html)


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _assessment_for(campaign):
    from riskassess.scoring.models import Score

    score = (
        Score.objects.filter(is_current=True, assessment__campaign=campaign)
        .select_related("assessment__member_state", "assessment__supplier", "assessment__campaign")
        .order_by("assessment_id")
        .first()
    )
    if score is None:
        raise RuntimeError(f"campaign {campaign} has no scored assessment")
    return score.assessment


def measure_assessment(campaign, *, repeat: int = REPEAT) -> dict:
    from weasyprint import HTML

    from riskassess.reports.rendering import render_pdf_document

    report = _report("assessment", assessment=_assessment_for(campaign))
    html, first = _pipeline(report)  # warm: imports, fonts, template cache (a worker is warm)
    whole = _median_time(lambda: _pipeline(report), repeat)
    ours = _median_time(lambda: render_pdf_document(html), repeat)
    HTML(string=html).write_pdf()
    bare = _median_time(lambda: HTML(string=html).write_pdf(), repeat)
    return {
        "pdf_assessment_s": round(whole, 3),
        "pdf_assessment_pages": first.page_count,
        "pdf_overhead_ratio": round(ours / bare, 3),
        "pdf_bare_weasyprint_s": round(bare, 3),
    }


_WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps({'rc': done.returncode, 'out': done.stdout[-4000:], 'err': done.stderr[-4000:],"
    " 'peak_kib': peak_kib}))\n"
)


def measure_eu(campaign, *, timeout: int = 300) -> dict:
    child = [sys.executable, "-m", "riskassess.bench.reports", "eu", str(campaign.pk)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "riskassess.settings")}
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", _WRAPPER, *child],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=str(settings.BASE_DIR),
        env=env,
        check=True,
    )
    wrapper = json.loads(done.stdout.strip().splitlines()[-1])
    if wrapper["rc"] != 0:
        raise RuntimeError(f"EU report child failed: {wrapper['err'][-800:]}")
    result = json.loads(wrapper["out"].strip().splitlines()[-1])
    return {
        "pdf_eu_s": round(result["seconds"], 3),
        "pdf_eu_pages": result["pages"],
        "pdf_eu_peak_mib": round(wrapper["peak_kib"] / 1024, 1),  # Linux: ru_maxrss in KiB
    }


def run(ctx) -> dict:
    campaign = ctx["campaign"]
    figures = measure_assessment(campaign, repeat=2 if ctx.get("quick") else REPEAT)
    figures.update(measure_eu(campaign))
    return figures


def _child_eu(campaign_id: int) -> None:
    import django

    django.setup()
    import weasyprint  # noqa: F401 - a pdf worker has it imported already

    from riskassess.questionnaires.models import Campaign
    from riskassess.reports.rendering import font_config

    font_config()
    campaign = Campaign.objects.get(pk=campaign_id)
    t = time.perf_counter()
    _html, rendered = _pipeline(_report("eu", campaign=campaign))
    seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "pages": rendered.page_count, "bytes": len(rendered.content)}))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "eu":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riskassess.settings")
        _child_eu(int(sys.argv[2]))
    else:
        sys.exit("usage: python -m riskassess.bench.reports eu <campaign id>")
