"""Drawing a ``matrix_doc.MatrixChart`` as a PNG with Pillow: four named quadrants, numbered
markers where domain.matrix.layout placed them (never overlapping), the axes in words."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from .chart_png import draw_text, font_at
from .matrix_doc import MatrixChart

if TYPE_CHECKING:
    from PIL.ImageDraw import ImageDraw

__all__ = ["SIZE_MM", "render"]

SIZE_MM = (170.0, 150.0)
_INK = (0x1A, 0x1A, 0x1A)
_WHITE = (0xFF, 0xFF, 0xFF)
# Light tints of the screen's quadrant colours (static/css/matrix.css), in QUADRANTS order:
# fill-ins, quick wins, reconsider, major projects. Names in each quadrant carry the meaning.
_TINTS = ((0xFB, 0xEC, 0xCC), (0xCC, 0xEC, 0xE3), (0xEB, 0xEB, 0xEB), (0xCC, 0xE3, 0xF0))
_RINGS = ((0xE6, 0x9F, 0x00), (0x00, 0x9E, 0x73), (0x99, 0x99, 0x99), (0x00, 0x72, 0xB2))
_ORDER = ("fill_ins", "quick_wins", "reconsider", "major_projects")


def _dashed(draw: ImageDraw, a: tuple[float, float], b: tuple[float, float], width: int, dash: int) -> None:
    (x0, y0), (x1, y1) = a, b
    length = max(abs(x1 - x0), abs(y1 - y0))
    for start in range(0, int(length), dash * 2):
        t0, t1 = start / length, min(start + dash, length) / length
        draw.line([(x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0), (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1)],
                  fill=_INK, width=width)


def render(chart: MatrixChart, size: tuple[float, float], dpi: int) -> bytes:
    from PIL import Image, ImageDraw

    px = dpi / 25.4
    w, h = round(size[0] * px), round(size[1] * px)
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    fs = round(8.5 / 72 * dpi)
    draw_text(draw, (0, 0), chart.title, round(fs * 1.15), bold=True)
    top, left, bottom = round(fs * 2.2), round(fs * 2.2), round(fs * 2.2)
    side = min(w - left - round(2 * px), h - top - bottom)
    x0, y0 = left + (w - left - side) // 2, top
    scale = side / 1000
    line = max(1, round(dpi / 150))
    for i in range(len(_ORDER)):
        qx, qy = (i % 2) * side // 2, (i // 2) * side // 2
        draw.rectangle([x0 + qx, y0 + qy, x0 + qx + side // 2, y0 + qy + side // 2], fill=_TINTS[i])
        draw_text(draw, (x0 + qx + round(18 * scale), y0 + qy + round(16 * scale)), chart.quadrant_names[i],
              round(fs * 1.05), bold=True)
    draw.rectangle([x0, y0, x0 + side, y0 + side], outline=_INK, width=line)
    _dashed(draw, (x0 + side / 2, y0), (x0 + side / 2, y0 + side), 2 * line, round(2.5 * px))
    _dashed(draw, (x0, y0 + side / 2), (x0 + side, y0 + side / 2), 2 * line, round(2.5 * px))
    draw_text(draw, (x0 + side / 2, y0 + side + round(fs * 0.5)), chart.axes[0], fs, anchor="ma")
    label = Image.new("RGB", (side, round(fs * 1.6)), "white")
    draw_text(ImageDraw.Draw(label), (side / 2, 0), chart.axes[1], fs, anchor="ma")
    image.paste(label.rotate(90, expand=True), (x0 - round(fs * 1.7), y0))
    r = chart.radius * scale
    for number, mx, my, quadrant in chart.markers:
        cx, cy = x0 + mx * scale, y0 + my * scale
        ring = _RINGS[_ORDER.index(quadrant)] if quadrant in _ORDER else _INK
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_INK, outline=ring, width=max(1, round(r / 6)))
        draw.text((cx, cy), str(number), font=font_at(max(6, round(r * 1.05)), True), fill=_WHITE, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue()
