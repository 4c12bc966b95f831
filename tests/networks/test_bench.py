"""The networks bench on a small data set: it builds, measures, and the query count is the same
with four times the operators."""

from riskassess.accounts.models import MemberState
from riskassess.bench import networks as bench
from riskassess.networks.models import InventoryShare, InventoryStateSummary


def test_the_bench_measures_and_its_query_count_is_bounded(france, germany, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    written = bench.inventory_generate(operators=1, quarters=2, log=lambda _: None)
    states = MemberState.objects.count()  # the reference data's 27, loaded by the bench
    assert written == states * 1 * 8 * 3 * bench.SUPPLIERS * 2
    assert InventoryStateSummary.objects.filter(supplier__isnull=True).exists()
    figures = bench.measure_phaseout(requests=2)
    assert figures["phaseout_queries"] > 0 and figures["phaseout_uncached_p95_ms"] > 0
    assert 0 < figures["phaseout_cpu_p95_ms"]
    bench.inventory_generate(prefix=bench.PREFIX_4X, operators=3, quarters=2, log=lambda _: None)
    assert InventoryShare.objects.count() == 4 * written
    assert bench._queries(bench._pages()) == figures["phaseout_queries"]
    bench.inventory_remove(prefix=bench.PREFIX_4X)
    assert InventoryShare.objects.count() == written


def test_manage_py_bench_measures_the_networks_figures_against_their_targets():
    from riskassess.bench import measures
    from riskassess.bench.management.commands.bench import APP_BENCHES

    assert ("riskassess.bench.networks", "run") in APP_BENCHES
    assert bench.TARGETS == {k: measures.TARGETS[k] for k in bench.TARGETS}
    wanted = {"phaseout_uncached_p95_ms", "phaseout_queries", "phaseout_queries_4x", "inventory_import_rows_per_s"}
    assert wanted <= set(measures.TARGETS)
    figures = {"phaseout_queries": 25, "phaseout_queries_4x": 26, "inventory_import_rows_per_s": 19999}
    assert measures.check("phaseout_queries_4x", 26, figures) is False
    assert measures.check("inventory_import_rows_per_s", 19999, figures) is False
    assert measures.check("phaseout_uncached_p95_ms", 150, figures) is True
