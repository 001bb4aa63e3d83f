"""Print the path of a Chromium for the browser tests, or exit 1 when there is none.

Order: $CHROMIUM, the system's chromium, then a browser that `playwright install` fetched.
"""

import glob
import os
import shutil
import sys


def find() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit and os.access(explicit, os.X_OK):
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    cache = os.environ.get("PLAYWRIGHT_BROWSERS_PATH", os.path.expanduser("~/.cache/ms-playwright"))
    found = sorted(glob.glob(os.path.join(cache, "chromium-*", "chrome-linux*", "chrome")))
    return found[-1] if found else None


if __name__ == "__main__":
    path = find()
    if not path:
        sys.exit(1)
    print(path)
