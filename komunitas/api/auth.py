"""Who calls: the browser session (with CSRF) for the site's own pages, a personal access token
(``Authorization: Bearer kp_...``) for everything else."""

from django.utils import translation
from ninja.security import HttpBearer, SessionAuth

from komunitas.api.actions import do_note_token_used
from komunitas.api.errors import Problem
from komunitas.api.models import AccessToken, digest


class TokenAuth(HttpBearer):
    """A personal access token; an expired or revoked one is refused with 401."""

    def authenticate(self, request, token):
        found = AccessToken.objects.select_related("user").filter(secret_hash=digest(token)).first()
        if found is None or not found.user.is_active:
            return None
        if not found.is_usable():
            raise Problem(401, translation.gettext("This token has expired or was revoked."))
        do_note_token_used(token=found)
        request.user = found.user
        request.api_token = found
        if not getattr(request, "api_language_asked", False):
            translation.activate(found.user.language)
            request.LANGUAGE_CODE = found.user.language
        return found.user


class SiteSession(SessionAuth):
    """The signed-in browser, for the site's own pages; writes need the CSRF token."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.api_token = None
        return user


def require_write(request) -> None:
    """Writes need a token with the write scope (the browser session may write)."""
    token = getattr(request, "api_token", None)
    if token is not None and not token.may_write:
        raise Problem(403, translation.gettext("This token may only read."))
