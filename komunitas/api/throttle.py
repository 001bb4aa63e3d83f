"""How often one caller may call: ``API_REQUESTS_PER_MINUTE`` per token, member or address, in
fixed one-minute windows kept in the cache; past it, 429 with ``Retry-After``."""

import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

WINDOW = 60


class PerMinute(BaseThrottle):
    def __init__(self):
        self.left = WINDOW

    def _who(self, request) -> str:
        token = getattr(request, "api_token", None)
        if token is not None:
            return f"t{token.secret_hash[:20]}"
        if request.user.is_authenticated:
            return f"u{request.user.pk}"
        return f"a{self.get_ident(request)}"

    def allow_request(self, request) -> bool:
        now = time.time()
        window = int(now // WINDOW)
        key = f"api:rate:{self._who(request)}:{window}"
        cache.add(key, 0, WINDOW + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # gone between add and incr
            cache.set(key, 1, WINDOW + 5)
            count = 1
        self.left = max(1, int((window + 1) * WINDOW - now) + 1)
        return count <= settings.API_REQUESTS_PER_MINUTE

    def wait(self):
        return self.left
