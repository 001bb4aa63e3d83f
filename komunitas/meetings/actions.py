"""The changes of the meetings app (issue #16: the only way its state changes)."""

from komunitas.lib import uploads
from komunitas.meetings.models import MeetingPhoto


@uploads.atomic()
def do_add_photo(*, meeting, image, caption, by) -> MeetingPhoto:
    """Add a documentation photo to the meeting's minutes; if the row cannot be written, the
    stored picture is deleted again."""
    return MeetingPhoto.objects.create(
        meeting=meeting, image=image, caption=caption, uploaded_by=by
    )
