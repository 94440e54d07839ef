"""Postings and diffs as text a person reads, and as a self-contained HTML page.

Page content is untrusted: every string that came from a page is escaped in
HTML output, so a posting that contains ``<script>`` shows it as text.
"""

from __future__ import annotations

import difflib
import html

from monitor.diff import PostingDiff, format_pay, summarize
from monitor.models import Posting

_SECTION_TITLES = {"description": "About", "responsibilities": "Responsibilities", "requirements": "Requirements",
                   "benefits": "Benefits", "compensation": "Compensation"}  # fmt: skip


def posting_text(p: Posting) -> str:
    lines = [f"  {p.title or '(no title)'}"]
    facts = [
        ("company", p.company),
        ("location", p.location + (f" ({p.workplace})" if p.workplace and p.workplace not in p.location.lower() else "")
         if p.location else None),
        ("type", p.employment_type),
        ("pay", format_pay(p.pay) if p.pay else None),
        ("job id", p.job_id),
        ("state", p.state if p.state != "open" else None),
    ]  # fmt: skip
    for label, value in facts:
        if value:
            lines.append(f"  {label + ':':<10}{value}")
    for s in p.sections:
        lines.append("")
        lines.append(f"  [{s.heading or _SECTION_TITLES.get(s.kind, s.kind)}]  ({s.kind})")
        lines.extend(f"    {para}" for para in s.paragraphs)
        lines.extend(f"    • {b}" for b in s.bullets)
    return "\n".join(lines)


def _word_diff(before: str, after: str, color: bool) -> str:
    a, b = before.split(), after.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            old = " ".join(a[i1:i2])
            out.append(f"\x1b[31m[-{old}-]\x1b[0m" if color else f"[-{old}-]")
        if j2 > j1:
            new = " ".join(b[j1:j2])
            out.append(f"\x1b[32m{{+{new}+}}\x1b[0m" if color else f"{{+{new}+}}")
    return " ".join(out)


def diff_text(before: Posting, after: Posting, d: PostingDiff, a: int, b: int, *, color: bool = False) -> str:
    lines = [f"v{a} → v{b}: {summarize(d)}"]
    if d.title:
        lines.append(f"  title:     {_word_diff(d.title[0] or '', d.title[1] or '', color)}")
    if d.location:
        lines.append(f"  location:  {_word_diff(d.location[0] or '', d.location[1] or '', color)}")
    if d.pay:
        lines.append(f"  pay:       {format_pay(d.pay[0])} → {format_pay(d.pay[1])}")
    for kind, change in d.text.items():
        lines.append(f"  {kind}:")
        lines.extend(f"    + {t}" for t in change.added)
        lines.extend(f"    - {t}" for t in change.removed)
        lines.extend(f"    ~ {_word_diff(o, n, color)}" for o, n in change.edited)
    if d.state:
        lines.append(f"  state:     {d.state[0]} → {d.state[1]}")
    return "\n".join(lines)


def _html_word_diff(before: str, after: str) -> str:
    a, b = before.split(), after.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(' '.join(b[j1:j2]))}</ins>")
    return " ".join(out)


_CSS = """body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.5rem}del{background:#fdd;text-decoration:line-through}
ins{background:#dfd;text-decoration:none}li.add{color:#070}li.rem{color:#a00}.sum{background:#f6f6f6;padding:.6rem}
table{border-collapse:collapse}td{padding:.2rem .6rem;border-bottom:1px solid #eee;vertical-align:top}"""


def diff_html(url: str, before: Posting, after: Posting, d: PostingDiff, a: int, b: int) -> str:
    """A self-contained page (inline CSS, no scripts); every page-derived string escaped."""
    e = html.escape
    rows = []
    if d.title:
        rows.append(f"<tr><td>title</td><td>{_html_word_diff(d.title[0] or '', d.title[1] or '')}</td></tr>")
    if d.location:
        rows.append(
            f"<tr><td>location</td><td>{_html_word_diff(d.location[0] or '', d.location[1] or '')}</td></tr>"
        )
    if d.pay:
        rows.append(f"<tr><td>pay</td><td><del>{e(format_pay(d.pay[0]))}</del> → "
                    f"<ins>{e(format_pay(d.pay[1]))}</ins></td></tr>")  # fmt: skip
    if d.state:
        rows.append(f"<tr><td>state</td><td>{e(d.state[0])} → {e(d.state[1])}</td></tr>")
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{e(after.title or url)} — v{a} → v{b}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(after.title or '')}</h1><p><a href='{e(url, quote=True)}' rel='noreferrer'>{e(url)}</a></p>",
        f"<p class='sum'>v{a} → v{b}: {e(summarize(d))}</p>",
    ]
    if rows:
        parts.append("<table>" + "".join(rows) + "</table>")
    for kind, change in d.text.items():
        parts.append(f"<h2>{e(kind.title())}</h2><ul>")
        parts.extend(f"<li class='add'>added: {e(t)}</li>" for t in change.added)
        parts.extend(f"<li class='rem'>removed: <del>{e(t)}</del></li>" for t in change.removed)
        parts.extend(f"<li>changed: {_html_word_diff(o, n)}</li>" for o, n in change.edited)
        parts.append("</ul>")
    if not d.material:
        parts.append("<p>No material change between these versions.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
