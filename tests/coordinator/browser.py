"""A real browser for the report tests: headless Chromium with a throwaway profile, offline."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


def headless(page: Path, *flags: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Open `page` in headless Chromium with `flags` (--screenshot, --dump-dom ...)."""
    browser = chromium()
    assert browser is not None, "the test should have been skipped without Chromium"
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                *flags,
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
