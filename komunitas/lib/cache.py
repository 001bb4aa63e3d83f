"""Redis as an accelerator, not a single point of failure.

``ResilientRedisCache`` is Django's Redis cache whose every operation answers like a miss
(``get`` gives the default, ``add``/``set`` store nothing) when Redis cannot be reached, instead
of raising. Sessions (cached in front of the database), counters and snapshots then fall back to
the database or to counting again, and the site keeps serving pages. After a failure Redis is
left alone for ``RETRY_SECONDS`` so that a page does not wait for a dead server at every call;
a short socket timeout (settings) bounds the first wait.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _call(self, name: str, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("Redis cache unreachable (%s): serving without it", error)
            return fallback

    @property
    def is_down(self) -> bool:
        """True while the last failure is recent (for the readiness check)."""
        return time.monotonic() < self._down_until

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", None, key, delta, version)
        if result is None:  # as if the key were missing, which is what callers handle
            raise ValueError(f"Key '{key}' not found (cache unreachable)")
        return result

    def clear(self):
        return self._call("clear", False)
