"""A stacked bar chart as inline SVG, drawn on the server: no script, no chart library.

One bar per retention run, one colour per rule (Okabe-Ito, distinguishable with the common
colour-vision deficiencies), a legend, and a title and description for screen readers;
the page puts the same numbers in a table beside it.
"""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

from dataward.web.runs import RemovedPerRule

COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
)
WIDTH, PLOT_TOP, PLOT_HEIGHT, LEFT, RIGHT = 720, 16, 200, 64, 16
LEGEND_ROW = 22


def nice_max(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (an axis end that reads well)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= value:
                return factor * step
        step *= 10


def _bars(data: RemovedPerRule, top: int, slot: float) -> list[str]:
    parts = []
    # A date label needs ~70 px: with many runs, only every few bars get one.
    every = max(1, math.ceil(70 / slot))
    for index, moment in enumerate(data.runs):
        x = LEFT + index * slot + slot * 0.15
        base = float(PLOT_TOP + PLOT_HEIGHT)
        for colour, series in zip(COLOURS, data.series, strict=False):
            height = series.values[index] / top * PLOT_HEIGHT
            if height > 0:
                base -= height
                label = f"{series.rule}: {series.values[index]:,} rows, {moment:%Y-%m-%d %H:%M}"
                parts.append(
                    f'<rect x="{x:.1f}" y="{base:.1f}" width="{slot * 0.7:.1f}" '
                    f'height="{height:.1f}" fill="{colour}"><title>{escape(label)}</title></rect>'
                )
        if index % every == 0:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{PLOT_TOP + PLOT_HEIGHT + 16}" '
                f'text-anchor="middle" class="tick">{moment:%Y-%m-%d}</text>'
            )
    return parts


def _axis(top: int) -> list[str]:
    parts = []
    for tick in range(5):
        value = top * tick // 4
        y = PLOT_TOP + PLOT_HEIGHT - PLOT_HEIGHT * tick / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{value:,}</text>'
        )
    return parts


def _legend(data: RemovedPerRule, y: float) -> list[str]:
    parts = []
    for row, (colour, series) in enumerate(zip(COLOURS, data.series, strict=False)):
        top = y + row * LEGEND_ROW
        parts.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{LEFT + 22}" y="{top + 12:.1f}" class="legend">'
            f"{escape(series.rule)} ({series.total:,} rows)</text>"
        )
    return parts


def removed_chart(data: RemovedPerRule) -> Markup:
    """The chart, or an empty Markup when no run removed anything yet."""
    if not data.runs or not data.series:
        return Markup("")
    top = nice_max(
        max(sum(column) for column in zip(*(s.values for s in data.series), strict=True))
    )
    slot = (WIDTH - LEFT - RIGHT) / len(data.runs)
    legend_y = PLOT_TOP + PLOT_HEIGHT + 36
    height = legend_y + len(data.series) * LEGEND_ROW + 8
    total = sum(series.total for series in data.series)
    description = (
        f"{len(data.runs)} runs from {data.runs[0]:%Y-%m-%d} to {data.runs[-1]:%Y-%m-%d}, "
        f"{total:,} rows removed in all; the table below has every number."
    )
    body = "".join(_axis(top) + _bars(data, top, slot) + _legend(data, legend_y))
    # Every text in it was escaped above: the markup is ours alone.
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-title">Rows removed per rule, run by run</title>'
        f'<desc id="chart-desc">{escape(description)}</desc>{body}</svg>'
    )
