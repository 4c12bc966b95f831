"""Server-side SVG charts, shared by the web pages and the PDF reports.

Pure functions: data in, SVG markup (a string) out; no ORM, no clock, no I/O. Every piece of text
that reaches the markup goes through `html.escape`, so the result may be marked safe.

Accessibility: each chart is `role="img"` with a <title> and a <desc> that states the data in words;
every bar and cell carries its value as text; bands differ by a hatch pattern as well as by colour
(the colours are those of static/css/app.css), so a black-and-white print stays readable.
"""

import builtins
import hashlib
import textwrap
from html import escape
from typing import TYPE_CHECKING

from django.utils.translation import gettext, pgettext, pgettext_lazy

from riskassess.core.figures import score_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Band key -> (fill, ink, hatch). Fills and inks mirror --band-* in static/css/app.css.
BAND_STYLES: dict[str, tuple[str, str, str]] = {
    "low": ("#d8f0dd", "#14532d", "none"),
    "moderate": ("#fff1c2", "#6b4a00", "dots"),
    "elevated": ("#ffd8b0", "#7a3300", "diagonal"),
    "high": ("#f9c0c0", "#7f1010", "cross"),
    "critical": ("#7f1010", "#ffffff", "dense"),
    "designated": ("#2b0a3d", "#ffffff", "vertical"),
    "none": ("#eef0f3", "#4a5563", "none"),
    # Levels of the dimensions model (docs/scoring.md).
    "significant": ("#ffd8b0", "#7a3300", "diagonal"),
    "severe": ("#7f1010", "#ffffff", "dense"),
}
DEFAULT_BANDS: list[tuple[str, "StrOrPromise"]] = [
    ("low", pgettext_lazy("risk band", "Low")),
    ("moderate", pgettext_lazy("risk band", "Moderate")),
    ("elevated", pgettext_lazy("risk band", "Elevated")),
    ("high", pgettext_lazy("risk band", "High")),
    ("critical", pgettext_lazy("risk band", "Critical")),
    ("designated", pgettext_lazy("risk band", "Designated high-risk")),
]
# One-letter codes used inside small cells (a legend explains them).
BAND_ABBREVIATIONS = {
    "low": "L",
    "moderate": "M",
    "elevated": "E",
    "high": "H",
    "critical": "C",
    "designated": "D",
    "significant": "S",
    "severe": "V",
    "none": "–",
}
# Score bands by overall score (DOMAIN.md section 8.6); triggers may raise them, never here.
SCORE_BANDS = ((75, "high"), (50, "elevated"), (25, "moderate"), (0, "low"))

INK = "#1b1f24"
MUTED = "#4a5563"
LINE = "#d5dae1"
EU_BLUE = "#003399"
STRIP = 7  # width of the hatched strip of a heatmap cell or legend swatch
FONT = "Report Sans, Noto Sans, DejaVu Sans, sans-serif"  # Report Sans: the PDF's bundled fonts
# Line styles for trend series: distinct in black and white.
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
MARKERS = ("circle", "square", "diamond", "triangle")


def band_for_score(score: float | None) -> str:
    """The score band of a value 0..100 (no triggers): low / moderate / elevated / high, or none."""
    if score is None:
        return "none"
    for minimum, key in SCORE_BANDS:
        if score >= minimum:
            return key
    return "low"


def _e(value) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    """Compact coordinates: 12.0 -> '12', 12.345 -> '12.35'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _fmt(value: float | None) -> str:
    return score_text(value)


def _clip(text: str, max_chars: int) -> str:
    text = str(text)
    return text if len(text) <= max_chars else text[: max(1, max_chars - 1)] + "…"


def _wrap(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    """`text` on at most `max_lines` lines of about `max_chars`, broken between words; only what
    does not fit in them is clipped."""
    lines = textwrap.wrap(str(text), max_chars) or [""]
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [_clip(" ".join(lines[max_lines - 1 :]), max_chars)]
    return lines


def _text_lines(x, y, lines: list[str], *, line_height: float, **kwargs) -> str:
    """One <text> per line (the same attributes), the first at `y`."""
    return "".join(_text(x, y + i * line_height, line, **kwargs) for i, line in enumerate(lines))


def _uid(kind: str, *parts) -> str:
    """A stable id prefix per chart (same data, same ids), so ids of several charts on one page
    do not clash and rendering twice gives the same bytes."""
    digest = hashlib.sha1(repr((kind, parts)).encode(), usedforsecurity=False).hexdigest()[:8]
    return f"c{kind[:2]}{digest}"


def _hatch_defs(uid: str, keys) -> str:
    out = []
    for key in sorted(set(keys)):
        fill, ink, hatch = BAND_STYLES.get(key, BAND_STYLES["none"])
        pid = f"{uid}-h-{key}"
        stroke = f'stroke="{ink}" stroke-opacity="0.45" stroke-width="1"'
        if hatch == "dots":
            body = f'<circle cx="3" cy="3" r="0.9" fill="{ink}" fill-opacity="0.5"/>'
            size = 6
        elif hatch == "diagonal":
            body = f'<path d="M-1 7 L7 -1" {stroke}/>'
            size = 6
        elif hatch == "cross":
            body = f'<path d="M-1 7 L7 -1 M-1 -1 L7 7" {stroke}/>'
            size = 6
        elif hatch == "dense":
            body = f'<path d="M-1 5 L5 -1 M-1 -1 L5 5" {stroke}/>'
            size = 4
        elif hatch == "vertical":
            body = f'<path d="M2 0 L2 5" {stroke}/>'
            size = 5
        else:
            continue
        out.append(
            f'<pattern id="{pid}" width="{size}" height="{size}" patternUnits="userSpaceOnUse">'
            f'<rect width="{size}" height="{size}" fill="{fill}"/>{body}</pattern>'
        )
    return "".join(out)


def _band_fill(uid: str, key: str) -> str:
    fill, _ink, hatch = BAND_STYLES.get(key, BAND_STYLES["none"])
    return fill if hatch == "none" else f"url(#{uid}-h-{key})"


def _svg_open(uid: str, width: float, height: float, title: str, desc: str, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
        f'width="{_num(width)}" height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'aria-labelledby="{uid}-t {uid}-d" font-family="{FONT}" font-size="11">'
        f'<title id="{uid}-t">{_e(title)}</title><desc id="{uid}-d">{_e(desc)}</desc>'
    )


def _text(x, y, text, *, anchor="start", weight="normal", fill=INK, size=None, extra="") -> str:
    size_attr = f' font-size="{_num(size)}"' if size else ""
    weight_attr = f' font-weight="{weight}"' if weight != "normal" else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" fill="{fill}"{weight_attr}{size_attr}{extra}>'
        f"{_e(text)}</text>"
    )


def _line(x1, y1, x2, y2, stroke: str, width: float = 1.0, extra: str = "") -> str:
    return (
        f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="{stroke}" '
        f'stroke-width="{_num(width)}"{extra}/>'
    )


def _poly(points, colour: str) -> str:
    return '<path d="M' + " L".join(f"{_num(x)} {_num(y)}" for x, y in points) + f' Z" fill="{colour}"/>'


def band_distribution(
    counts: dict[str, int],
    *,
    bands: list[tuple[str, str]] | None = None,
    width: int = 560,
    title: str | None = None,
    desc: str | None = None,
) -> str:
    """One horizontal bar per band (in the order of `bands`) with its label and count."""
    title = title or gettext("Assessments by risk band")
    bands = [(key, str(label)) for key, label in (bands or DEFAULT_BANDS)]
    total = sum(max(0, int(counts.get(key, 0))) for key, _ in bands)
    biggest = max([int(counts.get(key, 0)) for key, _ in bands] + [1])
    label_w, row_h, gap, top = 170, 20, 6, 6
    bar_max = max(60, width - label_w - 70)
    height = top + len(bands) * (row_h + gap) + 18
    uid = _uid("bd", tuple(sorted(counts.items())), tuple(bands), width)
    words = ", ".join(f"{label}: {int(counts.get(key, 0))}" for key, label in bands)
    parts = [
        _svg_open(
            uid,
            width,
            height,
            title,
            desc or gettext("%(total)s in total. %(counts)s.") % {"total": total, "counts": words},
            "chart-bands",
        ),
        f"<defs>{_hatch_defs(uid, [k for k, _ in bands])}</defs>",
    ]
    for i, (key, label) in enumerate(bands):
        n = max(0, int(counts.get(key, 0)))
        y = top + i * (row_h + gap)
        bar = bar_max * n / biggest
        share = f" ({100 * n / total:.0f} %)" if total else ""
        parts.append(_text(label_w - 8, y + row_h * 0.7, _clip(label, 26), anchor="end"))
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{_num(max(bar, 1.5))}" height="{row_h}" '
            f'fill="{_band_fill(uid, key)}" stroke="{BAND_STYLES.get(key, BAND_STYLES["none"])[1]}" '
            f'stroke-opacity="0.6" stroke-width="0.75"/>'
        )
        parts.append(_text(label_w + max(bar, 1.5) + 6, y + row_h * 0.7, f"{n}{share}", weight="bold"))
    parts.append(_text(label_w, height - 4, gettext("Total: %(total)s") % {"total": total}, fill=MUTED, size=10))
    parts.append("</svg>")
    return "".join(parts)


def section_bars(
    sections: list[tuple[str, str, float | None]],
    *,
    width: int = 560,
    title: str | None = None,
    desc: str | None = None,
) -> str:
    """One bar per section (key, title, score 0..100 or None), coloured and hatched by its band,
    with the score printed at its end and a 0-100 axis with the band thresholds."""
    title = title or gettext("Risk by section")
    label_w, row_h, gap, top = 210, 18, 7, 18
    bar_max = max(80, width - label_w - 44)
    height = top + len(sections) * (row_h + gap) + 8
    uid = _uid("sb", tuple(sections), width)
    keys = [band_for_score(score) for _, _, score in sections]
    no_score = gettext("no score")
    words = "; ".join(
        f"{key} {name}: " + (no_score if score is None else gettext("%(score)s of 100") % {"score": score_text(score)})
        for key, name, score in sections
    )
    parts = [
        _svg_open(
            uid,
            width,
            height,
            title,
            desc or gettext("Section risk scores from 0 (low) to 100 (high). %(scores)s.") % {"scores": words},
            "chart-sections",
        ),
        f"<defs>{_hatch_defs(uid, keys)}</defs>",
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_w + bar_max * tick / 100
        parts.append(_line(x, top - 4, x, height - 6, LINE, 0.75))
        parts.append(_text(x, top - 7, str(tick), anchor="middle", fill=MUTED, size=9))
    for i, ((key, name, score), band) in enumerate(zip(sections, keys, strict=True)):
        y = top + i * (row_h + gap)
        parts.append(_text(label_w - 8, y + row_h * 0.7, _clip(f"{key}  {name}", 34), anchor="end"))
        if score is None:
            parts.append(_text(label_w + 4, y + row_h * 0.7, no_score, fill=MUTED, extra=' font-style="italic"'))
            continue
        bar = max(1.5, bar_max * max(0.0, min(100.0, float(score))) / 100)
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{_num(bar)}" height="{row_h}" fill="{_band_fill(uid, band)}" '
            f'stroke="{BAND_STYLES[band][1]}" stroke-opacity="0.6" stroke-width="0.75"/>'
        )
        parts.append(_text(label_w + bar + 5, y + row_h * 0.7, score_text(score), weight="bold"))
    parts.append("</svg>")
    return "".join(parts)


def heatmap(
    rows: list[str],
    cols: list[str],
    cells: dict[tuple[int, int], tuple[str, str]],
    *,
    title: str | None = None,
    desc: str | None = None,
    cell_width: int = 34,
    cell_height: int = 16,
    row_header_width: int = 150,
) -> str:
    """A grid: `rows` x `cols`, cell (row index, col index) -> (band key, text such as "H 78").
    Empty cells are drawn blank with a dash."""
    title = title or gettext("Risk band by member state and supplier")
    col_header_h = 22
    width = row_header_width + len(cols) * cell_width + 2
    height = col_header_h + len(rows) * cell_height + 2
    uid = _uid("hm", tuple(rows), tuple(cols), tuple(sorted(cells.items())))
    filled = sum(1 for key in cells if key[0] < len(rows) and key[1] < len(cols))
    parts = [
        _svg_open(
            uid,
            width,
            height,
            title,
            desc
            or gettext(
                "%(rows)s rows by %(cols)s columns, %(filled)s cells with a result; "
                "each cell shows the band letter and the score."
            )
            % {"rows": len(rows), "cols": len(cols), "filled": filled},
            "chart-heatmap",
        ),
    ]
    # Shapes are merged into one <path> per band and kind (fills, hatch strips), not one element per
    # cell: the EU heatmap has thousands of cells and a PDF renderer pays per SVG element.
    fills: dict[str, list[str]] = {}
    marks: dict[str, list[str]] = {}
    zebra: list[str] = []
    empty: list[str] = []
    labels: list[str] = []
    max_col_chars = max(2, int(cell_width / 6))
    for j, col in enumerate(cols):
        x = row_header_width + j * cell_width + cell_width / 2
        labels.append(_text(x, col_header_h - 7, _clip(col, max_col_chars), anchor="middle", weight="bold", size=9))
    max_row_chars = max(4, int(row_header_width / 6))
    for i, row in enumerate(rows):
        y = col_header_h + i * cell_height
        if i % 2:
            zebra.append(_box(0, y, row_header_width, cell_height))
        labels.append(
            _text(row_header_width - 6, y + cell_height * 0.72, _clip(row, max_row_chars), anchor="end", size=9.5)
        )
        for j in range(len(cols)):
            x = row_header_width + j * cell_width
            band, text = cells.get((i, j), ("", ""))
            if not band:
                empty.append(_box(x, y, cell_width, cell_height))
                labels.append(
                    _text(x + cell_width / 2, y + cell_height * 0.72, "–", anchor="middle", fill=MUTED, size=9)
                )
                continue
            ink = BAND_STYLES.get(band, BAND_STYLES["none"])[1]
            fills.setdefault(band, []).append(_box(x, y, cell_width, cell_height))
            marks.setdefault(band, []).append(_strip_marks(band, x, y, STRIP, cell_height))
            labels.append(
                _text(
                    x + (cell_width + STRIP) / 2,
                    y + cell_height * 0.72,
                    text,
                    anchor="middle",
                    weight="bold",
                    fill=ink,
                    size=9,
                )
            )
    if zebra:
        parts.append(f'<path d="{"".join(zebra)}" fill="#f5f7fa"/>')
    if empty:
        parts.append(f'<path d="{"".join(empty)}" fill="#ffffff" stroke="{LINE}" stroke-width="0.5"/>')
    for band in sorted(fills):
        fill, ink, _hatch = BAND_STYLES.get(band, BAND_STYLES["none"])
        parts.append(f'<path d="{"".join(fills[band])}" fill="{fill}" stroke="#ffffff" stroke-width="0.75"/>')
        d = "".join(marks[band])
        if d:
            parts.append(f'<path d="{d}" fill="none" stroke="{ink}" stroke-opacity="0.6" stroke-width="0.8"/>')
    parts.extend(labels)
    parts.append("</svg>")
    return "".join(parts)


def _box(x: float, y: float, w: float, h: float) -> str:
    return f"M{_num(x)} {_num(y)}h{_num(w)}v{_num(h)}h{_num(-w)}Z"


def _strip_marks(band: str, x: float, y: float, w: float, h: float) -> str:
    """The band's hatch, drawn as line segments in a strip w x h at (x, y) (black-and-white cue)."""
    hatch = BAND_STYLES.get(band, BAND_STYLES["none"])[2]
    x0, x1 = x + 1, x + w - 1
    if hatch == "dots":
        return "".join(f"M{_num(x + w / 2 - 0.5)} {_num(y + t)}h1" for t in range(3, int(h) - 1, 4))
    if hatch == "vertical":
        return "".join(f"M{_num(x + t)} {_num(y + 1)}V{_num(y + h - 1)}" for t in (2, 4.5))
    step = {"diagonal": 5, "cross": 5, "dense": 3}.get(hatch)
    if step is None:
        return f"M{_num(x0)} {_num(y + 1)}V{_num(y + h - 1)}" if band != "none" else ""
    out = []
    t = y + 1
    while t < y + h - 1:
        top = min(t + (x1 - x0), y + h - 1)
        out.append(f"M{_num(x0)} {_num(top)}L{_num(x0 + (top - t))} {_num(t)}")
        if hatch in ("cross", "dense"):
            out.append(f"M{_num(x0)} {_num(t)}L{_num(x0 + (top - t))} {_num(top)}")
        t += step
    return "".join(out)


def trend(
    series: dict[str, list[tuple[str, float | None]]],
    *,
    width: int = 560,
    height: int = 240,
    title: str | None = None,
    desc: str | None = None,
) -> str:
    """Lines of score (0..100) per campaign, one per series (e.g. supplier), each point labelled
    with its value; series differ by dash pattern and marker shape as well as by name."""
    title = title or gettext("Score by campaign")
    campaigns: list[str] = []
    for points in series.values():
        for label, _ in points:
            if label not in campaigns:
                campaigns.append(label)
    left, right, top = 34, 150, 14
    inset = 14  # the first and last points' value labels clear the axis ticks and the legend
    plot_w = max(60, width - left - right)
    # Campaign and series names are wrapped on two lines rather than clipped ("Bench campaign
    # 2026", "Samsung Electronics" are longer than the room under a point or in the legend);
    # campaign names get the room between two points, and no more than twice the room left of the
    # first point, where they are centred (about 5.6 px a character at 9.5 px).
    spacing = (plot_w - 2 * inset) / (len(campaigns) - 1) if len(campaigns) > 1 else plot_w
    room = min(spacing, 2 * (left + inset)) if len(campaigns) > 1 else plot_w
    labels = {label: _wrap(label, max(6, min(24, int(room / 5.6)))) for label in campaigns}
    label_lines = max((len(lines) for lines in labels.values()), default=1)
    bottom = 20 + 11 * label_lines
    plot_h = max(60, height - top - bottom)
    uid = _uid("tr", tuple((k, tuple(v)) for k, v in series.items()), width, height)

    def x_of(label: str) -> float:
        if len(campaigns) <= 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * campaigns.index(label) / (len(campaigns) - 1)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, value)) / 100)

    words = "; ".join(
        f"{name}: " + ", ".join(f"{label} {_fmt(value)}" for label, value in points) for name, points in series.items()
    )
    parts = [_svg_open(uid, width, height, title, desc or _trend_desc(words), "chart-trend")]
    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick)
        parts.append(_line(left, y, left + plot_w, y, LINE, 0.75))
        parts.append(_text(left - 5, y + 3.5, str(tick), anchor="end", fill=MUTED, size=9))
    for label in campaigns:
        parts.append(
            _text_lines(
                x_of(label), top + plot_h + 16, labels[label], line_height=11, anchor="middle", fill=MUTED, size=9.5
            )
        )
    ly = top + 6
    for n, (name, points) in enumerate(series.items()):
        colour = EU_BLUE if n % 2 == 0 else INK
        dash = DASHES[n % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        segments: list[list[str]] = []
        for label, value in points:
            if value is None:
                if run:
                    segments.append(run)
                run = []
                continue
            run.append(f"{_num(x_of(label))},{_num(y_of(value))}")
        if run:
            segments.append(run)
        for seg in segments:
            if len(seg) > 1:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" stroke-width="1.6"{dash_attr}/>'
                )
        marker = MARKERS[n % len(MARKERS)]
        for label, value in points:
            if value is None:
                continue
            x, y = x_of(label), y_of(value)
            parts.append(_marker(marker, x, y, colour))
            parts.append(
                _text(x, y - 6 if n % 2 == 0 else y + 13, score_text(value), anchor="middle", weight="bold", size=9)
            )
        # legend
        lx = left + plot_w + 14
        name_lines = _wrap(name, 20)
        parts.append(
            f'<line x1="{lx}" y1="{_num(ly)}" x2="{lx + 22}" y2="{_num(ly)}" stroke="{colour}" '
            f'stroke-width="1.6"{dash_attr}/>'
        )
        parts.append(_marker(marker, lx + 11, ly, colour))
        parts.append(_text_lines(lx + 28, ly + 3.5, name_lines, line_height=12, size=10))
        ly += 16 + 12 * (len(name_lines) - 1)
    parts.append("</svg>")
    return "".join(parts)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{_num(x - 3)}" y="{_num(y - 3)}" width="6" height="6" fill="{colour}"/>'
    if shape == "diamond":
        return _poly(((x, y - 4), (x + 4, y), (x, y + 4), (x - 4, y)), colour)
    if shape == "triangle":
        return _poly(((x, y - 4), (x + 4, y + 3), (x - 4, y + 3)), colour)
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3" fill="{colour}"/>'


def box_summary(
    min: float | None,  # noqa: A002 - the statistical names read best here
    q1: float | None,
    median: float | None,
    q3: float | None,
    max: float | None,  # noqa: A002
    *,
    width: int = 560,
    title: str | None = None,
    desc: str | None = None,
) -> str:
    """A 0-100 axis with a min-max bar, the interquartile box, a median marker, and the five numbers."""
    title = title or gettext("Spread of scores")
    values = (min, q1, median, q3, max)
    uid = _uid("bx", values, width)
    height = 74
    left, right = 16, 16
    span = width - left - right

    def x_of(value: float) -> float:
        return left + span * builtins.max(0.0, builtins.min(100.0, float(value))) / 100

    if any(v is None for v in values):
        text = gettext("No scores to summarise.")
        return (
            _svg_open(uid, width, 30, title, desc or text, "chart-box") + _text(left, 18, text, fill=MUTED) + "</svg>"
        )
    lo, a, m, b, hi = (float(v) for v in values)  # type: ignore[arg-type]
    five = {"min": lo, "q1": a, "median": m, "q3": b, "max": hi}
    words = gettext(
        "Minimum %(min)s, first quartile %(q1)s, median %(median)s, third quartile %(q3)s, maximum %(max)s"
    ) % {k: score_text(v) for k, v in five.items()}
    mid = 34
    parts = [_svg_open(uid, width, height, title, desc or _box_desc(words), "chart-box")]
    for tick in (0, 25, 50, 75, 100):
        x = x_of(tick)
        parts.append(f'<line x1="{_num(x)}" y1="{mid + 14}" x2="{_num(x)}" y2="{mid + 18}" stroke="{MUTED}"/>')
        parts.append(_text(x, height - 2, str(tick), anchor="middle", fill=MUTED, size=9))
    parts.append(
        f'<line x1="{left}" y1="{mid + 16}" x2="{left + span}" y2="{mid + 16}" stroke="{LINE}" stroke-width="1"/>'
    )
    parts.append(
        f'<line x1="{_num(x_of(lo))}" y1="{mid}" x2="{_num(x_of(hi))}" y2="{mid}" stroke="{INK}" stroke-width="1.5"/>'
    )
    for v in (lo, hi):
        parts.append(_line(x_of(v), mid - 6, x_of(v), mid + 6, INK, 1.5))
    parts.append(
        f'<rect x="{_num(x_of(a))}" y="{mid - 9}" width="{_num(builtins.max(1.5, x_of(b) - x_of(a)))}" height="18" '
        f'fill="#e3ebfa" stroke="{EU_BLUE}" stroke-width="1.2"/>'
    )
    parts.append(_line(x_of(m), mid - 11, x_of(m), mid + 11, EU_BLUE, 3))
    # Numbers: median above, the others alternate above/below so close values do not collide.
    parts.append(
        _text(
            x_of(m),
            mid - 15,
            gettext("median %(score)s") % {"score": score_text(m)},
            anchor="middle",
            weight="bold",
            fill=EU_BLUE,
            size=10,
        )
    )
    for label, v, dy, anchor in (
        (pgettext("lowest score", "min"), lo, -15, "end"),
        (pgettext("highest score", "max"), hi, -15, "start"),
        (pgettext("first quartile", "Q1"), a, 25, "end"),
        (pgettext("third quartile", "Q3"), b, 25, "start"),
    ):
        parts.append(
            _text(
                x_of(v) + (-3 if anchor == "end" else 3), mid + dy, f"{label} {score_text(v)}", anchor=anchor, size=9.5
            )
        )
    parts.append("</svg>")
    return "".join(parts)


def _trend_desc(scores: str) -> str:
    return gettext("Scores from 0 to 100. %(scores)s.") % {"scores": scores}


def _box_desc(summary: str) -> str:
    return gettext("%(summary)s (0 = low risk, 100 = high risk).") % {"summary": summary}


def band_legend(bands: list[tuple[str, str]] | None = None, *, title: str | None = None) -> str:
    """A small legend: swatch (colour and hatch), letter code and label per band."""
    title = title or gettext("Legend: risk bands")
    bands = [(key, str(label)) for key, label in (bands or DEFAULT_BANDS)]
    uid = _uid("lg", tuple(bands))
    item_w = 150
    per_row = 3
    rows = (len(bands) + per_row - 1) // per_row
    width, height = item_w * per_row, rows * 20 + 4
    words = ", ".join(f"{BAND_ABBREVIATIONS.get(k, k)} = {label}" for k, label in bands)
    parts = [
        _svg_open(uid, width, height, title, words, "chart-legend"),
        f"<defs>{_hatch_defs(uid, [k for k, _ in bands])}</defs>",
    ]
    for n, (key, label) in enumerate(bands):
        x, y = (n % per_row) * item_w, (n // per_row) * 20 + 2
        fill, ink, _hatch = BAND_STYLES.get(key, BAND_STYLES["none"])
        parts.append(
            f'<rect x="{x}" y="{y}" width="26" height="15" fill="{fill}" stroke="{MUTED}" stroke-width="0.5"/>'
            f'<rect x="{x}" y="{y}" width="{STRIP}" height="15" fill="{_band_fill(uid, key)}" '
            f'stroke="{MUTED}" stroke-width="0.5"/>'
        )
        parts.append(
            _text(
                x + (26 + STRIP) / 2,
                y + 11,
                BAND_ABBREVIATIONS.get(key, "?"),
                anchor="middle",
                weight="bold",
                fill=ink,
                size=9,
            )
        )
        parts.append(_text(x + 32, y + 11.5, _clip(label, 22), size=10))
    parts.append("</svg>")
    return "".join(parts)
