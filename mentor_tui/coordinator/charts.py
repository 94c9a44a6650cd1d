"""Charts as inline SVG: no scripts, no fonts to fetch, nothing outside the file.

Every label is escaped here (the callers pass data that came from bundles). A suppressed
value is drawn as a hatched stub marked "suppressed", never as a bar of its real size.
Labels are never cut: a long one wraps onto a second line, and one too long even for two
is shortened with "…" and carries the whole label as its <title> (a tooltip, and what a
screen reader reads). Each chart has a <title> and a <desc> listing every value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

BAR = "#3564a8"
TOTAL_BAR = "#6b7f99"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


CHAR_PX = 7.0  # a generous average advance of the 12px sans-serif labels, capitals included


def wrap_label(label: str, chars: int, lines: int = 2) -> tuple[list[str], bool]:
    """`label` on at most `lines` lines of at most `chars` characters; True if shortened."""
    chars = max(chars, 4)
    words, out, current = label.split(), [], ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= chars:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
    if current or not out:
        out.append(current)
    out = [line if len(line) <= chars else line[: chars - 1] + "…" for line in out]
    if len(out) <= lines:
        return out, any(line.endswith("…") for line in out) and out != [label]
    kept = out[: lines - 1]
    rest = " ".join(out[lines - 1 :])
    kept.append(rest[: chars - 1] + "…")
    return kept, True


def _label(label: str, x: float, y: float, chars: int, anchor: str, line_h: float = 14) -> str:
    """A <text> of one or two lines around baseline `y`, with <title> when shortened."""
    lines, shortened = wrap_label(label, chars)
    first = y - (len(lines) - 1) * line_h / 2 if anchor == "end" else y
    spans = "".join(
        f'<tspan x="{_num(x)}" y="{_num(first + i * line_h)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    title = f"<title>{escape(label)}</title>" if shortened else ""
    return f'<text text-anchor="{anchor}" class="label">{title}{spans}</text>'


def _head(title: str, rows: Sequence[tuple[str, float | None, str]], key: str) -> str:
    """<title> and <desc>: what the chart is, and every value it draws as words."""
    desc = "; ".join(f"{label}: {text}" for label, _, text in rows)
    return (
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(desc)}</desc>'
    )


def _open(width: int, height: float, title: str, key: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {_num(height)}" width="100%" '
        f'aria-labelledby="{key}-title {key}-desc" aria-label="{escape(title)}">'
    )


def _defs(key: str) -> str:
    return (
        f'<defs><pattern id="{key}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f1f1f1"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#b5b5b5" stroke-width="3"/></pattern></defs>'
    )


def hbar(
    rows: Sequence[tuple[str, float | None, str]],
    *,
    maximum: float | None = None,
    title: str = "",
    key: str = "chart",
    width: int = 640,
) -> Markup:
    """Horizontal bars: (label, value or None when suppressed, text to print at the bar end)."""
    label_w, text_w, pad = 190, 90, 6
    chars = int((label_w - 8) / CHAR_PX)
    plot_w = width - label_w - text_w
    values = [v for _, v, _ in rows if v is not None]
    top = maximum if maximum else max([abs(v) for v in values] + [0]) or 1
    has_negative = any(v < 0 for v in values)
    zero = label_w + (plot_w / 2 if has_negative else 0)
    scale = (plot_w / 2 if has_negative else plot_w) / top
    # A row whose label wraps is taller, so the two lines never meet the next row's.
    heights = [36 if len(wrap_label(label, chars)[0]) > 1 else 24 for label, _, _ in rows]
    height = pad * 2 + sum(heights)
    out = [_open(width, height, title, key), _head(title, rows, key), _defs(key)]
    y = pad
    for (label, value, text), row_h in zip(rows, heights, strict=True):
        out.append(_label(label, label_w - 8, y + row_h / 2 + 4, chars, "end"))
        bar_y, bar_h = y + row_h / 2 - 8, 16
        if value is None:
            out.append(
                f'<rect x="{zero}" y="{_num(bar_y)}" width="{min(60, plot_w)}" height="{bar_h}" '
                f'fill="url(#{key}-hatch)"/><text x="{zero + 66}" y="{_num(y + row_h / 2 + 4)}" '
                'class="muted">suppressed</text>'
            )
            y += row_h
            continue
        length = abs(value) * scale
        x = zero if value >= 0 else zero - length
        out.append(
            f'<rect x="{_num(x)}" y="{_num(bar_y)}" width="{_num(max(length, 0.5))}" '
            f'height="{bar_h}" fill="{BAR}"/>'
        )
        text_x = zero + length + 6 if value >= 0 else zero + 6
        out.append(
            f'<text x="{_num(text_x)}" y="{_num(y + row_h / 2 + 4)}" class="value">'
            f"{escape(text)}</text>"
        )
        y += row_h
    if has_negative:
        out.append(f'<line x1="{zero}" y1="{pad}" x2="{zero}" y2="{height - pad}" stroke="#444"/>')
    out.append("</svg>")
    return Markup("".join(out))


def vbar(
    rows: Sequence[tuple[str, float | None, str]],
    *,
    title: str = "",
    key: str = "chart",
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
    # A label may use the room of the bars whose labels are skipped, on up to two lines.
    chars = int(slot * every / CHAR_PX)
    out = [
        _open(width, height, title, key),
        _head(title, rows, key),
        _defs(key),
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
                f'height="{_num(h)}" fill="url(#{key}-hatch)"><title>suppressed</title></rect>'
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
            out.append(_label(label, x + bar_w / 2, height - pad_b + 16, chars, "middle"))
    out.append("</svg>")
    return Markup("".join(out))


def sparkline(values: Sequence[float | None], *, width: int = 160, height: int = 32) -> Markup:
    """A small line of the series; gaps where a value is suppressed."""
    known = [v for v in values if v is not None]
    if len(values) < 2 or not known:
        return Markup("")
    top = max(known) or 1
    step = (width - 4) / (len(values) - 1)
    paths: list[list[str]] = []
    current: list[str] = []
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
