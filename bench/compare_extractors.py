#!/usr/bin/env python3
"""Compare main-content extractors on a labelled corpus of job-posting versions.

A one-off benchmark, not part of the monitor: nothing in ``monitor/`` or ``tests/``
imports it, and its extra packages are never installed into the project's venv.

Environment (a throwaway venv of its own)::

    python3 -m venv /tmp/cmpvenv
    /tmp/cmpvenv/bin/pip install -U pip      # pip 23.2 trips over lxml[html-clean] extras
    /tmp/cmpvenv/bin/pip install trafilatura readability-lxml selectolax lxml \
        apscheduler httpx diff-match-patch sqlite-utils apprise click rich
    /tmp/cmpvenv/bin/pip install -e /path/to/posting-monitor --no-deps

Run::

    /tmp/cmpvenv/bin/python bench/compare_extractors.py /work/shared/corpus/dev \
        --json bench/out/extractors.json [--examples]

Extractors compared (each turns one page's HTML into plain text):

* ``ours``         monitor.extract.read_page: title + every section's paragraphs and bullets
* ``trafilatura``  trafilatura.extract(html, favor_precision=True, include_comments=False,
                   include_tables=True)
* ``readability``  readability.Document(html).summary(), then its text via lxml

Measures (only pages fetched with HTTP 200 are read):

1. bullet recall   of the list items inside the posting's description in the raw HTML (``<li>`` and
                   glyph-led lines such as ``&bull; …<br>``, leaving out items under nav, header,
                   footer, aside, forms, hidden elements and "similar / people also viewed" lists),
                   the fraction found in the extractor's text (case-, punctuation-, space-insensitive)
2. leakage         fraction of non-empty outputs carrying known-volatile page furniture: relative
                   ages, activity counters, recommendation-list titles, cookie-banner text,
                   csrf/nonce/session/build tokens taken from the same page
3. stability       on noise-only cases (``expect`` empty, flow ``volatile``): fraction of consecutive
                   200→200 versions whose white-space-normalised text is identical
   stability-all   the same over every consecutive 200→200 pair outside an expected alert's window, in
                   any case, where both pages are postings (hold description items: a maintenance or
                   empty page differs for every extractor)
4. sensitivity     on cases whose flow starts with m:req / m:resp / m:years / m:about: fraction of
                   material steps (the steps in ``expect`` windows) whose text differs from the
                   previous version's; the JSON also counts the steps whose diff has a line free of
                   furniture (the edit itself, not a counter that happened to move)
5. ms/page         median wall time of parse + extract, best of ``--repeat`` runs per page
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

# --------------------------------------------------------------------------------------------
# Extractors


def extract_ours(html: str) -> str:
    from monitor.extract import read_page

    posting = read_page(html).posting
    parts: list[str] = [posting.title or ""]
    for section in posting.sections:
        parts.extend(section.paragraphs)
        parts.extend(section.bullets)
    return "\n".join(p for p in parts if p)


def extract_trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, favor_precision=True, include_comments=False, include_tables=True) or ""


def extract_trafilatura_default(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


def extract_readability(html: str) -> str:
    from readability import Document

    summary = Document(html).summary()
    if not summary.strip():
        return ""
    return html_text(lxml.html.fromstring(summary))


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "ours": extract_ours,
    "trafilatura": extract_trafilatura,
    "readability": extract_readability,
}
EXTRA_EXTRACTORS: dict[str, Callable[[str], str]] = {
    "trafilatura-default": extract_trafilatura_default,
}

# --------------------------------------------------------------------------------------------
# Text helpers

_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link"}


def html_text(node: Any) -> str:
    """Visible text of an lxml element, one line per block element."""
    out: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            if el.tail:
                out.append(el.tail)
            return
        if tag in _BLOCK:
            out.append("\n")
        if el.text and tag not in _SKIP:
            out.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    walk(node)
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)


def ws_norm(text: str) -> str:
    """White-space-normalised text: the form compared for stability and sensitivity."""
    return re.sub(r"\s+", " ", text).strip()


def match_norm(text: str) -> str:
    """Loose form for "does this item appear in that text": case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\W_]+", " ", text)
    return f" {text.strip()} "


# --------------------------------------------------------------------------------------------
# Approximate ground truth from the raw HTML

_RECS = re.compile(
    r"(?:similar|related|recommended|other|more|suggested|open)\s+(?:jobs|roles|positions|openings|postings)"
    r"|people\s+(?:also|who)\s+(?:viewed|applied)|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be interested)",
    re.I,
)
_FURNITURE_WORD = re.compile(
    r"^(?:nav|navbar|menu|footer|cookies?|consent|recs|recommendations?|similar|related|also-?viewed|"
    r"sidebar|share|social|breadcrumbs?)$",
    re.I,
)
_GLYPH = re.compile(r"^\s*[•●◦▪▫■‣⁃∙·*–—-]\s+(.+)$")
_EXCLUDED_TAGS = {"nav", "footer", "aside", "header", "form", "button", "select", "dialog"}


def _is_furniture_el(el: Any) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag in _EXCLUDED_TAGS:
        return True
    if "hidden" in el.attrib or el.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none", el.get("style") or "", re.I):
        return True
    words = re.split(r"[\s_]+", f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}")
    return any(_FURNITURE_WORD.match(w) or any(_FURNITURE_WORD.match(p) for p in w.split("-")) for w in words)


def _recs_regions(root: Any) -> list[Any]:
    """Elements holding a "similar jobs" list: a recs heading's parent when it leads it, else its siblings."""
    regions: list[Any] = []
    for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b"):
        if not _RECS.search(h.text_content() or ""):
            continue
        parent = h.getparent()
        if parent is not None and parent.index(h) == 0 and not (parent.text or "").strip():
            regions.append(parent)
        else:
            sib = h.getnext()
            while sib is not None and not (isinstance(sib.tag, str) and re.fullmatch(r"h[1-6]", sib.tag)):
                regions.append(sib)
                sib = sib.getnext()
    return regions


def _under(el: Any, excluded: set[Any]) -> bool:
    node = el
    while node is not None:
        if node in excluded or _is_furniture_el(node):
            return True
        node = node.getparent()
    return False


def description_items(html: str) -> list[str]:
    """The bullet texts of the posting's description, as the raw HTML shows them (approximate)."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    excluded = set(_recs_regions(root))
    items: list[str] = []
    for li in root.iter("li"):
        if _under(li, excluded):
            continue
        # the item's own text, without a nested list's items (those are items of their own)
        own = li.text or ""
        for child in li:
            if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
                own += " " + (child.tail or "")
                continue
            own += child.text_content() + (child.tail or "")
        items.append(own)
    # glyph-led lines inside paragraphs ("&bull; Build X<br>&bull; Run Y")
    for el in root.iter("p", "div", "td", "span"):
        if _under(el, excluded) or el.find(".//br") is None:
            continue
        for line in html_text(el).split("\n"):
            m = _GLYPH.match(line)
            if m:
                items.append(m.group(1))
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = match_norm(item)
        if key.strip() and key not in seen:
            seen.add(key)
            out.append(re.sub(r"\s+", " ", item).strip())
    return out


# --------------------------------------------------------------------------------------------
# Furniture: patterns that must never reach the text a monitor compares

_LEAK_PATTERNS: dict[str, re.Pattern[str]] = {
    "age": re.compile(
        r"\b(?:\d+\+?|an?|one)\s*(?:s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|"
        r"months?)\s+ago\b|\bjust now\b|\b(?:employer|recruiter)\s+active\b|\bposted\s+(?:today|yesterday)\b",
        re.I,
    ),
    "counter": re.compile(
        r"\b\d[\d,.]*\+?\s*(?:applicants?|views?|clicks?|people\s+(?:clicked|applied|viewed))\b"
        r"|\bresponded\s+to\s+\d+\s*%|\bamong the first \d+",
        re.I,
    ),
    "recs": _RECS,
    "cookie": re.compile(
        r"\bwe use cookies\b|\baccept all\b|\bmanage preferences\b|\bcookie (?:policy|settings)\b", re.I
    ),
    "token": re.compile(
        r"\bsession\s+(?=[a-z]*\d)[0-9a-z]{8,}\b|\bbuild\s+(?=[a-z]*\d)[a-z0-9]{8,}\b|\bcsrf\b|\bnonce\b"
        r"|\b__STATE__\b",
        re.I,
    ),
}


def page_tokens(html: str) -> list[str]:
    """Opaque per-visit tokens the raw page carries (csrf, nonce, request/session ids, utm tags, build ids)."""
    pats = [
        r"csrf-token'?\"?\s+content=['\"]([^'\"]{6,})",
        r"nonce=['\"]([^'\"]{6,})",
        r"\"rid\":\s*\"([^\"]{6,})",
        r"[?&](?:amp;)?(?:utm|s)=([A-Za-z0-9]{6,})",
        r"\bsession\s+((?=[a-z]*\d)[0-9a-z]{8,})",
        r"\bBuild\s+((?=[A-Za-z]*\d)[A-Za-z0-9]{8,})",
        r"/static/app\.([A-Za-z0-9]{6,})\.",
    ]
    toks: set[str] = set()
    for p in pats:
        toks.update(re.findall(p, html))
    return sorted(toks)


def recs_titles(html: str) -> list[str]:
    """Texts of the recommendation-list entries of the raw page ("Data Engineer Snap · New York, NY")."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    out: list[str] = []
    for region in _recs_regions(root):
        for el in region.iter("li", "div"):
            if el.find(".//a") is not None and len(el) <= 3:
                text = re.sub(r"\s+", " ", el.text_content()).strip()
                if text:
                    out.append(text)
    return out


def leaks(text: str, html: str) -> list[str]:
    found = [name for name, pat in _LEAK_PATTERNS.items() if pat.search(text)]
    norm = match_norm(text)
    if "recs" not in found and any(match_norm(t) in norm for t in recs_titles(html)):
        found.append("recs")
    if "token" not in found and any(tok in text for tok in page_tokens(html)):
        found.append("token")
    return found


# --------------------------------------------------------------------------------------------
# Corpus walk


@dataclass
class Page:
    case: str
    template: str
    flow: str
    step: int
    status: int
    html: str


@dataclass
class Case:
    name: str
    template: str
    flow: str
    expect: list[dict[str, Any]]
    pages: list[Page] = field(default_factory=list)


def load_corpus(path: Path) -> list[Case]:
    data = json.loads((path / "cases.json").read_text(encoding="utf-8"))
    cases: list[Case] = []
    for c in data["cases"]:
        case = Case(c["case"], c.get("template", "?"), c.get("flow", ""), c.get("expect") or [])
        for i, step in enumerate(c["steps"]):
            f = path / step["file"] if step.get("file") else None  # redirects carry no body
            html = f.read_text(encoding="utf-8", errors="replace") if f and f.exists() else ""
            case.pages.append(
                Page(case.name, case.template, case.flow, i, int(step.get("status", 200)), html)
            )
        cases.append(case)
    return cases


_SENSITIVE_FLOWS = ("m:req", "m:resp", "m:years", "m:about")


def material_steps(case: Case) -> set[int]:
    steps: set[int] = set()
    for e in case.expect:
        lo, hi = e["window"]
        steps.update(range(int(lo), int(hi) + 1))
    return steps


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def evaluate(name: str, fn: Callable[[str], str], cases: list[Case], repeat: int) -> dict[str, Any]:
    texts: dict[tuple[str, int], str] = {}
    times: list[float] = []
    errors: list[str] = []
    for case in cases:
        for page in case.pages:
            if page.status != 200:
                continue
            best = float("inf")
            text = ""
            for _ in range(repeat):
                t0 = time.perf_counter()
                try:
                    text = fn(page.html)
                except Exception as exc:  # an extractor crashing on a page is a result, not a bench bug
                    text = ""
                    err = f"{case.name}/{page.step}: {type(exc).__name__}: {exc}"
                    if err not in errors:
                        errors.append(err)
                best = min(best, time.perf_counter() - t0)
            times.append(best * 1000)
            texts[(case.name, page.step)] = text

    # 1. bullet recall
    gt_items = {
        (p.case, p.step): description_items(p.html) for c in cases for p in c.pages if p.status == 200
    }
    found = total = 0
    misses: list[dict[str, Any]] = []
    per_template: dict[str, list[int]] = {}
    for case in cases:
        for page in case.pages:
            key = (case.name, page.step)
            if key not in texts:
                continue
            items = gt_items[key]
            norm = match_norm(texts[key])
            for item in items:
                hit = match_norm(item) in norm
                found += hit
                total += 1
                acc = per_template.setdefault(case.template, [0, 0])
                acc[0] += hit
                acc[1] += 1
                if not hit:
                    misses.append({"page": f"{case.name}/{page.step}", "item": item})

    # 2. leakage
    leaked = nonempty = empty = 0
    by_kind: dict[str, int] = {}
    leak_examples: list[dict[str, Any]] = []
    html_of = {(p.case, p.step): p.html for c in cases for p in c.pages}
    for key, text in texts.items():
        if not text.strip():
            empty += 1
            continue
        nonempty += 1
        kinds = leaks(text, html_of[key])
        if kinds:
            leaked += 1
            for k in kinds:
                by_kind[k] = by_kind.get(k, 0) + 1
            leak_examples.append({"page": f"{key[0]}/{key[1]}", "kinds": kinds})

    # 3. stability, 4. sensitivity
    def pairs(case: Case) -> Iterable[tuple[int, str, str]]:
        for a, b in zip(case.pages, case.pages[1:], strict=False):
            ka, kb = (case.name, a.step), (case.name, b.step)
            if ka in texts and kb in texts:
                yield b.step, texts[ka], texts[kb]

    def both_postings(case: Case, step: int) -> bool:
        # maintenance / empty / soft-404 pages carry no description: every extractor "changes" there
        return bool(gt_items.get((case.name, step - 1))) and bool(gt_items.get((case.name, step)))

    stable = stable_n = stable_all = stable_all_n = 0
    unstable: list[dict[str, Any]] = []
    unstable_all: list[dict[str, Any]] = []
    for case in cases:
        mat = material_steps(case)
        noise_case = not case.expect and case.flow == "volatile"
        for step, prev, cur in pairs(case):
            same = ws_norm(prev) == ws_norm(cur)
            if noise_case:
                stable_n += 1
                stable += same
                if not same:
                    unstable.append(
                        {"pair": f"{case.name}/{step - 1}->{step}", "diff": _short_diff(prev, cur)}
                    )
            if step not in mat and both_postings(case, step):
                stable_all_n += 1
                stable_all += same
                if not same and not noise_case:
                    unstable_all.append(
                        {"pair": f"{case.name}/{step - 1}->{step}", "diff": _short_diff(prev, cur)}
                    )
    sens = sens_n = sens_clean = 0
    blind: list[str] = []
    for case in cases:
        if not case.flow.startswith(_SENSITIVE_FLOWS):
            continue
        mat = material_steps(case)
        for step, prev, cur in pairs(case):
            if step in mat:
                sens_n += 1
                changed = ws_norm(prev) != ws_norm(cur)
                sens += changed
                # the change shows in a line that is not furniture (the edit itself, not a counter)
                sens_clean += changed and any(
                    not leaks(line[1:], "") for line in _short_diff(prev, cur, limit=1000)
                )
                if not changed:
                    blind.append(f"{case.name}/{step - 1}->{step}")

    return {
        "extractor": name,
        "pages": len(texts),
        "empty_outputs": empty,
        "errors": errors,
        "bullet_recall": _ratio(found, total),
        "bullets": [found, total],
        "bullet_recall_by_template": {t: _ratio(a, n) for t, (a, n) in sorted(per_template.items())},
        "bullet_misses": misses,
        "leakage": _ratio(leaked, nonempty),
        "leaked_outputs": [leaked, nonempty],
        "leakage_by_kind": dict(sorted(by_kind.items())),
        "leak_examples": leak_examples,
        "stability": _ratio(stable, stable_n),
        "stable_pairs": [stable, stable_n],
        "stability_all_unlabelled": _ratio(stable_all, stable_all_n),
        "stable_all_pairs": [stable_all, stable_all_n],
        "unstable_examples": unstable,
        "unstable_unlabelled_examples": unstable_all,
        "sensitivity": _ratio(sens, sens_n),
        "sensitive_steps": [sens, sens_n],
        "sensitive_steps_non_furniture": [sens_clean, sens_n],
        "missed_material_steps": blind,
        "ms_per_page_median": round(statistics.median(times), 3) if times else None,
        "ms_per_page_p90": round(sorted(times)[int(0.9 * (len(times) - 1))], 3) if times else None,
        "texts": {f"{k[0]}/{k[1]}": v for k, v in texts.items()},
    }


def _short_diff(a: str, b: str, limit: int = 6) -> list[str]:
    lines = [
        line
        for line in difflib.unified_diff(a.split("\n"), b.split("\n"), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    if not lines and a != b:
        lines = ["(white space only)"]
    return [line[:160] for line in lines[:limit]]


# --------------------------------------------------------------------------------------------
# Probes: small edits of corpus pages in memory, for layouts the dev corpus does not show


@dataclass
class Probe:
    name: str
    html: str
    keep: list[str]  # posting text that should be in the output
    drop: list[str]  # furniture that should not


def _first_page(cases: list[Case], *markers: str) -> str | None:
    for case in cases:
        for page in case.pages:
            if page.status == 200 and all(m in page.html for m in markers):
                return page.html
    return None


def make_probes(cases: list[Case]) -> list[Probe]:
    probes: list[Probe] = []
    # 1. two-column layout: the description comes before the title card in the DOM
    html = _first_page(cases, "class='top-card", "class='description")
    m = re.search(r"(<div class='top-card.*?</div>)(<div class='description.*?</div>)", html or "", re.S)
    if html and m:
        items = description_items(html)[:2]
        probes.append(Probe("description before the title card", html.replace(m[0], m[2] + m[1]), items, []))
    # 2. bullets whose wording looks like counters or ratings
    html = _first_page(cases, "<ul><li>")
    if html:
        extra = ["Screen 50+ candidates per week", "Hybrid: 3/5 days in the office",
                 "Review 200 applications per month", "Grow our channel to 10,000 followers"]  # fmt: skip
        edited = html.replace("<ul><li>", "<ul>" + "".join(f"<li>{t}</li>" for t in extra) + "<li>", 1)
        if all(match_norm(t) in {match_norm(i) for i in description_items(edited)} for t in extra):
            probes.append(Probe("bullets worded like counters/ratings", edited, extra, []))
    # 3. short intro lines right after the title, then a heading that names no section kind
    html = _first_page(cases, "<h3>", "class='posting-headline")
    if html:
        intro = ["We are hiring in Toronto.", "Start date: January 2027."]
        edited = re.sub(r"<h3>[^<]*</h3>", "".join(f"<p>{t}</p>" for t in intro) + "<h3>The opportunity</h3>",
                        html, count=1)  # fmt: skip
        probes.append(Probe("short lines after the title", edited, intro, []))
    # 4. cookie banner at the end of the body, with a class that names nothing
    html = _first_page(cases, "</body>")
    if html and "We use cookies" not in html:
        banner = "We use cookies to personalise content and analyse traffic."
        edited = html.replace("</body>", f"<div class='x1'>{banner} <button>Accept all</button></div></body>")
        probes.append(Probe("cookie banner at the end, neutral class", edited, [], [banner]))
    # 5. a similar-jobs list under a heading worded outside the usual phrases
    html = _first_page(cases, "<h2>People also viewed</h2>")
    if html:
        titles = recs_titles(html)[:2]
        edited = html.replace("<h2>People also viewed</h2>", "<h2>More like this</h2>")
        probes.append(Probe('similar-jobs list headed "More like this"', edited, [], titles))
    return probes


def run_probes(extractors: dict[str, Callable[[str], str]], probes: list[Probe]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for probe in probes:
        row: dict[str, Any] = {"probe": probe.name, "keep": probe.keep, "drop": probe.drop}
        for name, fn in extractors.items():
            try:
                norm = match_norm(fn(probe.html))
            except Exception:
                norm = ""
            kept = sum(match_norm(t) in norm for t in probe.keep)
            leaked = sum(match_norm(t) in norm for t in probe.drop)
            row[name] = {"kept": kept, "leaked": leaked, "ok": kept == len(probe.keep) and leaked == 0}
        out.append(row)
    return out


def probe_table(rows: list[dict[str, Any]], names: list[str]) -> str:
    lines = ["| probe | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for row in rows:
        cells = []
        for n in names:
            r = row[n]
            if row["keep"]:
                cells.append(f"{'ok' if r['ok'] else 'FAIL'} (kept {r['kept']}/{len(row['keep'])})")
            else:
                cells.append(f"{'ok' if r['ok'] else 'FAIL'} (leaked {r['leaked']}/{len(row['drop'])})")
        lines.append(f"| {row['probe']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Report


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "| extractor | bullet recall | leakage | stability (volatile) | stability (all unlabelled) "
        "| sensitivity | empty outputs | ms/page (median) |"
    )
    rows = [head, "|" + "---|" * 8]
    for r in results:
        b, lk, st, sa, se = (r["bullets"], r["leaked_outputs"], r["stable_pairs"], r["stable_all_pairs"],
                             r["sensitive_steps"])  # fmt: skip
        rows.append(
            f"| {r['extractor']} | {_pct(r['bullet_recall'])} ({b[0]}/{b[1]}) "
            f"| {_pct(r['leakage'])} ({lk[0]}/{lk[1]}) "
            f"| {_pct(r['stability'])} ({st[0]}/{st[1]}) "
            f"| {_pct(r['stability_all_unlabelled'])} ({sa[0]}/{sa[1]}) "
            f"| {_pct(r['sensitivity'])} ({se[0]}/{se[1]}) "
            f"| {r['empty_outputs']}/{r['pages']} | {r['ms_per_page_median']} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="corpus directory holding cases.json")
    ap.add_argument("--json", type=Path, help="write the full results (with every text) here")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per page (best is kept)")
    ap.add_argument("--extra", action="store_true", help="also run trafilatura with its default settings")
    ap.add_argument("--examples", action="store_true", help="print misses, leaks and unstable pairs")
    ap.add_argument(
        "--probes", action="store_true", help="also run edited copies of corpus pages (in memory)"
    )
    args = ap.parse_args(argv)

    if not (args.corpus / "cases.json").is_file():
        ap.error(f"{args.corpus}/cases.json not found")
    cases = load_corpus(args.corpus)
    logging.getLogger("readability").setLevel(logging.CRITICAL)  # it logs a traceback per empty page
    extractors = dict(EXTRACTORS)
    if args.extra:
        extractors.update(EXTRA_EXTRACTORS)
    warm = next(p.html for c in cases for p in c.pages if p.status == 200)
    for fn in extractors.values():
        fn(warm)  # imports and caches outside the timings

    results = [evaluate(name, fn, cases, max(1, args.repeat)) for name, fn in extractors.items()]
    print(
        f"corpus: {args.corpus} — {len(cases)} cases, {sum(r['pages'] for r in results[:1])} pages read (HTTP 200)"
    )
    print(table(results))
    print()
    for r in results:
        print(f"{r['extractor']}: recall by template {r['bullet_recall_by_template']}; "
              f"leaks by kind {r['leakage_by_kind']}; p90 {r['ms_per_page_p90']} ms; errors {len(r['errors'])}")  # fmt: skip
    if args.examples:
        for r in results:
            print(f"\n=== {r['extractor']}")
            for m in r["bullet_misses"][:8]:
                print(f"  missed bullet  {m['page']}: {m['item'][:100]}")
            for e in r["leak_examples"][:8]:
                print(f"  leak           {e['page']}: {e['kinds']}")
            for u in r["unstable_examples"][:6]:
                print(f"  unstable       {u['pair']}: {u['diff']}")
            for u in r["unstable_unlabelled_examples"][:6]:
                print(f"  unstable (m:*) {u['pair']}: {u['diff']}")
            for b in r["missed_material_steps"]:
                print(f"  blind          {b}")
            for err in r["errors"][:5]:
                print(f"  error          {err}")
    probe_rows: list[dict[str, Any]] = []
    if args.probes:
        probe_rows = run_probes(extractors, make_probes(cases))
        print("\nprobes (edited copies of corpus pages):")
        print(probe_table(probe_rows, list(extractors)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        summary = {
            "corpus": str(args.corpus),
            "cases": len(cases),
            "results": results,
            "probes": probe_rows,
        }
        args.json.write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
