"""``eenplan manage readability``: how readable every page a resident reads is (docs/readability.md).

Without files (demo only): opens every resident page as the demo resident, inside a transaction that is
rolled back, so the reads it logs are not kept, and prints per page the Flesch-Douma score, the words per
sentence, the share of long words and what is wrong. With files: scores those (HTML, or plain text)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client

from eenplan.core import readability


def resident_ids(user) -> dict[str, int]:
    """The ids of the resident's newest records, by URL kwarg; a kind they have none of is left out."""
    from eenplan.households.models import Person
    from eenplan.intake.models import SupportRequest
    from eenplan.plans.models import Plan
    from eenplan.provisions.models import Application
    from eenplan.sharing.models import Arrangement

    person = Person.objects.filter(user=user).select_related("household").first()
    if person is None:
        return {}
    household = person.household
    newest = {
        "support_request_id": SupportRequest.objects.filter(
            household=household, inquiry__report__isnull=False
        )
        .order_by("-pk")
        .first(),
        "plan_id": Plan.objects.filter(household=household).order_by("-pk").first(),
        "application_id": Application.objects.filter(household=household).order_by("-pk").first(),
        "arrangement_id": Arrangement.objects.filter(household=household).order_by("-pk").first(),
    }
    ids = {"household_id": household.pk, "person_id": person.pk}
    ids.update({kwarg: record.pk for kwarg, record in newest.items() if record is not None})
    return ids


class Command(BaseCommand):
    help = "Leesbaarheid (B1) van de pagina's voor inwoners, of van de opgegeven bestanden."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="HTML- of tekstbestanden; zonder: alle pagina's (demo).")
        parser.add_argument("--resident", default="inwoner", help="Gebruikersnaam van de inwoner (demo).")
        parser.add_argument("--details", action="store_true", help="Toon ook de langste zinnen.")

    def handle(self, *args, files, resident, details, **options):
        pages = [(name, self._file_text(Path(name))) for name in files] if files else self._pages(resident)
        self._print(pages, details)

    def _file_text(self, path: Path) -> readability.Text:
        try:
            content = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Kan {path} niet lezen: {error}") from error
        if path.suffix in (".html", ".htm") or content.lstrip().startswith("<"):
            return readability.text_from_html(content)
        return readability.text_from_plain(content)

    def _pages(self, username: str) -> list[tuple[str, readability.Text | str]]:
        if not settings.DEMO:
            raise CommandError(
                "Alleen in de demo (EENPLAN_DEMO=true): deze opdracht opent de pagina's als een inwoner. "
                "Geef anders HTML-bestanden op."
            )
        from eenplan.accounts.models import Role, User

        try:
            user = User.objects.get(username=username, role=Role.RESIDENT)
        except User.DoesNotExist:
            raise CommandError(f"Er is geen inwoner met gebruikersnaam {username!r}.") from None
        ids = resident_ids(user)
        host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
        results = []
        with transaction.atomic():  # every page logs a read: none of it is kept
            resident, anonymous = Client(HTTP_HOST=host), Client(HTTP_HOST=host)
            resident.force_login(user)
            routes = [*readability.RESIDENT_PAGES, *readability.namespace_routes()]
            pages = [(resident, route) for route in routes]
            pages += [(anonymous, route) for route in readability.ANONYMOUS_PAGES]
            for client, route in pages:
                results.append((route.name, self._page(client, route, ids)))
            transaction.set_rollback(True)
        return results

    def _page(self, client: Client, route: readability.Route, ids: dict) -> readability.Text | str:
        try:
            url = readability.url_for(route, ids)
        except readability.UnknownKwarg as error:
            return str(error)
        response = client.get(url, follow=True)
        if response.status_code == 405:
            return "alleen POST: een handeling, geen pagina"
        if response.status_code != 200:
            return f"antwoord {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            return f"geen pagina ({response['Content-Type']})"
        return readability.text_from_html(response.content.decode(), skip_classes=route.skip_classes)

    def _print(self, results, details: bool) -> None:
        width = max((len(name) for name, _text in results), default=10)
        self.stdout.write(f"{'Pagina':<{width}}  Score  Woorden  Zinnen  W/zin  Lang  Problemen")
        found = []
        for name, text in results:
            if isinstance(text, str):  # not scored: why
                self.stdout.write(f"{name:<{width}}  {text}")
                continue
            measurement = readability.measure(text)
            problems = readability.problems(measurement)
            score = "–" if measurement.score is None else f"{measurement.score:.1f}"
            figures = (
                f"{score:>5}  {measurement.words:>7}  {measurement.sentences:>6}  "
                f"{measurement.words_per_sentence:>5.1f}  {measurement.long_word_share:>4.0%}"
            )
            self.stdout.write(f"{name:<{width}}  {figures}  {len(problems)}")
            found += [(name, problem) for problem in problems]
            if details:
                for length, sentence in measurement.longest:
                    self.stdout.write(f"{'':<{width}}  {length:>3}  {sentence}")
        self.stdout.write("")
        self.stdout.write(
            f"Drempels: Flesch-Douma ≥ {readability.MIN_FLESCH_DOUMA} (vanaf "
            f"{readability.MIN_WORDS_FOR_SCORE} woorden in zinnen), gemiddeld ≤ "
            f"{readability.MAX_AVERAGE_SENTENCE_WORDS} woorden per zin, geen zin langer dan "
            f"{readability.MAX_SENTENCE_WORDS} woorden, ≤ {readability.MAX_LONG_WORD_SHARE:.0%} woorden van "
            f"{readability.LONG_WORD_SYLLABLES}+ lettergrepen, moeilijke woorden uitgelegd. "
            "Zie docs/readability.md."
        )
        for name, problem in found:
            self.stdout.write(f"- {name}: {problem}")
