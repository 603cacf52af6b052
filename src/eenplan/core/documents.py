"""Documents as PDF (WeasyPrint): the verslag, the plan, inzage and the Thermometer's reading.

WeasyPrint would fetch the stylesheet of a document over HTTP from the site itself, which a server
behind a proxy (or a test) cannot always reach; ``static_fetcher`` reads files under STATIC_URL from
the static files finders instead and refuses everything else, so a document never makes a network
request."""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse

BASE_URL = "http://eenplan.invalid/"


def _static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        """Serves STATIC_URL from the static files finders; anything else is refused."""

        def fetch(self, url, headers=None):
            path = urlparse(url).path
            found = finders.find(path.removeprefix(settings.STATIC_URL))
            if not path.startswith(settings.STATIC_URL) or not found:
                raise ValueError(f"Geen statisch bestand: {url}")
            with open(found, "rb") as file:
                body = file.read()
            kind = "text/css" if path.endswith(".css") else "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    return StaticFetcher()


def pdf_response(html: str, filename: str, *, attachment: bool = False) -> HttpResponse:
    """The HTML as a PDF response named ``filename`` (inline, or as a download)."""
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
