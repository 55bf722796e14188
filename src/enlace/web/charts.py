"""Charts every app shows: Vega-Lite specs built from plain rows, with a table of the same numbers
and the static SVG that documents embed.

A builder takes rows (mappings) and the names of the keys to read, and returns a `Chart`: the
Vega-Lite spec that web/charts.js draws in a page, the table alternative that the component
web/components/chart.html renders under it, and the texts both need. Titles, axis titles and
category or series names arrive already translated; numbers are formatted for the active
language here, so the labels drawn on the bars and the table cells read the same.

The charts stay readable without colour: in grouped bars every bar is labelled "series: value"
and marked with its series' shape; in stacked bars every segment wide enough to hold a label shows
its series' shape and value, and every bar its total; the legend shows each series as a coloured
shape. The palette keeps 4.5:1 contrast against white (AA for text, above the 3:1 that graphics
need), so white labels inside bars reach 4.5:1 as well. The table alternative holds every number,
including those of segments too narrow to label.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import vl_convert
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats
from django.utils.translation import gettext as _

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

# Okabe and Ito's blue and a darkened vermillion first (the pair that survives every kind of
# colour blindness: pre/post), then two greys that differ by lightness, then purple and green.
# Every colour reaches 4.5:1 against white; tests/test_charts.py checks it.
PALETTE = ("#0072B2", "#B34700", "#3D3D3D", "#767676", "#AA4499", "#117733")
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
TEXT = "#1b1f23"  # enlace.css --fg
MUTED = "#4a5560"  # enlace.css --muted
GRID = "#dde3e9"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif'
# vl-convert measures and writes text with the fonts installed on the server.
DOCUMENT_FONT = "DejaVu Sans"

WIDTH = 420
BAR_STEP = 22  # pixels per bar
# A label inside a stacked segment needs about this share of the axis to fit.
INSIDE_LABEL_SHARE = 0.1
MISSING = "—"

Number = int | float | Decimal


@dataclass(frozen=True)
class ChartTable:
    """The table alternative: a caption, the column heads (the first one heads the row names)
    and one row per category, its name first, then the formatted numbers."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    spec: dict[str, Any]
    table: ChartTable

    @property
    def spec_json(self) -> str:
        """The spec for the figure's data-chart-spec attribute (the template escapes it). Not a
        json_script element: htmx, configured with allowScriptTags false, removes every <script>
        from the content it swaps in, so a chart on a filtered dashboard would lose its spec."""
        return json.dumps(self.spec, cls=DjangoJSONEncoder, separators=(",", ":"))

    @property
    def caption_id(self) -> str:
        return f"{self.id}-caption"


def bars(
    rows: Iterable[Mapping[str, Any]],
    *,
    category: str,
    value: str,
    title: str,
    value_title: str,
    category_title: str = "",
    domain: tuple[float, float] | None = None,
    percent: bool = False,
    decimals: int = 0,
    description: str = "",
    chart_id: str | None = None,
) -> Chart:
    """One horizontal bar per category, its value written at its end."""
    values: list[dict[str, Any]] = []
    table_rows: list[tuple[str, tuple[str, ...]]] = []
    categories: list[str] = []
    for row in rows:
        name = str(row[category])
        number = _number(row.get(value))
        text = _format(number, percent=percent, decimals=decimals)
        categories.append(name)
        table_rows.append((name, (text,)))
        if number is not None:
            values.append({"c": name, "v": number, "label": text, "desc": f"{name}: {text}"})
    spec = _base(title, description)
    spec["height"] = {"step": BAR_STEP}
    spec["data"] = {"values": values}
    spec["encoding"] = {
        "y": _category_axis(categories, category_title),
        "x": _value_axis(
            value_title,
            domain,
            counts=not percent and not decimals,
            top=max((v["v"] for v in values), default=0),
        ),
    }
    spec["layer"] = [
        {
            "mark": {"type": "bar", "color": PALETTE[0]},
            "encoding": {
                "description": {"field": "desc"},
                "tooltip": [
                    {"field": "c", "title": category_title or title},
                    {"field": "label", "title": value_title},
                ],
            },
        },
        _end_labels(),
    ]
    return _chart(
        spec,
        title=title,
        description=description,
        chart_id=chart_id,
        head=(category_title, value_title),
        rows=table_rows,
    )


def grouped_bars(
    rows: Iterable[Mapping[str, Any]],
    *,
    category: str,
    series: str,
    value: str,
    title: str,
    value_title: str,
    category_title: str = "",
    series_title: str = "",
    series_order: Sequence[str] | None = None,
    domain: tuple[float, float] | None = (0, 100),
    percent: bool = True,
    decimals: int = 0,
    description: str = "",
    chart_id: str | None = None,
) -> Chart:
    """Bars of several series side by side for each category (pre and post by module, say): each
    bar is labelled "series: value" and marked with its series' shape, so that neither the
    colour nor the legend is needed to read it."""
    grid, categories, names = _grid(rows, category, series, value, series_order)
    values: list[dict[str, Any]] = []
    table_rows: list[tuple[str, tuple[str, ...]]] = []
    for name in categories:
        cells = []
        for series_name in names:
            number = grid.get((name, series_name))
            text = _format(number, percent=percent, decimals=decimals)
            cells.append(text)
            if number is not None:
                label = _("%(series)s: %(value)s") % {"series": series_name, "value": text}
                values.append(
                    {
                        "c": name,
                        "s": series_name,
                        "v": number,
                        "label": label,
                        "desc": f"{name}, {label}",
                    }
                )
        table_rows.append((name, tuple(cells)))
    spec = _base(title, description)
    spec["height"] = {"step": BAR_STEP, "for": "offset"}
    spec["data"] = {"values": values}
    spec["encoding"] = {
        "y": _category_axis(categories, category_title),
        "yOffset": {"field": "s", "type": "nominal", "sort": names},
        "x": _value_axis(
            value_title,
            domain,
            counts=not percent and not decimals,
            top=max((v["v"] for v in values), default=0),
        ),
        "color": _series_scale(names, PALETTE, series_title),
    }
    spec["layer"] = [
        {
            "mark": {"type": "bar"},
            "encoding": {
                "description": {"field": "desc"},
                "tooltip": [
                    {"field": "c", "title": category_title or title},
                    {"field": "label", "title": value_title},
                ],
            },
        },
        {
            # The series' shape just past the end of its bar; the legend shows the same shapes.
            "mark": {
                "type": "point",
                "filled": True,
                "size": 70,
                "xOffset": 8,
                "opacity": 1,
                "aria": False,
            },
            "encoding": {"shape": _series_scale(names, SHAPES, series_title)},
        },
        _end_labels(dx=17),
    ]
    return _chart(
        spec,
        title=title,
        description=description,
        chart_id=chart_id,
        head=(category_title, *names),
        rows=table_rows,
    )


def stacked_bars(
    rows: Iterable[Mapping[str, Any]],
    *,
    category: str,
    series: str,
    value: str,
    title: str,
    value_title: str,
    category_title: str = "",
    series_title: str = "",
    series_order: Sequence[str] | None = None,
    domain: tuple[float, float] | None = None,
    percent: bool = False,
    decimals: int = 0,
    description: str = "",
    chart_id: str | None = None,
) -> Chart:
    """Series stacked along one bar per category (present, late, absent, excused by session,
    say). A segment wide enough shows its series' shape and its value in white; every bar ends
    with its total; the table lists each segment."""
    grid, categories, names = _grid(rows, category, series, value, series_order)
    totals = {name: sum(grid.get((name, s)) or 0.0 for s in names) for name in categories}
    axis_max = domain[1] if domain else max(totals.values(), default=0.0)
    values: list[dict[str, Any]] = []
    ends: list[dict[str, Any]] = []
    table_rows: list[tuple[str, tuple[str, ...]]] = []
    for name in categories:
        start = 0.0
        cells = []
        for series_name in names:
            number = grid.get((name, series_name))
            text = _format(number, percent=percent, decimals=decimals)
            cells.append(text)
            if number:
                end = start + number
                values.append(
                    {
                        "c": name,
                        "s": series_name,
                        "x0": start,
                        "x1": end,
                        "label": text,
                        "inside": bool(axis_max) and number / axis_max >= INSIDE_LABEL_SHARE,
                        "desc": f"{name}, {series_name}: {text}",
                    }
                )
                start = end
        total_text = _format(totals[name], percent=percent, decimals=decimals)
        cells.append(total_text)
        ends.append({"c": name, "x1": totals[name], "label": total_text})
        table_rows.append((name, tuple(cells)))
    spec = _base(title, description)
    spec["height"] = {"step": BAR_STEP + 6}
    spec["data"] = {"values": values}
    spec["encoding"] = {"y": _category_axis(categories, category_title)}
    x = _value_axis(
        value_title,
        domain,
        counts=not percent and not decimals,
        top=max(totals.values(), default=0),
    ) | {"field": "x0"}
    color = _series_scale(names, PALETTE, series_title)
    inside = {"filter": {"field": "inside", "equal": True}}
    spec["layer"] = [
        {
            "mark": {"type": "bar", "stroke": "white", "strokeWidth": 1},
            "encoding": {
                "x": x,
                "x2": {"field": "x1"},
                "color": color,
                "description": {"field": "desc"},
                "tooltip": [
                    {"field": "c", "title": category_title or title},
                    {"field": "s", "title": series_title or value_title},
                    {"field": "label", "title": value_title},
                ],
            },
        },
        {
            "transform": [inside],
            "mark": {
                "type": "point",
                "filled": True,
                "size": 45,
                "xOffset": 9,
                "color": "white",
                "opacity": 1,
                "aria": False,
            },
            "encoding": {
                "x": {"field": "x0", "type": "quantitative"},
                "shape": _series_scale(names, SHAPES, series_title),
            },
        },
        {
            "transform": [inside],
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "middle",
                "dx": 17,
                "color": "white",
                "fontWeight": "bold",
                "aria": False,
            },
            "encoding": {"x": {"field": "x0", "type": "quantitative"}, "text": {"field": "label"}},
        },
        {
            "data": {"values": ends},
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "middle",
                "dx": 5,
                "color": TEXT,
                "aria": False,
            },
            "encoding": {"x": {"field": "x1", "type": "quantitative"}, "text": {"field": "label"}},
        },
    ]
    return _chart(
        spec,
        title=title,
        description=description,
        chart_id=chart_id,
        head=(category_title, *names, _("Total")),
        rows=table_rows,
    )


def render_svg(chart: Chart | Mapping[str, Any]) -> str:
    """The chart as a standalone SVG string for PDF and Word documents: drawn on the server by
    vl-convert (the same Vega-Lite version as the pages), with no network access and the
    server's fonts."""
    spec = dict(chart.spec if isinstance(chart, Chart) else chart)
    spec["config"] = _merge(spec.get("config", {}), {"font": DOCUMENT_FONT})
    svg: str = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    return svg


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The parts


def _base(title: str, description: str) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "description": description or title,
        "width": WIDTH,
        "background": "white",
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "title": {"anchor": "start", "fontSize": 16, "color": TEXT, "offset": 12},
            "axis": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 13,
                "titleFontSize": 13,
                "titleFontWeight": "bold",
                "gridColor": GRID,
                "domainColor": MUTED,
                "tickColor": MUTED,
            },
            "axisY": {"labelLimit": 220, "grid": False},
            "legend": {
                "orient": "bottom",
                "direction": "horizontal",
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 13,
                "titleFontSize": 13,
                "symbolSize": 100,
                "symbolStrokeWidth": 0,
            },
            "text": {"fontSize": 13},
        },
    }


def _category_axis(categories: Sequence[str], title: str) -> dict[str, Any]:
    return {
        "field": "c",
        "type": "nominal",
        "sort": list(dict.fromkeys(categories)),
        "title": title or None,
    }


# Up to this many, a count axis has a tick at every whole number.
SMALL_COUNT_TICKS = 10


def _value_axis(
    title: str,
    domain: tuple[float, float] | None,
    *,
    counts: bool = False,
    top: Number | None = None,
) -> dict[str, Any]:
    axis: dict[str, Any] = {"field": "v", "type": "quantitative", "title": title}
    if domain is not None:
        axis["scale"] = {"domain": list(domain)}
    if counts:  # no tick at 0.5 participants
        axis["axis"] = {"tickMinStep": 1, "format": "d"}
        if top is not None and 0 < top <= SMALL_COUNT_TICKS and domain is None:
            # Vega still puts ticks between whole numbers on a short axis (0, 0.5, 1 written
            # "0, 1, 1"): name the whole numbers instead.
            axis["axis"]["values"] = list(range(int(top) + 1))
    return axis


def _series_scale(names: Sequence[str], palette: Sequence[str], title: str) -> dict[str, Any]:
    """One series scale; the colour and the shape scales share the field and the title, so
    Vega-Lite merges them into one legend of coloured shapes."""
    return {
        "field": "s",
        "type": "nominal",
        "scale": {
            "domain": list(names),
            "range": [palette[i % len(palette)] for i in range(len(names))],
        },
        "title": title or None,
    }


def _end_labels(*, dx: int = 5) -> dict[str, Any]:
    return {
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "middle",
            "dx": dx,
            "color": TEXT,
            "aria": False,
        },
        "encoding": {"text": {"field": "label"}},
    }


def _chart(
    spec: dict[str, Any],
    *,
    title: str,
    description: str,
    chart_id: str | None,
    head: tuple[str, ...],
    rows: list[tuple[str, tuple[str, ...]]],
) -> Chart:
    if chart_id is None:
        digest = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
        chart_id = f"chart-{digest[:12]}"
    return Chart(
        id=chart_id,
        title=title,
        description=description
        or _("%(title)s. The same figures are in the table that follows.") % {"title": title},
        spec=spec,
        table=ChartTable(caption=title, head=head, rows=tuple(rows)),
    )


def _grid(
    rows: Iterable[Mapping[str, Any]],
    category: str,
    series: str,
    value: str,
    series_order: Sequence[str] | None,
) -> tuple[dict[tuple[str, str], float | None], list[str], list[str]]:
    grid: dict[tuple[str, str], float | None] = {}
    categories: dict[str, None] = {}
    names: dict[str, None] = dict.fromkeys(str(s) for s in series_order or ())
    for row in rows:
        name, series_name = str(row[category]), str(row[series])
        categories.setdefault(name)
        names.setdefault(series_name)
        grid[(name, series_name)] = _number(row.get(value))
    return grid, list(categories), list(names)


def _number(value: Number | None) -> float | None:
    return None if value is None else float(value)


def _format(number: float | None, *, percent: bool, decimals: int) -> str:
    if number is None:
        return MISSING
    # Half up, as people round by hand (round() would give 42 for 42.5).
    rounded = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = formats.number_format(rounded, decimal_pos=decimals, force_grouping=True)
    return _("%(value)s%%") % {"value": text} if percent else text


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    merged.update(extra)
    return merged


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


# Maps

# The world outline (web/static/web/vendor/world-countries-110m.json) is TopoJSON whose object
# "countries" has ISO 3166 numeric codes, as 3-digit strings, for ids.
WORLD_OBJECT = "countries"
MAP_HEIGHT = 250
# One hue from light to dark: the order reads in greyscale too. Countries without data are a
# lighter, neutral grey, named in the legend ("no data"), so that no pattern is needed.
SEQUENTIAL = ("#9ecae1", "#08306b")
NO_DATA = "#ececec"
BORDER = "#8a949e"


def choropleth(
    rows: Iterable[Mapping[str, Any]],
    *,
    country: str,
    value: str,
    name: str,
    title: str,
    value_title: str,
    world_url: str,
    country_title: str = "",
    percent: bool = False,
    decimals: int = 0,
    description: str = "",
    chart_id: str | None = None,
) -> Chart:
    """Countries shaded by a value (row[country] an ISO 3166 alpha-2 code, row[name] its name for
    people): the outline is loaded from `world_url` (same origin, so the CSP allows it) and
    joined to the values by numeric code. The table alternative lists every row, in the order
    given, including those the map cannot show (no value, or a code with no outline)."""
    from django_countries import countries

    values: list[dict[str, Any]] = []
    table_rows: list[tuple[str, tuple[str, ...]]] = []
    for row in rows:
        label = str(row[name])
        number = _number(row.get(value))
        text = _format(number, percent=percent, decimals=decimals)
        table_rows.append((label, (text,)))
        code = countries.numeric(str(row[country] or ""), padded=True) if row[country] else None
        if number is not None and code:
            values.append(
                {"id": code, "v": number, "name": label, "label": text, "desc": f"{label}: {text}"}
            )
    no_data = _("No data")
    spec = _base(title, description)
    spec["height"] = MAP_HEIGHT
    spec["data"] = {
        "url": world_url,
        "format": {"type": "topojson", "feature": WORLD_OBJECT},
    }
    spec["transform"] = [
        {
            "lookup": "id",
            "from": {
                "data": {"values": values},
                "key": "id",
                "fields": ["v", "name", "label", "desc"],
            },
        }
    ]
    spec["projection"] = {"type": "equalEarth"}
    top = max((v["v"] for v in values), default=0.0)
    spec["layer"] = [
        {
            # Every country without a value: neutral grey, one legend entry "no data".
            "transform": [{"filter": {"not": {"field": "v", "valid": True}}}],
            "mark": {"type": "geoshape", "stroke": BORDER, "strokeWidth": 0.4, "aria": False},
            "encoding": {
                "color": {
                    "datum": no_data,
                    "type": "nominal",
                    "scale": {"domain": [no_data], "range": [NO_DATA]},
                    "legend": {"title": None, "symbolType": "square", "symbolStrokeColor": BORDER},
                }
            },
        },
    ]
    if values:  # no colour scale (nor its legend) for a map with nothing to shade
        spec["layer"].append(
            {
                "transform": [{"filter": {"field": "v", "valid": True}}],
                "mark": {"type": "geoshape", "stroke": TEXT, "strokeWidth": 0.6},
                "encoding": {
                    "color": {
                        "field": "v",
                        "type": "quantitative",
                        "title": value_title,
                        "scale": {
                            "type": "linear",
                            "domain": [0, top or 1],
                            "range": list(SEQUENTIAL),
                        },
                        "legend": {
                            "format": f",.{decimals}f",
                            "gradientLength": 180,
                        },
                    },
                    "description": {"field": "desc"},
                    "tooltip": [
                        {"field": "name", "title": country_title or title},
                        {"field": "label", "title": value_title},
                    ],
                },
            }
        )
    spec["resolve"] = {"scale": {"color": "independent"}, "legend": {"color": "independent"}}
    return _chart(
        spec,
        title=title,
        description=description,
        chart_id=chart_id,
        head=(country_title, value_title),
        rows=table_rows,
    )
