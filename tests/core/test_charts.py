import xml.etree.ElementTree as ET

from django.template import Context, Template

from riskassess.core import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<img src="file:///etc/passwd"> & "quotes" </svg><script>alert(1)</script>'


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    return root


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_it_draws_band_distribution_with_counts():
    root = _parse(charts.band_distribution({"low": 3, "high": 7}, bands=charts.DEFAULT_BANDS))
    texts = _texts(root)
    assert "Low" in texts and "High" in texts
    assert "7 (70 %)" in texts and "3 (30 %)" in texts
    # bands differ by hatch pattern as well as colour
    assert root.find(f".//{SVG}pattern") is not None


def test_it_draws_section_bars_with_scores_and_missing_sections():
    root = _parse(charts.section_bars([("A", "Supplier profile", 62.4), ("C", "Testing", None)]))
    texts = _texts(root)
    assert "62.4" in texts
    assert "no score" in texts
    assert any(t.startswith("A") and "Supplier profile" in t for t in texts)


def test_it_draws_heatmap_cells_with_text():
    root = _parse(
        charts.heatmap(["Huawei", "Nokia"], ["DE", "FR"], {(0, 0): ("high", "H 78"), (1, 1): ("low", "L 12")})
    )
    texts = _texts(root)
    assert "H 78" in texts and "L 12" in texts
    assert texts.count("–") == 2  # the two empty cells


def test_it_draws_trend_with_point_labels():
    root = _parse(charts.trend({"Huawei": [("2025", 70.0), ("2026", 81.2)], "Nokia": [("2025", 20.0), ("2026", None)]}))
    texts = _texts(root)
    assert {"70.0", "81.2", "20.0"} <= set(texts)
    assert "2025" in texts and "2026" in texts


def test_it_wraps_long_campaign_and_series_names_instead_of_clipping_them():
    series = {
        "Samsung Electronics Co., Ltd.": [("Bench campaign 2025", 40.0), ("Bench campaign 2026", 45.0)],
        "Nokia": [("Bench campaign 2025", 20.0), ("Bench campaign 2026", 25.0)],
    }
    root = _parse(charts.trend(series))
    texts = _texts(root)
    assert not any("…" in t for t in texts)
    assert texts.count("Bench campaign") == 2 and texts.count("2025") == 1 and texts.count("2026") == 1
    assert "Samsung Electronics" in texts and "Co., Ltd." in texts
    ys = {t.text: float(t.get("y")) for t in root.iter(f"{SVG}text")}
    assert ys["Co., Ltd."] > ys["Samsung Electronics"]
    assert ys["Nokia"] > ys["Co., Ltd."], "the next legend entry starts below the wrapped name"
    height = float(root.get("height"))
    assert all(y < height for y in ys.values())


def test_it_clips_only_what_two_lines_cannot_hold():
    name = "An extraordinarily long supplier name that needs more than two lines of the legend"
    texts = _texts(_parse(charts.trend({name: [("2026", 50.0)]})))
    assert any(t.endswith("…") for t in texts)
    assert "An extraordinarily" in texts


def test_it_draws_box_summary_numbers():
    root = _parse(charts.box_summary(10, 30.4, 45, 60, 92))
    texts = _texts(root)
    assert "median 45.0" in texts and "min 10.0" in texts and "max 92.0" in texts and "Q1 30.4" in texts


def test_it_says_when_there_is_nothing_to_summarise():
    root = _parse(charts.box_summary(None, None, None, None, None))
    assert "No scores to summarise." in _texts(root)


def test_it_escapes_hostile_labels_everywhere():
    outputs = [
        charts.band_distribution({"low": 1}, bands=[("low", HOSTILE)], title=HOSTILE),
        charts.section_bars([("A", HOSTILE, 50.0)], title=HOSTILE, desc=HOSTILE),
        charts.heatmap([HOSTILE], [HOSTILE], {(0, 0): ("high", HOSTILE)}, title=HOSTILE),
        charts.trend({HOSTILE: [(HOSTILE, 10.0)]}, title=HOSTILE),
        charts.box_summary(1, 2, 3, 4, 5, title=HOSTILE),
        charts.band_legend([("low", HOSTILE)]),
    ]
    for svg in outputs:
        root = _parse(svg)
        assert "<script" not in svg and "<img" not in svg
        assert root.find(f".//{SVG}script") is None
        assert not [el for el in root.iter() if el.tag.endswith("img")]


def test_it_gives_the_same_markup_for_the_same_data():
    data = ([("A", "x", 10.0)],)
    assert charts.section_bars(*data) == charts.section_bars(*data)


def test_it_exposes_charts_to_templates():
    html = Template("{% load charts %}{% section_bars_svg sections %}{{ 'high'|band_abbr }}{{ 80|band_of }}").render(
        Context({"sections": [("A", "<b>x</b>", 40.0)]})
    )
    assert html.startswith("<svg") and "&lt;b&gt;x&lt;/b&gt;" in html
    assert html.endswith("Hhigh")
