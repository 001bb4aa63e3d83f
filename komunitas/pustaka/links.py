"""Links to material elsewhere: checked by their shape only, never fetched by the server.

Fetching a member's URL from the server would let anyone make it call into the private network
(SSRF) or hang on a slow host, so the library only looks at the address itself: http or https,
a real public host name (not ``localhost``, not an address in a private or reserved range, not a
bare word), no user name or password in it, and not too long.
"""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 500
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home", ".test", ".invalid")


def _invalid(message, code):
    return ValidationError(message, code=code)


def _check_host(host: str) -> None:
    host = host.strip("[]").rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        if not address.is_global:
            raise _invalid(_("This link points into a private network."), "private_address")
        return
    if host == "localhost" or host.endswith(LOCAL_SUFFIXES):
        raise _invalid(_("This link points into a private network."), "private_address")
    if "." not in host:
        raise _invalid(_("Enter the full address, e.g. https://www.youtube.com/…"), "no_domain")


def validate_link(value: str) -> str:
    """The link, trimmed, or a ValidationError saying what is wrong with it."""
    value = (value or "").strip()
    if len(value) > MAX_LENGTH:
        raise _invalid(_("A link may be at most 500 characters."), "too_long")
    URLValidator(schemes=["http", "https"], message=_("Enter a web address (http or https)."))(
        value
    )
    parts = urlsplit(value)
    if parts.username or parts.password:
        raise _invalid(_("A link must not contain a user name or password."), "credentials")
    _check_host(parts.hostname or "")
    return value
