"""The API's part of the members' data rights (komunitas/core/privacy.py): the member's tokens
(without their hashes) are in the copy, and are deleted with the account."""

from komunitas.api.models import AccessToken
from komunitas.core.privacy import privacy_part


@privacy_part("api", order=90)
class ApiPrivacy:
    def export(self, user):
        tokens = AccessToken.objects.filter(user=user).order_by("pk")
        return {
            "access_tokens": list(
                tokens.values(
                    "id",
                    "name",
                    "scope",
                    "hint",
                    "created_at",
                    "expires_at",
                    "last_used_at",
                    "revoked_at",
                )
            )  # fmt: skip
        }

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        AccessToken.objects.filter(user=user).delete()
