"""Read a pay statement (salary range, hourly rate, day rate) out of posting text.

Pay is written in many shapes ("$120k–$150k + equity", "From 60 000 EUR",
"SGD 6,500 – 8,000 monthly", "Salary: 85000") while postings are full of other
numbers (years of experience, 401(k), head counts, dates, percentages, phone
numbers).  The parser is rule-based so its behaviour is predictable on pages
never seen before:

1. find *money tokens*: a number, optionally with a currency marker before or
   after it and a ``k``/``M`` multiplier;
2. pair adjacent tokens joined by a range separator ("-", "–", "to", "between
   X and Y") into ranges;
3. drop groups that are evidently something else (followed by ``%``/"years",
   part of a date or phone number, a bonus/equity/stipend add-on, a bare
   number with no pay word in front of it);
4. read or infer the period, score what is left and keep the best.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from monitor.extract.places import PLACES, REGION_CODES, looks_like_place, workplace_of
from monitor.extract.vocabulary import BENEFIT_AMOUNTS, alternation
from monitor.models import Pay

__all__ = [
    "currency_for_location",
    "find_pay",
    "normalize_period",
    "parse_pay",
    "pay_lines",
    "posting_dollar",
    "posting_pay",
]

# --------------------------------------------------------------------------- currencies

#: ISO 4217 codes recognised as currency markers.  Upper-case only, so English
#: words are never mistaken for codes; codes that are also common tech words
#: (PHP, TRY) are deliberately left out and only their symbols are recognised.
_ISO_CODES = frozenset(
    [
        "USD",
        "AUD",
        "CAD",
        "GBP",
        "EUR",
        "SGD",
        "NZD",
        "CHF",
        "JPY",
        "INR",
        "HKD",
        "SEK",
        "NOK",
        "DKK",
        "ISK",
        "PLN",
        "CZK",
        "HUF",
        "RON",
        "MXN",
        "BRL",
        "ARS",
        "CLP",
        "COP",
        "PEN",
        "ZAR",
        "CNY",
        "RMB",
        "KRW",
        "TWD",
        "ILS",
        "AED",
        "SAR",
        "QAR",
        "MYR",
        "THB",
        "IDR",
        "VND",
        "NGN",
        "KES",
        "EGP",
    ]
)
_ISO_ALIASES = {"RMB": "CNY"}

#: Letters that qualify a "$" ("US$", "C$", "NZ$"...).
_DOLLAR_QUALIFIERS = {
    "US": "USD",
    "CA": "CAD",
    "CAN": "CAD",
    "C": "CAD",
    "AU": "AUD",
    "A": "AUD",
    "SG": "SGD",
    "S": "SGD",
    "NZ": "NZD",
    "HK": "HKD",
    "R": "BRL",
    "MX": "MXN",
    "NT": "TWD",
}

#: Currencies whose notes are written with a bare "$"; only these may replace
#: the "USD" fallback for an unqualified "$".
_DOLLAR_CURRENCIES = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP"})

_SYMBOLS = {
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₱": "PHP",
    "₪": "ILS",
    "₺": "TRY",
    "₦": "NGN",
}
_CURRENCY_WORDS = {
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "rupees": "INR",
    "yen": "JPY",
}

#: Smallest figure that is "clearly annual" in each currency when the text does
#: not say.  Monthly pay is the norm in some markets (SGD, HKD, JPY, the Nordics,
#: Latin America), so a size-only guess there needs a much larger figure.
#: Currencies missing here never get a size-only guess.
_ANNUAL_FLOOR: dict[str | None, int] = {
    None: 15_000,
    "USD": 15_000,
    "CAD": 15_000,
    "AUD": 15_000,
    "NZD": 15_000,
    "GBP": 15_000,
    "EUR": 15_000,
    "CHF": 15_000,
    "SGD": 40_000,
    "HKD": 250_000,
    "CNY": 150_000,
    "INR": 300_000,
    "JPY": 2_000_000,
    "KRW": 20_000_000,
    "SEK": 200_000,
    "NOK": 200_000,
    "DKK": 200_000,
    "PLN": 100_000,
    "CZK": 500_000,
    "MXN": 300_000,
    "BRL": 100_000,
    "ZAR": 200_000,
    "ILS": 200_000,
    "AED": 150_000,
}

# --------------------------------------------------------------------------- token grammar

_SP = r"[^\S\n]"  # horizontal whitespace (incl. NBSP / thin space), never a newline
_ISO_RE = "|".join(sorted(_ISO_CODES))
_ISO = rf"(?<![A-Za-z])(?:{_ISO_RE})(?![A-Za-z])"
_DOLLAR = rf"(?:(?<![A-Za-z])(?:{'|'.join(sorted(_DOLLAR_QUALIFIERS, key=len, reverse=True))})\$|\$)"
_SYM = "[" + "".join(_SYMBOLS) + "]"

_PRE = rf"(?:{_ISO}{_SP}?)?(?:{_DOLLAR}|{_SYM})|{_ISO}|(?<![A-Za-z])Rs\.?"
_NUMBER = r"""
    \d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?          # Indian grouping 12,34,567
  | \d{1,3}(?:,\d{3})+(?:\.\d{1,2})?                # 1,234,567.89
  | \d{1,3}(?:\.\d{3})+(?:,\d{1,2})?                # 1.234.567,89
  | \d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d{1,2})?   # 1 234 567,89
  | \d+(?:[.,]\d{1,2})?                             # 1234.56 / 1234,56
"""
_MULT = rf"[kK]|[mM][mMn]?|{_SP}?(?:thousand|million|mil)|{_SP}K"
_POST = rf"{_ISO}|\$(?!\d)|{_SYM}(?!{_SP}?\d)|zł|kr\.?(?![A-Za-z])|(?:dollars?|{'|'.join(_CURRENCY_WORDS)})\b"

_TOKEN_RE = re.compile(
    rf"""
    (?:(?P<pre>{_PRE}){_SP}?|(?<![\w.,]))
    (?P<num>{_NUMBER})(?!\d)(?![.,]\d)
    (?:(?P<mult>{_MULT})(?![A-Za-z]))?
    (?:{_SP}?(?P<post>{_POST}))?
    """,
    re.VERBOSE,
)

# --------------------------------------------------------------------------- periods

#: Unit words and abbreviations (lower case, dots removed) per period name.
_UNIT_NAMES = {
    "hour": "hour hours hr hrs h hourly ph p/h pt1h",
    "day": "day days d daily pd p/d p1d",
    "week": "week weeks wk wks w weekly pw p/w p1w",
    "month": "month months mo mos mth mths mon m monthly pcm pm p/m p1m calendarmonth",
    "year": "year years yr yrs y yearly annual annually annum pa p/a p1y",
}
_UNIT_WORDS = {word: period for period, names in _UNIT_NAMES.items() for word in names.split()}

#: Period phrases that may sit a few words after the figure ("$120k base salary per year").
_PERIOD_WORD_RE = re.compile(
    rf"""\b(?:
        (?:per|an?|each|every){_SP}+(?:calendar{_SP}+)?(?:hour|hr|day|week|wk|month|mth|year|yr|annum)s?
      | hourly|daily|weekly|monthly|yearly|annually|annual|(?:hour|day){_SP}+rate
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)
#: Abbreviations that only count directly after the figure ("$25.50/hr", "£45k pa").
_PERIOD_ADJ_RE = re.compile(
    rf"""{_SP}*(?:
        /{_SP}?(?:hour|hr|h|day|d|week|wk|w|month|mth|mo|m|year|yr|y|annum|a)s?\b
      | p\.?{_SP}?a\.?(?![A-Za-z]) | p\.h\.|ph\b | p\.w\.|pw\b | pcm\b | p\.m\.|pm\b | pd\b
      | p/[ahdwmy]\b
    )""",
    re.VERBOSE | re.IGNORECASE,
)
#: Adjectives before the figure ("Hourly rate: $20–$25", "Annual base salary:").
_PERIOD_BEFORE_RE = re.compile(
    rf"\b(?:hourly|daily|weekly|monthly|yearly|annual|annually|per{_SP}+annum|day{_SP}+rate"
    rf"|per{_SP}+(?:hour|day|week|month|year))\b",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")
_HOUR_CONTEXT_RE = re.compile(rf"\b(?:hourly|(?:per|an){_SP}+(?:hour|hr))\b|/{_SP}?(?:hr|hour)\b", re.I)

# --------------------------------------------------------------------------- context words

_PAY_CONTEXT_RE = re.compile(
    r"\b(?:salary|salaries|pay|pays|paid|paying|compensation|comp|base|wages?|rate|OTE|earn(?:ings)?|"
    r"remuneration|package|total\s+rewards?|pay\s+range|range)\b",
    re.IGNORECASE,
)
#: Words marking a figure as something other than base pay.  "commission" and
#: "stipend" are absent on purpose: commission-only and stipend roles state
#: their pay that way.
_ADDON_RE = re.compile(
    r"\b(?:bonus(?:es)?|signing|sign[-\s]on|relocation|allowance|reimburse\w*|budget|equity|RSUs?|stock|"
    r"options|funding|raised|revenue|ARR|valuation|referral|401|403|tuition|per\s+diem|superannuation"
    rf"|{alternation(BENEFIT_AMOUNTS.all())}"
    # more of what a benefit amount is for: employer matches and contributions, lifetime caps, subsidies
    r"|(?:employer\s+)?match(?:ed)?|contributions?|lifetime|premiums?|adoption|fitness|subsid(?:y|ies|ised|ized)|"
    r"vouchers?|discounts?|(?:learning|education|training|development|home[-\s]office|phone|internet|commuter|"
    r"travel|meal|lunch|equipment|coworking|co-working)\s+(?:stipends?|funds?|grants?))\b",
    re.IGNORECASE,
)
#: A stipend named for what it pays for ("learning stipend", "stipend for your home office") is a
#: benefit; "a monthly stipend of $2,500" is how a stipend role states its pay.
_PURPOSE_STIPEND_RE = re.compile(
    r"\b(?!(?:a|an|the|monthly|weekly|yearly|annual|daily|hourly|total|base|fixed|living|paid|gross|net|"
    r"research|internship|intern|fellowship|phd|doctoral|graduate|student|competitive|generous)\b)"
    r"[a-z][a-z-]+\s+stipends?\b|\bstipends?\s+(?:for|towards?|to\s+(?:cover|spend|use))\b",
    re.IGNORECASE,
)
#: A stricter pay word for lines of a benefits section: "Competitive salary of £50,000".
_SALARY_WORD_RE = re.compile(
    r"\b(?:salary|salaries|wages?|compensation|remuneration|OTE|base\s+pay|pay\s+(?:range|band|rate)|"
    r"(?:hourly|day|daily)\s+rate)\b",
    re.IGNORECASE,
)
#: How many of each period a year holds, to judge a figure's size against its period.
_PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
#: A pay noun right after the figure: "120-150k salary", "$150,000 OTE".
_PAY_WORD_AFTER_RE = re.compile(
    rf"{_SP}*(?:(?:gross|base|total|annual|yearly|monthly|hourly){_SP}+)?(?:salary|OTE|compensation|pay|wages?)\b",
    re.IGNORECASE,
)
#: Words a bare pay figure may be followed by; any other word makes it a count ("10,000 users").
_BARE_FOLLOWERS = frozenset(
    [
        "per",
        "a",
        "an",
        "to",
        "and",
        "or",
        "plus",
        "with",
        "gross",
        "net",
        "base",
        "salary",
        "pay",
        "ote",
        "annually",
        "yearly",
        "monthly",
        "weekly",
        "daily",
        "hourly",
        "annual",
        "total",
        "depending",
        "doe",
        "before",
        "pre",
        "pretax",
        "including",
        "excluding",
        "negotiable",
    ]
)
_UP_TO_RE = re.compile(rf"\b(?:up{_SP}+to|max(?:imum)?(?:{_SP}+of)?){_SP}*$", re.IGNORECASE)
_BETWEEN_RE = re.compile(rf"\bbetween{_SP}*$", re.IGNORECASE)
_MONTH_NAMES = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_BEFORE_RE = re.compile(rf"\b{_MONTH_NAMES}{_SP}*$", re.IGNORECASE)
_MONTH_AFTER_RE = re.compile(rf"^{_SP}*{_MONTH_NAMES}\b", re.IGNORECASE)

_SEP_RE = re.compile(
    rf"^{_SP}*(?:(?:/{_SP}?(?:hour|hr|h|year|yr|month|mo|week|wk|day)|(?:per|an?){_SP}+(?:hour|day|week|month|year)"
    rf"|annually|yearly|monthly|weekly|daily|hourly){_SP}*)?"
    rf"(?P<sep>-{{1,2}}|[–—~‑−]|to|and|through|until|till){_SP}*$",
    re.IGNORECASE,
)
#: What may follow a figure that is not pay at all.
_BAD_FOLLOWER_RE = re.compile(
    rf"""(?:
        {_SP}*(?:%|percent|per{_SP}?cent)
      | {_SP}*\((?:k|b)\)
      | [-/]\d | [.:]\d | {_SP}[-/]{_SP}?\d{{3,}}
      | {_SP}*\+?{_SP}*(?:years?|yrs?|months|weeks|days|hours|hrs|minutes|mins|seconds)\b
      | {_SP}*(?:b|bn|billion|trillion)\b
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_BAD_LEADER_RE = re.compile(r"(?:\d[-/.:]|#|\bNo\.?" + _SP + r"?)$")
#: A phone number: three groups split by separators ("555-123-4567", "(415) 555 0100", "+1 555.123.4567").
_PHONE_RE = re.compile(
    r"(?<![\d,.])(?:\+?\d{1,3}[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\d,])"
)
#: How far (characters) a pay word or period may sit from its figure, and how far
#: back the leader checks look.  Bounding both keeps the parser linear in the text.
_CONTEXT = 160
_LOOK = 40
_BOUNDARY_RE = re.compile(r"[.!?;](?=\s|$)|[\n•|]")


# --------------------------------------------------------------------------- public API


def normalize_period(unit: str) -> str | None:
    """Map a unit ("HOUR", "per annum", "/hr", "p.a.", "monthly") to a ``Pay.period`` name.

    Accepts schema.org ``unitText`` values, English phrases and common
    abbreviations; returns None for anything it does not recognise rather than
    guessing.
    """
    s = re.sub(r"\s+", " ", unit.strip().lower())
    s = re.sub(r"^(?:(?:per|an?|each|every)\s+|/\s*)", "", s)
    s = re.sub(r"^calendar\s+", "calendar", s)
    s = re.sub(r"\s+rate$", "", s).strip()  # "day rate", "hourly rate"
    for key in (s, s.replace(".", "").replace(" ", ""), s.rstrip(".")):
        if key in _UNIT_WORDS:
            return _UNIT_WORDS[key]
    return None


def currency_for_location(location: str | None) -> str | None:
    """Which currency a bare "$" means for a posting at ``location``.

    Only places whose own currency is written "$" are resolved (US, Canada,
    Australia, New Zealand, Singapore, Hong Kong, Mexico and a few more); for
    anywhere else the answer is None and callers fall back to USD.  An explicit
    country name wins; then state/province codes ("Vancouver, WA" is in the US),
    using a city name only to settle codes that exist in two countries ("Perth,
    WA", "Toronto, CA").
    """
    if not location:
        return None
    low = location.lower()
    for pattern, cur in _COUNTRY_PATTERNS:
        if pattern.search(low):
            return cur
    city_cur: str | None = None
    for pattern, cur in _CITY_PATTERNS:
        if pattern.search(low):
            city_cur = cur
            break
    code_curs: list[tuple[str, ...]] = []
    for m in _CODE_RE.finditer(location):
        options = REGION_CODES.get(m.group(1))
        if options:
            code_curs.append(options)
    for options in code_curs:
        if city_cur in options:
            return city_cur
    if code_curs:
        return code_curs[-1][0]
    return city_cur


def parse_pay(text: str, *, default_currency: str | None = None) -> Pay | None:
    """Read the pay figure of a sentence or paragraph, or None when it states none.

    A figure counts as pay only with a currency marker ("$", "€", "USD"...) or a
    pay word ("salary", "pay", "rate", "OTE"...) shortly before it, or a period
    phrase ("per hour") right after it.  Bonus, equity, super or stipend
    add-ons never count.  When several figures qualify, ranges, stated periods,
    currency markers and nearby pay words win; "up to X" loses to anything else.

    Currency: an ISO code or specific symbol wins; a bare "$" means
    ``default_currency`` when that is a dollar-sign currency, else USD; a figure
    with no marker takes ``default_currency`` (which may be None).

    Period: stated ("per year", "/hr", "monthly", "Hourly rate:") when the text
    says it.  Otherwise it is inferred, and left None when it cannot be told:
    "hour" when the text talks of hourly pay and the figure is under 500;
    "year" when the lower figure is clearly annual-sized for its currency
    (>= 15,000 for USD/EUR/GBP/CAD/AUD/...; much higher where monthly pay is
    the norm, e.g. SGD 40,000, JPY 2,000,000), or >= 2/3 of that
    (10,000 for USD) when a salary word is present.
    """
    best = _best(_candidates(text, default_currency=default_currency))
    return best.pay if best else None


def find_pay(text: str, *, default_currency: str | None = None) -> Pay | None:
    """Pick the most plausible pay statement from a whole posting's visible text.

    Each line is read on its own (so numbers elsewhere on the page cannot pair
    up with it); a short heading line such as "Salary" or "Compensation" lends
    its pay context to the line below it, which lets a bare "85,000 - 95,000"
    under it count.  Candidates are scored as in :func:`parse_pay`; ties go to
    the earlier one.  Hourly wording anywhere in the text ("This is an hourly
    role") lets a figure under 500 with no stated period read as hourly.
    """
    lines = text.splitlines()
    hourly = bool(_HOUR_CONTEXT_RE.search(text))
    found: list[_Candidate] = []
    offset = 0
    prev = ""
    for line in lines:
        if line.strip():
            if _DIGIT_RE.search(line):  # a line without a digit holds no figure: only its context counts
                heading = (
                    len(prev) <= 60 and not _DIGIT_RE.search(prev) and bool(_PAY_CONTEXT_RE.search(prev))
                )
                cands = _candidates(
                    line, default_currency=default_currency, heading_context=heading, hourly=hourly
                )
                for cand in cands:
                    found.append(_Candidate(cand.pay, cand.score, cand.start + offset))
            prev = line.strip()
        offset += len(line) + 1
    best = _best(found)
    return best.pay if best else None


def posting_pay(
    *,
    compensation: Iterable[str],
    others: Iterable[str],
    benefits: Iterable[str],
    default_currency: str | None,
) -> Pay | None:
    """The pay of a whole posting, read from its parts by what each part is.

    A compensation section is read first and alone. Without one (or with none
    stated there), the header's facts and the posting's other sections are read
    together; a benefits section's line counts only when it names the salary
    itself ("Competitive salary of £50,000"): an amount among perks is a perk.
    """
    comp = pay_lines(compensation)
    pay = find_pay(comp, default_currency=default_currency) if comp else None
    if pay is None:
        perks = (line for line in benefits if _SALARY_WORD_RE.search(line))
        text = pay_lines([*others, *perks])
        pay = find_pay(text, default_currency=default_currency) if text else None
    if pay is not None and pay.currency is None and default_currency:
        pay = Pay(pay.min, pay.max, default_currency, pay.period)
    return pay


def posting_dollar(location: str | None, lines: Iterable[str]) -> str | None:
    """The currency a bare "$" means in a posting: voted by its location field and every place line.

    The answer must not depend on which line the location was read from, or
    whether it was read at all: the location field and each line of the
    posting that is a place ("Sydney NSW", "Location: Toronto, ON") each give
    a vote, ties going to the field, then to the earlier line. None (the
    caller's one fixed default, USD) when no dollar place wins.
    """
    votes: dict[str, int] = {}
    order: list[str] = []
    sources = [location] if location else []
    for line in lines:
        head, colon, rest = line.partition(":")
        value = (rest if colon and len(head.split()) <= 3 else line).strip(" .")
        if value and len(value) <= 80 and looks_like_place(value):
            sources.append(value)
    for source in sources:
        currency = currency_for_location(source)
        if currency is None:
            if looks_like_place(source) and not workplace_of(source):
                currency = ""  # a place with its own money: a vote against every dollar
            else:
                continue
        votes[currency] = votes.get(currency, 0) + 1
        if currency not in order:
            order.append(currency)
    if not votes:
        return None
    best = max(order, key=lambda c: (votes[c], -order.index(c)))
    return best or None


def pay_lines(lines: Iterable[str], limit: int = 6000) -> str:
    """The lines of a long text that :func:`find_pay` can use, at most about ``limit`` characters.

    Only a line with a digit can hold a figure; the line before it lends its
    pay context (a "Salary" heading) and a line that talks of hourly pay lends
    the hourly reading, so those are kept too and :func:`find_pay` reads the
    result as it would read the whole text. Lines past ``limit`` are left out,
    so a huge page costs no more than a large one.
    """
    out: list[str] = []
    size = 0
    prev = ""
    hourly = False
    for line in lines:
        if not line.strip():
            continue
        if _DIGIT_RE.search(line):
            if prev and (not out or out[-1] is not prev):
                out.append(prev)
                size += len(prev) + 1
            out.append(line)
            size += len(line) + 1
        elif not hourly and _HOUR_CONTEXT_RE.search(line):
            hourly = True
            out.append(line)
            size += len(line) + 1
        if size >= limit:
            break
        prev = line
    return "\n".join(out)


# --------------------------------------------------------------------------- internals


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    value: Decimal  # multiplier applied
    scaled: bool  # carried a k / M multiplier
    millions: bool
    currency: str | None
    rank: int  # 2 = explicit currency, 1 = bare "$", 0 = no marker
    raw: str


@dataclass(frozen=True)
class _Candidate:
    pay: Pay
    score: float
    start: int


def _best(cands: list[_Candidate]) -> _Candidate | None:
    if not cands:
        return None
    return max(cands, key=lambda c: (c.score, -c.start))


def _to_decimal(raw: str) -> Decimal | None:
    """Read "1,234.50", "1.234,50", "60 000", "12,34,567" or "25,5" as a number."""
    s = re.sub(r"[\s\u00a0\u202f\u2009]", "", raw)
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif "," in s or "." in s:
        parts = s.split("," if "," in s else ".")
        # one separator followed by 1-2 digits is a decimal mark; anything else groups thousands
        s = f"{parts[0]}.{parts[1]}" if len(parts) == 2 and len(parts[1]) in (1, 2) else "".join(parts)
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _marker_currency(marker: str, default: str | None) -> tuple[str | None, int]:
    """Currency and confidence rank of one marker ("US$", "CAD", "€", "dollars")."""
    m = marker.strip()
    if m[:3] in _ISO_CODES:
        return _ISO_ALIASES.get(m[:3], m[:3]), 2
    if m.endswith("$") and m[:-1] in _DOLLAR_QUALIFIERS:
        return _DOLLAR_QUALIFIERS[m[:-1]], 2
    low = m.lower()
    if m == "$" or low.startswith("dollar"):
        return (default if default in _DOLLAR_CURRENCIES else "USD"), 1
    if m == "¥":
        return ("CNY" if default == "CNY" else "JPY"), 2
    if m in _SYMBOLS:
        return _SYMBOLS[m], 2
    if m.startswith("Rs"):
        return "INR", 2
    if m == "zł":
        return "PLN", 2
    if low.startswith("kr"):
        return (default if default in {"SEK", "NOK", "DKK", "ISK"} else None), 2
    return _CURRENCY_WORDS.get(low), 2


def _tokens(text: str, default: str | None) -> list[_Token]:
    out: list[_Token] = []
    if not _DIGIT_RE.search(text):
        return out
    for m in _TOKEN_RE.finditer(text):
        value = _to_decimal(m.group("num"))
        if value is None:
            continue
        mult = (m.group("mult") or "").strip()
        millions = mult[:1] in ("m", "M")
        scaled = bool(mult)
        if millions:
            if value >= 1000:  # "5000M" is not a salary; "m" must clearly mean millions
                continue
            value *= 1_000_000
        elif scaled:
            value *= 1000
        currency, rank = None, 0
        for marker in (m.group("pre"), m.group("post")):
            if marker:
                cur, r = _marker_currency(marker, default)
                if r > rank or (r == rank and currency is None):
                    currency, rank = cur, r
        out.append(_Token(m.start(), m.end(), value, scaled, millions, currency, rank, m.group("num")))
    return out


def _compatible(a: _Token, b: _Token) -> bool:
    if a.rank and b.rank and a.currency != b.currency:
        # a bare "$" may be refined by a qualified dollar code on the other side
        dollar = {a.currency, b.currency} <= _DOLLAR_CURRENCIES and 1 in (a.rank, b.rank)
        if not dollar:
            return False
    return True


def _harmonise(a: _Token, b: _Token) -> tuple[Decimal, Decimal]:
    """Apply a one-sided multiplier to both ends: "120-150k", "$1.2-1.5M"."""
    lo, hi = a.value, b.value
    if b.scaled and not a.scaled and lo < 1000:
        lo *= 1_000_000 if b.millions else 1000
    elif a.scaled and not b.scaled and hi < 1000:
        hi *= 1_000_000 if a.millions else 1000
    return lo, hi


def _groups(text: str, tokens: list[_Token]) -> list[tuple[list[_Token], Decimal, Decimal]]:
    """Pair tokens joined by a range separator; everything else stands alone."""
    out: list[tuple[list[_Token], Decimal, Decimal]] = []
    i = 0
    while i < len(tokens):
        a = tokens[i]
        if i + 1 < len(tokens):
            b = tokens[i + 1]
            sep = _SEP_RE.match(text[a.end : b.start])
            between = _BETWEEN_RE.search(text[max(0, a.start - _LOOK) : a.start])
            # "X and Y" is a range after "between", or when both are money of one kind, the lower first
            # ("$120,000 and $150,000 a year"); "a salary of $90k and $10k bonus" is not
            ordered = a.rank > 0 and b.rank > 0 and a.value < b.value
            if sep and (sep.group("sep").lower() != "and" or between or ordered):
                lo, hi = _harmonise(a, b)
                lo, hi = min(lo, hi), max(lo, hi)
                if _compatible(a, b) and lo > 0 and hi <= lo * 10:
                    out.append(([a, b], lo, hi))
                    i += 2
                    continue
        out.append(([a], a.value, a.value))
        i += 1
    return out


class _Sentences:
    """Clause and sentence limits around a position, found by bisection so long texts stay linear."""

    def __init__(self, text: str) -> None:
        found = list(_BOUNDARY_RE.finditer(text))
        self._ends = [m.end() for m in found]
        self._starts = [m.start() for m in found]
        self._len = len(text)

    def start(self, pos: int, floor: int = 0) -> int:
        """Where the clause holding ``pos`` starts: a boundary, ``floor``, or ``_CONTEXT`` back."""
        i = bisect.bisect_right(self._ends, pos) - 1
        return max(floor, self._ends[i] if i >= 0 else 0, pos - _CONTEXT)

    def end(self, pos: int) -> int:
        i = bisect.bisect_left(self._starts, pos)
        return min(self._starts[i] if i < len(self._starts) else self._len, pos + _CONTEXT)


def _period_after(text: str, end: int) -> str | None:
    adj = _PERIOD_ADJ_RE.match(text, end)
    if adj:
        return normalize_period(adj.group(0).strip().lstrip("/"))
    window = text[end : end + 40]
    window = re.split(r"[.;!?\n•|](?:\s|$)|\d|\+|\bplus\b", window, maxsplit=1)[0]
    m = _PERIOD_WORD_RE.search(window)
    return normalize_period(m.group(0)) if m else None


def _is_addon(prefix: str, after: str) -> bool:
    """A bonus / equity / benefit figure rather than base pay."""
    tail = re.split(r"[+,;(&]|\b(?:plus|and|with)\b", after, maxsplit=1)[0]
    if _ADDON_RE.search(tail) or _PURPOSE_STIPEND_RE.search(tail):
        return True
    clause = re.split(r"[,;:]", prefix)[-1]
    if _PURPOSE_STIPEND_RE.search(clause) and not _PAY_CONTEXT_RE.search(clause):
        return True
    addons = list(_ADDON_RE.finditer(prefix))
    # "Annual bonus: up to $20k" is an add-on; "bonus-eligible; base salary $120k" is not
    if not addons or _PAY_CONTEXT_RE.search(prefix, addons[-1].end()):
        return False
    # "Salary and benefits: $120k", "Compensation & perks": the pay word leads, the add-on rides along
    joined = prefix[max(0, addons[-1].start() - 40) : addons[-1].start()]
    return not re.search(rf"{_PAY_CONTEXT_RE.pattern}{_SP}*(?:and|&|\+){_SP}*$", joined, re.IGNORECASE)


def _too_small(hi: Decimal, currency: str | None, period: str, pay_word: bool) -> bool:
    """A figure too small to be pay for its period: "2 per week" of a counter, "$100 per month" of a perk.

    The bar is a third of the currency's clearly-annual floor spread over the
    period; a pay word in front ("Salary: ...") lowers it tenfold, since
    part-time and stipend roles state small figures that way. Currencies
    without a floor are judged only when no pay word stands by (with the bar
    of an unknown currency).
    """
    floor = _ANNUAL_FLOOR.get(currency)
    if floor is None:
        if pay_word:
            return False
        floor = _ANNUAL_FLOOR[None]
    bar = Decimal(floor) / _PER_YEAR[period] / (30 if pay_word else 3)
    return hi < bar


def _infer_period(
    lo: Decimal, hi: Decimal, currency: str | None, salary_word: bool, hourly: bool
) -> str | None:
    if hourly and hi < 500:
        return "hour"
    floor = _ANNUAL_FLOOR.get(currency)
    if floor is None:
        return None
    if lo >= floor or (salary_word and lo * 3 >= floor * 2):
        return "year"
    return None


def _candidates(
    text: str, *, default_currency: str | None, heading_context: bool = False, hourly: bool | None = None
) -> list[_Candidate]:
    tokens = _tokens(text, default_currency)
    if not tokens:
        return []
    phones = [(m.start(), m.end()) for m in _PHONE_RE.finditer(text)]
    hourly_text = bool(_HOUR_CONTEXT_RE.search(text)) if hourly is None else hourly
    bounds = _Sentences(text)
    out: list[_Candidate] = []
    prev_end = 0
    for group, lo, hi in _groups(text, tokens):
        start, end = group[0].start, group[-1].end
        floor, prev_end = prev_end, end
        prefix = text[bounds.start(start, floor) : start]
        sentence_end = bounds.end(end)
        sentence = text[bounds.start(start) : sentence_end]
        after = text[end:sentence_end]
        currency = max(group, key=lambda t: t.rank).currency
        marked = any(t.rank for t in group)
        if not marked and default_currency:
            currency = default_currency

        if _BAD_FOLLOWER_RE.match(text, end) or _BAD_LEADER_RE.search(text, max(0, start - _LOOK), start):
            continue
        if any(s < end and start < e for s, e in phones):
            continue
        prefix_context = (
            bool(_PAY_CONTEXT_RE.search(prefix) or _PAY_WORD_AFTER_RE.match(text, end)) or heading_context
        )
        period = _period_after(text, end)
        explicit = period is not None
        if period is None:
            before = list(_PERIOD_BEFORE_RE.finditer(prefix))
            if before:
                period = normalize_period(before[-1].group(0).replace("rate", "").strip())
                explicit = period is not None

        if not marked and not _bare_is_pay(text, group, prefix_context, explicit, lo):
            continue
        if _is_addon(prefix, after):
            continue
        sentence_context = prefix_context or bool(_PAY_CONTEXT_RE.search(sentence))
        if any(t.millions for t in group) and not (sentence_context or explicit):
            continue  # "$20M Series B" is not a salary

        if period is None:
            period = _infer_period(lo, hi, currency, sentence_context, hourly_text)
        elif _too_small(hi, currency, period, prefix_context):
            continue

        score = 0.0
        score += 3 if marked else 0
        score += 3 if prefix_context else (1 if sentence_context else 0)
        score += 2 if len(group) == 2 else 0
        score += 2 if explicit else (1 if period else 0)
        if len(group) == 1 and _UP_TO_RE.search(prefix):
            score -= 2
        pay = Pay(min=float(lo), max=float(hi), currency=currency, period=period)
        out.append(_Candidate(pay, score, start))
    return out


def _bare_is_pay(text: str, group: list[_Token], context: bool, explicit: bool, lo: Decimal) -> bool:
    """A number with no currency marker is pay only in a plain pay context.

    It needs a pay word before it (or a period phrase after it) and must not
    look like a year, a date, a plan name ("401k") or a small count.
    """
    first, last = group[0], group[-1]
    before, after = text[max(0, first.start - _LOOK) : first.start], text[last.end : last.end + _LOOK]
    if not (context or explicit):
        return False
    if not (explicit or first.scaled or lo >= 1000):
        return False  # "Pay grade 7", "rate of 25" without a unit is too ambiguous
    for t in group:
        if re.fullmatch(r"(?:19|20)\d\d", t.raw) and not t.scaled and not explicit:
            return False  # a year: "2025 start", "salary review in 2026"
        if t.raw in ("401", "403", "457") and re.match(r"\s?\(?[kKbB]", text[t.start + len(t.raw) :][:3]):
            return False
    if re.search(r"\+\s*$", before) or re.match(rf"{_SP}*\+{_SP}*[A-Za-z]", after):
        return False  # "+1 555", "10+ engineers"
    word = re.match(rf"{_SP}*([A-Za-z]+)", after)
    if word and word.group(1).lower() not in _BARE_FOLLOWERS and not _PERIOD_ADJ_RE.match(after):
        return False  # a count of something: "a customer base of 10,000 users"
    return not (_MONTH_BEFORE_RE.search(before) or _MONTH_AFTER_RE.match(after))


# --------------------------------------------------------------------------- locations


def _words(*names: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(n) for n in names) + r")(?![a-z])")


#: The places whose own currency is written "$", from the one table of places: countries and
#: subdivisions first (an explicit name wins), then cities.
_COUNTRY_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (_words(*place.names), place.currency)
    for place in PLACES
    if place.kind in ("country", "region") and place.currency in _DOLLAR_CURRENCIES
]
_CITY_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (_words(*place.names), place.currency)
    for place in PLACES
    if place.kind == "city" and place.currency in _DOLLAR_CURRENCIES
]
#: A region code standing as its own part of the location: "Austin, TX", "Toronto ON", "Remote (CA)".
_CODE_RE = re.compile(r"(?:^|[,(/|·•\-–]|\s)\s*([A-Z]{2,3})(?=\s*(?:$|[,)/|·•\-–]|\d))")
