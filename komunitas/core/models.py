from django.conf import settings
from django.db import models
from django.utils import timezone


class Submission(models.Model):
    """A form a member sent that created something, by the key the form carried: a retry of the
    same form (after a timeout, an error page, or from the offline queue) is answered with the
    first result instead of creating it again (``core/submissions.py``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32)
    location = models.CharField(max_length=500)  # where the first submission led
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="submission_once_per_key")
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
