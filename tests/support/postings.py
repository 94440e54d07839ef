"""A posting page generator for tests: one realistic page, with knobs for noise and for real edits."""

from __future__ import annotations

import html
import secrets


def posting_page(
    *,
    title: str = "Senior Data Engineer",
    company: str = "Acme Analytics",
    location: str = "Austin, TX",
    pay: str = "$140,000 - $175,000 per year",
    duties: tuple[str, ...] = (
        "Design batch and streaming pipelines",
        "Own data quality for the billing domain",
    ),
    requirements: tuple[str, ...] = (
        "3+ years of experience with Spark",
        "Strong SQL",
        "Experience with Airflow",
    ),
    days_ago: int = 3,
    applicants: int = 41,
    noise: str | None = None,
) -> str:
    """A board-like page; ``days_ago``, ``applicants`` and ``noise`` vary without changing the posting."""
    e = html.escape
    token = noise if noise is not None else secrets.token_hex(8)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{e(title)} - {e(company)}</title>
<meta name="csrf-token" content="{token}"><script>window.rid="{token}"</script></head><body>
<nav><a href="/">Home</a> <a href="/jobs">All jobs</a></nav>
<h1>{e(title)}</h1>
<div class="top">{e(company)} · {e(location)} · {days_ago} days ago · {applicants} applicants</div>
<h2>About us</h2><p>{e(company)} builds analytics for retailers.</p>
<h2>Responsibilities</h2><ul>{"".join(f"<li>{e(d)}</li>" for d in duties)}</ul>
<h2>Qualifications</h2><ul>{"".join(f"<li>{e(r)}</li>" for r in requirements)}</ul>
<h2>Compensation</h2><p>The salary range is {e(pay)}.</p>
<section class="similar-jobs"><h3>Similar jobs</h3><ul><li><a href="/j/{token}">Analyst</a></li></ul></section>
<footer>© 2026 Board · build {token}</footer></body></html>"""
