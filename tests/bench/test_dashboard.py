from riskassess.accounts.models import Role
from riskassess.bench import dashboard as bench
from riskassess.bench.dataset import dataset_user, eu_dataset_generate


def test_it_measures_the_dashboard_with_the_same_queries_at_two_sizes(db):
    small = eu_dataset_generate(suppliers=3, campaigns=1, campaign_prefix="bench-small")
    large = eu_dataset_generate(suppliers=12, campaigns=1, campaign_prefix="bench-large")
    ctx = {
        "campaign": small.campaigns[-1],
        "campaign_4x": large.campaigns[-1],
        "coordinator": dataset_user(member_state=None, role=Role.COORDINATOR),
        "quick": True,
    }
    figures = bench.run(ctx) | bench.run_4x(ctx)
    assert set(figures) == {
        "dashboard_uncached_p95_ms",
        "dashboard_cached_p95_ms",
        "dashboard_queries",
        "dashboard_queries_4x",
    }
    assert figures["dashboard_queries"] == figures["dashboard_queries_4x"] <= 10
    assert figures["dashboard_cached_p95_ms"] > 0
