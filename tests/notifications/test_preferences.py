"""The notification settings offer each person only the kinds they can ever receive (by their
roles and memberships), grouped under a heading per app; kinds not offered keep what is stored."""

import re

import pytest

from komunitas.notifications import kinds
from komunitas.notifications.kinds import (
    EVERYONE,
    FACILITATORS,
    MEMBERS,
    OPERATORS,
    PARTNERS,
    Delivery,
    Kind,
    register,
)
from komunitas.notifications.models import Preference

pytestmark = pytest.mark.django_db
URL = "/notifikasi/pengaturan/"


def _offered(client) -> set[str]:
    return set(client.get(URL).context["form"].fields) - {"quiet_from", "quiet_until"}


def _for(*groups) -> set[str]:
    return {kind.key for kind in kinds.all_kinds() if set(kind.for_whom) & set(groups)}


def test_a_teacher_in_no_community_sees_only_what_anyone_can_receive(login, outsider):
    offered = _offered(login(outsider))
    assert offered == _for(EVERYONE)
    assert "communities.invitation" in offered
    assert not offered & {"communities.join_request", "discussions.report", "meetings.scheduled"}
    assert "insights.story_shared" not in offered


def test_a_member_sees_the_kinds_of_members_not_of_facilitators(login, member, public_community):
    offered = _offered(login(member))
    assert offered == _for(EVERYONE, MEMBERS)
    assert "meetings.scheduled" in offered and "discussions.announcement" in offered
    assert not offered & {"communities.join_request", "discussions.report"}


def test_a_facilitator_sees_join_requests_and_reports(login, fasilitator, public_community):
    offered = _offered(login(fasilitator))
    assert {"communities.join_request", "discussions.report"} <= offered
    assert offered == _for(EVERYONE, MEMBERS, FACILITATORS)


def test_a_principal_hears_of_shared_stories_and_an_operator_of_reports(login, partner, operator):
    assert "insights.story_shared" in _offered(login(partner))
    operator_kinds = _offered(login(operator))
    assert "insights.report_ready" in operator_kinds
    assert operator_kinds == _for(EVERYONE, OPERATORS)
    assert _for(PARTNERS) <= _offered(login(partner))


def test_the_choices_are_grouped_under_a_heading_per_app(login, fasilitator, public_community):
    html = login(fasilitator).get(URL).content.decode()
    headings = re.findall(r"<legend><h2>([^<]+)</h2></legend>", html)
    assert headings[:3] == ["Diskusi", "Pertemuan", "Komunitas"]
    assert headings[-1] == "Jam tenang"
    assert len(headings) == len(set(headings))
    # each select sits in the fieldset of its app
    discussions = html.split("<legend><h2>Diskusi</h2></legend>")[1].split("</fieldset>")[0]
    assert 'name="discussions.reply"' in discussions and 'name="meetings.' not in discussions


def test_saving_keeps_the_choice_of_a_kind_not_offered(login, member, public_community):
    Preference.objects.create(user=member, kind="discussions.report", delivery=Delivery.NEVER)
    client = login(member)
    form = client.get(URL).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["discussions.reply"] = Delivery.DAILY
    assert client.post(URL, data).status_code == 302
    stored = dict(Preference.objects.filter(user=member).values_list("kind", "delivery"))
    assert stored["discussions.report"] == Delivery.NEVER
    assert stored["discussions.reply"] == Delivery.DAILY


def test_a_kind_must_say_for_whom_with_known_groups():
    with pytest.raises(ValueError, match="for_whom"):
        register(
            Kind(
                key="tests.nobody",
                label="x",
                audience=lambda event: [],
                action="x",
                default=Delivery.NEVER,
                describe=lambda event, count: "x",
                for_whom={"strangers"},
            )
        )
    assert "tests.nobody" not in {kind.key for kind in kinds.all_kinds()}
