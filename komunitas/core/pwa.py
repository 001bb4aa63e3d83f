"""The app on the phone: the web app manifest, the service worker's settings, the offline pages.

See docs/app.md. The service worker (``core/templates/core/sw.js``, served at ``/sw.js``) learns
from here which static files to precache and under which version: the version is a hash of the
static files, so a deploy that changes any of them installs a new worker, which drops the old
caches when it activates.
"""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

THEME_COLOUR = "#0b6e4f"  # --brand in core/static/css/site.css
BACKGROUND_COLOUR = "#f6f8f7"  # --bg

# The shell every page needs, downloaded once per version (small: the budget of a first visit
# counts these). Other static files are kept as pages ask for them.
PRECACHE = ("css/site.css", "vendor/htmx.min.js", "core/app.js", "img/icon.svg", "img/icon-192.png")

# Pages a member opened that open again without a network (the URL names). Forms where a member
# writes something the offline queue can keep are among them, so they can be opened offline too.
OFFLINE_PAGES = frozenset(
    {
        "core:home",
        "communities:detail",
        "discussions:feed",
        "discussions:community",
        "discussions:post",
        "discussions:create",
        "discussions:apply",
        "meetings:list",
        "meetings:detail",
        "meetings:my_action_items",
        "pustaka:list",
        "pustaka:detail",
        "journeys:index",
        "journeys:plan",
        "journeys:checkin",
    }
)
OFFLINE_PAGES_MAX = 50  # pages kept per device
OFFLINE_PAGES_DAYS = 7  # a saved copy older than this is neither shown nor kept


@lru_cache(maxsize=1)
def static_version() -> str:
    """A short hash that changes whenever a static file changes.

    With the manifest storage (production) the manifest already names every file by its
    content's hash; otherwise (development, tests) the files are read once per process."""
    digest = hashlib.sha256()
    hashed = getattr(staticfiles_storage, "hashed_files", None)
    if hashed:
        for name in sorted(hashed):
            digest.update(f"{name}\0{hashed[name]}\0".encode())
    else:
        for finder in finders.get_finders():
            for path, storage in finder.list([]):
                digest.update(path.encode() + b"\0")
                with storage.open(path) as handle:
                    digest.update(handle.read())
    return digest.hexdigest()[:12]


def _same_site(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def worker_settings() -> str:
    """The JSON the service worker starts from."""
    return json.dumps(
        {
            "version": static_version(),
            # Files on a CDN (STATIC_URL on another origin) are left to the browser's HTTP cache:
            # the CSP's connect-src lets the worker fetch only from this site.
            "precache": [url for url in map(static, PRECACHE) if _same_site(url)],
            "static": settings.STATIC_URL,
            "offline": reverse("core:offline"),
            "logout": reverse("accounts:logout"),
            "login": reverse("accounts:login"),
            "maxPages": OFFLINE_PAGES_MAX,
            "maxAgeMs": OFFLINE_PAGES_DAYS * 86_400_000,
        }
    ).replace("<", "\\u003c")


def manifest() -> dict:
    return {
        "name": "Komunitas Praktisi",
        "short_name": "Komunitas",
        # Indonesian, the product's language, whatever the member's own choice.
        "lang": "id",
        "description": (
            "Tempat guru berbagi praktik baik, bertanya, dan bertemu dalam komunitas praktisi."
        ),
        "id": "/",
        "start_url": reverse("core:home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


def member_token(user) -> str:
    """Who is signed in, for the worker: stable per member, says nothing about who it is. When
    another member signs in on the phone, the worker drops the last one's pages and queue."""
    return salted_hmac("komunitas.core.pwa.member", str(user.pk)).hexdigest()[:16]


def page_strings(user) -> dict:
    """What the page script says, in the member's language (the worker cannot translate)."""
    return {
        "member": member_token(user),
        "saved": _("Saved copy, {time}"),
        "waiting": _("Waiting for a signal: will be sent when the network returns"),
        "sent": _("Sent"),
        "rejected": _("Not sent: the server refused it. Your text:"),
        "discard": _("Discard"),
        "queued": _("Kept on this device"),
    }
