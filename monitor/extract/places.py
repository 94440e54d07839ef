"""Telling a place name from a company name in a posting's header line.

Boards print "Company · City, ST · 3 days ago" with nothing marking which
token is which. A token is a place when it has the shape of an address
("City, ST", "City, Country"), names a workplace arrangement, or names a
country, region or large city. The lists are general geography, not any
board's vocabulary.
"""

from __future__ import annotations

import re

_WORKPLACE = re.compile(
    r"\b(?:remote|hybrid|on-?site|in[- ]office|work from home|wfh|anywhere|distributed)\b", re.I
)

_REGIONS = {
    # countries and regions
    "united states", "usa", "us", "u.s.", "america", "canada", "mexico", "brazil", "argentina", "chile", "colombia",
    "peru", "united kingdom", "uk", "england", "scotland", "wales", "ireland", "france", "germany", "spain",
    "portugal", "italy", "netherlands", "belgium", "luxembourg", "switzerland", "austria", "denmark", "sweden",
    "norway", "finland", "iceland", "poland", "czechia", "czech republic", "hungary", "romania", "bulgaria",
    "greece", "turkey", "ukraine", "estonia", "latvia", "lithuania", "israel", "uae", "united arab emirates",
    "saudi arabia", "qatar", "egypt", "nigeria", "kenya", "south africa", "morocco", "india", "pakistan",
    "bangladesh", "sri lanka", "singapore", "malaysia", "indonesia", "thailand", "vietnam", "philippines",
    "china", "hong kong", "taiwan", "japan", "south korea", "korea", "australia", "new zealand",
    "europe", "emea", "apac", "latam", "americas", "north america", "south america", "asia", "africa",
    "middle east", "nordics", "dach", "benelux", "worldwide", "global",
    # large cities that are often printed without a region
    "new york", "nyc", "san francisco", "los angeles", "seattle", "boston", "chicago", "austin", "denver",
    "atlanta", "miami", "dallas", "houston", "washington", "philadelphia", "san jose", "san diego", "portland",
    "toronto", "vancouver", "montreal", "ottawa", "calgary", "london", "manchester", "edinburgh", "dublin",
    "paris", "berlin", "munich", "hamburg", "frankfurt", "amsterdam", "rotterdam", "brussels", "zurich",
    "geneva", "vienna", "copenhagen", "stockholm", "oslo", "helsinki", "warsaw", "krakow", "prague",
    "budapest", "bucharest", "madrid", "barcelona", "lisbon", "milan", "rome", "athens", "istanbul",
    "tel aviv", "dubai", "abu dhabi", "riyadh", "cairo", "lagos", "nairobi", "cape town", "johannesburg",
    "bangalore", "bengaluru", "mumbai", "delhi", "new delhi", "hyderabad", "pune", "chennai", "gurgaon",
    "gurugram", "noida", "kuala lumpur", "jakarta", "bangkok", "ho chi minh city", "hanoi", "manila",
    "shanghai", "beijing", "shenzhen", "taipei", "tokyo", "osaka", "seoul", "sydney", "melbourne",
    "brisbane", "perth", "adelaide", "auckland", "wellington", "sao paulo", "são paulo", "rio de janeiro",
    "buenos aires", "santiago", "bogota", "bogotá", "lima", "mexico city",
}  # fmt: skip

#: Region codes printed after a city ("Austin, TX", "Toronto, ON"); shared with the pay parser.
US_STATES: frozenset[str] = frozenset({"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR"})  # fmt: skip
_CA_PROVINCES = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]
_AU_STATES = ["NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"]
_REGION_CODES = set(US_STATES) | set(_CA_PROVINCES) | set(_AU_STATES)

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
    if any(p in _REGIONS for p in parts):
        return True
    if _ADDRESS.match(t):
        last = t.rsplit(",", 1)[-1].strip()
        if (
            last.upper() in _REGION_CODES
            or last.casefold() in _REGIONS
            or (len(last) == 2 and last.isupper())
        ):
            return True
    return False
