"""PDF documents: WeasyPrint renders them without flooding the log."""

import logging

from eenplan.core.documents import render_pdf


def test_a_pdf_is_made_without_writing_every_layout_step_to_the_log(caplog):
    with caplog.at_level(logging.INFO):
        pdf = render_pdf("<h1>Verslag</h1><p>Wat u belangrijk vindt.</p>")
    assert pdf.startswith(b"%PDF")
    chatty = [
        r
        for r in caplog.records
        if r.name.startswith(("weasyprint", "fontTools")) and r.levelno < logging.WARNING
    ]
    assert chatty == []
