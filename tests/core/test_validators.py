import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from eenplan.core.seeding import SeedContext
from eenplan.core.validators import bsn_is_valid, validate_bsn

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


@pytest.mark.parametrize("bsn", ["999900006", "111222333", "123456782"])
def test_known_valid_bsns(bsn):
    assert bsn_is_valid(bsn)
    validate_bsn(bsn)


@pytest.mark.parametrize("bsn", ["999900007", "12345678", "1234567890", "12345678a", "000000000", ""])
def test_invalid_bsns_are_rejected_in_dutch(bsn):
    assert not bsn_is_valid(bsn)
    with pytest.raises(ValidationError, match="11-proef"):
        validate_bsn(bsn)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_eleven_test_agrees_with_its_definition(digits):
    weighted = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True))
    assert bsn_is_valid(digits) == (weighted % 11 == 0 and digits != "000000000")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 8), st.integers(1, 9))
def test_changing_one_digit_breaks_a_valid_bsn(digits, position, delta):
    if not bsn_is_valid(digits):
        return
    changed = digits[:position] + str((int(digits[position]) + delta) % 10) + digits[position + 1 :]
    assert not bsn_is_valid(changed)


@given(st.integers(0, 10_000))
def test_seed_bsns_are_valid_unique_and_in_the_test_range(seed):
    context = SeedContext(seed=seed, municipality_code="GM0193")
    bsns = [context.test_bsn() for _ in range(20)]
    assert len(set(bsns)) == 20
    assert all(bsn_is_valid(b) and 999900006 <= int(b) <= 999999990 for b in bsns)
