"""Communities in the search (docs/search.md): registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from komunitas.communities.models import Community
from komunitas.search.registry import Document, register, register_places


def community_document(community: Community) -> Document | None:
    if community.deleted_at:
        return None
    body = "\n".join(
        part
        for part in (
            community.domain,
            community.place_name,
            community.description,
            community.visi,
            community.misi,
            community.tujuan,
            community.nilai,
        )
        if part
    )
    return Document(
        title=community.name,
        body=body,
        url=community.get_absolute_url(),
        created_at=community.created_at,
        community=community,
        kind=community.kind,
    )


register(
    "communities.community",
    model=Community,
    label=_("Communities"),
    document=community_document,
    visible_to=lambda user: Community.objects.visible_to(user),
    kinds=Community.Kind.choices,
)

register_places(
    visible_to=lambda user: Community.objects.visible_to(user),
    of_member=lambda user: Community.objects.of_member(user),
)
