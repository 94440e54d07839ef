"""schema.org JobPosting from JSON-LD and microdata.

Structured data is the most reliable source when a board provides it, but it
is often sloppy: raw newlines inside strings, HTML-escaped or CDATA-wrapped
scripts, trailing commas, a JobPosting buried in ``@graph`` or a list. Each of
those is repaired here rather than dropped.
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


def _loads_lenient(raw: str) -> Any:
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
            if part and not any(part.casefold() in p.casefold() for p in parts):
                parts.append(part)
        if parts:
            names.append(", ".join(parts))
        elif _text(place.get("name")):
            names.append(str(_text(place.get("name"))))
    location = "; ".join(dict.fromkeys(names)) or None
    if remote:
        req = _text(posting.get("applicantLocationRequirements"))
        location = f"Remote - {req}" if req and not location else (location and f"Remote, {location}") or "Remote"
    return location, remote


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
    return Pay(min=lo, max=hi, currency=cur, period=normalize_period(str(unit)) if unit else None)


def _from_jsonld(obj: dict[str, Any]) -> StructuredPosting:
    location, remote = _location(obj)
    ident = obj.get("identifier")
    job_id = _text(ident.get("value") if isinstance(ident, dict) else ident)
    emp = obj.get("employmentType")
    return StructuredPosting(
        title=_text(obj.get("title") or obj.get("name")),
        company=_text(obj.get("hiringOrganization")),
        location=location,
        remote=remote,
        employment_type=_text(emp),
        pay=_salary(obj),
        job_id=job_id,
        description_html=obj.get("description") if isinstance(obj.get("description"), str) else None,
        valid_through=_text(obj.get("validThrough")),
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
        parts = [p for p in (prop(k, loc_node) for k in ("addressLocality", "addressRegion", "addressCountry")) if p]
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
            pay = Pay(min=min(lo, hi), max=max(lo, hi), currency=cur.upper() if cur else None,
                      period=normalize_period(unit) if unit else None)
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
        data = _loads_lenient(script.text(deep=True) or "")
        for obj in _walk(data):
            if _is_job_posting(obj):
                return _from_jsonld(obj)
    return _microdata(tree)
