"""Screenshot the first screen of a graph's view, as the README shows it.

    .venv/bin/python tools/view_screenshot.py kg docs/bbc-politics-view.png

Writes the view (`newskg view`) into a temporary file, opens it in headless Chromium
(/usr/bin/chromium, driven by Playwright, no network), waits for the layout to settle and
saves a 1,280 × 800 PNG in at most 256 colours (what docs/ keeps small).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from newskg.graph.analysis.view import write_view

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def screenshot(directory: Path, output: Path, *, width: int = 1280, height: int = 800) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        page_path = Path(scratch) / "view.html"
        write_view(directory, page_path)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(page_path.as_uri())
            page.wait_for_function("() => document.body.getAttribute('data-stabilized') === '1'", timeout=120_000)
            time.sleep(1.0)  # the fit's last frame
            png = Path(scratch) / "full.png"
            page.screenshot(path=str(png))
            browser.close()
        Image.open(png).convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(
            output, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="graph directory")
    parser.add_argument("output", type=Path, help="PNG to write")
    args = parser.parse_args()
    screenshot(args.directory, args.output)
    print(f"view_screenshot: wrote {args.output} ({args.output.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
