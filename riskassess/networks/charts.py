"""SVG charts of the networks, shared by the pages and the PDF reports (pure: data in, markup out).

Accessible as the charts of riskassess.core.charts: role="img" with a title and a description that
states the data in words, every value written as text, series told apart by line style and marker
as well as colour, statuses by a written word and a symbol.
"""

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _g

from riskassess.core.charts import DASHES, EU_BLUE, INK, LINE, MUTED, _e, _line, _marker, _num, _svg_open, _text, _uid

STATUS_SYMBOLS = {"on_track": "✓", "at_risk": "!", "missed": "✗"}


def status_label(status: str | None) -> str:
    return {
        "on_track": _g("On track"),
        "at_risk": _g("At risk"),
        "missed": _g("Missed"),
    }.get(status or "", _g("No deadline"))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


def share_bars(
    rows: Sequence[tuple[str, float | None, float | None]],
    *,
    labels: tuple[str, str],
    width: int = 640,
    title: str = "",
) -> str:
    """Per member state two horizontal bars (0-100 %): `labels[0]` solid, `labels[1]` hatched, each
    with its value written beside it; a state without data says so."""
    left, row_h, bar_h, top = 120, 22, 8, 26
    plot_w = width - left - 60
    height = top + len(rows) * row_h + 24
    title = title or _g("Share of high-risk suppliers")
    uid = _uid("sb", tuple(rows), labels, width)
    words = "; ".join(f"{name}: {labels[0]} {_pct(a)}, {labels[1]} {_pct(b)}" for name, a, b in rows)
    parts = [
        _svg_open(uid, width, height, title, words + ".", "chart-shares"),
        f'<defs><pattern id="{uid}-hatch" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#ffffff"/>'
        f'<path d="M-1 6 L6 -1" stroke="{INK}" stroke-width="1.2"/></pattern></defs>',
    ]
    # legend
    parts.append(f'<rect x="{left}" y="4" width="14" height="10" fill="{EU_BLUE}"/>')
    parts.append(_text(left + 18, 13, labels[0], size=10))
    parts.append(f'<rect x="{left + 150}" y="4" width="14" height="10" fill="url(#{uid}-hatch)" stroke="{INK}"/>')
    parts.append(_text(left + 168, 13, labels[1], size=10))
    for tick in (0, 25, 50, 75, 100):
        x = left + plot_w * tick / 100
        parts.append(_line(x, top - 4, x, top + len(rows) * row_h, LINE, 0.75))
        parts.append(_text(x, height - 8, f"{tick} %", anchor="middle", fill=MUTED, size=9))
    for i, (name, a, b) in enumerate(rows):
        y = top + i * row_h
        parts.append(_text(left - 8, y + 13, name, anchor="end"))
        if a is None and b is None:
            parts.append(_text(left + 4, y + 13, _g("no data"), fill=MUTED, size=8))
            continue
        for j, (value, fill) in enumerate(((a, EU_BLUE), (b, f"url(#{uid}-hatch)"))):
            by = y + 2 + j * (bar_h + 1)
            if value is None:
                parts.append(_text(left + 4, by + 7.5, _g("no data"), fill=MUTED, size=8))
                continue
            w = max(1.5, plot_w * max(0.0, min(100.0, value)) / 100)
            stroke = f' stroke="{INK}" stroke-width="0.6"' if j else ""
            parts.append(f'<rect x="{left}" y="{_num(by)}" width="{_num(w)}" height="{bar_h}" fill="{fill}"{stroke}/>')
            parts.append(_text(left + w + 4, by + 7.5, _pct(value), size=8, weight="bold"))
    parts.append("</svg>")
    return "".join(parts)


def phaseout_chart(
    series: dict[str, list[tuple[dt.date, float]]],
    *,
    deadline: dt.date | None,
    statuses: dict[str, str | None] | None = None,
    width: int = 640,
    height: int = 230,
    title: str = "",
) -> str:
    """The restricted suppliers' share (0-100 %) over time, one line per series (operator), the
    deadline as a labelled vertical line; each line ends in its latest value and status word."""
    statuses = statuses or {}
    days = sorted({d for pts in series.values() for d, _ in pts} | ({deadline} if deadline else set()))
    left, right, top, bottom = 40, 190, 16, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    title = title or _g("Restricted suppliers' share against the deadline")
    uid = _uid("po", tuple((k, tuple(v)) for k, v in series.items()), deadline, width)
    if not days:
        return (
            _svg_open(uid, width, 40, title, _g("No inventory yet."), "chart-phaseout")
            + _text(8, 24, _g("No inventory yet."), fill=MUTED)
            + "</svg>"
        )
    first, last = days[0], days[-1]
    span = max(1, (last - first).days)

    def x_of(day: dt.date) -> float:
        return left + plot_w * (day - first).days / span

    def y_of(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, value)) / 100)

    words = []
    for name, pts in series.items():
        if pts:
            words.append(
                _g("%(name)s: %(first)s on %(d1)s, %(last)s on %(d2)s, %(status)s")
                % {
                    "name": name,
                    "first": _pct(pts[0][1]),
                    "d1": pts[0][0].isoformat(),
                    "last": _pct(pts[-1][1]),
                    "d2": pts[-1][0].isoformat(),
                    "status": status_label(statuses.get(name)),
                }
            )
    desc = (_g("Deadline %(d)s. ") % {"d": deadline.isoformat()} if deadline else _g("No deadline. ")) + "; ".join(
        words
    )
    parts = [_svg_open(uid, width, height, title, desc, "chart-phaseout")]
    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick)
        parts.append(_line(left, y, left + plot_w, y, LINE, 0.75))
        parts.append(_text(left - 5, y + 3.5, f"{tick} %", anchor="end", fill=MUTED, size=9))
    for year in range(first.year, last.year + 1):
        day = dt.date(year, 1, 1)
        if first <= day <= last:
            x = x_of(day)
            parts.append(_line(x, top + plot_h, x, top + plot_h + 4, MUTED, 0.75))
            parts.append(_text(x, top + plot_h + 15, str(year), anchor="middle", fill=MUTED, size=9))
    if deadline:
        x = x_of(deadline)
        parts.append(_line(x, top, x, top + plot_h, "#7f1010", 1.5, ' stroke-dasharray="4 3"'))
        parts.append(
            _text(
                x, top - 4, _g("Deadline %(d)s") % {"d": deadline.isoformat()}, anchor="middle", size=9, fill="#7f1010"
            )
        )
    ly = top + 4
    for n, (name, pts) in enumerate(series.items()):
        colour = EU_BLUE if n % 2 == 0 else INK
        dash = DASHES[n % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if len(pts) > 1:
            points = " ".join(f"{_num(x_of(d))},{_num(y_of(v))}" for d, v in pts)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.6"{dash_attr}/>')
        if pts:
            d, v = pts[-1]
            parts.append(_marker(("circle", "square", "diamond", "triangle")[n % 4], x_of(d), y_of(v), colour))
        lx = left + plot_w + 12
        status = statuses.get(name)
        parts.append(
            f'<line x1="{lx}" y1="{_num(ly)}" x2="{lx + 20}" y2="{_num(ly)}" stroke="{colour}" '
            f'stroke-width="1.6"{dash_attr}/>'
        )
        label = f"{name[:18]} {_pct(pts[-1][1]) if pts else '–'}"
        parts.append(_text(lx + 25, ly + 3.5, label, size=9.5))
        if status:
            parts.append(
                _text(
                    lx + 25, ly + 15, f"{STATUS_SYMBOLS.get(status, '')} {status_label(status)}", size=9, weight="bold"
                )
            )
        ly += 30
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["phaseout_chart", "share_bars", "status_label", "_e"]
