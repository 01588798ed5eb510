"""A day's agenda as an SVG timeline, drawn at build time (no script)."""

from __future__ import annotations

from markupsafe import escape

from ..model import Day
from ..schedule import format_clock

WIDTH, BAR_TOP, BAR_HEIGHT, HEIGHT = 740, 8, 44, 80
COLOURS = {  # fill, text: every pair meets WCAG AA contrast
    "module": ("#000091", "#ffffff"),
    "activite": ("#18753c", "#ffffff"),
    "pause": ("#e5e5e5", "#1e1e1e"),
    "repas": ("#d5d5d5", "#1e1e1e"),
}
CHAR_WIDTH = 6.6  # average width of a 12px sans-serif character


def day_svg(day: Day, label: str) -> str:
    span = max(day.end - day.start, 1)
    scale = WIDTH / span
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}"'
        ' xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">',
    ]
    for number, item in enumerate(day.items, 1):
        x = round((item.start - day.start) * scale, 1)
        width = round(item.duration * scale, 1)
        fill, ink = COLOURS.get(item.kind, COLOURS["module"])
        tip = f"{format_clock(item.start)}–{format_clock(item.end)} {item.title}"
        parts.append(f'<g><title>{escape(tip)}</title>'
                     f'<rect x="{x}" y="{BAR_TOP}" width="{width}" height="{BAR_HEIGHT}" fill="{fill}" stroke="#ffffff" stroke-width="1"/>')
        text = _fit(item.title, width - 8)
        if text:
            parts.append(f'<text x="{x + 4}" y="{BAR_TOP + BAR_HEIGHT / 2 + 4}" fill="{ink}">{escape(text)}</text>')
        parts.append("</g>")
    hour = (day.start + 59) // 60 * 60
    while hour <= day.end:
        x = round((hour - day.start) * scale, 1)
        anchor = "start" if x < 20 else "end" if x > WIDTH - 20 else "middle"
        parts.append(f'<line x1="{x}" y1="{BAR_TOP + BAR_HEIGHT}" x2="{x}" y2="{BAR_TOP + BAR_HEIGHT + 6}" stroke="#4d4d4d"/>'
                     f'<text x="{x}" y="{HEIGHT - 6}" text-anchor="{anchor}" fill="#1e1e1e">{format_clock(hour)}</text>')
        hour += 60
    parts.append("</svg>")
    return "".join(parts)


def _fit(title: str, room: float) -> str:
    fits = int(room // CHAR_WIDTH)
    if fits >= len(title):
        return title
    if fits < 4:
        return ""
    return title[: fits - 1].rstrip() + "…"
