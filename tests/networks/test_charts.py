"""The networks charts: text alternatives, values as text, statuses in words, no colour alone."""

import datetime as dt

from riskassess.networks.charts import phaseout_chart, share_bars


def test_share_bars_state_every_value_in_words():
    svg = share_bars([("FR", 12.5, 3.0), ("DE", None, None)], labels=("Radio access", "Core"), title="Shares")
    assert 'role="img"' in svg and "<title" in svg
    assert "FR: Radio access 12.5 %, Core 3.0 %" in svg  # the description
    assert ">12.5 %<" in svg and ">3.0 %<" in svg  # written beside the bars
    assert "hatch" in svg  # core differs by pattern, not colour alone
    assert ">no data<" in svg


def test_phaseout_chart_shows_the_deadline_and_the_status_words():
    series = {"Orange <b>": [(dt.date(2025, 12, 31), 30.0), (dt.date(2026, 9, 30), 5.0)]}
    svg = phaseout_chart(series, deadline=dt.date(2026, 12, 31), statuses={"Orange <b>": "at_risk"})
    assert "Deadline 2026-12-31" in svg
    assert "At risk" in svg and "5.0 %" in svg
    assert "<b>" not in svg and "Orange &lt;b&gt;" in svg  # escaped
