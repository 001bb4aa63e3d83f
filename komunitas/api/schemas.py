"""What the API answers and accepts (the OpenAPI schema is generated from these)."""

import datetime
from typing import Literal

from ninja import Field, Schema


class ProblemOut(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict] | None = None


class PersonOut(Schema):
    id: int
    name: str


class CommunityOut(Schema):
    slug: str
    name: str
    domain: str
    description: str
    kind: str
    visibility: str
    join_policy: str
    stage: str
    member_count: int
    my_role: str | None = Field(None, description="anggota, fasilitator, mitra, or null")
    url: str


class MemberOut(Schema):
    id: int
    name: str
    role: str
    school: str | None


class MeOut(Schema):
    id: int
    name: str
    language: str
    time_zone: str
    communities: list[CommunityOut]
    unread_notifications: int


class PostOut(Schema):
    id: int
    community: str = Field(description="the community's slug")
    kind: str
    title: str
    body: str
    author: PersonOut
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    reply_count: int
    solved: bool
    solution_id: int | None
    tags: list[str]
    url: str


class ReplyOut(Schema):
    id: int
    post_id: int
    body: str
    author: PersonOut
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    is_solution: bool


class PostIn(Schema):
    kind: Literal[
        "question", "challenge", "concern", "good_practice", "reflection", "announcement"
    ] = Field(examples=["question"], description="an announcement needs a fasilitator")
    title: str = Field(min_length=1, max_length=200, examples=["Asesmen diagnostik kelas 4"])
    body: str = Field("", max_length=20000, examples=["Bagaimana Bapak/Ibu memulainya?"])


class PostEdit(Schema):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field("", max_length=20000)


class ReplyIn(Schema):
    body: str = Field(min_length=1, max_length=20000, examples=["Saya mulai dengan ..."])


class SolutionIn(Schema):
    reply_id: int = Field(ge=1, le=2**31 - 1)


class ReactionIn(Schema):
    kind: Literal["thanks", "useful", "inspiring"] = Field(examples=["thanks"])
    reply_id: int | None = Field(None, ge=1, le=2**31 - 1)


class ReactionOut(Schema):
    kind: str
    on: bool = Field(description="true when the reaction is now given, false when taken back")


class ApplicationIn(Schema):
    applied_on: str = Field(max_length=10, json_schema_extra={"format": "date"},
                            examples=["2026-11-20"])  # fmt: skip
    class_name: str = Field(min_length=1, max_length=60, examples=["4B"])
    what_happened: str = Field(min_length=1, max_length=5000)
    outcome: Literal["better", "same", "worse"] = Field(examples=["better"])


class ApplicationOut(Schema):
    id: int
    applied_on: datetime.date
    outcome: str


class MeetingOut(Schema):
    id: int
    community: str
    title: str
    topic: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str
    place: str
    status: str
    url: str


class RsvpIn(Schema):
    answer: Literal["hadir", "mungkin", "tidak"] = Field(examples=["hadir"])


class RsvpOut(Schema):
    meeting_id: int
    answer: str


class CheckInIn(Schema):
    code: str = Field(min_length=1, max_length=20)


class CheckInOut(Schema):
    meeting_id: int
    checked_in: bool


class ResourceOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    community: str | None
    url: str
    download_url: str | None


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    created_at: datetime.datetime
    read: bool


class SearchHitOut(Schema):
    title: str
    url: str
    kind: str
    snippet: str


class Page(Schema):
    next: str | None = Field(description="the next page's address, or null on the last page")


class CommunityPage(Page):
    items: list[CommunityOut]


class MemberPage(Page):
    items: list[MemberOut]


class PostPage(Page):
    items: list[PostOut]


class ReplyPage(Page):
    items: list[ReplyOut]


class MeetingPage(Page):
    items: list[MeetingOut]


class ResourcePage(Page):
    items: list[ResourceOut]


class NotificationPage(Page):
    items: list[NotificationOut]


class SearchPage(Page):
    items: list[SearchHitOut]
