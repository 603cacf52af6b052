"""The team authorises representatives (a parent of a minor, a curator, mentor or gemachtigde) on the
household page, and withdraws them; a representative with a resident's account sees the household at
once, and no longer from the moment it is withdrawn."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.core.models import ProcessingLogEntry
from eenplan.households import actions
from eenplan.households.models import Representation
from eenplan.households.queries import household_ids_visible_to
from tests import factories
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

# BSNs far from the ones tests/factories.py hands out.
SPARE_BSNS = list(factories.test_range_bsns())[-20:]


def visible(user) -> set[int]:
    return set(household_ids_visible_to(user).values_list("pk", flat=True))


def add_url(household) -> str:
    return f"/huishoudens/{household.pk}/vertegenwoordigers/"


def withdraw_url(representation) -> str:
    household_id = representation.person.household_id
    return f"/huishoudens/{household_id}/vertegenwoordigers/{representation.pk}/intrekken/"


def representation_logs():
    return ProcessingLogEntry.objects.filter(object_type="representation").order_by("sequence")


@pytest.fixture
def alice(world):
    return world.north_household.members.get(user=world.resident)


@pytest.fixture
def minor(world):
    today = timezone.localdate()
    return PersonFactory(
        household=world.north_household,
        relation="child",
        given_name="Mila",
        surname="Jansen",
        date_of_birth=today.replace(year=today.year - 10),
    )


def grant(actor, person, **fields):
    values = {
        "kind": Representation.Kind.MENTOR,
        "representative_name": "Marieke de Boer",
        "representative_bsn": "",
        "evidence": "Beschikking van de kantonrechter van 3 maart 2026",
        "starts_on": timezone.localdate(),
        "ends_on": None,
    }
    return actions.representation_grant(actor=actor, person=person, **{**values, **fields})


def test_a_consultant_records_a_mentor_on_the_household_page(client, world, alice):
    client.force_login(world.consultant)
    today = timezone.localdate()
    response = client.post(
        add_url(world.north_household),
        {
            "person": alice.pk,
            "kind": "mentor",
            "representative_name": "Marieke de Boer",
            "representative_bsn": SPARE_BSNS[0],
            "evidence": "Beschikking van de kantonrechter van 3 maart 2026",
            "starts_on": today.isoformat(),
            "ends_on": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/huishoudens/{world.north_household.pk}/#vertegenwoordigers"
    representation = Representation.objects.get()
    assert (
        representation.person,
        representation.kind,
        representation.representative_name,
        representation.representative_bsn,
        representation.representative,
        representation.starts_on,
        representation.ends_on,
        representation.recorded_by,
        representation.withdrawn_at,
    ) == (alice, "mentor", "Marieke de Boer", SPARE_BSNS[0], None, today, None, world.consultant, None)
    entry = representation_logs().get()
    assert (entry.action, entry.actor_id, entry.purpose, entry.legal_basis, entry.channel) == (
        "create",
        world.consultant.pk,
        "support",
        "public-task",
        "screen",
    )
    assert (entry.household_id, entry.person_id, entry.object_id) == (
        world.north_household.pk,
        alice.pk,
        str(representation.pk),
    )
    assert entry.categories == ["household-network", "identity-contact"]
    assert "Marieke" not in entry.description

    page = client.get(f"/huishoudens/{world.north_household.pk}/")
    assert "Vertegenwoordigers" in page.text
    assert "Marieke de Boer" in page.text
    assert "geldt nu" in page.text
    assert "account volgt bij de eerste keer inloggen" in page.text
    assert withdraw_url(representation) in page.text


def test_a_parent_of_an_adult_is_refused_in_dutch_and_nothing_changes(client, world, alice):
    client.force_login(world.consultant)
    before = ProcessingLogEntry.objects.filter(action="create").count()
    response = client.post(
        add_url(world.north_household),
        {
            "person": alice.pk,
            "kind": "parent",
            "representative_name": "Gerda Jansen",
            "representative_bsn": "",
            "evidence": "Geboorteakte",
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Een ouder of voogd vertegenwoordigt alleen een kind onder de 18." in response.text
    assert f"{alice.full_name} is 18 jaar of ouder." in response.text
    assert Representation.objects.count() == 0
    assert ProcessingLogEntry.objects.filter(action="create").count() == before


def test_a_parent_of_a_minor_child_is_recorded(world, minor):
    representation = grant(world.consultant, minor, kind=Representation.Kind.PARENT)
    assert representation.kind == "parent"
    assert (
        Representation.objects.filter(Representation.in_force(timezone.localdate())).get() == representation
    )


def test_an_end_before_the_start_is_refused(client, world, alice):
    client.force_login(world.consultant)
    today = timezone.localdate()
    response = client.post(
        add_url(world.north_household),
        {
            "person": alice.pk,
            "kind": "curator",
            "representative_name": "Marieke de Boer",
            "evidence": "Beschikking van de kantonrechter",
            "starts_on": today.isoformat(),
            "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "De einddatum ligt voor de begindatum." in response.text
    assert Representation.objects.count() == 0
    assert not representation_logs().exists()


def test_an_existing_resident_account_is_linked_at_once_and_sees_the_household(world, alice):
    """Charlie (south household) has an account; made mentor of Alice, he sees the north household."""
    charlie_person = world.south_household.members.get()
    charlie = UserFactory(username="charlie", role=Role.RESIDENT)
    charlie_person.user = charlie
    charlie_person.save()
    assert visible(charlie) == {world.south_household.pk}

    representation = grant(world.consultant, alice, representative_bsn=charlie_person.bsn)

    assert representation.representative == charlie
    assert visible(charlie) == {world.south_household.pk, world.north_household.pk}
    assert (
        representation_logs().get().description == "Vertegenwoordiging vastgelegd (mentor); account gekoppeld"
    )


def test_an_account_linked_by_an_earlier_representation_is_linked_again(world, alice, minor):
    representative = UserFactory(username="marieke", role=Role.RESIDENT)
    first = grant(world.consultant, alice, representative_bsn=SPARE_BSNS[1])
    Representation.objects.filter(pk=first.pk).update(representative=representative)  # at her log-in

    second = grant(world.consultant, minor, kind="parent", representative_bsn=SPARE_BSNS[1])

    assert second.representative == representative


def test_a_staff_account_is_never_linked_as_representative(world, alice):
    charlie_person = world.south_household.members.get()
    charlie_person.user = world.other_consultant
    charlie_person.save()

    representation = grant(world.consultant, alice, representative_bsn=charlie_person.bsn)

    assert representation.representative is None
    assert visible(world.other_consultant) == {world.south_household.pk}


def test_withdrawal_takes_effect_at_once(client, world, alice):
    representative = UserFactory(username="marieke", role=Role.RESIDENT)
    Representation.objects.filter(
        pk=grant(world.consultant, alice, representative_bsn=SPARE_BSNS[2]).pk
    ).update(representative=representative)
    representation = Representation.objects.get()
    assert visible(representative) == {world.north_household.pk}
    client.force_login(world.team_lead)

    response = client.post(withdraw_url(representation))

    assert response.status_code == 302
    assert response["Location"] == f"/huishoudens/{world.north_household.pk}/#vertegenwoordigers"
    representation.refresh_from_db()
    assert representation.withdrawn_by == world.team_lead
    assert representation.withdrawn_at is not None
    assert visible(representative) == set()
    entry = representation_logs().last()
    assert (entry.action, entry.actor_id, entry.household_id, entry.person_id, entry.description) == (
        "update",
        world.team_lead.pk,
        world.north_household.pk,
        alice.pk,
        "Vertegenwoordiging ingetrokken (mentor)",
    )
    page = client.get(response["Location"])
    assert "kan nu niet meer namens Alice Jansen optreden" in page.text
    assert "ingetrokken op" in page.text
    assert withdraw_url(representation) not in page.text

    # A second withdrawal changes nothing.
    withdrawn_at = representation.withdrawn_at
    count = ProcessingLogEntry.objects.count()
    response = client.post(withdraw_url(representation), follow=True)
    assert "Deze vertegenwoordiging was al ingetrokken." in response.text
    representation.refresh_from_db()
    assert representation.withdrawn_at == withdrawn_at
    assert representation_logs().count() == 2
    assert ProcessingLogEntry.objects.filter(sequence__gt=count, object_type="representation").count() == 0


def test_withdrawal_needs_post(client, world, alice):
    representation = grant(world.consultant, alice)
    client.force_login(world.consultant)
    assert client.get(withdraw_url(representation)).status_code == 405
    representation.refresh_from_db()
    assert representation.withdrawn_at is None


@pytest.mark.parametrize("who", ["other_consultant", "resident", "decision_maker", "partner_professional"])
def test_outside_the_team_of_the_household_the_pages_answer_404_and_change_nothing(client, world, alice, who):
    representation = grant(world.consultant, alice)
    count = ProcessingLogEntry.objects.count()
    client.force_login(getattr(world, who))
    data = {"person": alice.pk, "kind": "curator", "representative_name": "X", "evidence": "Y",
            "starts_on": timezone.localdate().isoformat()}  # fmt: skip

    assert client.get(add_url(world.north_household)).status_code == 404
    assert client.post(add_url(world.north_household), data).status_code == 404
    assert client.post(withdraw_url(representation)).status_code == 404

    assert Representation.objects.get() == representation
    representation.refresh_from_db()
    assert representation.withdrawn_at is None
    assert ProcessingLogEntry.objects.count() == count


def test_a_representation_of_another_household_is_404_through_this_one(client, world, alice):
    south_person = world.south_household.members.get()
    theirs = grant(world.other_consultant, south_person)
    client.force_login(world.consultant)
    url = f"/huishoudens/{world.north_household.pk}/vertegenwoordigers/{theirs.pk}/intrekken/"
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None


@pytest.mark.parametrize("who", ["other_consultant", "resident", "decision_maker"])
def test_the_actions_refuse_anyone_but_the_team_of_the_household(world, alice, who):
    with pytest.raises(PermissionDenied):
        grant(getattr(world, who), alice)
    assert Representation.objects.count() == 0
    representation = grant(world.consultant, alice)
    with pytest.raises(PermissionDenied):
        actions.representation_withdraw(actor=getattr(world, who), representation=representation)
    representation.refresh_from_db()
    assert representation.withdrawn_at is None
    assert representation_logs().count() == 1


def test_the_page_lists_current_and_past_representations(client, world, alice, minor):
    today = timezone.localdate()
    grant(world.consultant, alice, representative_name="Nu Geldig")
    day = datetime.timedelta(days=1)
    grant(world.consultant, alice, representative_name="Straks Geldig", starts_on=today + 10 * day)
    grant(
        world.consultant, alice, representative_name="Vroeger Geldig", starts_on=today - 60 * day,
        ends_on=today - day,
    )  # fmt: skip
    withdrawn = grant(world.consultant, minor, kind="parent", representative_name="Ingetrokken Ouder")
    actions.representation_withdraw(actor=world.consultant, representation=withdrawn)
    client.force_login(world.consultant)

    text = client.get(f"/huishoudens/{world.north_household.pk}/").text

    assert "geldt nu" in text
    assert "gaat in op" in text
    assert "afgelopen op" in text
    assert "ingetrokken op" in text
    # Those that count now or later come first.
    assert text.index("Nu Geldig") < text.index("Vroeger Geldig")
    assert text.index("Straks Geldig") < text.index("Ingetrokken Ouder")


def test_the_resident_sees_the_representatives_without_the_team_controls(client, world, alice):
    grant(world.consultant, alice, representative_bsn=SPARE_BSNS[3])
    client.force_login(world.resident)
    text = client.get(f"/huishoudens/{world.north_household.pk}/").text
    assert "Marieke de Boer" in text
    assert SPARE_BSNS[3] not in text
    assert "Vertegenwoordiger vastleggen" not in text
    assert "Ja, nu intrekken" not in text
