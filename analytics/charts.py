"""Charts drawn on the server as inline SVG (no JavaScript library, no CDN; prints as it shows)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD, AXIS = 640, 260, 28, 22


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str


def pareto(rows: list[dict]) -> dict:
    """Bars of complaints per root cause, largest first, and the cumulative share as a line (0–100 %)."""
    if not rows:
        return {}
    peak = max(row["complaints"] for row in rows) or 1
    plot_h = HEIGHT - PAD - AXIS
    step = (WIDTH - 2 * PAD) / len(rows)
    bars, points = [], []
    for i, row in enumerate(rows):
        h = plot_h * row["complaints"] / peak
        x = PAD + i * step
        bars.append(
            Bar(x + step * 0.15, PAD + plot_h - h, step * 0.7, h, row["name"], str(row["complaints"]))
        )
        cumulative = row["cumulative_share"] or 0
        points.append(f"{x + step / 2:.1f},{PAD + plot_h * (1 - cumulative):.1f}")
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "line": " ".join(points),
        "eighty": PAD + plot_h * 0.2,
        "baseline": PAD + plot_h,
        "right": WIDTH - PAD,
        "left": PAD,
    }


def trend(points: list[dict]) -> dict:
    """Complaints per month as bars."""
    if not points:
        return {}
    peak = max(point["complaints"] for point in points) or 1
    plot_h = HEIGHT - PAD - AXIS
    step = (WIDTH - 2 * PAD) / len(points)
    bars = []
    for i, point in enumerate(points):
        h = plot_h * point["complaints"] / peak
        bars.append(
            Bar(
                PAD + i * step + step * 0.2,
                PAD + plot_h - h,
                step * 0.6,
                h,
                point["month"][2:],
                str(point["complaints"]),
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "baseline": PAD + plot_h,
        "left": PAD,
        "right": WIDTH - PAD,
    }
