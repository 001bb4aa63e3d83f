"""What every route shares: the documented errors, the paging parameters, the serialisers."""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Path, Schema

from komunitas.api.errors import Problem
from komunitas.api.schemas import ProblemOut
from komunitas.lib.http import absolute

Id = Annotated[int, Path(ge=1, le=2**31 - 1, description="the id, a positive whole number")]
READ_ERRORS = {400: ProblemOut, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut,
               422: ProblemOut, 429: ProblemOut}  # fmt: skip
WRITE_ERRORS = {**READ_ERRORS, 409: ProblemOut}


class Paging(Schema):
    cursor: str | None = Field(None, max_length=500, description="from the previous page's next")
    limit: int = Field(20, ge=1, le=50, description="items per page (at most 50)")


def person(user) -> dict:
    return {"id": user.pk, "name": user.full_name}


def link(obj) -> str:
    return absolute(obj.get_absolute_url())


def refused(error) -> Problem:
    """A refusal of an action (its message is for the member) as a 409 problem."""
    return Problem(409, str(error) or _("This cannot be done now."))
