"""A posting's stated fields from structured data: schema.org JSON-LD and microdata, and ATS JSON answers.

Structured data is the most reliable source when a board provides it, but it
is often sloppy: raw newlines inside strings, HTML-escaped or CDATA-wrapped
scripts, trailing commas, a JobPosting buried in ``@graph`` or a list, its
employer given only as an ``@id`` reference. Each of those is repaired here
rather than dropped.

Applicant-tracking systems' own JSON APIs are not schema.org; they are read
by the key names such APIs share (title/text/name, description/content/
jobDescription, location/locationsText, company/companyName, salary ranges),
found wherever they sit in the answer, so no system is special-cased.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.extract.pay import normalize_period
from monitor.models import Pay


@dataclass
class StructuredPosting:
    title: str | None = None
    company: str | None = None
    location: str | None = None
    remote: bool = False
    employment_type: str | None = None
    pay: Pay | None = None
    job_id: str | None = None
    description_html: str | None = None
    valid_through: str | None = None
    workplace: str | None = None  # "remote" | "hybrid" | "onsite" when stated


def loads_lenient(raw: str) -> Any:
    """JSON as boards really write it: CDATA-wrapped, HTML-escaped, with raw newlines and trailing commas."""
    text = raw.strip()
    text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[", "", text)
    text = re.sub(r"(?://\s*)?\]\]>\s*$", "", text)
    text = text.strip().rstrip(";")
    attempts = [text]
    if "&quot;" in text or "&#" in text:
        attempts.append(html.unescape(text))
    for candidate in list(attempts):
        attempts.append(re.sub(r",\s*([}\]])", r"\1", candidate))  # trailing commas
    for candidate in attempts:
        try:
            return json.loads(candidate, strict=False)  # strict=False: raw control chars in strings
        except json.JSONDecodeError:
            continue
    return None


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement", "item"):
            if key in node:
                yield from _walk(node[key])


def _is_job_posting(obj: dict[str, Any]) -> bool:
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return any(isinstance(x, str) and x.rsplit("/", 1)[-1].lower() == "jobposting" for x in types)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("value") or value.get("@value"))
    if isinstance(value, list):
        parts = [t for t in (_text(v) for v in value) if t]
        return ", ".join(parts) if parts else None
    s = re.sub(r"\s+", " ", html.unescape(str(value))).strip()
    return s or None


def _location(posting: dict[str, Any]) -> tuple[str | None, bool]:
    remote = str(posting.get("jobLocationType", "")).upper() == "TELECOMMUTE"
    places = posting.get("jobLocation")
    names: list[str] = []
    for place in places if isinstance(places, list) else [places]:
        if not isinstance(place, dict):
            if isinstance(place, str) and place.strip():
                names.append(place.strip())
            continue
        address = place.get("address", place)
        if isinstance(address, str):
            names.append(address.strip())
            continue
        if not isinstance(address, dict):
            continue
        parts: list[str] = []
        for key in ("addressLocality", "addressRegion", "addressCountry"):
            part = _text(address.get(key))
            if key == "addressCountry" and part and _is_country_code(part) and len(parts) >= 2:
                continue  # "Seattle, WA, US": a code after a region adds nothing a reader sees
            if part and not any(part.casefold() in p.casefold() for p in parts):
                parts.append(part)
        if parts:
            names.append(", ".join(parts))
        elif _text(place.get("name")):
            names.append(str(_text(place.get("name"))))
    location = "; ".join(dict.fromkeys(names)) or None
    if remote:
        req = _text(posting.get("applicantLocationRequirements"))
        location = (
            f"Remote - {req}" if req and not location else (location and f"Remote, {location}") or "Remote"
        )
    return location, remote


def _is_country_code(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]{2,3}", text))


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        cleaned = re.sub(r"[^\d.]", "", value.replace(",", ""))
        try:
            return float(cleaned) if cleaned else None
        except ValueError:
            return None
    return None


def _salary(posting: dict[str, Any]) -> Pay | None:
    salary = posting.get("baseSalary") or posting.get("estimatedSalary")
    if isinstance(salary, list):
        salary = salary[0] if salary else None
    if salary is None:
        return None
    currency = posting.get("salaryCurrency")
    value: Any = salary
    if isinstance(salary, dict):
        currency = salary.get("currency") or currency
        value = salary.get("value", salary)
    unit = None
    lo = hi = None
    if isinstance(value, dict):
        unit = value.get("unitText") or (salary.get("unitText") if isinstance(salary, dict) else None)
        lo = _number(value.get("minValue"))
        hi = _number(value.get("maxValue"))
        single = _number(value.get("value"))
        if lo is None and hi is None and single is not None:
            lo = hi = single
    else:
        lo = hi = _number(value)
        if isinstance(salary, dict):
            unit = salary.get("unitText")
    if lo is None and hi is None:
        return None
    lo = lo if lo is not None else hi
    hi = hi if hi is not None else lo
    assert lo is not None and hi is not None
    if lo > hi:
        lo, hi = hi, lo
    cur = str(currency).strip().upper() if isinstance(currency, str) and currency.strip() else None
    period = normalize_period(str(unit)) if unit else None
    if period is None:
        period = _inferred_period(lo, hi, cur)
    return Pay(min=lo, max=hi, currency=cur, period=period)


def _inferred_period(lo: float, hi: float, currency: str | None) -> str | None:
    """A period for figures stated without one, read as the pay parser reads "Salary: USD 120000 - 150000"."""
    from monitor.extract.pay import parse_pay

    found = parse_pay(f"Salary: {currency or ''} {lo:.2f} - {hi:.2f}")
    return found.period if found is not None else None


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    """A ``{"@id": …}`` reference replaced by the node it names, when the document holds it."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str):
        return ids.get(value["@id"], value)
    return value


def _ids(data: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for obj in _walk(data):
        ident = obj.get("@id")
        if isinstance(ident, str) and len(obj) > 2:
            out.setdefault(ident, obj)
    return out


def _from_jsonld(obj: dict[str, Any], ids: dict[str, dict[str, Any]] | None = None) -> StructuredPosting:
    ids = ids or {}
    obj = {k: _resolve(v, ids) for k, v in obj.items()}
    location, remote = _location(obj)
    ident = obj.get("identifier")
    job_id = _text(ident.get("value") if isinstance(ident, dict) else ident)
    emp = obj.get("employmentType")
    org = obj.get("hiringOrganization")
    company = _text(org.get("name") if isinstance(org, dict) else org)
    return StructuredPosting(
        title=_text(obj.get("title") or obj.get("name")),
        company=company,
        location=location,
        remote=remote,
        employment_type=_text(emp),
        pay=_salary(obj),
        job_id=job_id,
        description_html=obj.get("description") if isinstance(obj.get("description"), str) else None,
        valid_through=_text(obj.get("validThrough")),
        workplace="remote" if remote else None,
    )


def _itemprop(node: LexborNode, name: str) -> LexborNode | None:
    return node.css_first(f'[itemprop="{name}"]')


def _microdata(tree: LexborHTMLParser) -> StructuredPosting | None:
    scope = tree.css_first('[itemtype*="JobPosting" i]')
    if scope is None:
        return None

    def prop(name: str, within: LexborNode = scope) -> str | None:
        node = _itemprop(within, name)
        if node is None:
            return None
        content = node.attributes.get("content")
        return _text(content if content else node.text(separator=" "))

    org = _itemprop(scope, "hiringOrganization")
    company = (prop("name", org) if org is not None else None) or (
        _text(org.text(separator=" ")) if org is not None else None
    )
    loc_node = _itemprop(scope, "jobLocation")
    location = None
    if loc_node is not None:
        parts = [
            p
            for p in (prop(k, loc_node) for k in ("addressLocality", "addressRegion", "addressCountry"))
            if p
        ]
        location = ", ".join(parts) or _text(loc_node.text(separator=" "))
    pay = None
    sal = _itemprop(scope, "baseSalary")
    if sal is not None:
        lo = _number(prop("minValue", sal) or prop("value", sal))
        hi = _number(prop("maxValue", sal) or prop("value", sal))
        if lo is not None or hi is not None:
            lo = lo if lo is not None else hi
            hi = hi if hi is not None else lo
            assert lo is not None and hi is not None
            unit = prop("unitText", sal)
            cur = prop("currency", sal) or prop("salaryCurrency")
            pay = Pay(
                min=min(lo, hi),
                max=max(lo, hi),
                currency=cur.upper() if cur else None,
                period=normalize_period(unit) if unit else None,
            )
    desc = _itemprop(scope, "description")
    return StructuredPosting(
        title=prop("title"),
        company=company,
        location=location,
        employment_type=prop("employmentType"),
        pay=pay,
        job_id=prop("identifier"),
        description_html=desc.html if desc is not None else None,
    )


def read_structured(tree: LexborHTMLParser) -> StructuredPosting | None:
    """The page's JobPosting, from JSON-LD first and microdata second; None when it has neither."""
    for script in tree.css('script[type="application/ld+json" i]'):
        data = loads_lenient(script.text(deep=True) or "")
        found = find_job_posting(data)
        if found is not None:
            return found
    return _microdata(tree) or _page_data(tree)


def _page_data(tree: LexborHTMLParser) -> StructuredPosting | None:
    """The posting in the data a server-rendered app ships with the page (``<script id="__NEXT_DATA__"
    type="application/json">`` and the like), when its title is the one the page's <title> names."""
    head = tree.css_first("title")
    page_title = re.sub(r"\s+", " ", head.text() if head is not None else "").casefold()
    if not page_title:
        return None
    for script in tree.css('script[type="application/json" i]'):
        raw = script.text(deep=True) or ""
        if len(raw) < 80 or len(raw) > 2_000_000:
            continue
        data = loads_lenient(raw)
        if not isinstance(data, dict | list):
            continue
        found = find_job_posting(data) or read_ats_json(data)
        if found is not None and found.title and found.title.casefold() in page_title:
            return found
    return None


def find_job_posting(data: Any) -> StructuredPosting | None:
    """The schema.org JobPosting in a parsed JSON document, if it holds one."""
    for obj in _walk(data):
        if _is_job_posting(obj):
            return _from_jsonld(obj, _ids(data))
    return None


# --------------------------------------------------------------------------------------------- ATS JSON

_TITLE_KEYS = ("title", "jobTitle", "job_title", "postingTitle", "positionTitle", "position", "text", "name")
_HTML_KEYS = ("jobDescription", "descriptionHtml", "description_html", "jobDescriptionHtml", "description",
              "content", "body", "descriptionBody", "job_description", "details")  # fmt: skip
_PART_KEYS = ("responsibilities", "requirements", "qualifications", "preferredQualifications", "benefits",
              "additional", "additionalInformation", "closing", "closingDescription")  # fmt: skip
_COMPANY_KEYS = ("hiringOrganization", "companyName", "company_name", "company", "organizationName",
                 "organization", "employerName", "employer", "brandName")  # fmt: skip
_LOCATION_KEYS = ("locationsText", "locationName", "location_name", "location", "jobLocation", "primaryLocation",
                  "workLocation", "locations", "offices", "city")  # fmt: skip
_SALARY_KEYS = ("salaryRange", "salary_range", "salary", "payRange", "pay_range", "compensationRange",
                "compensation", "baseSalary", "pay")  # fmt: skip
_WORKPLACE_KEYS = ("workplaceType", "workplace_type", "remoteType", "remote_type", "workplace", "locationType",
                   "workplaceTypes")  # fmt: skip
_EMPLOYMENT_KEYS = (
    "employmentType",
    "employment_type",
    "timeType",
    "commitment",
    "typeOfEmployment",
    "jobType",
)
_ID_KEYS = ("jobReqId", "requisitionId", "requisition_id", "refNumber", "reqId", "jobId", "id")


def _html_string(value: str) -> str:
    """HTML as an API sends it; some send it entity-escaped ("&lt;p&gt;"), as plain text with line
    breaks, or as a rich-text editor's JSON ({"blocks": [{"type": "unordered-list-item", "text": …}]})."""
    stripped = value.strip()
    if stripped.startswith("{") and '"blocks"' in stripped:
        blocks = loads_lenient(stripped)
        if isinstance(blocks, dict) and isinstance(blocks.get("blocks"), list):
            return _rich_text_html(blocks["blocks"])
    if "&lt;" in value and "<" not in value:
        return html.unescape(value)
    if "<" not in value and "\n" in value:
        return text_html(value)
    return value


_LINE_BULLET = re.compile(r"^\s*(?:[•●◦▪■‣∙·*]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))\s*")


def text_html(text: str) -> str:
    """Plain text with line breaks as HTML: marked lines as list items, lines that name a
    section ("Requirements", "What you'll do") as headings, the rest as paragraphs."""
    from monitor.extract.sections import classify_heading

    out: list[str] = []
    in_list = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        marker = _LINE_BULLET.match(line)
        if marker and line[marker.end() :].strip():
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{html.escape(line[marker.end() :].strip())}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        short = len(line.split()) <= 10 and not line.endswith((".", "!", "?", ";"))
        tag = "h3" if short and classify_heading(line) is not None else "p"
        out.append(f"<{tag}>{html.escape(line)}</{tag}>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def _rich_text_html(blocks: list[Any]) -> str:
    """A rich-text editor's blocks as HTML: list-item blocks as <li>, header blocks as headings."""
    out: list[str] = []
    in_list = False
    for block in blocks:
        if not isinstance(block, dict) or not isinstance(block.get("text"), str) or not block["text"].strip():
            continue
        kind = str(block.get("type") or "")
        text = html.escape(block["text"].strip())
        if "list" in kind or "item" in kind:
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{text}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        out.append(f"<h3>{text}</h3>" if "head" in kind else f"<p>{text}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def _first(obj: dict[str, Any], keys: tuple[str, ...], shape: re.Pattern[str] | None = None) -> Any:
    """The value of the first of ``keys`` that ``obj`` fills; else of the first key whose name,
    lower-cased without punctuation, has ``shape`` ("formattedLocation", "descriptionJsonString")."""
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    if shape is not None:
        for key, value in obj.items():
            if value not in (None, "", [], {}) and isinstance(key, str) and shape.fullmatch(_key_name(key)):
                return value
    return None


def _key_name(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


#: Key names by the shape APIs give them, for keys no list above holds.
_HTML_SHAPE = re.compile(
    r"(?:job|posting|position|vacancy|full|long|main)?(?:description|desc)(?:html|text|body|content|jsonstring|json)?"
)
_LOCATION_SHAPE = re.compile(
    r"(?:formatted|display|primary|job|work|posting)?(?:locations?|place)(?:text|name|label|display|string)?"
)
_COMPANY_SHAPE = re.compile(
    r"(?:hiring)?(?:company|employer|organi[sz]ation|advertiser|brand|business)(?:name|details|info|profile)?"
)


def _candidates(data: Any, limit: int = 2000) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Every object in a JSON document with the objects above it, breadth first and bounded."""
    queue: list[tuple[Any, list[dict[str, Any]]]] = [(data, [])]
    seen = 0
    while queue and seen < limit:
        node, above = queue.pop(0)
        seen += 1
        if isinstance(node, dict):
            yield node, above
            for value in node.values():
                if isinstance(value, dict | list):
                    queue.append((value, [node, *above]))
        elif isinstance(node, list):
            for value in node[:200]:
                if isinstance(value, dict | list):
                    queue.append((value, above))


def _description_parts(obj: dict[str, Any]) -> list[str]:
    parts: list[str] = []
    main = _first(obj, _HTML_KEYS, _HTML_SHAPE)
    if isinstance(main, str):
        parts.append(_html_string(main))
    elif isinstance(main, dict) and isinstance(main.get("text"), str):  # {"text": "…", "attributes": […]}
        parts.append(text_html(main["text"]))
    lists = obj.get("lists")
    if isinstance(lists, list):  # [{"text": heading, "content": "<li>…</li>"}]
        for entry in lists:
            if isinstance(entry, dict) and isinstance(entry.get("content"), str):
                heading = html.escape(str(entry.get("text") or ""))
                parts.append(f"<h3>{heading}</h3><ul>{_html_string(entry['content'])}</ul>")
    for holder in (obj.get("jobAd"), obj):  # {"sections": {"x": {"title": …, "text": …}}}
        sections = holder.get("sections") if isinstance(holder, dict) else None
        if isinstance(sections, dict):
            sections = list(sections.values())
        if isinstance(sections, list):
            for sec in sections:
                if isinstance(sec, dict) and isinstance(sec.get("text") or sec.get("content"), str):
                    heading = html.escape(str(sec.get("title") or sec.get("name") or ""))
                    parts.append(
                        f"<h2>{heading}</h2>{_html_string(str(sec.get('text') or sec.get('content')))}"
                    )
    for key in _PART_KEYS:
        value = obj.get(key)
        heading = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).capitalize()
        if isinstance(value, str) and value.strip():
            parts.append(f"<h3>{heading}</h3>{_html_string(value)}")
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            items = "".join(f"<li>{html.escape(v)}</li>" for v in value)
            parts.append(f"<h3>{heading}</h3><ul>{items}</ul>")
    return parts


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("name", "displayName", "descriptor", "label", "formattedName", "title", "value"):
            if isinstance(value.get(key), str) and value[key].strip():
                return _name(value[key])
        return None
    if isinstance(value, str) and not _REFERENCE.match(value.strip()):
        return _text(value)
    return None


#: A value that points at a record rather than naming it: "urn:li:company:123", a URL, a bare id.
_REFERENCE = re.compile(r"^(?:urn:|https?://|[0-9a-f-]{16,}$|\d+$)", re.I)


def _ats_location(obj: dict[str, Any]) -> str | None:
    categories = obj.get("categories")
    if isinstance(categories, dict) and isinstance(categories.get("location"), str):
        return _text(categories["location"])
    value = _first(obj, _LOCATION_KEYS, _LOCATION_SHAPE)
    if isinstance(value, list):
        names = [n for n in (_ats_place(v) for v in value) if n]
        return "; ".join(dict.fromkeys(names)) or None
    return _ats_place(value)


def _ats_place(value: Any) -> str | None:
    if isinstance(value, str):
        return _text(value)
    if not isinstance(value, dict):
        return None
    for key in ("fullLocation", "formattedAddress", "locationName", "formattedName", "name", "descriptor",
                "label"):  # fmt: skip
        if isinstance(value.get(key), str) and value[key].strip():
            return _with_parents(str(_text(value[key])), value.get("parents"))
    parts: list[str] = []
    for key in ("city", "addressLocality", "region", "state", "addressRegion", "country", "addressCountry"):
        part = _name(value.get(key))
        if part and key in ("country", "addressCountry") and _is_country_code(part):
            if len(parts) >= 2:
                continue
            part = part.upper()
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts) or None


def _with_parents(name: str, parents: Any) -> str:
    """A place with the larger places an answer nests it in ("Kebon Jeruk" › city › province › country)."""
    chain = [name]
    while isinstance(parents, list) and parents and isinstance(parents[0], dict) and len(chain) < 5:
        parent = _name(parents[0])
        if parent and parent not in chain:
            chain.append(parent)
        parents = parents[0].get("parents")
    return ", ".join(chain)


def _period_word(unit: str) -> str | None:
    low = unit.lower()
    for word, period in (("hour", "hour"), ("day", "day"), ("dai", "day"), ("week", "week"), ("month", "month"),
                         ("year", "year"), ("annu", "year")):  # fmt: skip
        if word in low:
            return period
    return normalize_period(unit)


def _ats_pay(obj: dict[str, Any]) -> Pay | None:
    from monitor.extract.pay import parse_pay

    value = _first(obj, _SALARY_KEYS)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return parse_pay(value)
    if not isinstance(value, dict):
        return None
    if "@type" in value or ("value" in value and isinstance(value.get("value"), dict)):
        return _salary({"baseSalary": value})
    lo = _number(_first(value, ("min", "minValue", "minimum", "from", "low", "minAmount", "salaryMin")))
    hi = _number(_first(value, ("max", "maxValue", "maximum", "to", "high", "maxAmount", "salaryMax")))
    if lo is None and hi is None:
        summary = _first(value, ("summary", "compensationTierSummary", "text", "label", "display"))
        return parse_pay(summary) if isinstance(summary, str) else None
    lo = lo if lo is not None else hi
    hi = hi if hi is not None else lo
    assert lo is not None and hi is not None
    currency = _first(value, ("currency", "currencyCode", "currency_code"))
    unit = _first(value, ("interval", "period", "unit", "unitText", "frequency", "payPeriod"))
    return Pay(
        min=min(lo, hi),
        max=max(lo, hi),
        currency=str(currency).upper() if isinstance(currency, str) and currency.strip() else None,
        period=_period_word(unit) if isinstance(unit, str) else None,
    )


def _ats_workplace(obj: dict[str, Any]) -> str | None:
    value = _first(obj, _WORKPLACE_KEYS)
    if isinstance(value, list):
        value = value[0] if value else None
    name = _name(value)
    if name:
        low = name.lower().replace("_", "-")
        if "hybrid" in low:
            return "hybrid"
        if "remote" in low:
            return "remote"
        if re.search(r"on-?site|office|in-person", low):
            return "onsite"
    place = obj.get("location")
    for holder in (obj, place if isinstance(place, dict) else {}):
        if holder.get("hybrid") is True:
            return "hybrid"
        if holder.get("isRemote") is True or holder.get("remote") is True:
            return "remote"
    return None


def _urls(holders: list[dict[str, Any]]) -> list[str]:
    """The URLs and URL path segments an answer gives for its posting ("hostedUrl", "urlPathSegment")."""
    out: list[str] = []
    for holder in holders:
        for key, value in holder.items():
            if not isinstance(value, str) or not isinstance(key, str):
                continue
            name = _key_name(key)
            if value.startswith(("http://", "https://")) or name.endswith(
                ("url", "link", "pathsegment", "slug")
            ):
                out.append(value)
        for value in holder.values():  # {"applyMethod": {"companyApplyUrl": …}}: one level down
            if isinstance(value, dict):
                out.extend(
                    v for k, v in value.items() if isinstance(v, str) and _key_name(str(k)).endswith("url")
                )
    return out


def _company_from_evidence(url: str, holders: list[dict[str, Any]], text: str) -> str | None:
    """The employer of an answer that has no employer field: its URL's company slug as the text
    spells it, else the company the text's own sentences name, else the slug's words."""
    from monitor.extract.lead import lead_company, spelled_in, url_slugs

    slugs = [slug for u in [url, *_urls(holders)] if u for slug in url_slugs(u)]
    for slug in slugs:
        spelled = spelled_in(slug, text)
        if spelled:
            return spelled
    named = lead_company(text)
    if named:
        return named
    if slugs:
        words = re.split(r"[-_+]+", slugs[0])
        return " ".join(w[:1].upper() + w[1:] for w in words if w) or None
    return None


def _plain(html_text: str) -> str:
    """The text of an HTML fragment, a line per block."""
    text = re.sub(r"<(?:br|/p|/div|/li|/h\d|/ul|/ol)\b[^>]*>", "\n", html_text, flags=re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def read_ats_json(data: Any, url: str = "") -> StructuredPosting | None:
    """The posting in an applicant-tracking system's JSON answer, found by the keys such APIs share.

    The object chosen is the one that has both a title and a description;
    the employer may sit beside it ("hiringOrganization" next to
    "jobPostingInfo"), so the objects above it are searched too.
    """
    best: tuple[int, dict[str, Any], list[dict[str, Any]]] | None = None
    for obj, above in _candidates(data):
        title = _first(obj, _TITLE_KEYS)
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            continue
        text = sum(len(p) for p in _description_parts(obj))
        if text < 40:
            continue
        score = text - 1000 * len(above)  # the outermost posting-shaped object, then the richest
        if best is None or score > best[0]:
            best = (score, obj, above)
    if best is None:
        return None
    _, obj, above = best
    company = None
    for holder in (obj, *above):
        company = _name(_first(holder, _COMPANY_KEYS, _COMPANY_SHAPE))
        if company:
            break
    description = "\n".join(_description_parts(obj))
    if company is None:
        company = _company_from_evidence(url, [obj, *above], _plain(description))
    employment = _name(_first(obj, _EMPLOYMENT_KEYS))
    categories = obj.get("categories")
    if employment is None and isinstance(categories, dict):
        employment = _name(categories.get("commitment"))
    ident = _first(obj, _ID_KEYS)
    return StructuredPosting(
        title=_text(_first(obj, _TITLE_KEYS)),
        company=company,
        location=_ats_location(obj),
        employment_type=employment,
        pay=_ats_pay(obj),
        job_id=str(ident) if isinstance(ident, str | int) else None,
        description_html=description,
        workplace=_ats_workplace(obj),
    )
