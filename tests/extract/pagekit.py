"""The fixture pages, what a reader should find on each, and the ways a page changes between visits.

Every page in tests/fixtures/pages is described once here: the fields a
person would read off it, every bullet of the posting, text that is page
furniture, and its versions — noise-only (what a board changes on every
visit) and material edits (with the change kinds and summary a person
expects). Generic noise transforms (re-indentation, entity spelling,
rotated tokens, reordered bullets, injected cookie and sign-up boxes) apply
to every page, so a rule fitted to one page's markup shows up as a failure
on the others.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from monitor.extract import PageReading, extract_posting
from monitor.models import Pay

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

Ops = list[tuple[str, str]]


@dataclass
class Edit:
    """A material edit: replacements on the page, the change kinds they make, words the summary must hold."""

    name: str
    ops: Ops
    kinds: list[str]
    summary: list[str] = field(default_factory=list)


@dataclass
class Page:
    file: str
    title: str
    company: str | None
    location: str | None
    pay: Pay | None
    bullets: list[str]
    furniture: list[str] = field(default_factory=list)
    workplace: str | None = None
    noise: list[Ops] = field(default_factory=list)  # page-specific volatile-only versions
    edits: list[Edit] = field(default_factory=list)

    @property
    def is_json(self) -> bool:
        return self.file.endswith(".json")

    def text(self) -> str:
        return (PAGES / self.file).read_text(encoding="utf-8")

    def content_type(self) -> str:
        return "application/json" if self.is_json else "text/html; charset=utf-8"

    def read(self, text: str | None = None) -> PageReading:
        return extract_posting(
            self.text() if text is None else text, f"https://jobs.example/{self.file}", self.content_type()
        )


def apply(text: str, ops: Ops) -> str:
    """Apply replacements; each must match, so a fixture edit can never silently do nothing."""
    for old, new in ops:
        assert old in text, f"edit target not found: {old!r}"
        text = text.replace(old, new)
    return text


def P(lo: float, hi: float, cur: str | None, period: str | None) -> Pay:
    return Pay(min=lo, max=hi, currency=cur, period=period)


# --------------------------------------------------------------------------------------------- generic noise

_SCRIPT = re.compile(r"(<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>)", re.S | re.I)


def _outside_scripts(html: str, fn: Callable[[str], str]) -> str:
    parts = _SCRIPT.split(html)
    return "".join(part if i % 2 else fn(part) for i, part in enumerate(parts))


def reindent(html: str) -> str:
    """What a new template build does to white space between tags."""

    def fn(chunk: str) -> str:
        chunk = re.sub(r">\s+<", ">\n\t\t  <", chunk)
        return re.sub(r"(</(?:li|p|div|ul|ol|h\d|section|tr)>)(?=<)", r"\1\n    ", chunk)

    return _outside_scripts(html, fn)


_LITERAL_TO_ENTITY = [("’", "&rsquo;"), ("é", "&eacute;"), ("–", "&ndash;"), ("—", "&mdash;"), ("'", "&#39;")]
_ENTITY_TO_LITERAL = [
    ("&nbsp;", "\u00a0"),
    ("&rsquo;", "’"),
    ("&eacute;", "é"),
    ("&#8211;", "–"),
    ("&mdash;", "—"),
    ("&#x27;", "'"),
    ("&#39;", "'"),
]


def swap_entities(html: str) -> str:
    """Spell characters the other way in text: literal ↔ entity."""

    def text_only(chunk: str) -> str:
        def one(m: re.Match[str]) -> str:
            t = m.group(1)
            if any(e in t for _, e in _LITERAL_TO_ENTITY) or "&nbsp;" in t or "&#8211;" in t:
                for ent, lit in _ENTITY_TO_LITERAL:
                    t = t.replace(ent, lit)
            else:
                for lit, ent in _LITERAL_TO_ENTITY:
                    t = t.replace(lit, ent)
            return f">{t}<"

        return re.sub(r">([^<>]+)<", one, chunk)

    return _outside_scripts(html, text_only)


_TOKEN = re.compile(r"(?<![\w/.])(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{8,}(?![\w.]*@)")


def rotate_tokens(html: str, seed: int = 7) -> str:
    """New CSRF tokens, nonces, build hashes and CSS-in-JS class names, as after a deploy."""
    rng = random.Random(seed)

    def token(m: re.Match[str]) -> str:
        old = m.group(0)
        return "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in old[:-1]) + "7"

    def in_tags(chunk: str) -> str:
        return re.sub(r"<[^>]+>", lambda t: _TOKEN.sub(token, t.group(0)), chunk)

    parts = _SCRIPT.split(html)
    out = []
    for i, part in enumerate(parts):
        if i % 2 and "ld+json" not in part[:80]:
            out.append(_TOKEN.sub(token, part))
        elif i % 2:
            out.append(part)
        else:
            out.append(in_tags(part))
    return "".join(out)


def reorder_bullets(html: str) -> str:
    """The same bullets in another order (lists without sub-lists, and "•" lines)."""

    def one_list(m: re.Match[str]) -> str:
        items = re.findall(r"<li\b.*?</li>", m.group(3), re.S)
        if len(items) < 2 or re.search(r"<(?:ul|ol)\b", m.group(3)):
            return m.group(0)
        return f"<{m.group(1)}{m.group(2)}>{''.join(reversed(items))}</{m.group(1)}>"

    html = re.sub(r"<(ul|ol)(\b[^>]*)>(.*?)</\1>", one_list, html, flags=re.S)

    def dots(m: re.Match[str]) -> str:
        lines = m.group(1).split("<br>")
        return "<p>" + "<br>".join(reversed(lines)) + "</p>"

    return re.sub(r"<p>(•[^<]*(?:<br>•[^<]*)+)</p>", dots, html)


COOKIE_BOX = (
    '<div id="onetrust-banner-sdk" class="otFlat" role="region" aria-label="Cookie banner">'
    '<div class="ot-sdk-container"><p id="onetrust-policy-text">We use cookies to personalise content and ads '
    "and to analyse our traffic. By clicking “Accept All Cookies”, you agree to the storing of cookies on "
    'your device.</p><button id="onetrust-accept-btn-handler">Accept All Cookies</button>'
    "<button>Cookie Settings</button></div></div>"
)
#: A sign-up box with nothing in its markup naming it: only its words and its form say what it is.
SIGNUP_BOX = (
    '<div class="css-9x8y7z e1q2w3r0"><h3 class="css-4t5y6u">Get jobs like this in your inbox</h3>'
    "<p>Create a job alert and we will email you new jobs that match this search.</p>"
    '<form action="/alerts"><input type="email" placeholder="Email address"><button>Create alert</button></form>'
    "</div>"
)


def _insert_after_first(html: str, closer: str, box: str) -> str:
    done = False

    def fn(chunk: str) -> str:
        nonlocal done
        if done:
            return chunk
        body = chunk.find("<body")
        pos = chunk.find(closer, max(body, 0))
        if pos < 0 or (body < 0 and "<body" in html):
            return chunk
        done = True
        return chunk[: pos + len(closer)] + box + chunk[pos + len(closer) :]

    out = _outside_scripts(html, fn)
    return out if done else out.replace("</body>", box + "</body>")


def inject_cookie(html: str) -> str:
    return _insert_after_first(html, "</p>", COOKIE_BOX)


def inject_signup(html: str) -> str:
    return _insert_after_first(html, "</ul>", SIGNUP_BOX)


#: Sign-up boxes in the shapes boards use, in several languages: a heading or fine print that speaks to
#: the reader as a user of the site, and a middle line that changes on every visit in words no list holds.
ALERT_BOXES = [
    '<div class="x7f2"><p><b>Roles like this, straight to your inbox</b></p>'
    "<p>Fresh Analytics openings around Leeds, every Thursday.</p>"
    "<p><small>Unsubscribe whenever you like. See our privacy notice.</small></p></div>",
    '<section class="q1"><h4>Jobalarm für diese Suche</h4><p>Neue Stellen in Graz für Logistik, jeden Morgen.</p></section>',
    '<div class="zz"><p>Recevez chaque semaine 12 nouvelles offres à Lyon.</p>'
    "<p>En continuant, vous acceptez notre politique de confidentialité.</p></div>",
    '<div class="b9"><h5>Crea una alerta de empleo</h5><p>Ofertas de Soporte en Valencia cada lunes.</p></div>',
    '<div class="m3"><p>Nieuwe vacatures voor Marketing in Utrecht, elke dinsdag.</p>'
    "<p>Je kunt je op elk moment afmelden.</p></div>",
]


def inject_alert_boxes(html: str) -> str:
    """Sign-up boxes dropped inside the posting: after its first list, and between its first paragraphs."""
    html = _insert_after_first(html, "</p>", "".join(ALERT_BOXES[1:]))
    return _insert_after_first(html, "</ul>", ALERT_BOXES[0])  # boxes hold no list: never inside one


#: A company-rating widget, shown above and below the posting: its figures move from visit to visit.
def _rating_widget(seed: int) -> str:
    rng = random.Random(seed)
    score, count = rng.randint(30, 49) / 10, rng.randint(10, 900)
    return (
        f"<div class='k{seed}'><h4>How staff rate this employer</h4><ul><li>{score} ★ pay and perks</li>"
        f"<li>{rng.randint(30, 49) / 10} ★ leadership</li><li>{rng.randint(50, 99)}% say they would join again</li>"
        f"</ul><p>From {count} anonymous ratings.</p></div>"
    )


def inject_rating_widgets(html: str) -> str:
    """The same rating widget twice: after the first paragraph that follows the title, and at the page's end."""
    widget = _rating_widget(len(html) % 97)
    bare = _SCRIPT.sub(lambda m: " " * len(m.group()), html)  # positions outside scripts
    title = min((i for i in (bare.find("<h1"), bare.find("<h2")) if i >= 0), default=-1)
    for box in [*ALERT_BOXES, SIGNUP_BOX, COOKIE_BOX]:  # not inside another injected box
        bare = bare.replace(box, " " * len(box))
    heads = [i for i in (bare.find("<h3", title), bare.find("<h4", title)) if i > title >= 0]
    end = bare.find("</p>", title) + 4 if title >= 0 else -1
    at = min(heads) if heads else end  # before the first section heading, else after the title's line
    if at < 0:
        return _insert_after_first(html, "</p>", widget + widget)
    html = html[:at] + widget + html[at:]
    return _outside_scripts(html, lambda chunk: chunk.replace("</body>", widget + "</body>", 1))


#: A board's interface in its own language around the posting: a status line, buttons, and a list of
#: other postings under its heading. (status, buttons, recs heading, one recs row's location)
FOREIGN_CHROME = {
    "de": ("Vor {n} Tagen veröffentlicht · {m} Bewerbungen", ("Jetzt bewerben", "Job merken"), "Ähnliche Jobs", "Hamburg"),
    "fr": ("Publié il y a {n} jours · {m} candidatures", ("Postuler", "Enregistrer"), "Offres similaires", "Lyon"),
    "es": ("Publicado hace {n} días · {m} candidatos", ("Solicitar", "Guardar"), "Empleos similares", "Sevilla"),
    "nl": ("{n} dagen geleden geplaatst · {m} sollicitaties", ("Solliciteer nu", "Opslaan"), "Vergelijkbare vacatures",
           "Utrecht"),
}  # fmt: skip


def foreign_chrome(lang: str, n: int = 3, m: int = 57) -> Callable[[str], str]:
    status, buttons, recs_heading, city = FOREIGN_CHROME[lang]

    def inject(html: str) -> str:
        bar = f"<div class='s{n}'><p>{status.format(n=n, m=m)}</p>" + "".join(
            f"<a href='/x{i}' class='b{i}'>{b}</a> " for i, b in enumerate(buttons)
        ) + "</div>"
        rows = "".join(
            f"<li><a href='/job/{900 + i * n}'>{role}</a> <span>{city}</span></li>"
            for i, role in enumerate(["Data Analyst", "Office Manager", "Site Engineer", "Buyer", "Planner"])
        )
        recs = f"<div class='r'><h3>{recs_heading}</h3><ul>{rows}</ul></div>"
        bare = _SCRIPT.sub(lambda mt: " " * len(mt.group()), html)
        title = min((i for i in (bare.find("</h1>"), bare.find("</h2>")) if i >= 0), default=-1)
        if title >= 0:
            html = html[: title + 5] + bar + html[title + 5 :]
        return _outside_scripts(html, lambda chunk: chunk.replace("</body>", recs + "</body>", 1))

    return inject


def json_reformat(text: str) -> str:
    import json

    return json.dumps(json.loads(text), indent=1, ensure_ascii=True)


HTML_NOISE: dict[str, Callable[[str], str]] = {
    "reindent": reindent,
    "entities": swap_entities,
    "tokens": rotate_tokens,
    "reorder": reorder_bullets,
    "cookie": inject_cookie,
    "signup": inject_signup,
    "alerts": inject_alert_boxes,
    "ratings": inject_rating_widgets,
    **{f"chrome-{lang}": foreign_chrome(lang) for lang in FOREIGN_CHROME},
}
JSON_NOISE: dict[str, Callable[[str], str]] = {"reformat": json_reformat, "reorder": reorder_bullets}


def noise_versions(page: Page) -> list[tuple[str, str]]:
    """(name, text) of every volatile-only version of a page: generic, page-specific, and all at once."""
    base = page.text()
    generic = JSON_NOISE if page.is_json else HTML_NOISE
    out = [(name, fn(base)) for name, fn in generic.items()]
    for n, ops in enumerate(page.noise):
        out.append((f"own{n}", apply(base, ops)))
    combined = base
    for ops in page.noise:
        combined = apply(combined, ops)
    for fn in generic.values():
        combined = fn(combined)
    out.append(("all", combined))
    return out


# --------------------------------------------------------------------------------------------- the pages

GREENHOUSE = Page(
    "greenhouse.html",
    title="Senior Backend Engineer, Payments",
    company="Kestrel Robotics",
    location="San Francisco, CA",
    pay=P(165000, 210000, "USD", "year"),
    bullets=[
        "Design and build the metering pipeline that turns robot telemetry into billable usage",
        "Own the invoicing service end to end, from data model to on-call",
        "Partner with finance on revenue recognition and audit requirements",
        "Mentor engineers and raise the bar for code review on the team",
        "5+ years of experience building backend services in Python, Go or Java",
        "Experience with payment processors such as Stripe or Adyen",
        "Strong SQL skills and comfort with PostgreSQL at scale",
        "A habit of writing clear design documents",
        "Experience with usage-based billing",
        "Familiarity with double-entry ledgers",
    ],
    furniture=[
        "Apply for this Job",
        "Required",
        "Powered by",
        "Privacy Policy",
        "First Name",
        "Submit",
        "Kestrel Robotics Logo",
    ],
    noise=[
        [
            (
                "hX7q2LkP9wZr7TnVb3YcA0fH5mJ6sD4eR2uI8oK1lXwQz9vB7nM3gF6hT0yU5pE",
                "Zt1c9Jx7Qm3Lp5Vb8Nw2Ks4Hd6Fg0Ry",
            )
        ]
    ],
    edits=[
        Edit(
            "pay raise", [("$210,000 USD", "$230,000 USD")], ["pay"], ["Pay max 210,000 → 230,000 USD/year"]
        ),
        Edit(
            "years",
            [("5+ years of experience", "7+ years of experience")],
            ["requirements"],
            ["requirement changed: '5+ years' → '7+ years'"],
        ),
        Edit(
            "requirement added",
            [
                (
                    "<li>A habit of writing",
                    "<li>Experience operating services on Kubernetes</li>\n<li>A habit of writing",
                )
            ],
            ["requirements"],
            ["requirement added: 'Experience operating services on Kubernetes'"],
        ),
        Edit(
            "requirement removed",
            [("<li>Experience with payment processors such as Stripe or Adyen</li>", "")],
            ["requirements"],
            ["requirement removed: 'Experience with payment processors"],
        ),
        Edit(
            "responsibility edited",
            [("Mentor engineers and raise the bar for code review", "Mentor engineers and lead code review")],
            ["responsibilities"],
            ["responsibility changed"],
        ),
        Edit(
            "title",
            [("Senior Backend Engineer, Payments", "Staff Backend Engineer, Payments")],
            ["title"],
            ["Title 'Senior Backend Engineer, Payments' → 'Staff Backend Engineer, Payments'"],
        ),
        Edit(
            "location",
            [("          San Francisco, CA\n", "          New York, NY\n")],
            ["location"],
            ["Location San Francisco, CA → New York, NY"],
        ),
    ],
)

LEVER = Page(
    "lever.html",
    title="Data Platform Engineer",
    company="Harborlight",
    location="Toronto, Ontario",
    workplace="hybrid",
    pay=P(118000, 142000, "CAD", "year"),
    bullets=[
        "Build and operate streaming ingestion for AIS vessel positions and terminal events",
        "Model port operations data in dbt so analysts can answer questions without us",
        "Run our Kafka and Airflow deployments and keep them boring",
        "Work with customers' IT teams to connect new data sources",
        "3+ years of experience as a data or backend engineer",
        "Production experience with Kafka, Spark or Flink",
        "Fluency in Python and SQL",
        "Comfort owning infrastructure on AWS with Terraform",
        "You have worked with geospatial data",
        "You have shipped dbt models used by non-engineers",
    ],
    furniture=["Apply for this job", "Jobs powered by", "Home Page", "Full-time", "Hybrid"],
    noise=[[("2f6b1c0d9e8a", "9c1d0e2f3a4b"), ("jobs-9a8e7d6c5b.css", "jobs-1f2e3d4c5b.css")]],
    edits=[
        Edit("remote", [(">Hybrid</div>", ">Remote</div>")], ["location"], ["hybrid → remote"]),
        Edit(
            "years",
            [("3+ years of experience", "5+ years of experience")],
            ["requirements"],
            ["requirement changed: '3+ years' → '5+ years'"],
        ),
        Edit(
            "responsibility removed",
            [("<li>Run our Kafka and Airflow deployments and keep them boring</li>", "")],
            ["responsibilities"],
            ["responsibility removed: 'Run our Kafka"],
        ),
        Edit(
            "about",
            [("Twelve ports on three continents", "Twenty ports on four continents")],
            ["description"],
        ),
        Edit(
            "pay cut",
            [("CA$118,000 - CA$142,000", "CA$110,000 - CA$130,000")],
            ["pay"],
            ["Pay 118,000–142,000 → 110,000–130,000 CAD/year"],
        ),
        Edit("location", [(">Toronto, Ontario<", ">Vancouver, British Columbia<")], ["location"]),
    ],
)

WORKDAY = Page(
    "workday.json",
    title="Clinical Data Analyst II",
    company="Northpine Health",
    location="Cleveland, OH",
    pay=P(72000, 98000, "USD", "year"),
    bullets=[
        "Build and maintain quality dashboards for inpatient units",
        "Validate data extracts from the EHR against source documentation",
        "Respond to ad hoc data requests from clinical leaders",
        "Document metric definitions and data lineage",
        "Bachelor's degree in health informatics, statistics or a related field",
        "3 years of experience analyzing healthcare data",
        "Proficiency with SQL and one BI tool such as Tableau or Power BI",
        "Experience with Epic Clarity or Caboodle",
        "Knowledge of CMS quality measures",
    ],
    furniture=["Posted 3 Days Ago", "Data Engineer", "Registered Nurse", "R-204817"],
    noise=[
        [
            ("Posted 3 Days Ago", "Posted 4 Days Ago"),
            ("Posted Yesterday", "Posted 2 Days Ago"),
            ('"title": "Data Engineer"', '"title": "Patient Access Representative"'),
        ]
    ],
    edits=[
        Edit(
            "years",
            [("3 years of experience", "5 years of experience")],
            ["requirements"],
            ["requirement changed: '3 years' → '5 years'"],
        ),
        Edit("pay", [("$98,000.00", "$104,000.00")], ["pay"], ["Pay max 98,000 → 104,000 USD/year"]),
        Edit("location", [('"location": "Cleveland, OH"', '"location": "Akron, OH"')], ["location"]),
        Edit(
            "responsibility added",
            [
                (
                    "<li>Document metric",
                    "<li>Present findings at monthly quality committee meetings</li><li>Document metric",
                )
            ],
            ["responsibilities"],
            ["responsibility added"],
        ),
    ],
)

GREENHOUSE_API = Page(
    "greenhouse_api.json",
    title="Site Reliability Engineer",
    company="Quayside Systems",
    location="Austin, TX",
    pay=P(140000, 165000, "USD", "year"),
    bullets=[
        "Keep our Kubernetes clusters patched, observable and cheap",
        "Lead incident response and write blameless postmortems",
        "Automate database failover drills",
        "4+ years in an SRE or infrastructure role",
        "Deep knowledge of Linux networking",
        "Experience with Terraform and Prometheus",
    ],
    noise=[[('"updated_at": "2025-02-11T14:03:22-05:00"', '"updated_at": "2025-02-14T09:00:01-05:00"')]],
    edits=[
        Edit("years", [("4+ years in an SRE", "6+ years in an SRE")], ["requirements"]),
        Edit("pay", [("$165,000 USD", "$175,000 USD")], ["pay"]),
    ],
)

LEVER_API = Page(
    "lever_api.json",
    title="Customer Support Specialist (Portuguese)",
    company="Tidewell",  # no employer field: the URL's slug, as the text spells it
    location="Lisbon, Portugal",
    workplace="onsite",
    pay=P(24000, 28000, "EUR", "year"),
    bullets=[
        "Answer operator tickets by email and chat",
        "Write and update help-centre articles",
        "Escalate bugs to engineering with clear reproduction steps",
        "2+ years in a customer support role",
        "Fluent Portuguese and English",
        "Calm under pressure during peak season",
    ],
    edits=[
        Edit("hybrid", [('"workplaceType": "onsite"', '"workplaceType": "hybrid"')], ["location"]),
        Edit(
            "requirement removed", [("<li>Calm under pressure during peak season</li>", "")], ["requirements"]
        ),
        Edit("pay", [('"max": 28000', '"max": 30000')], ["pay"]),
    ],
)

SMARTRECRUITERS_API = Page(
    "smartrecruiters_api.json",
    title="Warehouse Shift Lead",
    company="Orchard Lane Foods",
    location="Leeds, England",
    pay=P(31500, 31500, "GBP", "year"),
    bullets=[
        "Plan picking and loading for 30 delivery routes",
        "Lead a team of 14 warehouse operatives",
        "Run the shift handover and safety briefing",
        "2 years of supervisory experience in a warehouse",
        "Counterbalance forklift licence",
        "Confident with a warehouse management system",
    ],
    edits=[
        Edit(
            "requirement added",
            [("<li>Counterbalance", "<li>Reach truck licence</li><li>Counterbalance")],
            ["requirements"],
        ),
        Edit("location", [('"city": "Leeds"', '"city": "Wakefield"')], ["location"]),
    ],
)

ASHBY = Page(
    "ashby.html",
    title="Staff Product Designer",
    company="Lumina Health",
    location="London, United Kingdom",
    pay=P(95000, 115000, "GBP", "year"),
    bullets=[
        "Lead design for the appointment booking journey across web and mobile",
        "Run research sessions with patients and clinic staff",
        "Grow our design system with the front-end team",
        "7+ years designing digital products, with at least 2 at staff or lead level",
        "A portfolio showing complex, accessible service design",
        "Experience working with WCAG 2.2 AA requirements",
        "30 days holiday plus bank holidays",
        "Private medical insurance",
    ],
    furniture=["enable JavaScript"],
    noise=[[('"buildId":"a91c4e7f2b"', '"buildId":"0c3d9e8f1a"'), ("3c9e1f7a2b", "7d2e4f6a8c")]],
    edits=[
        Edit(
            "pay",
            [('"maxValue":115000', '"maxValue":120000')],
            ["pay"],
            ["Pay max 115,000 → 120,000 GBP/year"],
        ),
        Edit("years", [("7+ years designing", "8+ years designing")], ["requirements"]),
        Edit(
            "title",
            [
                (
                    '"title":"Staff Product Designer","description"',
                    '"title":"Principal Product Designer","description"',
                )
            ],
            ["title"],
        ),
    ],
)

LINKEDIN = Page(
    "linkedin.html",
    title="Senior Software Engineer, Routing",
    company="Ferrobridge Logistics",
    location="Berlin, Berlin, Germany",
    pay=P(72000, 88000, "EUR", "year"),
    bullets=[
        "Design routing algorithms that respect track capacity and crew schedules",
        "Own the performance of the routing service in production",
        "Work with planners to turn operational rules into constraints",
        "Review code and share what you know with the team",
        "6+ years of professional software engineering experience",
        "Strong Kotlin or Java skills",
        "Experience with optimisation solvers such as OR-Tools or Gurobi",
        "Good English; German is a plus",
        "30 days of paid vacation",
        "A Deutschlandticket paid by us",
        "Hybrid work with two office days a week",
    ],
    furniture=[
        "Show more",
        "Show less",
        "Seniority level",
        "Mid-Senior level",
        "Similar jobs",
        "Railnova",
        "People also viewed",
        "Referrals",
        "See who you know",
        "Get notified",
        "Sign in",
        "applicants",
        "User Agreement",
        "weeks ago",
    ],
    noise=[
        [("2 weeks ago", "3 weeks ago"), ("Over 200 applicants", "Over 500 applicants")],
        [
            (
                'Backend Engineer</h3><h4 class="base-main-card__subtitle">Railnova',
                'Platform Engineer</h3><h4 class="base-main-card__subtitle">Trainline Labs',
            ),
            ("Routing Engineer<span>Parcelo", "Data Engineer<span>Parcelo"),
            ("1 week ago", "2 days ago"),
        ],
        [("ajax:4719302658814402017", "ajax:9911203344556677881")],
    ],
    edits=[
        Edit(
            "requirement added",
            [("<li>Strong Kotlin", "<li>Experience with PostgreSQL and PostGIS</li><li>Strong Kotlin")],
            ["requirements"],
            ["requirement added: 'Experience with PostgreSQL and PostGIS'"],
        ),
        Edit(
            "years",
            [("6+ years of professional", "8+ years of professional")],
            ["requirements"],
            ["'6+ years' → '8+ years'"],
        ),
        Edit(
            "pay",
            [("€72,000 – €88,000", "€78,000 – €95,000")],
            ["pay"],
            ["Pay 72,000–88,000 → 78,000–95,000 EUR/year"],
        ),
        Edit(
            "location",
            [
                ("Berlin, Berlin, Germany</span>\n", "Hamburg, Hamburg, Germany</span>\n"),
                ("in Berlin, Germany | LinkedIn", "in Hamburg, Germany | LinkedIn"),
            ],
            ["location"],
        ),
        Edit(
            "responsibility edited",
            [
                (
                    "Own the performance of the routing service in production",
                    "Own the performance and cost of the routing service in production",
                )
            ],
            ["responsibilities"],
        ),
    ],
)

#: The LinkedIn page once the posting closed: a banner above the full posting, no apply button.
LINKEDIN_CLOSED: Ops = [
    (
        '<div class="top-card-layout__cta-container',
        '<figure class="closed-job"><figcaption class="closed-job__flavor--closed topcard__flavor--metadata">'
        'No longer accepting applications</figcaption></figure>\n<div class="top-card-layout__cta-container',
    ),
    (
        '<a class="top-card-layout__cta mt-2 ml-1.5 h-auto babybear:flex-auto top-card-layout__cta--primary btn-md '
        'btn-primary" href="/jobs/view/4102938475/apply">Apply</a>',
        "",
    ),
]

INDEED = Page(
    "indeed.html",
    title="Dental Office Manager",
    company="Cedar Creek Dental",
    location="Denver, CO 80205",
    pay=P(60000, 80000, "USD", "year"),
    bullets=[
        "Manage the daily schedule for four dentists and three hygienists",
        "Verify insurance benefits and submit claims",
        "Supervise and train two front desk coordinators",
        "Handle patient billing questions with patience",
        "3 years of dental office experience",
        "Experience with Dentrix or Eaglesoft",
        "Knowledge of dental insurance and CDT codes",
        "Excellent communication skills",
        "401(k)",
        "Dental insurance",
        "Paid time off",
        "Monday to Friday",
    ],
    furniture=[
        "out of 5",
        "reviews",
        "Posted",
        "Report job",
        "Apply now",
        "Explore other jobs",
        "salaries",
        "Company reviews",
        "job post",
    ],
    noise=[
        [
            ("Posted 30+ days ago", "Posted 2 days ago"),
            ("37 reviews", "38 reviews"),
            (
                'aria-label="4.1 out of 5 stars." role="img" class="css-ppxtlp e1wnkr790">4.1',
                'aria-label="4.2 out of 5 stars." role="img" class="css-ppxtlp e1wnkr790">4.2',
            ),
        ]
    ],
    edits=[
        Edit(
            "pay",
            [("$80,000 a year", "$85,000 a year"), ("$80,000.00 per year", "$85,000.00 per year")],
            ["pay"],
            ["Pay max 80,000 → 85,000 USD/year"],
        ),
        Edit(
            "years",
            [("• 3 years of dental", "• 5 years of dental")],
            ["requirements"],
            ["requirement changed: '3 years' → '5 years'"],
        ),
        Edit(
            "requirement added",
            [
                (
                    "• Excellent communication skills",
                    "• Excellent communication skills<br>• Bilingual in Spanish",
                )
            ],
            ["requirements"],
            ["requirement added: 'Bilingual in Spanish'"],
        ),
    ],
)

SMARTRECRUITERS = Page(
    "smartrecruiters.html",
    title="Field Service Technician",
    company="Vantor Medical Devices",
    location="Rotterdam, South Holland, Netherlands",
    pay=P(3400, 4200, "EUR", "month"),
    bullets=[
        "Carry out preventive maintenance visits according to schedule",
        "Diagnose and repair faults on site, often the same day",
        "Train clinic staff on safe use of new equipment",
        "Keep accurate service records in our CRM",
        "MBO level 4 or HBO degree in electrical engineering or medical technology",
        "2+ years of experience servicing electromechanical equipment",
        "Valid driving licence and willingness to travel daily",
        "Fluent Dutch and good English",
    ],
    furniture=[
        "cookies",
        "Accept all",
        "View all jobs",
        "I'm interested",
        "Refer a friend",
        "Other jobs",
        "Service Planner",
        "Powered by",
    ],
    noise=[
        [
            ("c5e1a9d3-7b2f-4e8a-9c6d-1f0e2d3c4b5a", "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"),
            ("Service Planner", "Biomedical Engineer"),
        ]
    ],
    edits=[
        Edit(
            "pay",
            [("€3,400 – €4,200", "€3,600 – €4,400")],
            ["pay"],
            ["Pay 3,400–4,200 → 3,600–4,400 EUR/month"],
        ),
        Edit(
            "requirement added",
            [("<li>Fluent Dutch", "<li>Experience with dialysis equipment</li><li>Fluent Dutch")],
            ["requirements"],
        ),
        Edit(
            "location",
            [
                (
                    '<span itemprop="addressLocality">Rotterdam</span>',
                    '<span itemprop="addressLocality">Utrecht</span>',
                ),
                (
                    '<span itemprop="addressRegion">South Holland</span>',
                    '<span itemprop="addressRegion">Utrecht</span>',
                ),
            ],
            ["location"],
        ),
    ],
)

WORKABLE = Page(
    "workable.html",
    title="Growth Marketing Manager",
    company="Pebblecart",
    location="Dublin, County Dublin, Ireland",
    workplace="remote",
    pay=P(70000, 82000, "EUR", "year"),
    bullets=[
        "4+ years in performance or growth marketing at a consumer app",
        "Hands-on experience with Meta and Google Ads budgets above €50k a month",
        "Comfort with SQL or a product analytics tool such as Amplitude",
        "Experience running A/B tests and reading the results honestly",
        "Salary of €70,000 – €82,000 per year",
        "Share options",
        "Home office budget",
    ],
    furniture=[
        "Apply for this job",
        "View website",
        "View all jobs",
        "Powered by",
        "cookies",
        "Accessibility",
    ],
    edits=[
        Edit(
            "hybrid",
            [
                (
                    'data-ui="job-remote" class="styles--1Sarc">Remote',
                    'data-ui="job-remote" class="styles--1Sarc">Hybrid',
                )
            ],
            ["location"],
            ["remote → hybrid"],
        ),
        Edit("years", [("4+ years in performance", "6+ years in performance")], ["requirements"]),
        Edit("pay", [("€70,000 – €82,000", "€75,000 – €88,000")], ["pay"]),
    ],
)

CAREERS_FLAT = Page(
    "careers_flat.html",
    title="Yard Supervisor",
    company="Alder & Finch Building Supply",
    location="Hamilton, ON",
    pay=P(24, 28, "CAD", "hour"),
    bullets=[
        "Supervise a crew of 8 yard associates on day shift",
        "Load contractor orders accurately and on time",
        "Inspect forklifts and the yard for safety hazards every morning",
        "Keep lumber and drywall inventory counts up to date",
        "3+ years of experience in a lumber yard or warehouse",
        "1+ year supervising a team",
        "Valid forklift certification",
        "Ability to lift 50 lbs and work outdoors in all weather",
        "Competitive wage of $24 - $28 per hour",
        "Health and dental benefits after 3 months",
        "Employee discount on all products.",
    ],
    furniture=["Home", "Products", "Contact", "905-555-0142", "wpNonce"],
    noise=[[('var wpNonce = "b4e91c2d7a"', 'var wpNonce = "9f8e7d6c5b"'), ("ver=6.4.3", "ver=6.5.0")]],
    edits=[
        Edit(
            "years",
            [("3+ years of experience in a lumber", "5+ years of experience in a lumber")],
            ["requirements"],
            ["requirement changed: '3+ years' → '5+ years'"],
        ),
        Edit("pay", [("$24 - $28 per hour", "$25 - $29 per hour")], ["pay"], ["Pay 24–28 → 25–29 CAD/hour"]),
        Edit(
            "requirement added",
            [("- Valid forklift certification", "- Valid forklift certification - WHMIS training")],
            ["requirements"],
            ["requirement added: 'WHMIS training'"],
        ),
        Edit(
            "responsibility removed",
            [(" - Load contractor orders accurately and on time", "")],
            ["responsibilities"],
        ),
    ],
)

MICRODATA = Page(
    "microdata.html",
    title="Senior Accountant",
    company="Greywell Municipal Credit Union",
    location="Madison, WI",
    pay=P(68500, 81000, "USD", "year"),
    bullets=[
        "Prepare monthly journal entries, accruals and reconciliations",
        "Reconcile general ledger accounts to subsidiary ledgers",
        "Prepare NCUA call reports each quarter",
        "Support the annual external audit",
        "Bachelor's degree in accounting or finance",
        "4 years of accounting experience, preferably in a financial institution",
        "Advanced Excel skills",
        "CPA certification",
    ],
    furniture=["Member login", "Apply online", "4 days ago", "Federally insured"],
    noise=[[("4 days ago", "5 days ago"), ("build 7c1d9e2f", "build 0a2b4c6d")]],
    edits=[
        Edit("years", [("4 years of accounting", "6 years of accounting")], ["requirements"]),
        Edit(
            "pay",
            [('<span itemprop="maxValue">81,000</span>', '<span itemprop="maxValue">86,000</span>')],
            ["pay"],
            ["Pay max 81,000 → 86,000 USD/year"],
        ),
    ],
)

JSONLD_ESCAPED = Page(
    "jsonld_escaped.html",
    title="Pharmacy Technician (Evenings)",
    company="Brookmere Pharmacy",
    location="Columbus, OH",
    pay=P(19.5, 23, "USD", "hour"),
    bullets=[
        "Fill prescriptions under the supervision of a pharmacist",
        "Manage the prescription pickup queue",
        "Process insurance claims and resolve rejections",
        "Active state pharmacy technician license",
        "1 year of retail pharmacy experience",
        "Availability for evening and weekend shifts",
    ],
    furniture=["Apply now", "Home"],
    edits=[
        Edit(
            "requirement removed",
            [
                ("<li>Availability for evening and weekend shifts</li>", ""),
                ("&lt;li&gt;Availability for evening and weekend shifts&lt;/li&gt;", ""),
            ],
            ["requirements"],
        ),
    ],
)

JSONLD_MESSY = Page(
    "jsonld_messy.html",
    title="Software Engineer, Maps Rendering",
    company="Veridian Labs",
    location="Seattle, WA",
    pay=P(142000, 178000, "USD", "year"),
    bullets=[
        "Build vector tile generation in Rust",
        "Profile and speed up our rendering pipeline",
        "Review map data changes from our community editors",
        "BS in computer science or equivalent practical experience",
        "2+ years of experience with Rust or C++",
        "Understanding of computational geometry",
        "Experience with PostGIS or GDAL",
    ],
    furniture=["Careers", "dataLayer"],
    noise=[[('"build":"4c8e2a91f7"', '"build":"d1e2f3a4b5"')]],
    edits=[
        Edit(
            "years",
            [("2+ years of experience with Rust", "3+ years of experience with Rust")],
            ["requirements"],
        ),
    ],
)

ENTITIES = Page(
    "entities.html",
    title="Café Supervisor",
    company="Boulangerie Lefèvre",
    location="Montréal, QC",
    pay=P(21.5, 24, "CAD", "hour"),
    bullets=[
        "Open and close the café five days a week",
        "Schedule a team of 9 baristas and counter staff",
        "Train new hires on our espresso recipes & food safety rules",
        "Count the cash and prepare the daily deposit",
        "2 years of supervisory experience in a café or restaurant",
        "Bilingual French – English",
        "MAPAQ food hygiene certificate (or willing to obtain it)",
    ],
    furniture=["Tous droits"],
    edits=[
        Edit(
            "responsibility edited",
            [("a team of 9 baristas", "a team of 12 baristas")],
            ["responsibilities"],
            ["responsibility changed: 'of 9 baristas' → 'of 12 baristas'"],
        ),
    ],
)

#: Layouts and wordings the pages above do not show (each guards one rule of the extractor).

#: A two-column layout: the description comes before the title card in the HTML, and the side column
#: ends with a list of other postings under a heading that names nothing.
TWO_COLUMN = Page(
    "two_column.html",
    title="Warehouse Operations Lead",
    company="Brightwater Logistics",
    location="Rotterdam, Netherlands",
    pay=P(3200, 3900, "EUR", "month"),
    bullets=[
        "Plan shifts for a team of 25 warehouse associates",
        "Keep inbound and outbound docks running to schedule",
        "Run the daily safety briefing and report incidents",
        "Coach new associates on scanning and picking procedures",
        "3+ years of experience leading a warehouse team",
        "Working knowledge of a warehouse management system",
        "A valid reach truck certificate",
        "Good Dutch and English",
    ],
    furniture=[
        "Keep browsing",
        "Forklift Driver",
        "Koelhuis Noord",
        "applicants",
        "days ago",
        "Apply now",
        "Find jobs",
    ],
    noise=[
        [
            ("5 days ago · 87 applicants", "6 days ago · 112 applicants"),
            (
                '<li><a href="/jobs/view/88102">Forklift Driver</a> <span>Portline · Rotterdam</span></li>',
                '<li><a href="/jobs/view/88290">Reach Truck Operator</a> <span>Havenlogistiek · Delft</span></li>',
            ),
            (
                "Shift Supervisor</a> <span>Dockside BV · Antwerp",
                "Yard Coordinator</a> <span>Dockside BV · Ghent",
            ),
        ],
        [
            ("Qm8vT2xk9PzR4wYc1nB7hJ3sL6dF0aEu", "Zt1c9Jx7Qm3Lp5Vb8Nw2Ks4Hd6Fg0Ry"),
            ("build 7e1d9c2a4b", "build 0f3e8d1c6a"),
        ],
    ],
    edits=[
        Edit(
            "responsibility edited",
            [("a team of 25 warehouse", "a team of 40 warehouse")],
            ["responsibilities"],
            ["responsibility changed: 'of 25 warehouse' → 'of 40 warehouse'"],
        ),
        Edit(
            "years",
            [("3+ years of experience leading", "5+ years of experience leading")],
            ["requirements"],
            ["'3+ years' → '5+ years'"],
        ),
        Edit("about", [("three cross-dock warehouses", "four cross-dock warehouses")], ["description"]),
        Edit("pay", [("€3,900 per month", "€4,100 per month")], ["pay"], ["Pay max 3,900 → 4,100 EUR/month"]),
    ],
)

#: Bullets worded like activity counters, ratings and day words, next to real status lines.
COUNTER_BULLETS = Page(
    "counter_bullets.html",
    title="Talent Acquisition Coordinator",
    company="Marlow & Pike",
    location="Manchester, UK",
    pay=None,
    bullets=[
        "Screen 50+ candidates per week",
        "Review 200 applications per month",
        "Grow our careers page to 10,000 followers",
        "Book interviews and confirm them with candidates today, not tomorrow",
        "Keep our applicant tracking system up to date",
        "2+ years in recruitment or HR administration",
        "Hybrid: 3/5 days in the office",
        "Confident with spreadsheets and calendars",
        "A friendly, organised way of working",
        "25 days of annual leave plus bank holidays",
        "A paid volunteering day every year",
    ],
    furniture=[
        "Posted 3 days ago",
        "120 applicants",
        "Employer active",
        "people viewed",
        "first 150",
        "session",
    ],
    noise=[
        [
            ("Posted 3 days ago · 120 applicants", "Posted 4 days ago · 134 applicants"),
            ("Employer active 2 hours ago", "Employer active 9 hours ago"),
            ("1,204 people viewed this job", "1,377 people viewed this job"),
            ("Be one of the first 150 applicants", "Be one of the first 200 applicants"),
        ],
        [
            ("5fa2c9e81b04d7a3", "0c93be1f7d2a6e54"),
            ("b71c09e4f2a84d6e9c3a5f10d2e7b8c4", "4e2d1c0b9a8f7e6d5c4b3a2918f7e6d5"),
        ],
    ],
    edits=[
        Edit(
            "screening volume",
            [("Screen 50+ candidates", "Screen 80+ candidates")],
            ["responsibilities"],
            ["responsibility changed: 'Screen 50+ candidates' → 'Screen 80+ candidates'"],
        ),
        Edit(
            "office days",
            [("Hybrid: 3/5 days", "Hybrid: 4/5 days")],
            ["requirements"],
            ["requirement changed: 'Hybrid: 3/5 days' → 'Hybrid: 4/5 days'"],
        ),
        Edit("applications", [("Review 200 applications", "Review 350 applications")], ["responsibilities"]),
        Edit("followers", [("10,000 followers", "25,000 followers")], ["responsibilities"]),
        Edit(
            "requirement removed",
            [("<li>Confident with spreadsheets and calendars</li>", "")],
            ["requirements"],
            ["requirement removed: 'Confident with spreadsheets and calendars'"],
        ),
    ],
)

#: Short intro lines between the title and the header facts, then a heading that names no section kind;
#: no workplace arrangement is stated.
INTRO_LINES = Page(
    "intro_lines.html",
    title="Bakery Production Supervisor",
    company="Hearthstone Bakers",
    location="Leeds, England",
    pay=P(14.5, 16, "GBP", "hour"),
    bullets=[
        "Lead a night crew of 8 bakers and packers",
        "Check dough temperatures and proofing times against our recipes",
        "Sign off allergen checks before each production run",
        "2 years of experience supervising food production",
        "Level 3 food hygiene certificate",
        "Happy to work nights, Sunday to Friday",
    ],
    furniture=["Apply for this job", "Full-time", "Leeds, England"],
    noise=[[('"nonce": "d93kf02msl4q8c7x"', '"nonce": "p2k9s8d7f6g5h4j3"')]],
    edits=[
        Edit(
            "intro",
            [("We are hiring in Leeds.", "We are hiring in Leeds and York.")],
            ["description"],
            ["description text changed: 'in Leeds.' → 'in Leeds and York.'"],
        ),
        Edit("start date", [("Start date: September 2025.", "Start date: January 2026.")], ["description"]),
        Edit(
            "hybrid",
            [("<span>Full-time</span>", "<span>Full-time</span><span>Hybrid</span>")],
            ["location"],
            ["Workplace not stated → hybrid (Leeds, England)"],
        ),
        Edit("crew", [("night crew of 8 bakers", "night crew of 12 bakers")], ["responsibilities"]),
    ],
)

#: A pay section that says more than the pay: how offers are decided, an equal-opportunity statement.
COMP_NOTES = Page(
    "comp_notes.html",
    title="Clinical Pharmacist",
    company="Riverbend Health",
    location="Portland, OR",
    pay=P(68, 82, "USD", "hour"),
    bullets=[
        "Verify medication orders for inpatient units",
        "Round with the internal medicine team three days a week",
        "Counsel patients on new anticoagulant prescriptions at discharge",
        "PharmD from an accredited school of pharmacy",
        "Active Oregon pharmacist license",
        "1 year of hospital pharmacy experience",
    ],
    edits=[
        Edit(
            "equal opportunity",
            [("sex, disability or veteran status", "sex, age, disability or veteran status")],
            ["description"],
            ["description text changed: 'sex, disability' → 'sex, age, disability'"],
        ),
        Edit(
            "offer factors",
            [("depend on experience and shift.", "depend on experience, shift and certifications.")],
            ["description"],
        ),
        Edit("pay raise", [("$82.00 per hour", "$86.00 per hour")], ["pay"], ["Pay max 82 → 86 USD/hour"]),
        Edit(
            "pay range dropped",
            [("The hourly range for this role is $68.00 – $82.00 per hour. ", "")],
            ["pay"],
            ["Pay removed (was 68–82 USD/hour)"],
        ),
        Edit(
            "pay section dropped",
            [
                (
                    '<div class="pay-transparency">',
                    '<div class="pay-transparency" hidden>',
                )
            ],
            ["pay"],
            ["Pay removed"],
        ),
    ],
)

POSTINGS = [
    GREENHOUSE,
    LEVER,
    WORKDAY,
    GREENHOUSE_API,
    LEVER_API,
    SMARTRECRUITERS_API,
    ASHBY,
    LINKEDIN,
    INDEED,
    SMARTRECRUITERS,
    WORKABLE,
    CAREERS_FLAT,
    MICRODATA,
    JSONLD_ESCAPED,
    JSONLD_MESSY,
    ENTITIES,
    TWO_COLUMN,
    COUNTER_BULLETS,
    INTRO_LINES,
    COMP_NOTES,
]

#: Pages that say the posting is closed.
CLOSED = ["closed_unavailable.html", "closed_filled.html", "closed_applications.html", "closed_recs.html"]
#: Pages that say nothing about the posting (a check of them must fail, never alert).
NOT_A_POSTING = ["maintenance.html", "cookie_wall.html"]
LISTING = "listing.html"


def read_file(name: str, text: str | None = None) -> PageReading:
    body = (PAGES / name).read_text(encoding="utf-8") if text is None else text
    return extract_posting(body, f"https://jobs.example/{name}", "text/html")
