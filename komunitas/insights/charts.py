"""Charts drawn on the server as SVG: no chart library reaches the phone.

A chart is data first (labels, series) so that every chart is shown with a table of the same
numbers, for screen readers and for copying; ``svg()`` draws it. Colours are SVG presentation
attributes (allowed by the CSP, understood by the PDF renderer too).
"""

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0b6e4f", "#c2410c", "#1d4ed8", "#7c3aed", "#a16207", "#be185d"]
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 40, 16, 56


@dataclass
class Series:
    name: str
    values: list[float]


@dataclass
class Chart:
    key: str
    title: str
    labels: list[str]
    series: list[Series] = field(default_factory=list)
    kind: str = "line"  # "line" over months, "bar" for categories

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        """The table: one row per label with a value per series."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)

    def svg(self, *, title: bool = True) -> SafeString:
        """The chart as SVG markup; ``title=False`` leaves out the accessible <title> (for the
        PDF, which shows the title above the chart)."""
        markup = _line(self) if self.kind == "line" else _bars(self)
        if not title:
            start = markup.index("<title")
            markup = markup[:start] + markup[markup.index("</title>") + len("</title>") :]
        return mark_safe(markup)  # noqa: S308  (every text in it is escaped)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4 if value > step * 2 else step * 2 if value > step else step
    return value


def _open(chart: Chart, height: int) -> str:
    title_id = f"chart-{chart.key}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{title_id}">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
    )


def _text(x, y, text, anchor="start", size=12, fill="#4f5a55") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-family="Helvetica" '
        f'fill="{fill}" text-anchor="{anchor}">{escape(str(text))}</text>'
    )


def _legend(chart: Chart, y: float) -> str:
    parts, x = [], LEFT
    for i, s in enumerate(chart.series):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, y, s.name))
        x += 24 + 7 * len(s.name)
    return "".join(parts)


def _line(chart: Chart) -> str:
    top_value = _nice_max(max((v for s in chart.series for v in s.values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(1, len(chart.labels) - 1)
    x_of = [LEFT + plot_w * i / n for i in range(len(chart.labels))]

    def y_of(v):
        return TOP + plot_h * (1 - v / top_value)

    out = [_open(chart, HEIGHT)]
    for tick in (0, top_value / 2, top_value):
        y = y_of(tick)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="#d5ddd9" stroke-width="1"/>'
        )
        out.append(_text(LEFT - 6, y + 4, f"{tick:g}", anchor="end"))
    for x, label in zip(x_of, chart.labels, strict=True):
        out.append(_text(x, TOP + plot_h + 18, label, anchor="middle"))
    for i, s in enumerate(chart.series):
        colour = PALETTE[i % len(PALETTE)]
        points = " ".join(f"{x:.1f},{y_of(v):.1f}" for x, v in zip(x_of, s.values, strict=True))
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        for x, v in zip(x_of, s.values, strict=True):
            out.append(f'<circle cx="{x:.1f}" cy="{y_of(v):.1f}" r="3.5" fill="{colour}"/>')
    out.append(_legend(chart, HEIGHT - 12))
    out.append("</svg>")
    return "".join(out)


def _bars(chart: Chart) -> str:
    """Horizontal bars, one group per label: long labels stay readable on a phone."""
    values = chart.series[0].values if chart.series else []
    top_value = _nice_max(max(values, default=0))
    row, label_w = 30, 200
    height = TOP + row * len(chart.labels) + 8
    plot_w = WIDTH - label_w - RIGHT - 40
    out = [_open(chart, height)]
    for i, (label, value) in enumerate(zip(chart.labels, values, strict=True)):
        y = TOP + i * row
        w = plot_w * value / top_value
        colour = PALETTE[i % len(PALETTE)]
        out.append(_text(label_w - 8, y + 16, label, anchor="end"))
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="18" fill="{colour}"/>')
        out.append(_text(label_w + w + 6, y + 17, f"{value:g}", fill="#1d2521"))
    out.append("</svg>")
    return "".join(out)
