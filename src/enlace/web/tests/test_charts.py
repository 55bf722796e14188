"""The chart builders, the server-rendered SVG and the chart component: specs that Vega-Lite
compiles, labels that carry the numbers, a table alternative with the same numbers, a palette
with enough contrast, and hostile names that stay text."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
import vl_convert
from django.template import Context, Template
from django.utils import translation

from enlace.web import charts
from enlace.web.charts import Chart

HOSTILE = '<script>alert("x")</script> & "quotes"'


def _scores(extra: str = "Referral") -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for module, pre, post in (("Legal framework", 42.5, 81), ("Victim identification", 55, 70)):
        rows.append({"module": module, "phase": "Pre-test", "score": pre})
        rows.append({"module": module, "phase": "Post-test", "score": post})
    rows.append({"module": extra, "phase": "Pre-test", "score": 30})
    rows.append({"module": extra, "phase": "Post-test", "score": None})
    return rows


def grouped(extra: str = "Referral", **options: Any) -> Chart:
    return charts.grouped_bars(
        _scores(extra),
        category="module",
        series="phase",
        value="score",
        title="Percent correct by module",
        value_title="Percent correct",
        category_title="Module",
        series_title="Phase",
        **options,
    )


def single() -> Chart:
    return charts.bars(
        [{"discipline": "Lawyers", "n": 12}, {"discipline": "Police", "n": 7}],
        category="discipline",
        value="n",
        title="Participants by discipline",
        value_title="Participants",
        category_title="Discipline",
    )


def stacked() -> Chart:
    counts = {"Day 1": (20, 3, 2, 1), "Day 2": (15, 5, 6, 0)}
    return charts.stacked_bars(
        [
            {"session": session, "status": status, "count": count}
            for session, row in counts.items()
            for status, count in zip(("Present", "Late", "Absent", "Excused"), row, strict=True)
        ],
        category="session",
        series="status",
        value="count",
        title="Attendance by session",
        value_title="Participants",
        category_title="Session",
    )


BUILDERS = {"bars": single, "grouped_bars": grouped, "stacked_bars": stacked}


def _fields(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("field"), str):
            yield node["field"]
        for key, value in node.items():
            if key != "data":
                yield from _fields(value)
    elif isinstance(node, list):
        for value in node:
            yield from _fields(value)


# The specs


@pytest.mark.parametrize("name", BUILDERS)
def test_specs_are_vega_lite_that_compiles(name):
    spec = BUILDERS[name]().spec
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v6.json"
    assert json.loads(json.dumps(spec)) == spec  # plain JSON, no Decimal or lazy string
    assert spec["layer"] and all("mark" in layer for layer in spec["layer"])
    assert spec["data"]["values"]
    # Every field an encoding reads is in the rows (a typo would draw an empty chart silently).
    known = set().union(*(row.keys() for row in spec["data"]["values"]))
    for layer in spec["layer"]:
        known |= set().union(*(row.keys() for row in layer.get("data", {}).get("values", [{}])))
    assert set(_fields(spec["encoding"])) | set(_fields(spec["layer"])) <= known
    # The same Vega-Lite version as the vendored one compiles it to Vega with marks and axes.
    vega = vl_convert.vegalite_to_vega(spec, vl_version="6.4")
    assert vega["marks"] and vega["axes"]


def test_vl_convert_bundles_the_vendored_vega_lite_minor_version():
    # static/web/vendor/README.md: pages and documents draw with the same Vega-Lite.
    assert "6.4" in vl_convert.get_vegalite_versions()


def test_grouped_bars_label_every_bar_with_its_series_and_value():
    spec = grouped().spec
    labels = [row["label"] for row in spec["data"]["values"]]
    assert labels == [
        "Pre-test: 43%",  # 42.5 rounds half up
        "Post-test: 81%",
        "Pre-test: 55%",
        "Post-test: 70%",
        "Pre-test: 30%",  # no post-test bar for Referral: nothing to draw
    ]
    assert spec["encoding"]["y"]["sort"] == ["Legal framework", "Victim identification", "Referral"]
    assert spec["encoding"]["x"]["scale"] == {"domain": [0, 100]}
    # Colour and shape share the series scale: one legend of coloured shapes.
    color = spec["encoding"]["color"]
    shape = spec["layer"][1]["encoding"]["shape"]
    assert color["scale"]["domain"] == shape["scale"]["domain"] == ["Pre-test", "Post-test"]
    assert shape["scale"]["range"] == ["circle", "square"]
    assert color["title"] == shape["title"] == "Phase"


def test_series_order_is_the_callers():
    chart = grouped(series_order=["Post-test", "Pre-test"])
    assert chart.spec["encoding"]["color"]["scale"]["domain"] == ["Post-test", "Pre-test"]
    assert chart.table.head == ("Module", "Post-test", "Pre-test")


def test_numbers_follow_the_active_language():
    with translation.override("es"):
        chart = grouped(decimals=1)
    assert chart.spec["data"]["values"][0]["label"].startswith("Pre-test: 42,5")
    assert chart.table.rows[0][1][0].startswith("42,5")


def test_stacked_segments_start_where_the_previous_ends_and_small_ones_go_unlabelled():
    values = stacked().spec["data"]["values"]
    day_1 = [row for row in values if row["c"] == "Day 1"]
    assert [(row["s"], row["x0"], row["x1"]) for row in day_1] == [
        ("Present", 0, 20),
        ("Late", 20, 23),
        ("Absent", 23, 25),
        ("Excused", 25, 26),
    ]
    assert [row["inside"] for row in day_1] == [True, True, False, False]  # 2 and 1 of 26
    assert not any(row["s"] == "Excused" and row["c"] == "Day 2" for row in values)  # a zero
    totals = stacked().spec["layer"][-1]["data"]["values"]
    assert totals == [
        {"c": "Day 1", "x1": 26.0, "label": "26"},
        {"c": "Day 2", "x1": 26.0, "label": "26"},
    ]


def test_count_axes_have_whole_ticks_and_percent_axes_do_not_need_them():
    assert single().spec["encoding"]["x"]["axis"] == {"tickMinStep": 1, "format": "d"}
    assert "axis" not in grouped().spec["encoding"]["x"]


def test_chart_ids_are_stable_and_differ_between_charts():
    assert grouped().id == grouped().id
    assert grouped().id != grouped(extra="Other").id
    assert re.fullmatch(r"chart-[0-9a-f]{12}", grouped().id)
    assert grouped(chart_id="scores").id == "scores"


# Readable without colour


def test_every_palette_colour_reaches_aa_contrast_against_white_and_white_on_it():
    for colour in charts.PALETTE:
        assert charts.contrast(colour, "#ffffff") >= 4.5, colour
    assert charts.contrast(charts.TEXT, "#ffffff") >= 4.5
    assert charts.contrast("#000000", "#ffffff") == pytest.approx(21)


def test_series_have_distinct_shapes_as_well_as_colours():
    assert len(set(charts.SHAPES)) == len(charts.SHAPES) == len(charts.PALETTE)


# The table alternative


def test_the_table_holds_the_same_numbers():
    assert grouped().table == charts.ChartTable(
        caption="Percent correct by module",
        head=("Module", "Pre-test", "Post-test"),
        rows=(
            ("Legal framework", ("43%", "81%")),
            ("Victim identification", ("55%", "70%")),
            ("Referral", ("30%", "—")),
        ),
    )
    assert single().table.rows == (("Lawyers", ("12",)), ("Police", ("7",)))
    assert stacked().table.head == ("Session", "Present", "Late", "Absent", "Excused", "Total")
    assert stacked().table.rows[1] == ("Day 2", ("15", "5", "6", "0", "26"))


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, dict[str, str | None], str]] = []
        self.figure: dict[str, str | None] = {}
        self._open: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "figure":
            self.figure = dict(attrs)
        if tag in {"th", "td", "caption", "summary"}:
            self._open = (tag, dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._open:
            self.cells.append((*self._open, data))
            self._open = None


def render(source: str, **context: Any) -> str:
    return Template("{% load charts %}" + source).render(Context(context))


def test_the_component_renders_the_figure_and_an_accessible_table():
    chart = grouped()
    page = render("{% chart chart %}", chart=chart)
    parsed = _Cells()
    parsed.feed(page)
    assert parsed.figure["id"] == chart.id
    assert "data-chart" in parsed.figure
    assert json.loads(parsed.figure["data-chart-spec"] or "") == chart.spec
    assert parsed.figure["aria-labelledby"] == chart.caption_id
    assert f'<figcaption class="chart-title" id="{chart.caption_id}">' in page
    assert 'role="img" aria-label="Percent correct by module. The same figures' in page
    assert ("summary", {}, "Show as table") in parsed.cells
    assert ("caption", {}, "Percent correct by module") in parsed.cells
    assert ("th", {"scope": "col"}, "Module") in parsed.cells
    assert ("th", {"scope": "col", "class": "number"}, "Post-test") in parsed.cells
    assert ("th", {"scope": "row"}, "Legal framework") in parsed.cells
    assert ("td", {"class": "number"}, "81%") in parsed.cells
    assert ("td", {"class": "number"}, "—") in parsed.cells
    assert '<details class="chart-table">' in page
    assert '<details class="chart-table" open>' in render(
        "{% chart chart table_open=True %}", chart=chart
    )


def test_the_component_escapes_hostile_names():
    page = render("{% chart chart %}", chart=grouped(extra=HOSTILE))
    assert "<script>" not in page
    assert html.escape(HOSTILE) in page  # in the table, as text
    parsed = _Cells()
    parsed.feed(page)
    assert ("th", {"scope": "row"}, HOSTILE) in parsed.cells
    spec = json.loads(parsed.figure["data-chart-spec"] or "")
    assert HOSTILE in spec["encoding"]["y"]["sort"]  # intact once the attribute is read


def test_the_axes_write_numbers_as_the_page_language_does():
    with translation.override("es"):
        spanish = render("{% chart chart %}", chart=grouped())
    with translation.override("en"):
        english = render("{% chart chart %}", chart=grouped())
    # Spanish groups thousands with a no-break space, as the tables do: 40\xa0000.
    assert 'data-chart-decimal="," data-chart-thousands="\xa0"' in spanish
    assert 'data-chart-decimal="." data-chart-thousands=","' in english


def test_chart_scripts_load_vega_then_charts_js_deferred():
    tags = re.findall(r'<script src="([^"]+)" defer></script>', render("{% chart_scripts %}"))
    assert [src.rsplit("/", 1)[1] for src in tags] == [
        "vega.min.js",
        "vega-lite.min.js",
        "vega-embed.min.js",
        "vega-interpreter.min.js",
        "charts.js",
    ]


# The SVG for documents


def test_render_svg_draws_the_title_labels_and_legend():
    svg = charts.render_svg(grouped())
    assert svg.startswith("<svg")
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    for text in (
        "Percent correct by module",
        "Legal framework",
        "Pre-test: 43%",
        "Post-test: 81%",
        "Percent correct",
        "Phase",
    ):
        assert text in texts, text
    assert 'font-family="DejaVu Sans"' in svg


def test_render_svg_accepts_a_plain_spec_and_escapes_hostile_names():
    svg = charts.render_svg(grouped(extra=HOSTILE).spec)
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg


def test_render_svg_reads_nothing_from_the_network():
    spec = {
        "$schema": charts.VEGA_LITE_SCHEMA,
        "data": {"url": "https://example.org/data.json"},
        "mark": "bar",
    }
    with pytest.raises(ValueError, match="not allowed"):
        charts.render_svg(spec)
