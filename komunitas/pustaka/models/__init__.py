from komunitas.pustaka.models.collections import Collection, CollectionItem
from komunitas.pustaka.models.resources import (
    PHASE_GRADES,
    HelpfulVote,
    Resource,
    ResourceVersion,
)

__all__ = [
    "PHASE_GRADES",
    "Collection",
    "CollectionItem",
    "HelpfulVote",
    "Resource",
    "ResourceVersion",
]
