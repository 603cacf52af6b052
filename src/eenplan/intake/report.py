"""The first draft of the verslag, in plain Dutch (B1), from what was recorded in the conversations.
Nothing is typed twice: the consultant edits this draft, and the resident reads it."""

from django.template.loader import render_to_string


def draft_text(inquiry) -> str:
    conversations = list(
        inquiry.conversations.select_related("assessment__instrument").prefetch_related(
            "assessment__scores__domain"
        )
    )
    return (
        render_to_string(
            "intake/report_draft.txt",
            {"inquiry": inquiry, "support_request": inquiry.support_request, "conversations": conversations},
        ).strip()
        + "\n"
    )
