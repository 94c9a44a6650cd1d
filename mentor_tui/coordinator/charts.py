"""Charts as inline SVG: no scripts, no fonts to fetch, nothing outside the file.

Every label is escaped here (the callers pass data that came from bundles). A suppressed
value is drawn as a hatched stub marked "suppressed", never as a bar of its real size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

BAR = "#3564a8"
TOTAL_BAR = "#6b7f99"
HATCH_ID = "suppressed-hatch"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _defs() -> str:
    return (
        f'<defs><pattern id="{HATCH_ID}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f1f1f1"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#b5b5b5" stroke-width="3"/></pattern></defs>'
    )


def hbar(
    rows: Sequence[tuple[str, float | None, str]],
    *,
    maximum: float | None = None,
    title: str = "",
    width: int = 640,
) -> Markup:
    """Horizontal bars: (label, value or None when suppressed, text to print at the bar end)."""
    label_w, text_w, row_h, pad = 190, 90, 24, 6
    plot_w = width - label_w - text_w
    values = [v for _, v, _ in rows if v is not None]
    top = maximum if maximum else max([abs(v) for v in values] + [0]) or 1
    has_negative = any(v < 0 for v in values)
    zero = label_w + (plot_w / 2 if has_negative else 0)
    scale = (plot_w / 2 if has_negative else plot_w) / top
    height = pad * 2 + row_h * len(rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
        _defs(),
    ]
    for i, (label, value, text) in enumerate(rows):
        y = pad + i * row_h
        out.append(
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4}" text-anchor="end" '
            f'class="label">{escape(label[:32])}</text>'
        )
        if value is None:
            out.append(
                f'<rect x="{zero}" y="{y + 4}" width="{min(60, plot_w)}" height="{row_h - 8}" '
                f'fill="url(#{HATCH_ID})"/><text x="{zero + 66}" y="{y + row_h / 2 + 4}" '
                'class="muted">suppressed</text>'
            )
            continue
        length = abs(value) * scale
        x = zero if value >= 0 else zero - length
        out.append(
            f'<rect x="{_num(x)}" y="{y + 4}" width="{_num(max(length, 0.5))}" '
            f'height="{row_h - 8}" fill="{BAR}"/>'
        )
        text_x = zero + length + 6 if value >= 0 else zero + 6
        out.append(
            f'<text x="{_num(text_x)}" y="{y + row_h / 2 + 4}" class="value">{escape(text)}</text>'
        )
    if has_negative:
        out.append(f'<line x1="{zero}" y1="{pad}" x2="{zero}" y2="{height - pad}" stroke="#444"/>')
    out.append("</svg>")
    return Markup("".join(out))


def vbar(
    rows: Sequence[tuple[str, float | None, str]],
    *,
    title: str = "",
    width: int = 640,
    height: int = 220,
) -> Markup:
    """Vertical bars with labels underneath (every label if they fit, else every n-th)."""
    pad_l, pad_r, pad_t, pad_b = 28, 28, 18, 44
    n = max(len(rows), 1)
    slot = (width - pad_l - pad_r) / n
    values = [v for _, v, _ in rows if v is not None]
    top = max(values + [0]) or 1
    plot_h = height - pad_t - pad_b
    every = max(1, math.ceil(52 / max(slot, 0.1)))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
        _defs(),
        f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - pad_r}" y2="{height - pad_b}" '
        'stroke="#999"/>',
    ]
    bar_w = max(slot * 0.7, 1)
    for i, (label, value, text) in enumerate(rows):
        x = pad_l + i * slot + (slot - bar_w) / 2
        if value is None:
            h = plot_h * 0.25
            out.append(
                f'<rect x="{_num(x)}" y="{_num(height - pad_b - h)}" width="{_num(bar_w)}" '
                f'height="{_num(h)}" fill="url(#{HATCH_ID})"><title>suppressed</title></rect>'
            )
        else:
            h = plot_h * value / top
            out.append(
                f'<rect x="{_num(x)}" y="{_num(height - pad_b - h)}" width="{_num(bar_w)}" '
                f'height="{_num(max(h, 0.5))}" fill="{BAR}"><title>{escape(label)}: '
                f"{escape(text)}</title></rect>"
            )
            if slot >= 28:
                out.append(
                    f'<text x="{_num(x + bar_w / 2)}" y="{_num(height - pad_b - h - 4)}" '
                    f'text-anchor="middle" class="value">{escape(text)}</text>'
                )
        if i % every == 0:
            out.append(
                f'<text x="{_num(x + bar_w / 2)}" y="{height - pad_b + 16}" '
                f'text-anchor="middle" class="label">{escape(label[:12])}</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))


def sparkline(values: Sequence[float | None], *, width: int = 160, height: int = 32) -> Markup:
    """A small line of the series; gaps where a value is suppressed."""
    known = [v for v in values if v is not None]
    if len(values) < 2 or not known:
        return Markup("")
    top = max(known) or 1
    step = (width - 4) / (len(values) - 1)
    paths, current = [], []
    for i, value in enumerate(values):
        if value is None:
            if current:
                paths.append(current)
            current = []
            continue
        current.append(f"{_num(2 + i * step)},{_num(height - 2 - (height - 4) * value / top)}")
    if current:
        paths.append(current)
    lines = "".join(
        f'<polyline fill="none" stroke="{BAR}" stroke-width="2" points="{" ".join(p)}"/>'
        for p in paths
        if len(p) > 1
    )
    dots = "".join(
        f'<circle cx="{p[0].split(",")[0]}" cy="{p[0].split(",")[1]}" r="1.5" fill="{BAR}"/>'
        for p in paths
        if len(p) == 1
    )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="sessions per month">'
        f"{lines}{dots}</svg>"
    )
