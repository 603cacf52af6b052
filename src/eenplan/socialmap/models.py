"""The social map (sociale kaart): Open Referral HSDS 3.0 tables plus what a Dutch social map needs.

Every HSDS table is a model whose primary key is the HSDS ``id``. ``data`` holds the record's scalar
properties exactly as HSDS gives them (so export → import is lossless, ADR 0011); a few of them are
copied into columns (``COLUMNS``) to search, filter and show. Links between records are foreign keys
without a database constraint: HSDS data from elsewhere may point at records it does not contain
(the upstream examples do), and such a link is kept as it was given.

The Dutch social-map profile (kind of service, cost, target groups, areas, tags, volunteers, review)
lives in real columns on Service and travels in HSDS as the extension object ``eenplan`` (see hsds.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.accounts.models import Partner
from eenplan.core.models import Area, ConfigurationItem, Municipality


def _link(to: str, name: str | None = None) -> models.ForeignKey:
    """An HSDS link: may point at a record we do not hold, so no database constraint."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name=name or "+",
    )


class HsdsRecord(models.Model):
    """What every HSDS table shares: the HSDS id and the record's own scalar properties."""

    id = models.CharField(primary_key=True, max_length=250)
    data = models.JSONField(default=dict)

    # HSDS property → column copied from ``data`` (keeps ``data`` the single source of truth).
    COLUMNS: dict[str, str] = {}

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.data.get("name") or self.id)

    def columns_from_data(self) -> None:
        for prop, field in self.COLUMNS.items():
            value = self.data.get(prop)
            column = self._meta.get_field(field)
            if value is None:
                value = None if column.null else ""
            if isinstance(column, models.FloatField) and value is not None:
                value = float(value)
            setattr(self, field, value)


class Taxonomy(HsdsRecord):
    name = models.CharField(_("naam"), max_length=250, blank=True)
    COLUMNS = {"name": "name"}

    class Meta(HsdsRecord.Meta):
        verbose_name = _("taxonomie")
        verbose_name_plural = _("taxonomieën")


class TaxonomyTerm(HsdsRecord):
    taxonomy = _link(Taxonomy, "terms")
    parent = _link("self", "children")
    code = models.CharField(_("code"), max_length=250, blank=True)
    name = models.CharField(_("naam"), max_length=250, blank=True)
    COLUMNS = {"code": "code", "name": "name"}

    class Meta(HsdsRecord.Meta):
        verbose_name = _("taxonomieterm")
        verbose_name_plural = _("taxonomietermen")


class Organization(HsdsRecord):
    parent_organization = _link("self", "children")
    name = models.CharField(_("naam"), max_length=250, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("gemeente")
    )
    maintained_by = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="social_map_organizations",
        verbose_name=_("onderhouden door partner"),
        help_text=_("Professionals van deze partner houden de gegevens van deze organisatie bij."),
    )
    COLUMNS = {"name": "name"}

    class Meta(HsdsRecord.Meta):
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")


class OrganizationIdentifier(HsdsRecord):
    organization = _link(Organization)


class Program(HsdsRecord):
    organization = _link(Organization)


class TargetGroup(ConfigurationItem):
    """Doelgroep of a service (configuration, ``socialmap/config/target_groups.json``)."""

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")


class Service(HsdsRecord):
    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Algemene voorziening (voorliggend)")
        COLLECTIVE = "collective", _("Collectieve voorziening")
        VOLUNTEER = "volunteer", _("Vrijwilligers of informele hulp")
        CITIZEN_INITIATIVE = "citizen_initiative", _("Bewonersinitiatief")
        BUSINESS = "business", _("Lokale ondernemer")
        PROVIDER = "provider", _("Aanbieder van maatwerk")
        UNKNOWN = "unknown", _("Nog niet ingedeeld")

    class Cost(models.TextChoices):
        FREE = "free", _("Gratis")
        SMALL = "small", _("Kleine bijdrage")
        PAID = "paid", _("Betaald")
        PROVISION = "provision", _("Via een beschikking of verwijzing")
        UNKNOWN = "unknown", _("Onbekend")

    organization = _link(Organization, "services")
    program = _link(Program)
    name = models.CharField(_("naam"), max_length=250, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)
    COLUMNS = {"name": "name", "description": "description", "status": "status"}

    # The Dutch social-map profile.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("gemeente")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.UNKNOWN)
    cost = models.CharField(
        _("kosten voor de inwoner"), max_length=20, choices=Cost.choices, default=Cost.UNKNOWN
    )
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("doelgroepen"))
    areas = models.ManyToManyField(
        Area,
        blank=True,
        related_name="services",
        verbose_name=_("werkgebied"),
        help_text=_("Leeg: de hele gemeente."),
    )
    tags = models.JSONField(
        _("wensen en activiteiten"),
        default=list,
        blank=True,
        help_text=_("Losse woorden waarop inwoners zoeken, zoals meerijden, koken, buiten, dieren."),
    )
    accessibility = models.TextField(_("toegankelijkheid"), blank=True)
    volunteer_places = models.PositiveIntegerField(
        _("plekken voor vrijwilligers"),
        null=True,
        blank=True,
        help_text=_("Hoeveel vrijwilligers er nu nodig zijn; leeg als dat niet van toepassing is."),
    )
    availability = models.CharField(
        _("beschikbaarheid"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: plek vrij, wachtlijst.")
    )
    reviewed_on = models.DateField(_("laatst nagekeken"), null=True, blank=True)
    # Derived: the Dutch-analysed text the search index holds (see search.py); never edited.
    search_document = models.TextField(editable=False, blank=True)

    class Meta(HsdsRecord.Meta):
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        indexes = [models.Index(fields=["municipality", "kind", "cost"])]

    def save(self, *args, **kwargs):
        """Saving a service we hold never writes ``search_document``: only the index does
        (``search.index_services``), which counts the terms of the document it replaces."""
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            skipped = {"search_document", *self.get_deferred_fields()}  # as Django skips deferred ones
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in skipped and field.name not in skipped
            ]
        super().save(*args, **kwargs)


class SearchTerm(models.Model):
    """How many services the search index holds a term for (its document frequency), kept up to date by
    ``search.index_services`` and the HSDS import; filter tokens (``xmun12``) are counted too. The search
    reads it to put the rarest words of a question first, to expand a prefix into the terms that exist,
    as an IDF weight in the ranking, and to see whether a filter narrows the search much. The row with
    the empty term counts the indexed services. A deleted service stays counted until the
    next full ``index_services()``: a count may be too high, never too low."""

    term = models.CharField(primary_key=True, max_length=100)
    services = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("zoekterm")
        verbose_name_plural = _("zoektermen")

    def __str__(self) -> str:
        return self.term


class ServiceArea(HsdsRecord):
    service = _link(Service)


class CostOption(HsdsRecord):
    service = _link(Service)


class RequiredDocument(HsdsRecord):
    service = _link(Service)


class Funding(HsdsRecord):
    organization = _link(Organization)
    service = _link(Service)


class Location(HsdsRecord):
    organization = _link(Organization)
    name = models.CharField(_("naam"), max_length=250, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    COLUMNS = {"name": "name", "latitude": "latitude", "longitude": "longitude"}

    class Meta(HsdsRecord.Meta):
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        indexes = [models.Index(fields=["latitude", "longitude"])]


class ServiceAtLocation(HsdsRecord):
    service = _link(Service, "service_at_locations")
    location = _link(Location, "service_at_locations")


class Address(HsdsRecord):
    location = _link(Location, "addresses")
    postal_code = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    COLUMNS = {"postal_code": "postal_code", "city": "city"}


class Accessibility(HsdsRecord):
    location = _link(Location)


class Contact(HsdsRecord):
    organization = _link(Organization)
    service = _link(Service)
    service_at_location = _link(ServiceAtLocation)
    location = _link(Location)


class Phone(HsdsRecord):
    location = _link(Location)
    service = _link(Service)
    organization = _link(Organization)
    contact = _link(Contact)
    service_at_location = _link(ServiceAtLocation)


class Language(HsdsRecord):
    service = _link(Service)
    location = _link(Location)
    phone = _link(Phone)


class Schedule(HsdsRecord):
    service = _link(Service)
    location = _link(Location)
    service_at_location = _link(ServiceAtLocation)


class Attribute(HsdsRecord):
    """Links a taxonomy term to any record (``link_entity`` names its table)."""

    link_id = models.CharField(max_length=250, blank=True, db_index=True)
    link_entity = models.CharField(max_length=50, blank=True)
    taxonomy_term = _link(TaxonomyTerm)


class Metadata(HsdsRecord):
    """HSDS change history of any record (``resource_type`` names its table)."""

    resource_id = models.CharField(max_length=250, blank=True, db_index=True)
    resource_type = models.CharField(max_length=50, blank=True)


class MetaTableDescription(HsdsRecord):
    pass


class Postcode(models.Model):
    """The centre of a 4-digit postcode area (PC4), to search by distance from a resident's postcode.
    Load real centroids (CBS/PDOK) with ``eenplan manage postcodes_load``; the demo places its own."""

    code = models.CharField(_("postcode (4 cijfers)"), max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")

    def __str__(self) -> str:
        return self.code
