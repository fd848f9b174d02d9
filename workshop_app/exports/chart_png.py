"""Drawing a ``charts.Chart`` as a PNG with Pillow: bars in the group's colour and pattern, legend."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .charts import Chart

if TYPE_CHECKING:
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont

_RGB = tuple[int, int, int]
_Point = tuple[int, int]

__all__ = ["render"]

_FONT_DIR = Path(__file__).resolve().parent / "fonts"
_INK = (0x1A, 0x1A, 0x1A)
_MUTED = (0x55, 0x55, 0x55)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@cache
def font_at(size: int, bold: bool = False, arabic: bool = False) -> FreeTypeFont:
    from PIL import ImageFont

    name = ("NotoSansArabic-" if arabic else "NotoSans-") + ("Bold.ttf" if bold else "Regular.ttf")
    # raqm shapes Arabic (joined letter forms, right to left); other text needs no shaping.
    engine = ImageFont.Layout.RAQM if arabic and ImageFont.core.HAVE_RAQM else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(_FONT_DIR / name), size, layout_engine=engine)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text)


def _covered(text: str, arabic: bool) -> str:
    """Drop what the label's font cannot draw (emoji, invisible marks) rather than print boxes."""
    from .pdf_fonts import font_cmap

    cmap = font_cmap("NotoSansArabic-Regular.ttf" if arabic else "NotoSans-Regular.ttf")
    return "".join(c for c in text if ord(c) in cmap or c == " ").strip()


def _width(text: str, size: int, bold: bool = False) -> float:
    return font_at(size, bold, _is_arabic(text)).getlength(_covered(text, _is_arabic(text)))


def draw_text(draw: ImageDraw, xy: tuple[float, float], text: str, size: int, *, bold: bool = False,
          fill: _RGB = _INK, anchor: str = "la") -> None:
    """Latin/Cyrillic in Noto Sans; Arabic in Noto Sans Arabic (shaped by raqm).

    A category label "#12 <title>" with an Arabic title is drawn in two pieces, the number in
    the Latin font, so that each piece has a font that covers it.
    """
    number, _, rest = text.partition(" ")
    if _is_arabic(text) and number.startswith("#") and rest and anchor == "rm":
        x, y = xy
        rest = _covered(rest, True)
        draw.text((x, y), rest, font=font_at(size, bold, True), fill=fill, anchor="rm")
        gap = font_at(size, bold).getlength(" ")
        draw.text((x - font_at(size, bold, True).getlength(rest) - gap, y), number, font=font_at(size, bold),
                  fill=fill, anchor="rm")
        return
    arabic = _is_arabic(text)
    draw.text(xy, _covered(text, arabic), font=font_at(size, bold, arabic), fill=fill, anchor=anchor)


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _hatch(draw: ImageDraw, box: tuple[int, int, int, int], pattern: int, scale: int) -> None:
    """The screen's pattern N over a filled box, in dark ink, clipped to the box."""
    x0, y0, x1, y1 = box
    if x1 - x0 < 2 or pattern == 0:
        return
    step, width, ink = 6 * scale, max(1, scale), (0x1A, 0x1A, 0x1A)
    h = y1 - y0
    if pattern in (1, 4, 6):  # diagonal lines (4: both ways)
        for sign in ((1,) if pattern == 1 else (-1,) if pattern == 6 else (1, -1)):
            for k in range(-h, x1 - x0 + h, step):
                a, b = (x0 + k, y1), (x0 + k + h, y0)
                if sign < 0:
                    a, b = (x0 + k, y0), (x0 + k + h, y1)
                _clipped_line(draw, a, b, box, ink, width)
    elif pattern == 3:  # horizontal lines
        for y in range(y0 + step // 3, y1, step // 2):
            draw.line([(x0, y), (x1 - 1, y)], fill=ink, width=width)
    elif pattern == 5:  # vertical lines
        for x in range(x0 + step // 2, x1, step):
            draw.line([(x, y0), (x, y1 - 1)], fill=ink, width=width)
    elif pattern == 2:  # dots
        for y in range(y0 + step // 2, y1, step):
            for x in range(x0 + step // 2, x1, step):
                draw.ellipse([x - scale, y - scale, x + scale, y + scale], fill=ink)
    elif pattern == 7:  # checks
        for y in range(y0, y1, step):
            for x in range(x0 + ((y - y0) // step % 2) * step // 2, x1, step):
                draw.rectangle([x, y, min(x + step // 2, x1) - 1, min(y + step // 2, y1) - 1], fill=ink)


def _clipped_line(draw: ImageDraw, a: _Point, b: _Point, box: tuple[int, int, int, int], ink: _RGB,
                  width: int) -> None:
    """A line from a to b clipped to box (Liang–Barsky)."""
    x0, y0, x1, y1 = box
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, ax - x0), (dx, x1 - 1 - ax), (-dy, ay - y0), (dy, y1 - 1 - ay)):
        if p == 0:
            if q < 0:
                return
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    if t0 < t1:
        draw.line([(ax + t0 * dx, ay + t0 * dy), (ax + t1 * dx, ay + t1 * dy)], fill=ink, width=width)


def render(chart: Chart, size: tuple[float, float], dpi: int) -> bytes:
    """The chart as an RGB PNG of ``size`` (mm) at ``dpi``."""
    from PIL import Image, ImageDraw

    width_mm, height_mm = size
    px = dpi / 25.4
    w, h = round(width_mm * px), round(height_mm * px)
    s = max(1, round(dpi / 100))
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    fs = round(8.5 / 72 * dpi)  # 8.5 pt
    draw_text(draw, (0, 0), chart.title, round(fs * 1.15), bold=True)
    top = round(fs * 2.0)
    label_w = max(_width(c, fs) + font_at(fs).getlength("#000 ") for c in chart.categories)
    label_w = min(label_w + 8 * s, w * 0.42)
    bar_h, gap = round(5.0 * px), round(2.0 * px)
    total_max = max((sum(v) for v in chart.values), default=0) or 1
    plot_x0, plot_x1 = round(label_w), w - round(16 * px)
    for i, (category, values) in enumerate(zip(chart.categories, chart.values, strict=True)):
        y0 = top + i * (bar_h + gap)
        draw_text(draw, (plot_x0 - 6 * s, y0 + bar_h // 2), category, fs, anchor="rm")
        x = plot_x0
        for value, series in zip(values, chart.series, strict=True):
            length = round((plot_x1 - plot_x0) * value / total_max)
            if length <= 0:
                continue
            box = (x, y0, x + length, y0 + bar_h)
            draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=_rgb(series.colour))
            _hatch(draw, box, series.pattern, s)
            draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], outline=_INK, width=max(1, s // 2))
            x += length
        draw_text(draw, (x + 4 * s, y0 + bar_h // 2), _fmt(sum(values)), fs, fill=_MUTED, anchor="lm")
    # the legend: swatch with colour and pattern, then the name
    y = top + len(chart.categories) * (bar_h + gap) + gap
    x = 0
    for series in chart.series:
        text_w = _width(series.name, fs)
        if x + bar_h * 2 + text_w > w:
            x, y = 0, y + bar_h + gap
        box = (x, y, x + bar_h * 2, y + bar_h)
        draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=_rgb(series.colour))
        _hatch(draw, box, series.pattern, s)
        draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], outline=_INK, width=max(1, s // 2))
        draw_text(draw, (box[2] + 4 * s, y + bar_h // 2), series.name, fs, anchor="lm")
        x = box[2] + 4 * s + round(text_w) + 14 * s
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
