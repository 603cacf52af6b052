"""Demo seed of the assessment app: the shipped instruments and their life domains."""

from .configuration import load_instruments


def seed(context) -> None:
    load_instruments()  # normally loaded by migration 0002; a flushed test database lacks it
