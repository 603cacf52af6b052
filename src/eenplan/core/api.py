"""API helpers shared by every app's api.py."""

from django.core.paginator import Page
from rest_framework.response import Response


def paged_response(request, page: Page, results) -> Response:
    """The paging shape of every list endpoint (count, next, previous, results)."""

    def link(number: int | None) -> str | None:
        if number is None:
            return None
        query = request.query_params.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return Response(
        {
            "count": page.paginator.count,
            "next": link(page.next_page_number() if page.has_next() else None),
            "previous": link(page.previous_page_number() if page.has_previous() else None),
            "results": results,
        }
    )
