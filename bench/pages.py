"""Synthetic job-board pages for the benchmark: deterministic, realistic in size and furniture.

A :class:`Job` is the ground truth of one posting (title, company, place, pay,
sections). :func:`render` turns a job into the HTML a board would serve at one
*epoch* (one visit): the posting sits in the middle of 20–160 KB of inline
scripts, styles, navigation, cookie banners, sign-in modals, "similar jobs"
lists, CSRF tokens, nonces, relative ages and applicant counters. Everything
volatile is derived from (seed, job id, epoch), so the same epoch renders the
same bytes and the next epoch renders different furniture around an unchanged
posting.

Four board styles are modelled on the markup of common boards (not copied):

* ``gh``   – ATS-hosted page (Greenhouse-like): JSON-LD, ``<strong>`` pseudo-headings, 20–50 KB
* ``lv``   – ATS-hosted page (Lever-like): ``h3`` section headings, no JSON-LD, 25–70 KB
* ``wd``   – corporate career site (Workday-like): SPA shell with a big state blob, bold
  headings, "Posted 3 Days Ago", no JSON-LD, 60–120 KB
* ``li``   – aggregator (LinkedIn-like): ``<br>``-separated description, top card with age
  and applicant count, similar-jobs and people-also-viewed lists, JSON-LD, 100–160 KB

Material changes for the third pass are applied to the ground truth
(:func:`apply_change`): a pay raise (visible text and JSON-LD) or one added
qualification.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import random
import zlib
from dataclasses import dataclass, field, replace

STYLES = ("gh", "lv", "wd", "li")
SIZE_RANGE = {
    "gh": (20_000, 50_000),
    "lv": (25_000, 70_000),
    "wd": (60_000, 120_000),
    "li": (100_000, 160_000),
}
BOARD_NAME = {"gh": "Greenhouse-like", "lv": "Lever-like", "wd": "Workday-like", "li": "LinkedIn-like"}

_LEVELS = ["", "", "Senior ", "Senior ", "Staff ", "Lead ", "Principal ", "Junior "]
_ROLES = [
    ("Software Engineer", "Engineering"), ("Data Engineer", "Data"), ("Machine Learning Engineer", "AI"),
    ("Product Manager", "Product"), ("Product Designer", "Design"), ("Site Reliability Engineer", "Infrastructure"),
    ("Backend Engineer", "Engineering"), ("Frontend Engineer", "Engineering"), ("Data Scientist", "Data"),
    ("Security Engineer", "Security"), ("Engineering Manager", "Engineering"), ("Technical Writer", "Docs"),
    ("Solutions Architect", "Sales"), ("DevOps Engineer", "Infrastructure"), ("QA Engineer", "Quality"),
    ("iOS Engineer", "Mobile"), ("Analytics Engineer", "Data"), ("Customer Success Manager", "Customer Success"),
    ("Account Executive", "Sales"), ("Technical Recruiter", "People"),
]  # fmt: skip
_TEAMS = ["Payments", "Platform", "Growth", "Identity", "Search", "Billing", "Core Infrastructure", "Checkout",
          "Risk", "Developer Experience", "Marketplace", "Observability", "Mobile", "Data Platform"]  # fmt: skip
_CO_A = ["Northwind", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Cyberdyne", "Soylent", "Tyrell",
         "Aperture", "Pied Piper", "Monarch", "Wonka", "Stark", "Wayne", "Oscorp", "Gringotts", "Bluth", "Dunmore",
         "Sterling", "Prestige", "Nakatomi", "Zorin", "Duff", "Krusty", "Acme", "Ollivander", "Massive Dynamic"]  # fmt: skip
_CO_B = ["Labs", "Systems", "Health", "Robotics", "Analytics", "Bank", "Energy", "Software", "Logistics",
         "Biosciences", "Media", "Insurance", "Networks", "Foods", "Mobility", "Capital"]  # fmt: skip
#: (location, currency, annual scale vs. USD)
_PLACES = [
    ("San Francisco, CA", "USD", 1.15), ("New York, NY", "USD", 1.1), ("Seattle, WA", "USD", 1.05),
    ("Austin, TX", "USD", 0.95), ("Boston, MA", "USD", 1.0), ("Denver, CO", "USD", 0.95),
    ("Chicago, IL", "USD", 0.95), ("Remote - US", "USD", 0.95), ("Atlanta, GA", "USD", 0.9),
    ("Toronto, ON", "CAD", 1.1), ("Vancouver, BC", "CAD", 1.1), ("London, United Kingdom", "GBP", 0.6),
    ("Berlin, Germany", "EUR", 0.6), ("Amsterdam, Netherlands", "EUR", 0.65), ("Dublin, Ireland", "EUR", 0.65),
]  # fmt: skip

_ABOUT = [
    "The {team} team builds the systems that {company} customers rely on every day.",
    "We are a small, senior group that owns {team} end to end, from design documents to on-call.",
    "Our work sits at the center of {company}: every order, refund and payout passes through {team}.",
    "In the last year the team shipped a new ledger, cut page latency in half and grew to nine people.",
    "We value clear writing, small pull requests and shipping to production several times a day.",
    "You will join a distributed team spread across three time zones with a few core hours of overlap.",
    "{company} was founded in 2014 and now serves more than four thousand businesses in thirty countries.",
    "The team partners closely with product, design and customer support to decide what to build next.",
    "We run a modern stack and care about reliability, observability and a calm on-call rotation.",
    "This role reports to the head of {team} and works with a product manager and a designer.",
]
_RESP = [
    "Design, build and operate services that process millions of requests per day",
    "Own features end to end, from the first design document to monitoring in production",
    "Review code and mentor other engineers on the team",
    "Work with product managers to turn customer problems into clear technical plans",
    "Improve the reliability and latency of our core APIs",
    "Write and maintain documentation for internal and external developers",
    "Take part in a weekly on-call rotation shared across the team",
    "Lead technical projects that span several teams",
    "Build data pipelines that feed reporting and machine learning models",
    "Run experiments and analyse their results with the growth team",
    "Migrate legacy services to our new event-driven platform",
    "Set the technical direction for {team} together with the engineering manager",
    "Partner with security to keep customer data safe",
    "Help hire and onboard new members of the team",
    "Profile and optimise database queries on our busiest tables",
    "Create dashboards and alerts that tell us when something goes wrong",
    "Contribute to architecture reviews and incident post-mortems",
    "Automate the build, test and release pipeline",
    "Talk to customers to understand how they use {team}",
    "Keep our infrastructure costs under control as usage grows",
]
_QUAL = [
    "{years}+ years of professional software development experience",
    "Strong experience with Python, Go or Java",
    "Experience designing and operating distributed systems",
    "Solid knowledge of SQL and relational databases such as PostgreSQL",
    "Familiarity with cloud platforms such as AWS or GCP",
    "Excellent written and verbal communication skills",
    "Experience with containers and Kubernetes",
    "A track record of shipping products that customers love",
    "Comfort working in a fast-moving environment with some ambiguity",
    "Bachelor's degree in Computer Science or equivalent practical experience",
    "Experience with event streaming systems such as Kafka",
    "Understanding of web security fundamentals",
    "Experience mentoring engineers and leading projects",
    "Knowledge of React and modern TypeScript",
    "Experience building data pipelines with Airflow or dbt",
    "Ability to debug production issues across the stack",
    "Experience with payments, billing or financial systems",
    "Strong product sense and attention to detail",
    "Experience with infrastructure as code using Terraform",
    "Familiarity with statistics and experiment design",
]
#: Requirements added by a material change (never used at first).
_NEW_QUAL = [
    "Active security clearance or the ability to obtain one",
    "Fluency in German in addition to English",
    "Willingness to travel to customer sites up to 30% of the time",
    "Experience with Rust in production systems",
    "A Master's degree in Statistics or a related field",
    "Hands-on experience with GPU programming and CUDA",
    "Certified Kubernetes Administrator certification",
    "Experience working in a regulated healthcare environment",
]
_BENEFITS = [
    "Comprehensive medical, dental and vision insurance",
    "401(k) plan with a 4% company match",
    "Flexible working hours and a remote-friendly culture",
    "Generous parental leave",
    "A yearly learning and development budget",
    "Home office stipend",
    "Twenty-five days of paid time off plus public holidays",
    "Equity in a fast-growing company",
]
_EEO = (
    "{company} is an equal opportunity employer. We welcome applicants of every background and do not "
    "discriminate on the basis of race, religion, colour, national origin, gender, sexual orientation, age, "
    "marital status, veteran status or disability status."
)
_RECS_WORDS = ["Engineer", "Manager", "Analyst", "Designer", "Scientist", "Specialist", "Lead", "Architect"]


@dataclass
class PayInfo:
    min: int
    max: int
    currency: str
    period: str  # "year" | "hour"
    form: int  # which sentence shape


@dataclass
class Job:
    id: int
    host: int  # 0-based host index
    style: str
    title: str
    company: str
    location: str
    team: str
    employment: str
    pay: PayInfo
    about: list[str]
    responsibilities: list[str]
    qualifications: list[str]
    benefits: list[str]
    age_hours: int  # how old the posting is at epoch 1
    size: int  # target page size in bytes
    requisition: str
    changed: str | None = None  # None | "pay" | "requirements"
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"/jobs/{self.id}"


def _fmt_money(amount: int, currency: str) -> str:
    return f"{amount:,}"


def pay_sentence(p: PayInfo) -> str:
    """The pay statement as the page prints it."""
    if p.period == "hour":
        forms = [
            f"The hourly pay range for this role is ${p.min} - ${p.max} per hour.",
            f"Pay: ${p.min}.00 - ${p.max}.00 per hour",
            f"This is an hourly position paying between ${p.min} and ${p.max} per hour.",
        ]
        return forms[p.form % len(forms)]
    lo, hi = _fmt_money(p.min, p.currency), _fmt_money(p.max, p.currency)
    if p.currency == "USD":
        forms = [
            f"The base pay range for this role is ${lo} - ${hi} per year.",
            f"Salary range: ${p.min // 1000}k – ${p.max // 1000}k USD annually, plus equity and benefits.",
            f"The annual base salary for this position ranges from ${lo} to ${hi}.",
            f"Compensation: ${lo}.00 - ${hi}.00 per year",
        ]
    elif p.currency == "CAD":
        forms = [
            f"The base pay range for this role is CA${lo} - CA${hi} per year.",
            f"Salary range: CAD {lo} - {hi} annually.",
        ]
    elif p.currency == "GBP":
        forms = [f"Salary: £{lo} - £{hi} per annum.", f"The salary for this role is £{lo} to £{hi} per year."]
    else:
        forms = [
            f"The salary range for this role is €{lo} – €{hi} per year.",
            f"Annual gross salary: EUR {lo} - {hi}.",
        ]
    return forms[p.form % len(forms)]


def make_jobs(n: int, hosts: int, seed: int) -> list[Job]:
    """n jobs, spread round-robin over hosts, all derived from seed."""
    rng = random.Random(f"jobs:{seed}")
    jobs = []
    for i in range(n):
        style = STYLES[rng.randrange(len(STYLES))]
        role, dept = rng.choice(_ROLES)
        level = rng.choice(_LEVELS)
        team = rng.choice(_TEAMS)
        title = f"{level}{role}"
        if rng.random() < 0.3:
            title += f", {team}"
        company = f"{rng.choice(_CO_A)} {rng.choice(_CO_B)}"
        location, currency, scale = rng.choice(_PLACES)
        hourly = role in ("QA Engineer", "Technical Writer", "Technical Recruiter") and rng.random() < 0.5
        if hourly:
            lo = rng.randrange(30, 80)
            pay = PayInfo(lo, lo + rng.choice([10, 15, 20, 25]), "USD", "hour", rng.randrange(3))
            location, currency = rng.choice(_PLACES[:9])[:2]
        else:
            base = (
                rng.randrange(90, 200) * scale * (1.25 if level in ("Staff ", "Principal ", "Lead ") else 1.0)
            )
            lo = int(base) * 1000
            pay = PayInfo(
                lo, lo + rng.choice([20, 25, 30, 40, 50, 60]) * 1000, currency, "year", rng.randrange(4)
            )
        years = {"Junior ": 1, "": 3, "Senior ": 5, "Staff ": 8, "Lead ": 7, "Principal ": 10}[level]
        ctx = {"team": team, "company": company, "years": years}
        about = [
            " ".join(s.format(**ctx) for s in rng.sample(_ABOUT, rng.randint(2, 3)))
            for _ in range(rng.randint(1, 2))
        ]
        resp = [s.format(**ctx) for s in rng.sample(_RESP, rng.randint(4, 8))]
        qual = [s.format(**ctx) for s in rng.sample(_QUAL, rng.randint(4, 8))]
        benefits = rng.sample(_BENEFITS, rng.randint(4, 6)) if rng.random() < 0.7 else []
        lo_size, hi_size = SIZE_RANGE[style]
        jobs.append(
            Job(
                id=100_000 + i,
                host=i % hosts,
                style=style,
                title=title,
                company=company,
                location=location,
                team=team,
                employment="Contract" if hourly else "Full-time",
                pay=pay,
                about=about,
                responsibilities=resp,
                qualifications=qual,
                benefits=benefits,
                age_hours=rng.choice([2, 5, 9, 20, 26, 50, 75, 100, 170, 240, 400, 700]),
                size=rng.randint(lo_size, hi_size),
                requisition=f"R{rng.randrange(10_000, 99_999)}",
                extra={"dept": dept},
            )
        )
    return jobs


def choose_changes(jobs: list[Job], fraction: float, seed: int) -> dict[int, str]:
    """Which jobs change materially in pass 3 (job id -> "pay" | "requirements")."""
    rng = random.Random(f"changes:{seed}")
    count = round(len(jobs) * fraction)
    picked = rng.sample(range(len(jobs)), count)
    return {jobs[i].id: ("pay" if k % 2 == 0 else "requirements") for k, i in enumerate(picked)}


def apply_change(job: Job, kind: str, seed: int) -> Job:
    """The job after a material change: a pay raise, or one more qualification."""
    rng = random.Random(f"change:{seed}:{job.id}")
    if kind == "pay":
        p = job.pay
        up = rng.choice([3, 5, 8]) if p.period == "hour" else rng.choice([5, 8, 10, 15]) * 1000
        return replace(job, pay=replace(p, min=p.min + up, max=p.max + up), changed="pay")
    new = rng.choice([q for q in _NEW_QUAL if q not in job.qualifications])
    return replace(job, qualifications=[*job.qualifications, new], changed="requirements")


# --- volatile furniture ---------------------------------------------------------------------------


@dataclass
class Visit:
    """Everything that differs from one visit (epoch) to the next."""

    csrf: str
    nonce: str
    request_id: str
    rendered_at: int
    age: str  # "3 days ago"
    age_title: str  # "Posted 3 Days Ago"
    applicants: int
    views: int
    recs: list[tuple[str, str, str, str]]  # (title, company, location, age)
    build: str


def _token(rng: random.Random, nbytes: int) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(nbytes)).decode().rstrip("=")


def _age(hours: int) -> tuple[str, str]:
    if hours < 24:
        n, unit = hours, "hour"
    elif hours < 24 * 30:
        n, unit = hours // 24, "day"
    else:
        return "1 month ago", "Posted 30+ Days Ago"
    s = "" if n == 1 else "s"
    return f"{n} {unit}{s} ago", f"Posted {n} {unit.title()}{s} Ago"


def visit(job: Job, epoch: int, seed: int, volatile: bool = True) -> Visit:
    """The furniture of one visit. With volatile=False every epoch looks like epoch 1."""
    e = epoch if volatile else 1
    rng = random.Random(f"visit:{seed}:{job.id}:{e}")
    hours = job.age_hours + (e - 1) * 6  # a check every six hours
    age, age_title = _age(hours)
    recs = []
    for _ in range(8):
        recs.append(
            (
                f"{rng.choice(_LEVELS)}{rng.choice(_ROLES)[0]}",
                f"{rng.choice(_CO_A)} {rng.choice(_CO_B)}",
                rng.choice(_PLACES)[0],
                _age(rng.randrange(1, 700))[0],
            )
        )
    return Visit(
        csrf=_token(rng, 32),
        nonce=_token(rng, 16),
        request_id=rng.randbytes(16).hex(),
        rendered_at=1_767_000_000 + e * 21_600 + rng.randrange(3600),
        age=age,
        age_title=age_title,
        applicants=25 + (job.id % 150) + e * rng.randrange(2, 9),
        views=400 + (job.id % 3000) + e * rng.randrange(20, 90),
        recs=recs,
        build=hashlib.sha1(f"build{e}".encode()).hexdigest()[:12],
    )


# --- padding: inline bundles and styles ------------------------------------------------------------


def _css_pool(style: str, seed: int) -> str:
    rng = random.Random(f"css:{seed}:{style}")
    props = ["margin", "padding", "color", "background", "border-radius", "font-size", "line-height",
             "display", "flex", "grid-template-columns", "box-shadow", "transition", "opacity", "z-index"]  # fmt: skip
    vals = ["0", "4px", "8px 16px", "#1a1a1a", "#f5f5f7", "rgba(0,0,0,.08)", "1.5", "flex", "none", "auto",
            "0 1px 2px rgba(0,0,0,.1)", "all .2s ease", "1fr 2fr", "999"]  # fmt: skip
    out = []
    while sum(map(len, out)) < 70_000:
        cls = f".{style}-{_token(rng, 4).lower().replace('-', 'x').replace('_', 'y')}"
        decl = ";".join(f"{rng.choice(props)}:{rng.choice(vals)}" for _ in range(rng.randint(2, 6)))
        media = rng.random() < 0.1
        rule = f"{cls}{rng.choice(['', ':hover', ' > a', ' .title', '::before'])}{{{decl}}}"
        out.append(f"@media (max-width:768px){{{rule}}}" if media else rule)
    return "".join(out)


def _js_pool(style: str, seed: int) -> str:
    rng = random.Random(f"js:{seed}:{style}")
    words = ["render", "state", "props", "dispatch", "effect", "memo", "ref", "node", "push", "track",
             "config", "route", "fetch", "then", "catch", "module", "exports", "require", "event", "value"]  # fmt: skip
    out = ['!function(){"use strict";var __modules={};']
    n = 0
    while sum(map(len, out)) < 150_000:
        n += 1
        a, b, c = rng.choice(words), rng.choice(words), rng.choice(words)
        body = (
            f"__modules[{n}]=function(e,t,n){{var r=n({rng.randrange(1, 999)}),o=n({rng.randrange(1, 999)});"
            f'function {a}{n}(e){{return e&&e.{b}?e.{b}:{{{c}:e,"default":e}}}}'
            f'e.exports={{{a}:{a}{n},{b}:function(t){{return r.{c}(t,"{_token(rng, 6)}")}},'
            f'v:"{rng.randrange(10**8):08d}"}}}};'
        )
        out.append(body)
    out.append("}();")
    return "".join(out)


_POOLS: dict[tuple[str, int], tuple[str, str]] = {}


def _pools(style: str, seed: int) -> tuple[str, str]:
    key = (style, seed)
    if key not in _POOLS:
        _POOLS[key] = (_css_pool(style, seed), _js_pool(style, seed))
    return _POOLS[key]


def _cut(text: str, n: int, boundary: str) -> str:
    if n <= 0:
        return ""
    if n >= len(text):
        return text
    at = text.rfind(boundary, 0, n)
    return text[: at + 1] if at > 0 else text[:n]


# --- rendering ----------------------------------------------------------------------------------------

esc = html.escape


def _jsonld(job: Job) -> str:
    p = job.pay
    city, _, region = job.location.partition(", ")
    country = {"USD": "US", "CAD": "CA", "GBP": "GB"}.get(p.currency, region)
    address = {
        "@type": "PostalAddress",
        "addressLocality": city,
        "addressRegion": region,
        "addressCountry": country,
    }
    if city.startswith("Remote"):
        address = {"@type": "PostalAddress", "addressCountry": "US"}
    desc = "".join(
        [f"<p>{esc(t)}</p>" for t in job.about]
        + ["<h3>Responsibilities</h3><ul>", *(f"<li>{esc(t)}</li>" for t in job.responsibilities), "</ul>"]
        + ["<h3>Qualifications</h3><ul>", *(f"<li>{esc(t)}</li>" for t in job.qualifications), "</ul>"]
    )
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": desc,
        "identifier": {"@type": "PropertyValue", "name": job.company, "value": job.requisition},
        "datePosted": "2026-01-05",
        "validThrough": "2026-06-30T00:00",
        "employmentType": "CONTRACTOR" if job.employment == "Contract" else "FULL_TIME",
        "hiringOrganization": {"@type": "Organization", "name": job.company, "sameAs": "https://example.com"},
        "jobLocation": {
            "@type": "Place",
            "address": address,
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": p.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": p.min,
                "maxValue": p.max,
                "unitText": "HOUR" if p.period == "hour" else "YEAR",
            },
        },
    }
    if job.location.startswith("Remote"):
        data["jobLocationType"] = "TELECOMMUTE"
    blob = json.dumps(data).replace("</", "<\\/")
    return f'<script type="application/ld+json">{blob}</script>'


def _state_blob(job: Job, v: Visit) -> str:
    state = {
        "props": {
            "pageProps": {
                "jobId": job.id,
                "csrfToken": v.csrf,
                "requestId": v.request_id,
                "renderedAt": v.rendered_at,
                "applicants": v.applicants,
                "job": {
                    "title": job.title,
                    "company": job.company,
                    "location": job.location,
                    "team": job.team,
                    "requisition": job.requisition,
                },
                "recommendations": [
                    {"title": t, "company": c, "location": loc, "age": a} for t, c, loc, a in v.recs
                ],
            }
        },
        "buildId": v.build,
        "page": "/jobs/[id]",
    }
    return json.dumps(state).replace("</", "<\\/")


def _cookie_banner(v: Visit) -> str:
    return (
        '<div id="onetrust-banner-sdk" class="cookie-banner" role="dialog" aria-label="Cookie consent">'
        "<p>We use cookies to improve your experience, to analyse traffic and to show you relevant jobs. "
        'See our <a href="/privacy">privacy policy</a>.</p>'
        '<button class="accept">Accept all</button><button class="reject">Reject non-essential</button></div>'
    )


def _nav(style: str) -> str:
    links = ["Jobs", "Companies", "Salaries", "Career advice", "For employers", "Sign in"]
    return (
        '<nav class="navbar">'
        + "".join(f'<a href="/{w.lower().replace(" ", "-")}">{w}</a>' for w in links)
        + "</nav>"
    )


def _footer(company: str) -> str:
    cols = ["About", "Careers", "Press", "Help center", "Privacy", "Terms", "Accessibility", "Sitemap"]
    return (
        '<footer class="site-footer"><div class="cols">'
        + "".join(f'<a href="/{c.lower().replace(" ", "-")}">{c}</a>' for c in cols)
        + f"</div><p>© 2026 {esc(company)}. All rights reserved.</p></footer>"
    )


def _apply_form(v: Visit) -> str:
    return (
        '<form class="apply-form" method="post" action="/apply">'
        f'<input type="hidden" name="authenticity_token" value="{v.csrf}">'
        '<label>First name <input name="first_name"></label><label>Last name <input name="last_name"></label>'
        '<label>Email <input type="email" name="email"></label><label>Resume <input type="file" name="resume"></label>'
        '<button type="submit">Submit application</button></form>'
    )


def _head(job: Job, v: Visit, title_tag: str, extra: str, css: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(title_tag)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="csrf-token" content="{v.csrf}">'
        f'<meta property="og:title" content="{esc(job.title)}">'
        f'<link rel="stylesheet" href="/assets/app.{v.build}.css">'
        f"<style>{css}</style>"
        f'<script nonce="{v.nonce}">window.__REQUEST_ID__="{v.request_id}";window.__RENDERED_AT__={v.rendered_at};'
        f'window.dataLayer=window.dataLayer||[];dataLayer.push({{"event":"job_view","job":{job.id}}});</script>'
        f"{extra}</head>"
    )


def _recs_list(v: Visit, heading: str, cls: str) -> str:
    """A list of other jobs; each card is one link (title and company), as aggregators render them."""
    items = "".join(
        f'<li class="base-card job-card"><a class="base-card__full-link" href="/jobs/{zlib.crc32((t + c).encode()) % 900_000}">'
        f'<h3 class="base-search-card__title">{esc(t)}</h3><h4 class="base-search-card__subtitle">{esc(c)}</h4></a>'
        f'<div class="base-search-card__metadata"><span class="job-search-card__location">{esc(loc)}</span>'
        f"<time>{a}</time></div></li>"
        for t, c, loc, a in v.recs
    )
    return f'<section class="{cls}"><h2>{heading}</h2><ul>{items}</ul></section>'


def _body_gh(job: Job, v: Visit) -> str:
    secs = ["<p><strong>About the team</strong></p>", *(f"<p>{esc(t)}</p>" for t in job.about)]
    secs += [
        "<p><strong>Responsibilities</strong></p><ul>",
        *(f"<li>{esc(t)}</li>" for t in job.responsibilities),
        "</ul>",
    ]
    secs += [
        "<p><strong>Qualifications</strong></p><ul>",
        *(f"<li>{esc(t)}</li>" for t in job.qualifications),
        "</ul>",
    ]
    if job.benefits:
        secs += [
            "<p><strong>Benefits</strong></p><ul>",
            *(f"<li>{esc(t)}</li>" for t in job.benefits),
            "</ul>",
        ]
    secs += [f"<p><strong>Compensation</strong></p><p>{esc(pay_sentence(job.pay))}</p>",
             f"<p>{esc(_EEO.format(company=job.company))}</p>"]  # fmt: skip
    return (
        f'<body>{_cookie_banner(v)}<div id="wrapper"><div id="main"><div id="app_body">'
        f'<div id="header"><h1 class="app-title">{esc(job.title)}</h1>'
        f'<span class="company-name">at {esc(job.company)}</span>'
        f'<div class="location">{esc(job.location)}</div></div>'
        f'<div id="content">{"".join(secs)}</div>'
        f'<div id="application">{_apply_form(v)}</div></div></div>'
        f'<div id="footer"><p>Powered by <a href="https://example.org/ats">ATS</a> · '
        f'<a href="/privacy">Privacy Policy</a></p></div></div>'
    )


def _body_lv(job: Job, v: Visit) -> str:
    def section(head: str, items: list[str]) -> str:
        lis = "".join(f"<li>{esc(t)}</li>" for t in items)
        return f'<div class="section page-centered"><h3>{head}</h3><ul class="posting-requirements plain-list">{lis}</ul></div>'

    about = "".join(f"<div>{esc(t)}</div>" for t in job.about)
    parts = [
        f'<div class="section page-centered" data-qa="job-description"><div><b>About the team</b></div>{about}</div>',
        section("Responsibilities", job.responsibilities),
        section("Qualifications", job.qualifications),
    ]
    if job.benefits:
        parts.append(section("What we offer", job.benefits))
    parts.append(
        f'<div class="section page-centered"><h3>Pay range</h3><div>{esc(pay_sentence(job.pay))}</div></div>'
    )
    parts.append(
        f'<div class="section page-centered"><div>{esc(_EEO.format(company=job.company))}</div></div>'
    )
    return (
        f'<body><div class="main-header page-full-width section-wrapper"><div class="main-header-content page-centered">'
        f'<a class="main-header-logo" href="/"><img alt="{esc(job.company)} logo" src="/logo.png"></a></div></div>'
        f'<div class="content-wrapper posting-page"><div class="content">'
        f'<div class="section-wrapper page-full-width"><div class="section page-centered posting-header">'
        f'<div class="posting-headline"><h1>{esc(job.title)}</h1><div class="posting-categories">'
        f'<div class="sort-by-time posting-category location">{esc(job.location)}</div>'
        f'<div class="sort-by-team posting-category department">{esc(str(job.extra["dept"]))} – {esc(job.team)}</div>'
        f'<div class="sort-by-commitment posting-category commitment">{esc(job.employment)}</div></div></div>'
        f'<div class="postings-btn-wrapper"><a class="postings-btn template-btn-submit" href="/apply">Apply for this job</a></div>'
        f'</div></div><div class="section-wrapper page-full-width">{"".join(parts)}</div>'
        f'<div class="section page-centered last-section-apply">{_apply_form(v)}</div></div></div>'
        f'<div class="main-footer page-full-width"><div class="main-footer-text page-centered">'
        f'<p><a href="/">{esc(job.company)} Home Page</a></p><a href="/jobs">Jobs powered by ATS</a></div></div>'
    )


def _body_wd(job: Job, v: Visit) -> str:
    def bold(head: str, items: list[str]) -> str:
        lis = "".join(f"<li>{esc(t)}</li>" for t in items)
        return f"<p><b>{head}</b></p><ul>{lis}</ul>"

    desc = ["<p><b>About the team</b></p>", *(f"<p>{esc(t)}</p>" for t in job.about),
            bold("What you will do", job.responsibilities), bold("Basic Qualifications", job.qualifications)]  # fmt: skip
    if job.benefits:
        desc.append(bold("Benefits", job.benefits))
    desc.append(f"<p>{esc(pay_sentence(job.pay))}</p><p>{esc(_EEO.format(company=job.company))}</p>")
    return (
        f'<body><div id="root"><header class="site-header" data-automation-id="header">'
        f'<a href="/" class="logo">{esc(job.company)} Careers</a><a href="/search">Search for Jobs</a>'
        f'<a href="/signin">Sign In</a><a href="/alerts">Job Alerts</a></header>'
        f'<main><div data-automation-id="jobPostingHeader"><h1 data-automation-id="jobPostingHeader">{esc(job.title)}</h1></div>'
        f'<div class="css-apply"><a data-automation-id="adventureButton" href="/apply">Apply</a></div>'
        f'<dl class="job-meta"><div data-automation-id="locations"><dt>locations</dt><dd>{esc(job.location)}</dd></div>'
        f'<div data-automation-id="time"><dt>time type</dt><dd>{esc(job.employment)}</dd></div>'
        f'<div data-automation-id="postedOn"><dt>posted on</dt><dd>{v.age_title}</dd></div>'
        f'<div data-automation-id="requisitionId"><dt>job requisition id</dt><dd>{job.requisition}</dd></div></dl>'
        f'<div data-automation-id="jobPostingDescription">{"".join(desc)}</div>'
        f'<div class="similar-jobs" data-automation-id="similarJobs">{_recs_list(v, "Similar Jobs", "similar")}</div>'
        f'</main><footer data-automation-id="footer"><p>© 2026 Workday-like, Inc. All rights reserved.</p>'
        f'<a href="/privacy">Privacy</a><a href="/cookies">Cookie Preferences</a></footer></div>'
    )


def _body_li(job: Job, v: Visit) -> str:
    desc = ["<strong>About the team</strong><br><br>", "<br><br>".join(esc(t) for t in job.about), "<br><br>",
            "<strong>Responsibilities</strong><ul>", *(f"<li>{esc(t)}</li>" for t in job.responsibilities), "</ul><br>",
            "<strong>Qualifications</strong><ul>", *(f"<li>{esc(t)}</li>" for t in job.qualifications), "</ul><br>"]  # fmt: skip
    if job.benefits:
        desc += ["<strong>Benefits</strong><ul>", *(f"<li>{esc(t)}</li>" for t in job.benefits), "</ul><br>"]
    desc += [f"{esc(pay_sentence(job.pay))}<br><br>", esc(_EEO.format(company=job.company))]
    criteria = [("Seniority level", "Mid-Senior level"), ("Employment type", job.employment),
                ("Job function", str(job.extra["dept"])), ("Industries", "Software Development")]  # fmt: skip
    crit = "".join(
        f'<li class="description__job-criteria-item"><h3 class="description__job-criteria-subheader">{a}</h3>'
        f'<span class="description__job-criteria-text">{esc(b)}</span></li>'
        for a, b in criteria
    )
    return (
        f'<body>{_nav("li")}<header class="site-header"><a href="/" class="brand">Jobs</a>'
        f'<a href="/signup">Join now</a><a href="/login">Sign in</a></header>'
        f'<main class="main" id="main-content"><section class="top-card-layout">'
        f'<div class="top-card-layout__entity-info"><h1 class="top-card-layout__title">{esc(job.title)}</h1>'
        f'<h4 class="top-card-layout__second-subline"><div class="topcard__flavor-row">'
        f'<span class="topcard__flavor"><a class="topcard__org-name-link" href="/company/{job.id % 997}">{esc(job.company)}</a></span>'
        f'<span class="topcard__flavor topcard__flavor--bullet">{esc(job.location)}</span></div>'
        f'<div class="topcard__flavor-row"><span class="posted-time-ago__text">{v.age}</span>'
        f'<span class="num-applicants__caption">Over {v.applicants} applicants</span></div></h4>'
        f'<div class="top-card-layout__cta-container"><a href="/apply" class="apply-button">Apply</a>'
        f'<button class="save-button">Save</button></div></div></section>'
        f'<section class="core-section-container description"><div class="description__text">'
        f'<section class="show-more-less-html"><div class="show-more-less-html__markup">{"".join(desc)}</div>'
        f'<button class="show-more-less-html__button">Show more</button></section></div>'
        f'<ul class="description__job-criteria-list">{crit}</ul></section>'
        f'<section class="core-section-container"><p class="views">{v.views:,} people viewed this job</p></section>'
        f"{_recs_list(v, 'Similar jobs', 'similar-jobs')}"
        f"{_recs_list(v, 'People also viewed', 'people-also-viewed')}"
        f"</main>{_footer('Jobs Corporation')}"
        f'<div class="modal" role="dialog" aria-hidden="true"><h2>Sign in to see who you already know at {esc(job.company)}</h2>'
        f'<form action="/login" method="post"><input type="hidden" name="loginCsrfParam" value="{v.csrf}">'
        f'<input name="session_key"><input type="password" name="session_password"><button>Sign in</button></form></div>'
        f"{_cookie_banner(v)}"
    )


_BODIES = {"gh": _body_gh, "lv": _body_lv, "wd": _body_wd, "li": _body_li}


def _title_tag(job: Job) -> str:
    if job.style == "gh":
        return f"Job Application for {job.title} at {job.company}"
    if job.style == "lv":
        return f"{job.company} - {job.title}"
    if job.style == "wd":
        return f"{job.title}"
    return f"{job.company} hiring {job.title} in {job.location} | Jobs"


def render(job: Job, epoch: int, seed: int, volatile: bool = True) -> bytes:
    """The page of job at one visit, padded to the job's target size."""
    v = visit(job, epoch, seed, volatile)
    css_pool, js_pool = _pools(job.style, seed)
    jsonld = _jsonld(job) if job.style in ("gh", "li") else ""
    body = _BODIES[job.style](job, v)
    state = (
        f'<script id="__NEXT_DATA__" type="application/json" nonce="{v.nonce}">{_state_blob(job, v)}</script>'
        if job.style in ("wd", "li")
        else f'<script nonce="{v.nonce}">window.__APP_CONFIG__={{"csrf":"{v.csrf}","build":"{v.build}"}};</script>'
    )
    tail = (
        f'<script nonce="{v.nonce}">(function(){{var s=document.createElement("script");'
        f's.src="https://analytics.example.com/a.js?v={v.build}&r={v.request_id}";document.head.appendChild(s)}})();</script>'
        "</body></html>"
    )
    head_min = _head(job, v, _title_tag(job), jsonld, "")
    fixed = len(head_min) + len(body) + len(state) + len(tail) + len('<script nonce="">') + 20
    room = max(0, job.size - fixed)
    css = _cut(css_pool, int(room * 0.3), "}")
    # bundle offset varies per job so pages are not byte-identical prefixes of each other
    start = (job.id * 7919) % 20_000
    start = js_pool.find(";__modules", start) + 1
    js = _cut(js_pool[start:], room - len(css), ";")
    page = (
        _head(job, v, _title_tag(job), jsonld, css)
        + body
        + state
        + f'<script nonce="{v.nonce}">{js}</script>'
        + tail
    )
    return page.encode("utf-8")
