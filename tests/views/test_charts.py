"""Server-drawn SVG charts: well-formed, accessible, escaped, and free of style attributes."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from veille.web import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    root = ET.fromstring(str(markup))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find(f"{SVG}title") is not None
    assert "style=" not in str(markup)  # the Content-Security-Policy forbids style attributes
    return root


def test_bar_chart_draws_one_bar_per_item_and_escapes_labels():
    root = parse(charts.bar_chart([("x", 10), ("<b>&co", 5), ("news", 0)], title='Posts "by" platform'))
    bars = root.findall(f".//{SVG}g[@class='bar']")
    assert len(bars) == 3
    # The largest bar spans the plot; the others are in proportion.
    widths = [float(b.find(f"{SVG}rect").get("width")) for b in bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert bars[1].find(f"{SVG}text").text == "<b>&co"


def test_time_chart_stacks_series_with_axes_legend_and_highlights():
    start = datetime(2026, 5, 4, tzinfo=UTC)
    times = [start + timedelta(hours=h) for h in range(48)]
    series = {"x": [1] * 48, "facebook": [2] * 48}
    root = parse(charts.time_chart(times, series, title="Posts per hour", highlight=[3, 4, 99]))
    assert len(root.findall(f".//{SVG}polygon")) == 2  # one stacked area per series
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "May 04" in labels and "May 05" in labels  # midnights on the time axis
    assert [t for t in labels if t.isdigit()] == ["0", "1", "2", "3", "4"]  # stacked total 3: steps of 1 up to 4
    assert "x" in labels and "facebook" in labels  # the legend
    assert len(root.findall(f".//{SVG}rect[@class='burst']")) == 2  # index 99 is out of range


def test_time_chart_lines_and_empty_data():
    start = datetime(2026, 5, 4, tzinfo=UTC)
    root = parse(charts.time_chart([start, start + timedelta(days=1)], {"a": [0, 4], "b": [2, 1]},
                                   title="Lines", step="day", stacked=False))
    assert len(root.findall(f".//{SVG}polyline")) == 2
    empty = parse(charts.time_chart([], {}, title="Nothing"))
    assert [t.text for t in empty.iter(f"{SVG}text")] == ["no data"]


def test_sparkline_and_axis_steps():
    root = parse(charts.sparkline([0, 3, 1], title="Per day"))
    assert len(root.find(f"{SVG}polyline").get("points").split()) == 3
    parse(charts.sparkline([], title="Nothing"))
    # Count axes: four whole steps of 1, 2, 2.5 (from 25 up) or 5 times a power of ten.
    assert [charts.nice_step(v) for v in (0, 0.3, 1.5, 2.2, 7, 10, 11, 24, 240, 5001)] == \
        [1, 1, 2, 5, 10, 10, 20, 25, 250, 10000]
