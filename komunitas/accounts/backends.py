from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Expression

# What every page shows about the signed-in person, counted in the query that loads them:
# {attribute: a function returning the expression}. Apps add theirs in ``AppConfig.ready``
# (notifications: the unread count in the navigation), which saves one query on every page.
REQUEST_USER_ANNOTATIONS: dict[str, Callable[[], Expression]] = {}


class EmailBackend(ModelBackend):
    """Log in with the e-mail address, whatever its letter case."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        return super().authenticate(request, username=email or username, password=password)

    def get_user(self, user_id):
        """The person of a request's session, with their school (most pages name it or ask its
        regency) and ``REQUEST_USER_ANNOTATIONS`` as attributes, in one query."""
        users = get_user_model()._default_manager.filter(pk=user_id).select_related("school")
        if REQUEST_USER_ANNOTATIONS:
            users = users.annotate(**{k: make() for k, make in REQUEST_USER_ANNOTATIONS.items()})
        user = users.first()
        return user if user is not None and self.user_can_authenticate(user) else None
