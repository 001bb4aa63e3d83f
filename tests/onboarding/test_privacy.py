"""A teacher's enrolments and school requests are exported and erased with their account; the
batches an officer uploaded stay, without their name."""

from komunitas.accounts.models import Regency
from komunitas.onboarding.actions import do_check_batch, do_import_batch, do_request_school
from komunitas.onboarding.models import Enrolment, ImportBatch, SchoolRequest
from komunitas.onboarding.privacy import OnboardingPrivacy
from tests.onboarding.conftest import csv_bytes


def test_export_and_erase(dinas, school, member):
    batch = do_check_batch(
        data=csv_bytes(f"Siti,{member.email},,{school.npsn},guru,"), file_name="a.csv", by=dinas
    )
    do_import_batch(batch=batch, by=dinas)
    do_request_school(
        by=member,
        npsn="20499903",
        name="SD Lain",
        level="sd",
        school_status="negeri",
        regency=Regency.objects.get(code="34.04"),
    )
    part = OnboardingPrivacy()
    exported = part.export(member)
    assert exported["enrolments"][0]["batch__file_name"] == "a.csv"
    assert exported["school_requests"][0]["npsn"] == "20499903"
    assert part.export(dinas)["imports_uploaded"][0]["file_name"] == "a.csv"
    part.erase(member, remove_public=False)
    part.erase(dinas, remove_public=False)
    assert not Enrolment.objects.filter(user=member).exists()
    assert not SchoolRequest.objects.filter(requested_by=member).exists()
    assert ImportBatch.objects.get().created_by is None
