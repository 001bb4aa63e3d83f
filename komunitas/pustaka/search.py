"""The library as a source of the shared search (docs/search.md).

The type is the source's ``kind`` filter; the subject and the phase are tags ("Matematika",
"Fase B"), so the search's tag filter finds them, and words in the body. A resource for everyone
from a private community is indexed without its community, so a result never names it.
"""

from django.utils.translation import gettext_lazy as _

from komunitas.communities.models import Community
from komunitas.lib.markdown import plain_text
from komunitas.pustaka.models import Resource
from komunitas.search.registry import Document, register


def phase_tag(phase) -> str:
    return "Fondasi" if phase.code == "fondasi" else f"Fase {phase.code}"


def resource_document(resource: Resource) -> Document | None:
    if not resource.is_alive:
        return None
    community = resource.community
    if community and community.is_private and resource.audience == Resource.Audience.EVERYONE:
        community = None
    tags = []
    if resource.subject:
        tags.append(resource.subject.name_id)
    if resource.phase:
        tags.append(phase_tag(resource.phase))
    body = "\n".join(
        part
        for part in (
            resource.topic,
            plain_text(resource.description),
            *tags,
            f"Kelas {resource.grade}" if resource.grade else "",
            resource.author_name,
            resource.source,
        )
        if part
    )
    return Document(
        title=resource.title,
        body=body,
        url=resource.get_absolute_url(),
        created_at=resource.created_at,
        community=community,
        author=resource.credited_to or resource.added_by,
        kind=resource.kind,
        tags=tags,
    )


register(
    "pustaka.resource",
    model=Resource,
    label=_("Library"),
    document=resource_document,
    visible_to=lambda user: Resource.objects.visible_to(user),
    kinds=Resource.Kind.choices,
    queryset=lambda: Resource.objects.select_related(
        "community", "subject", "phase", "added_by", "credited_to"
    ),
    related={Community: lambda community: community.resources.all()},
)
