from komunitas.discussions.models.applications import ClassroomApplication
from komunitas.discussions.models.engagement import (
    MAX_ATTACHMENTS,
    Attachment,
    Bookmark,
    Draft,
    PostFollow,
    Reaction,
    TagFollow,
)
from komunitas.discussions.models.moderation import ModerationLog, Report
from komunitas.discussions.models.posts import (
    GOOD_PRACTICE_SECTIONS,
    DiscussionError,
    Post,
    PostRevision,
    SolutionError,
    Tag,
)
from komunitas.discussions.models.replies import Mention, Reply, ReplyRevision
from komunitas.discussions.models.safety import DiscussionSettings

__all__ = [
    "GOOD_PRACTICE_SECTIONS",
    "MAX_ATTACHMENTS",
    "Attachment",
    "Bookmark",
    "ClassroomApplication",
    "DiscussionError",
    "DiscussionSettings",
    "Draft",
    "Mention",
    "ModerationLog",
    "Post",
    "PostFollow",
    "PostRevision",
    "Reaction",
    "Reply",
    "ReplyRevision",
    "Report",
    "SolutionError",
    "Tag",
    "TagFollow",
]
