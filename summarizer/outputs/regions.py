"""ACLED's region of a country (alpha-3), for the ``region`` column."""

from __future__ import annotations

from functools import cache

_REGIONS: dict[str, str] = {
    "Middle East": "BHR CYP IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
    "Northern Africa": "DZA EGY LBY MAR TUN ESH",
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO",
    "Middle Africa": "AGO CMR CAF TCD COG COD GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MWI MUS MOZ RWA SYC SOM SSD SDN TZA UGA "
                      "ZMB ZWE",
    "Southern Africa": "BWA SWZ LSO NAM ZAF",
    "South Asia": "AFG BGD BTN IND MDV NPL PAK LKA",
    "Southeast Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "East Asia": "CHN HKG JPN MNG PRK KOR TWN",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "Europe": "ALB AND AUT BLR BEL BIH BGR HRV CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ITA "
              "XKX LVA LIE LTU LUX MLT MDA MCO MNE NLD MKD NOR POL PRT ROU RUS SMR SRB SVK "
              "SVN ESP SWE CHE UKR GBR VAT",
    "North America": "CAN USA GRL",
    "Central America": "BLZ CRI SLV GTM HND MEX NIC PAN",
    "South America": "ARG BOL BRA CHL COL ECU GUY PRY PER SUR URY VEN",
    "Caribbean": "ATG BHS BRB CUB DMA DOM GRD HTI JAM KNA LCA VCT TTO PRI",
    "Oceania": "AUS FJI KIR MHL FSM NRU NZL PLW PNG WSM SLB TON TUV VUT",
}


@cache
def _table() -> dict[str, str]:
    return {code: region for region, codes in _REGIONS.items() for code in codes.split()}


def acled_region(code: str | None) -> str | None:
    """ACLED's region name of an ISO alpha-3 code; None for a code not in the table."""
    return _table().get(code) if code else None
