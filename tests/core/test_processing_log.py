import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from eenplan.core.actions import Processing, processing_log_write
from eenplan.core.models import GENESIS_HASH, ProcessingLogEntry, ProcessingLogHead
from eenplan.core.queries import processing_log_verify

pytestmark = pytest.mark.django_db


def write(actor, n: int):
    return processing_log_write(
        actor=actor,
        processings=[
            Processing(
                action="read",
                purpose="support",
                legal_basis="public-task",
                channel="screen",
                object_type="household",
                object_id=str(i),
                household_id=i,
                categories=("identity-contact",),
            )
            for i in range(n)
        ],
    )


def test_entries_form_one_chain_with_the_actor_snapshot(world):
    first = write(world.consultant, 2)
    second = write(None, 1)
    entries = list(ProcessingLogEntry.objects.all())
    assert [e.sequence for e in entries] == [1, 2, 3]
    assert entries[0].previous_hash == GENESIS_HASH
    assert entries[1].previous_hash == entries[0].entry_hash
    assert entries[2].previous_hash == entries[1].entry_hash
    assert entries[0].actor_name == world.consultant.get_full_name()
    assert entries[0].actor_role == "consultant"
    assert entries[0].organisation == "Wijkteam Noord, Zwolle"
    assert second[0].actor_role == "system"
    assert [e.entry_hash for e in first] == [entries[0].entry_hash, entries[1].entry_hash]
    head = ProcessingLogHead.objects.get()
    assert (head.last_sequence, head.last_hash) == (3, entries[2].entry_hash)
    assert processing_log_verify().ok


def test_entries_cannot_be_changed_or_deleted_through_the_model(world):
    entry = write(world.consultant, 1)[0]
    entry = ProcessingLogEntry.objects.get(pk=entry.pk)
    entry.description = "anders"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    assert ProcessingLogEntry.objects.get(pk=entry.pk).description == ""


def test_verification_detects_a_changed_row(world):
    write(world.consultant, 5)
    ProcessingLogEntry.objects.filter(sequence=3).update(purpose="something-else")
    result = processing_log_verify()
    assert result.problems == ["Verwerking #3 is gewijzigd na vastlegging."]
    assert result.checked == 5


def test_verification_detects_a_changed_row_whose_hash_was_recomputed(world):
    write(world.consultant, 4)
    entry = ProcessingLogEntry.objects.get(sequence=2)
    entry.actor_name = "Iemand anders"
    ProcessingLogEntry.objects.filter(pk=entry.pk).update(
        actor_name="Iemand anders", entry_hash=entry.compute_hash()
    )
    assert processing_log_verify().problems == ["Verwerking #3 sluit niet aan op de vorige verwerking."]


def test_verification_detects_a_removed_row(world):
    write(world.consultant, 5)
    ProcessingLogEntry.objects.filter(sequence=2).delete()
    assert processing_log_verify().problems == [
        "Verwerking #2 tot #2 ontbreekt (verwijderd).",
        "Verwerking #3 sluit niet aan op de vorige verwerking.",
    ]


def test_verification_detects_a_removed_last_row(world):
    write(world.consultant, 3)
    ProcessingLogEntry.objects.filter(sequence=3).delete()
    problems = processing_log_verify().problems
    assert len(problems) == 1
    assert problems[0].startswith("De keten eindigt bij #2, maar is vastgelegd tot #3")


def test_verify_command_passes_and_fails(world, capsys):
    write(world.consultant, 3)
    call_command("processinglog_verify")
    assert "in orde: 3 verwerkingen" in capsys.readouterr().out
    ProcessingLogEntry.objects.filter(sequence=1).update(channel="api")
    with pytest.raises(CommandError, match="aangetast: 1 probleem"):
        call_command("processinglog_verify")
    assert "Verwerking #1 is gewijzigd" in capsys.readouterr().err


def test_an_empty_log_verifies():
    result = processing_log_verify()
    assert result.ok
    assert result.checked == 0
