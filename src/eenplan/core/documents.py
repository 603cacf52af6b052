"""Documents as PDF (WeasyPrint): the verslag, the plan, inzage and the Thermometer's reading.

WeasyPrint would fetch the stylesheet of a document over HTTP from the site itself, which a server
behind a proxy (or a test) cannot always reach; ``static_fetcher`` reads files under STATIC_URL from
the static files finders instead, and images made for the document (``images``, e.g. the reading's
charts) from memory; it refuses everything else, so a document never makes a network request."""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse

BASE_URL = "http://eenplan.invalid/"


def _static_fetcher(images: dict[str, bytes]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        """Serves ``images`` by name and STATIC_URL from the static files finders; anything else is
        refused."""

        def fetch(self, url, headers=None):
            path = urlparse(url).path
            if path.removeprefix("/") in images:
                body = images[path.removeprefix("/")]
                return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/png"})
            found = path.startswith(settings.STATIC_URL) and finders.find(
                path.removeprefix(settings.STATIC_URL)
            )
            if not found:
                raise ValueError(f"Geen statisch bestand: {url}")
            with open(found, "rb") as file:
                body = file.read()
            kind = "text/css" if path.endswith(".css") else "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    return StaticFetcher()


def render_pdf(html: str, *, images: dict[str, bytes] | None = None) -> bytes:
    """The HTML as a PDF. ``images`` maps a file name the HTML refers to (``<img src="name.png">``) to
    its PNG."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher(images or {})).write_pdf()


def pdf_file_response(pdf: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    """A PDF response named ``filename`` (inline, or as a download)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def pdf_response(html: str, filename: str, *, attachment: bool = False) -> HttpResponse:
    """The HTML as a PDF response named ``filename`` (inline, or as a download)."""
    return pdf_file_response(render_pdf(html), filename, attachment=attachment)
