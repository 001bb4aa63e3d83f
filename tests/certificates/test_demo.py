"""The demo shows JP: the fasilitator's rules, guru@demo.test's issued certificate (verifiable),
and a colleague's request waiting for penggerak@demo.test."""

import io

from django.core.management import call_command
from django.urls import reverse

from komunitas.accounts.models import User
from komunitas.certificates.models import Certificate, JpRules

COMMUNITY = "pembelajaran-berdiferensiasi"


def test_the_demo_has_rules_an_issued_certificate_and_a_request(demo, client):
    rules = JpRules.objects.get(community__slug=COMMUNITY)
    assert (rules.per_meeting, rules.per_practice, rules.cap) == (2, 1, 32)
    guru = User.objects.get(email="guru@demo.test")
    issued = Certificate.objects.issued().get(member=guru, community__slug=COMMUNITY)
    assert issued.total_jp > 0 and issued.meetings > 0
    assert issued.facilitator_name == User.objects.get(email="penggerak@demo.test").full_name
    assert Certificate.objects.pending().filter(community__slug=COMMUNITY).exists()
    page = client.get(reverse("certificates:verify", args=[issued.code]))
    assert "Sertifikat ini sah" in page.content.decode()
    client.force_login(guru)
    mine = client.get(reverse("certificates:mine")).content.decode()
    assert reverse("certificates:detail", args=[issued.pk]) in mine


def test_the_demo_builds_twice_without_a_second_certificate(demo):
    before = Certificate.objects.count()
    call_command("demo", stdout=io.StringIO())
    assert Certificate.objects.count() == before
