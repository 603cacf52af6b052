"""Reads of the core: verifying the processing-log chain, and small-cell suppression."""

from dataclasses import dataclass, field

from .models import GENESIS_HASH, ProcessingLogEntry, ProcessingLogHead

SMALL_CELL_THRESHOLD = 10


@dataclass
class ChainVerification:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def processing_log_verify(*, batch_size: int = 5000) -> ChainVerification:
    """Walk the whole chain in order and report every entry that was changed, removed or inserted.

    A changed row no longer matches its own hash; a removed row leaves a gap in the sequence and a
    ``previous_hash`` that points at nothing; a removed last row no longer matches the chain head.
    """
    result = ChainVerification()
    expected_sequence = 1
    expected_previous = GENESIS_HASH
    last_sequence = 0
    entries = ProcessingLogEntry.objects.order_by("sequence")
    for entry in entries.iterator(chunk_size=batch_size):
        result.checked += 1
        if entry.sequence != expected_sequence:
            result.problems.append(
                f"Verwerking #{expected_sequence} tot #{entry.sequence - 1} ontbreekt (verwijderd)."
            )
        if entry.previous_hash != expected_previous:
            result.problems.append(f"Verwerking #{entry.sequence} sluit niet aan op de vorige verwerking.")
        if entry.compute_hash() != entry.entry_hash:
            result.problems.append(f"Verwerking #{entry.sequence} is gewijzigd na vastlegging.")
        expected_sequence = entry.sequence + 1
        expected_previous = entry.entry_hash
        last_sequence = entry.sequence
    head = ProcessingLogHead.objects.filter(pk=1).first()
    if head is None:
        result.problems.append("Het einde van de keten ontbreekt.")
    elif head.last_sequence != last_sequence or head.last_hash != expected_previous:
        result.problems.append(
            f"De keten eindigt bij #{last_sequence}, maar is vastgelegd tot #{head.last_sequence}:"
            " de laatste verwerkingen zijn verwijderd of gewijzigd."
        )
    return result


def suppress_small(count: int, *, threshold: int = SMALL_CELL_THRESHOLD) -> int | None:
    """Aggregates for policy never show a cell of fewer than ``threshold`` persons (None = hidden)."""
    return count if count >= threshold else None
