"""Charts of the Thermometer: Vega-Lite specifications rendered to SVG on the server by vl-convert (no
JavaScript in the browser, the same SVG in the HTML page and in the PDF).

Every chart is also a table (``Chart.headers`` and ``Chart.rows``), shown under it: the table is what a
screen reader reads and what a reader who cannot tell the colours apart uses; the SVG itself is hidden
from assistive technology and the figure carries a text alternative. Suppressed cells (fewer persons or
respondents than the threshold) are left out of the chart and shown as "< n" in the table.

In the PDF a chart is a PNG at twice its size instead: WeasyPrint draws an SVG of text and bars
element by element, which took 0.5 s of the reading's PDF, and parses it as part of the HTML.

Rendering a chart takes about 60 ms (the first in a process about 0.7 s, while vl-convert starts its
engine); the same specification is rendered once per process (``_svg``, ``_png``)."""

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FONT = "Arial, Helvetica, sans-serif"
# Colours with enough contrast on white (WCAG 1.4.11: at least 3:1 for graphical objects), in layer order.
PALETTE = ["#1f4e79", "#b34700", "#2e7d32", "#6a1b9a", "#8d6e00", "#c2185b", "#37474f"]
WIDTH = 560


@dataclass
class Chart:
    """One chart: a title, a text alternative for the figure, the SVG, and the same data as a table."""

    key: str
    title: str
    description: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    spec: str = ""  # the Vega-Lite specification as JSON, from bars() or grouped_bars(); "" for no chart

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def svg(self) -> SafeString:
        return _svg(self.spec) if self.spec else mark_safe("")

    @property
    def png(self) -> bytes:
        return _png(self.spec)


def _base(spec: dict) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "background": "white",
        "config": {
            "aria": False,  # the figure has a text alternative and the table; the SVG is decoration
            "font": FONT,
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 220},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 3},
            "view": {"stroke": None},
        },
        **spec,
    }


@lru_cache(maxsize=256)
def _svg(spec_json: str) -> SafeString:
    """The SVG of a Vega-Lite specification (the data are ours: numbers and configured labels)."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    # Hidden from assistive technology (the <figure> has the text alternative), and scalable.
    svg = re.sub(r"<svg ", '<svg aria-hidden="true" focusable="false" ', svg, count=1)
    return mark_safe(re.sub(r'(<svg[^>]*?) width="(\d+)" height="(\d+)"', r'\1 width="100%"', svg, count=1))


@lru_cache(maxsize=32)
def _png(spec_json: str) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(json.loads(spec_json), scale=2)


def _spec(spec: dict) -> str:
    return json.dumps(_base(spec), sort_keys=True, default=str)


def grouped_bars(
    *,
    values: list[dict],
    category_title: str,
    group_title: str,
    value_title: str,
    categories: list[str],
    groups: list[str],
    domain: tuple[float, float] | None = None,
    value_format: str = ".1f",
) -> str:
    """Horizontal bars: one row per category (e.g. a survey theme), one bar per group (e.g. a layer).
    ``values`` holds dicts with "category", "group" and "value"; missing (suppressed) cells are left
    out. Returns the specification for ``Chart.spec``."""
    shown = [value for value in values if value["value"] is not None]
    if not shown:
        return ""
    x = {"field": "value", "type": "quantitative", "title": value_title, "axis": {"format": value_format}}
    if domain:
        x["scale"] = {"domain": list(domain)}
    spec = {
        "data": {"values": shown},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "category", "type": "nominal", "title": category_title, "sort": categories},
            "yOffset": {"field": "group", "sort": groups},
            "x": x,
            "color": {
                "field": "group",
                "type": "nominal",
                "title": group_title,
                "sort": groups,
                "scale": {"domain": groups, "range": PALETTE[: len(groups)] or PALETTE},
            },
        },
        "height": {"step": 8 if len(groups) > 2 else 14},
    }
    return _spec(spec)


def bars(
    *,
    values: list[dict],
    category_title: str,
    value_title: str,
    categories: list[str],
    value_format: str = ",.0f",
    domain: tuple[float, float] | None = None,
) -> str:
    """Horizontal bars, one per category; ``values`` holds dicts with "category" and "value"; returns the
    specification for ``Chart.spec``."""
    shown = [value for value in values if value["value"] is not None]
    if not shown:
        return ""
    x = {"field": "value", "type": "quantitative", "title": value_title, "axis": {"format": value_format}}
    if domain:
        x["scale"] = {"domain": list(domain)}
    spec = {
        "data": {"values": shown},
        "mark": {"type": "bar", "color": PALETTE[0]},
        "encoding": {
            "y": {"field": "category", "type": "nominal", "title": category_title, "sort": categories},
            "x": x,
        },
        "height": {"step": 22},
    }
    return _spec(spec)


def suppressed_label(threshold: int) -> str:
    return _("< %(threshold)s") % {"threshold": threshold}
