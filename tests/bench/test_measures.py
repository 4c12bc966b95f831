"""manage.py bench: in a database of its own, with a private Redis and a real worker, it measures
the scoring figures and writes them as one flat JSON object."""

import json

import pytest
from django.core.management import CommandError, call_command

from riskassess.bench.measures import check, p95

CORE_FIGURES = {"scoring_engine_per_s", "campaign_rescore_s", "submit_to_score_p95_ms"}


@pytest.mark.reliability
def test_it_writes_the_figures_of_a_quick_run(tmp_path):
    output = tmp_path / "bench.json"
    database = tmp_path / "bench.sqlite3"

    call_command(
        "bench",
        "--quick",
        "--skip-apps",
        "--suppliers=1",
        "--campaigns=1",
        f"--output={output}",
        f"--database-url=sqlite:///{database}",
    )

    figures = json.loads(output.read_text())
    assert CORE_FIGURES <= set(figures)
    assert not [key for key in figures if key.endswith("_error")]
    assert figures["suppliers"] == 1 and figures["campaigns"] == 1 and figures["database"] == "sqlite"
    assert figures["scoring_engine_per_s"] > 0
    assert 0 < figures["submit_to_score_p95_ms"] < 30_000
    assert figures["campaign_rescore_assessments"] == 27
    assert database.exists()  # its own database, not the test or demo one


def test_it_refuses_sizes_below_one(tmp_path):
    output = tmp_path / "bench.json"
    with pytest.raises(CommandError):
        call_command("bench", "--suppliers=0", f"--output={output}")
    assert not output.exists()


def test_it_compares_figures_with_their_targets():
    assert p95([float(n) for n in range(1, 101)]) == 95.0
    assert p95([5.0]) == 5.0
    assert check("scoring_engine_per_s", 6000, {}) is True
    assert check("scoring_engine_per_s", 4000, {}) is False
    assert check("campaign_rescore_s", 9.9, {}) is True
    assert check("dashboard_queries_4x", 7, {"dashboard_queries": 7}) is True
    assert check("dashboard_queries_4x", 8, {"dashboard_queries": 7}) is False
    assert check("suppliers", 200, {}) is None
