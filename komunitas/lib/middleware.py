from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy (no inline scripts or styles, nothing from elsewhere)
    and the Permissions-Policy (no camera, microphone, location and the like)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class LanguageMiddleware:
    """Bahasa Indonesia unless the visitor chose otherwise with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: many teachers'
    phones are set to English, yet the product speaks Indonesian first. A signed-in member's own
    choice (accounts.middleware.MemberPreferencesMiddleware) wins over the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ["Cookie"])
        return response


class NulByteMiddleware:
    """Take NUL bytes out of query strings and form fields before any view reads them.

    No member types a NUL; a request that carries one is noise or an attack, and PostgreSQL
    refuses it in text (a 500 wherever a value reaches a query, the operators' pages included).
    Multipart bodies (uploads) are left to be read by their view, under its upload limits; their
    text fields go through the same forms, whose fields strip NUL (``lib/choice_fields``,
    ``Draft.keep``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _without_nul(request.GET)
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


def _without_nul(data):
    if not any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned
