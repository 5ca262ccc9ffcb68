"""A PNG chart of one measure's readings: the points, spikes marked, the limit and the trend line."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dispatchdesk.common.lazy import lazy_import

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont
else:  # loaded by the first chart drawn (decision 0057)
    Image = lazy_import("PIL.Image")
    ImageDraw = lazy_import("PIL.ImageDraw")
    ImageFont = lazy_import("PIL.ImageFont")

WIDTH, HEIGHT, MARGIN = 720, 300, 48
DAY = 86400.0


def chart_png(
    *,
    title: str,
    times: Sequence[float],
    values: Sequence[float],
    spikes: Sequence[int],
    limit: float | None,
    trend: tuple[float, float] | None,  # (level at the last reading, slope per day)
    until: float | None = None,  # draw the trend up to this time (the predicted crossing)
) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    draw.text((MARGIN, 12), title, fill="black", font=font)
    if not times:
        return _png(image)
    t_end = max(times[-1], until or times[-1])
    t0, t1 = times[0], max(t_end, times[0] + 1)
    shown = [*values, *([limit] if limit is not None else [])]
    low, high = min(shown), max(shown)
    pad = (high - low) * 0.1 or 1.0
    low, high = low - pad, high + pad

    def point(t: float, v: float) -> tuple[float, float]:
        x = MARGIN + (t - t0) / (t1 - t0) * (WIDTH - 2 * MARGIN)
        y = HEIGHT - MARGIN - (v - low) / (high - low) * (HEIGHT - 2 * MARGIN)
        return x, y

    draw.rectangle((MARGIN, MARGIN - 10, WIDTH - MARGIN, HEIGHT - MARGIN), outline="#999999")
    draw.text((4, MARGIN - 10), f"{high:.1f}", fill="#555555", font=font)
    draw.text((4, HEIGHT - MARGIN - 10), f"{low:.1f}", fill="#555555", font=font)
    draw.text((MARGIN, HEIGHT - MARGIN + 6), f"{(t1 - t0) / DAY:.1f} d", fill="#555555", font=font)
    if limit is not None:
        _, y = point(t0, limit)
        for x in range(MARGIN, WIDTH - MARGIN, 12):
            draw.line((x, y, x + 6, y), fill="#c62828", width=2)
    skip = set(spikes)
    kept = [point(t, v) for i, (t, v) in enumerate(zip(times, values, strict=True)) if i not in skip]
    if len(kept) > 1:
        draw.line(kept, fill="#1565c0", width=2)
    for i in skip:
        cx, cy = point(times[i], values[i])
        draw.ellipse((cx - 4, cy - 4, cx + 4, cy + 4), outline="#ef6c00", width=2)
    if trend is not None:
        level, slope = trend
        end = until or times[-1]
        draw.line(
            (*point(times[-1], level), *point(end, level + slope * (end - times[-1]) / DAY)), fill="#6a1b9a", width=2
        )
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
