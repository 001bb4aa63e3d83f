"""Draw the app's PNG icons from the logo (komunitas/core/static/img/icon.svg) with Pillow.

The SVG is simple (a green disc, two heads, two shoulders), so it is redrawn here rather than
rasterised by a library the project does not otherwise need. Run after changing the logo:
``.venv/bin/python scripts/make_icons.py``; the PNGs are committed as static files.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "komunitas" / "core" / "static" / "img"
BRAND = "#0b6e4f"
SUPERSAMPLE = 4


def _bezier(p0, p1, p2, p3, steps=32):
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        yield (
            u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
            u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
        )


def _shoulders():
    # M5 25 c2-5 10-5 11 0 1-5 9-5 11 0 (closed by the fill)
    points = [(5, 25)]
    points += _bezier((5, 25), (7, 20), (15, 20), (16, 25))
    points += _bezier((16, 25), (17, 20), (25, 20), (27, 25))
    return points


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        # Full bleed; the figure inside the safe zone (a circle of 40% of the size).
        pen.rectangle((0, 0, big, big), fill=BRAND)
        scale, offset = big * 0.7 / 32, big * 0.15
    else:
        scale, offset = big / 32, 0

    def at(x, y):
        return (offset + x * scale, offset + y * scale)

    def disc(cx, cy, r, fill):
        (x0, y0), (x1, y1) = at(cx - r, cy - r), at(cx + r, cy + r)
        pen.ellipse((x0, y0, x1, y1), fill=fill)

    if not maskable:
        disc(16, 16, 15, BRAND)
    disc(11, 13, 4, "white")
    disc(21, 13, 4, "white")
    pen.polygon([at(x, y) for x, y in _shoulders()], fill="white")
    return image.resize((size, size), Image.LANCZOS)


def main():
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ):
        image = draw(size, maskable=maskable).quantize(colors=16, method=Image.Quantize.FASTOCTREE)
        image.save(OUT / name, optimize=True)
        print(OUT / name, (OUT / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
