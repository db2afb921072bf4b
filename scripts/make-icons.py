#!/usr/bin/env python3
"""Draw the app's icons (a page with text lines on the app's red) into icons/.

The PNGs are committed; run this only to change them (needs Pillow: pip install pillow).
  icons/icon-192.png, icons/icon-512.png   rounded square, transparent corners ("any")
  icons/icon-maskable-512.png              full bleed, drawing inside the 80 % safe zone
"""
from pathlib import Path

from PIL import Image, ImageDraw

RED = (155, 28, 28, 255)     # --accent of styles/app.css, the favicon's colour
PAPER = (255, 255, 255, 255)
INK = (155, 28, 28, 255)
OUT = Path(__file__).resolve().parent.parent / "icons"
SS = 4  # supersampling for smooth edges


def draw(size: int, maskable: bool) -> Image.Image:
    n = size * SS
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable:
        d.rectangle([0, 0, n, n], fill=RED)
        box = n * 0.1  # keep the drawing inside the centre 80 %
    else:
        d.rounded_rectangle([0, 0, n - 1, n - 1], radius=n * 0.18, fill=RED)
        box = 0
    inner = n - 2 * box
    # A sheet of paper, A4 proportions, centred.
    h = inner * 0.66
    w = h / 1.414
    x0, y0 = (n - w) / 2, (n - h) / 2
    d.rounded_rectangle([x0, y0, x0 + w, y0 + h], radius=w * 0.06, fill=PAPER)
    # Title line and body lines.
    pad = w * 0.16
    lw = h * 0.045
    y = y0 + h * 0.16
    d.rectangle([x0 + w * 0.3, y, x0 + w * 0.7, y + lw], fill=INK)
    y += h * 0.14
    for frac in (1.0, 1.0, 1.0, 0.62):
        d.rectangle([x0 + pad, y, x0 + pad + (w - 2 * pad) * frac, y + lw * 0.8], fill=(70, 70, 70, 255))
        y += h * 0.12
    return img.resize((size, size), Image.LANCZOS)


def save(img: Image.Image, name: str) -> None:
    # A 32-colour palette keeps the edges smooth at a quarter of the bytes (the browser fetches
    # the 192 px icon with the manifest, before the form is usable).
    img.quantize(colors=32, method=Image.Quantize.FASTOCTREE).save(OUT / name, optimize=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    save(draw(192, False), "icon-192.png")
    save(draw(512, False), "icon-512.png")
    save(draw(512, True), "icon-maskable-512.png")
    for p in sorted(OUT.glob("*.png")):
        print(p.relative_to(OUT.parent), p.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
