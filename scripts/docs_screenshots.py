"""Screenshots of the default briefing's first screen, on a desk and on a phone, for the README.

Renders the default briefing (params/monthly.yaml) for 2026-09 and then 2026-10 from the shipped sample (so the
page has changes since the last briefing), opens it offline in Debian's Chromium (the browser tests' helper) at
1366×768 and 390×844, and writes the first screen of each as a 64-colour PNG:

    docs/briefing-desk.png, docs/briefing-phone.png

Usage: ``python scripts/docs_screenshots.py [--html PATH] [--out DIR]`` (``--html``: an already rendered page).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# the screens the issue names: a desk and a phone, CSS pixels
SCREENS = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
# palette of the committed PNGs: a few tens of kilobytes each, text still clean
COLOURS = 64


def render_default(out: Path) -> Path:
    """The default briefing for 2026-10, rendered after 2026-09 into ``out``."""
    from liulin_data.briefing.params import load_params
    from liulin_data.briefing.render import render_briefing

    params = load_params(REPO / "params" / "monthly.yaml")
    render_briefing(params, "2026-09", out, progress_cb=None)
    return render_briefing(params, "2026-10", out, progress_cb=None).index_html


def first_screens(html: Path, work: Path) -> dict[str, bytes]:
    """PNG bytes of the first screen at each of :data:`SCREENS`, quantised."""
    from PIL import Image

    sys.path.insert(0, str(REPO))
    from tests.browser import chromium, guard_network

    shots = {}
    for name, viewport in SCREENS.items():
        with chromium(work / name, viewport=viewport) as context:
            guard_network(context, ("file://", "data:"))
            page = context.new_page()
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            raw = page.screenshot()
        image = Image.open(io.BytesIO(raw)).convert("RGB").quantize(colors=COLOURS)
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        shots[name] = buf.getvalue()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="an already rendered briefing page")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="where the PNGs go (default docs/)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        html = args.html or render_default(work / "reports")
        for name, data in first_screens(html, work).items():
            target = args.out / f"briefing-{name}.png"
            target.write_bytes(data)
            print(f"{target}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
