"""Errors to Sentry or GlitchTip when SENTRY_DSN is set, without members' personal data.

``send_default_pii`` stays off (no user e-mail, no IP, no cookies from the SDK) and ``scrub``
removes what could still carry personal data before an event leaves: the request's body,
cookies, query string and sensitive headers, the user (all but the id), and anything that
looks like an e-mail address in messages, exception values and breadcrumbs.
"""

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_KEEP_HEADERS = {"host", "user-agent", "x-request-id", "accept-language", "content-type"}
MASK = "[e-mail]"


def _mask(value):
    if isinstance(value, str):
        return EMAIL.sub(MASK, value)
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(v) for v in value]
    return value


def scrub(event, hint=None):
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in _KEEP_HEADERS}
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for key in ("message", "logentry", "exception", "breadcrumbs", "extra", "request"):
        if key in event:
            event[key] = _mask(event[key])
    return event


def init_sentry(dsn: str, *, environment: str, release: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,  # a frame's locals may hold a member's data
        before_send=scrub,
        before_send_transaction=scrub,
        traces_sample_rate=0.0,
    )
