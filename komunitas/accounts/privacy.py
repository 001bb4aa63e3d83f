"""The members' data rights (UU PDP 27/2022): the export of one's data and the erasure of one's
account, over the parts every app registers (``komunitas/core/privacy.py``; docs/privacy.md).

This module is also accounts' own part: the profile in the export, and, last of all parts, the
account row itself turned into "Mantan anggota".
"""

import io
import json
import uuid
import zipfile
from importlib import import_module

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks import task

from komunitas.accounts.models import (
    DataExport,
    LoginCode,
    LoginFailure,
    MailRequest,
    PasswordResetRequest,
    User,
)
from komunitas.core.models import Submission
from komunitas.core.privacy import parts, privacy_part, rows
from komunitas.lib import uploads

FORMER_MEMBER = "Mantan anggota"  # a name in the product's language, the same for every reader
README = """Komunitas Praktisi: data tentang Anda / the data kept about you

Setiap berkas JSON berisi baris-baris dari satu jenis data; folder files/ berisi berkas yang
Anda unggah. Balasan orang lain tidak disertakan: hanya judul dan nomor tulisan yang Anda balas.

Each JSON file holds the rows of one kind of data; files/ holds the files you uploaded. Other
people's replies are not included: only the title and number of what you replied to.
"""


@privacy_part("accounts", order=1000)
class AccountPrivacy:
    def export(self, user):
        profile = rows(
            User.objects.filter(pk=user.pk),
            "email", "full_name", "whatsapp", "nuptk", "role", "school__npsn", "school__name",
            "regency__name", "bio", "time_zone", "language", "date_joined", "email_verified_at",
            "privacy_consent_at", "last_login",
        )  # fmt: skip
        profile[0]["subjects"] = list(user.subjects.values_list("code", flat=True))
        profile[0]["phases"] = list(user.phases.values_list("code", flat=True))
        profile[0]["supervised_schools"] = list(
            user.supervised_schools.values_list("npsn", flat=True)
        )
        failures = rows(
            AccessAttempt.objects.filter(username__iexact=user.email),
            "ip_address", "attempt_time", "failures_since_start",
        )  # fmt: skip
        return {"profile": profile, "failed_logins": failures}

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        """The account row stays (what others wrote about or under it keeps its place) with
        nothing personal: no name, address, contact, school, password or sessions."""
        AccessAttempt.objects.filter(username__iexact=user.email).delete()
        MailRequest.objects.filter(email__iexact=user.email).delete()
        LoginCode.objects.filter(user=user).delete()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        LoginFailure.objects.filter(email__iexact=user.email).delete()  # before axes
        PasswordResetRequest.objects.filter(email__iexact=user.email).delete()  # before MailRequest
        Submission.objects.filter(user=user).delete()
        for export in DataExport.objects.filter(user=user):
            export.discard()
        _end_sessions(user)
        user.subjects.clear()
        user.phases.clear()
        user.supervised_schools.clear()
        user.full_name = FORMER_MEMBER
        user.email = f"mantan-{user.pk}-{uuid.uuid4().hex[:12]}@anggota.invalid"
        user.whatsapp = user.nuptk = user.bio = ""
        user.school = user.regency = None
        user.email_verified_at = user.privacy_consent_at = user.last_login = None
        user.is_active = user.is_staff = user.is_superuser = False
        user.erased_at = timezone.now()
        user.set_unusable_password()
        user.save()


def _end_sessions(user):
    """Sessions hold no column for their user: read the live ones and end the person's, in the
    database and in the cache (cached_db). The new password hash would end them at the next
    request anyway; this leaves nothing of them behind."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            store(session_key=session.session_key).delete()


# --- the export ----------------------------------------------------------------------------------
# (erasing an account and asking for an export are actions: komunitas/accounts/actions.py)


@task()
def build_export_task(export_id: int) -> bool:
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    return export is not None and build_export(export)


def build_export(export: DataExport) -> bool:
    """Write the ZIP: ``<app>/<name>.json`` per part and ``files/<app>/...``; then tell the
    member (through the parts' ``export_ready``, so accounts needs no app above it)."""
    if not export.claim():
        return False
    try:
        user, buffer = export.user, io.BytesIO()
        every = parts()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", README)
            for done, part in enumerate(every, start=1):
                for name, data in part.part.export(user).items():
                    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
                    archive.writestr(f"{part.app}/{name}.json", text)
                for name, fieldfile in part.part.files(user):
                    with fieldfile.open("rb") as stored:
                        archive.writestr(f"files/{part.app}/{_safe(name)}", stored.read())
                export.set_progress(done * 95 // len(every))
        # Stored with the row that names it: a failure deletes it again.
        with uploads.atomic():
            export.file.save("export.zip", ContentFile(buffer.getvalue()), save=False)
            export.finish()
            for part in every:
                if hasattr(part.part, "export_ready"):
                    part.part.export_ready(export)
    except Exception as error:
        export.fail(repr(error)[:2000])
        raise
    return True


def _safe(name: str) -> str:
    return "/".join(p for p in name.replace("\\", "/").split("/") if p not in ("", ".", ".."))


def prune_exports(now=None) -> int:
    """Delete the exports whose time is up, with their files; the number deleted."""
    expired = list(DataExport.objects.expired(now))
    for export in expired:
        export.discard()
    return len(expired)


def file_stem(export: DataExport) -> str:
    return f"komunitas-data-{export.created_at:%Y%m%d}"
