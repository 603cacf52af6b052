"""Demo seed of the core: a real gemeente from the CBS table, with districts and neighbourhoods."""

from .configuration import load_configuration
from .models import Area, Municipality
from .reference import municipality_from_cbs

# The CBS table has no wijken or buurten: codes follow the CBS format, names are invented.
DISTRICTS = {
    "Centrum": ["Binnenstad", "Stationsbuurt"],
    "Noord": ["De Weiden", "Vogelbuurt", "Molenwijk"],
    "Oost": ["Parkwijk", "Bloemenbuurt"],
    "Zuid": ["Het Veld", "Kerkbuurt", "De Hoven"],
    "West": ["Havenkwartier", "De Esch"],
}


def seed(context) -> None:
    load_configuration()  # normally loaded by migration 0002; a flushed test database lacks it
    row = municipality_from_cbs(context.municipality_code)
    municipality = Municipality.objects.create(**row)
    digits = municipality.code[2:]
    areas = {}
    for district_number, (district_name, neighbourhoods) in enumerate(DISTRICTS.items(), start=1):
        district = Area.objects.create(
            municipality=municipality,
            kind=Area.Kind.DISTRICT,
            code=f"WK{digits}{district_number:02d}",
            name=district_name,
        )
        areas[district_name] = district
        for number, name in enumerate(neighbourhoods, start=1):
            Area.objects.create(
                municipality=municipality,
                parent=district,
                kind=Area.Kind.NEIGHBOURHOOD,
                code=f"BU{digits}{district_number:02d}{number:02d}",
                name=name,
            )
    context.objects["municipality"] = municipality
    context.objects["districts"] = areas
