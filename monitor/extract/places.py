"""Telling a place name from a company name in a posting's header line.

Boards print "Company · City, ST · 3 days ago" with nothing marking which
token is which. A token is a place when it has the shape of an address
("City, ST", "City, Country"), names a workplace arrangement, or names a
country, region or large city. The lists are general geography, not any
board's vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_WORKPLACE = re.compile(
    r"\b(?:remote|hybrid|on-?site|in[- ]office|work from home|wfh|anywhere|distributed)\b", re.I
)


@dataclass(frozen=True)
class Place:
    """A country, a region or a city: the names it is printed under, its country and its currency."""

    names: tuple[str, ...]
    kind: Literal["country", "region", "area", "city"]
    country: str | None = None  # ISO 3166-1 alpha-2; None for areas ("EMEA")
    currency: str | None = None  # ISO 4217


def _p(kind: Literal["country", "region", "area", "city"], country: str | None, currency: str | None,
       *names: str) -> Place:  # fmt: skip
    return Place(names, kind, country, currency)


#: The one table of places: header tokens are told from company names by it (``looks_like_place``), and
#: a bare "$" takes its currency from it (``pay.currency_for_location``). General geography only.
PLACES: tuple[Place, ...] = (
    _p("country", "US", "USD", "united states", "usa", "us", "u.s.", "u.s.a.", "america"),
    _p("country", "CA", "CAD", "canada"),
    _p("country", "AU", "AUD", "australia"),
    _p("country", "NZ", "NZD", "new zealand", "aotearoa"),
    _p("country", "SG", "SGD", "singapore"),
    _p("country", "HK", "HKD", "hong kong", "hongkong"),
    _p("country", "MX", "MXN", "mexico", "méxico", "cdmx"),
    _p("country", "TW", "TWD", "taiwan"),
    _p("country", "AR", "ARS", "argentina"),
    _p("country", "CL", "CLP", "chile"),
    _p("country", "CO", "COP", "colombia"),
    _p("country", "BR", "BRL", "brazil"), _p("country", "PE", "PEN", "peru"),
    _p("country", "GB", "GBP", "united kingdom", "uk", "england", "scotland", "wales"),
    _p("country", "IE", "EUR", "ireland"), _p("country", "FR", "EUR", "france"),
    _p("country", "DE", "EUR", "germany"), _p("country", "ES", "EUR", "spain"),
    _p("country", "PT", "EUR", "portugal"), _p("country", "IT", "EUR", "italy"),
    _p("country", "NL", "EUR", "netherlands"), _p("country", "BE", "EUR", "belgium"),
    _p("country", "LU", "EUR", "luxembourg"), _p("country", "CH", "CHF", "switzerland"),
    _p("country", "AT", "EUR", "austria"), _p("country", "DK", "DKK", "denmark"),
    _p("country", "SE", "SEK", "sweden"), _p("country", "NO", "NOK", "norway"),
    _p("country", "FI", "EUR", "finland"), _p("country", "IS", "ISK", "iceland"),
    _p("country", "PL", "PLN", "poland"), _p("country", "CZ", "CZK", "czechia", "czech republic"),
    _p("country", "HU", "HUF", "hungary"), _p("country", "RO", "RON", "romania"),
    _p("country", "BG", "BGN", "bulgaria"), _p("country", "GR", "EUR", "greece"),
    _p("country", "TR", "TRY", "turkey"), _p("country", "UA", "UAH", "ukraine"),
    _p("country", "EE", "EUR", "estonia"), _p("country", "LV", "EUR", "latvia"),
    _p("country", "LT", "EUR", "lithuania"), _p("country", "IL", "ILS", "israel"),
    _p("country", "AE", "AED", "uae", "united arab emirates"), _p("country", "SA", "SAR", "saudi arabia"),
    _p("country", "QA", "QAR", "qatar"), _p("country", "EG", "EGP", "egypt"),
    _p("country", "NG", "NGN", "nigeria"), _p("country", "KE", "KES", "kenya"),
    _p("country", "ZA", "ZAR", "south africa"), _p("country", "MA", "MAD", "morocco"),
    _p("country", "IN", "INR", "india"), _p("country", "PK", "PKR", "pakistan"),
    _p("country", "BD", "BDT", "bangladesh"), _p("country", "LK", "LKR", "sri lanka"),
    _p("country", "MY", "MYR", "malaysia"), _p("country", "ID", "IDR", "indonesia"),
    _p("country", "TH", "THB", "thailand"), _p("country", "VN", "VND", "vietnam"),
    _p("country", "PH", "PHP", "philippines"), _p("country", "CN", "CNY", "china"),
    _p("country", "JP", "JPY", "japan"), _p("country", "KR", "KRW", "south korea", "korea"),
    # subdivisions printed in full are as explicit as a country name
    _p("region", "CA", "CAD", "ontario", "british columbia", "quebec", "québec", "alberta", "manitoba",
       "saskatchewan", "nova scotia", "new brunswick", "newfoundland", "prince edward island", "yukon",
       "nunavut", "northwest territories"),
    _p("region", "AU", "AUD", "new south wales", "queensland", "western australia", "south australia",
       "tasmania", "australian capital territory", "northern territory"),
    _p("area", None, None, "europe", "emea", "apac", "latam", "americas", "north america", "south america",
       "asia", "africa", "middle east", "nordics", "dach", "benelux", "worldwide", "global"),
    # large cities that are often printed without a region
    _p("city", "US", "USD", "new york", "nyc", "san francisco", "bay area", "los angeles", "seattle", "boston",
       "chicago", "austin", "denver", "atlanta", "miami", "dallas", "houston", "washington", "washington, d.c.",
       "washington dc", "philadelphia", "san jose", "san diego", "portland", "phoenix", "pittsburgh",
       "minneapolis", "salt lake city"),
    _p("city", "CA", "CAD", "toronto", "vancouver", "montreal", "montréal", "ottawa", "calgary", "edmonton",
       "winnipeg", "waterloo", "kitchener", "halifax", "mississauga", "victoria, bc"),
    _p("city", "AU", "AUD", "sydney", "melbourne", "brisbane", "perth", "adelaide", "canberra", "hobart", "darwin"),
    _p("city", "NZ", "NZD", "auckland", "wellington", "christchurch"),
    _p("city", "MX", "MXN", "mexico city", "guadalajara", "monterrey"),
    _p("city", "TW", "TWD", "taipei"), _p("city", "AR", "ARS", "buenos aires"), _p("city", "CL", "CLP", "santiago"),
    _p("city", "CO", "COP", "bogotá", "bogota", "medellín", "medellin"),
    _p("city", "BR", "BRL", "sao paulo", "são paulo", "rio de janeiro"), _p("city", "PE", "PEN", "lima"),
    _p("city", "GB", "GBP", "london", "manchester", "edinburgh"), _p("city", "IE", "EUR", "dublin"),
    _p("city", "FR", "EUR", "paris"), _p("city", "DE", "EUR", "berlin", "munich", "hamburg", "frankfurt"),
    _p("city", "NL", "EUR", "amsterdam", "rotterdam"), _p("city", "BE", "EUR", "brussels"),
    _p("city", "CH", "CHF", "zurich", "geneva"), _p("city", "AT", "EUR", "vienna"),
    _p("city", "DK", "DKK", "copenhagen"), _p("city", "SE", "SEK", "stockholm"), _p("city", "NO", "NOK", "oslo"),
    _p("city", "FI", "EUR", "helsinki"), _p("city", "PL", "PLN", "warsaw", "krakow"),
    _p("city", "CZ", "CZK", "prague"), _p("city", "HU", "HUF", "budapest"), _p("city", "RO", "RON", "bucharest"),
    _p("city", "ES", "EUR", "madrid", "barcelona"), _p("city", "PT", "EUR", "lisbon"),
    _p("city", "IT", "EUR", "milan", "rome"), _p("city", "GR", "EUR", "athens"), _p("city", "TR", "TRY", "istanbul"),
    _p("city", "IL", "ILS", "tel aviv"), _p("city", "AE", "AED", "dubai", "abu dhabi"),
    _p("city", "SA", "SAR", "riyadh"), _p("city", "EG", "EGP", "cairo"), _p("city", "NG", "NGN", "lagos"),
    _p("city", "KE", "KES", "nairobi"), _p("city", "ZA", "ZAR", "cape town", "johannesburg"),
    _p("city", "IN", "INR", "bangalore", "bengaluru", "mumbai", "delhi", "new delhi", "hyderabad", "pune",
       "chennai", "gurgaon", "gurugram", "noida"),
    _p("city", "MY", "MYR", "kuala lumpur"), _p("city", "ID", "IDR", "jakarta"), _p("city", "TH", "THB", "bangkok"),
    _p("city", "VN", "VND", "ho chi minh city", "hanoi"), _p("city", "PH", "PHP", "manila"),
    _p("city", "CN", "CNY", "shanghai", "beijing", "shenzhen"), _p("city", "JP", "JPY", "tokyo", "osaka"),
    _p("city", "KR", "KRW", "seoul"),
)  # fmt: skip

#: Region codes printed after a city ("Austin, TX", "Toronto, ON"), each with the currencies of the
#: countries that use it (the first is the reading unless a city says otherwise: "Perth, WA").
US_STATES: frozenset[str] = frozenset({"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR"})  # fmt: skip
_CA_PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")
_AU_STATES = ("NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT")
REGION_CODES: dict[str, tuple[str, ...]] = {
    **{code: ("USD",) for code in US_STATES},
    **{code: ("CAD",) for code in _CA_PROVINCES},
    **{code: ("AUD",) for code in ("NSW", "VIC", "QLD", "TAS", "ACT")},
    "US": ("USD",), "USA": ("USD",), "AU": ("AUD",), "NZ": ("NZD",), "SG": ("SGD",), "HK": ("HKD",),
    "MX": ("MXN",), "TW": ("TWD",),
    # codes that stand for places in two countries
    "CA": ("USD", "CAD"), "WA": ("USD", "AUD"), "NT": ("CAD", "AUD"),
}  # fmt: skip

_NAMES = frozenset(name for place in PLACES for name in place.names)
#: Codes read as region codes when they end an address ("Leeds, UK" is a country, not a code).
_REGION_CODE_SET = frozenset((*US_STATES, *_CA_PROVINCES, *_AU_STATES))

_SPACED_CODE = re.compile(r"^([A-ZÀ-Ý][\w.'’ -]*?)\s+([A-Z]{2,3})$")
_ADDRESS = re.compile(r"^[A-ZÀ-Ý][\w.'’ -]*(?:,\s*[A-ZÀ-Ý][\w.'’ -]*)+$")


def workplace_of(text: str | None) -> str | None:
    """The workplace arrangement the text names: "remote", "hybrid", "onsite", or None."""
    if not text:
        return None
    t = text.lower()
    if "hybrid" in t:
        return "hybrid"
    if re.search(r"\b(?:remote|work from home|wfh|anywhere|distributed)\b", t):
        return "remote"
    if re.search(r"\b(?:on-?site|in[- ]office)\b", t):
        return "onsite"
    return None


def looks_like_place(text: str) -> bool:
    """True when a short header token is a location rather than a company or a label."""
    t = text.strip().strip("()").strip()
    if not t or len(t) > 80 or len(t.split()) > 8:
        return False
    if _WORKPLACE.search(t):
        return True
    low = t.casefold()
    parts = [p.strip() for p in re.split(r"[,/;|]|\s+-\s+|\s+–\s+", low) if p.strip()]
    if any(p in _NAMES for p in parts):
        return True
    if _ADDRESS.match(t):
        last = t.rsplit(",", 1)[-1].strip()
        if (
            last.upper() in _REGION_CODE_SET
            or last.casefold() in _NAMES
            or (len(last) == 2 and last.isupper())
        ):
            return True
    # "Brisbane QLD", "Camberwell VIC": a region code after the place, with no comma
    spaced = _SPACED_CODE.match(t)
    if spaced and spaced.group(2) in _REGION_CODE_SET:
        return len(spaced.group(2)) == 3 or spaced.group(1).casefold() in _NAMES
    return False
