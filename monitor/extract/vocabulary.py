"""The words the reader looks for, as data: one table per concept, by language.

The algorithms (``blocks``, ``volatile``, ``sections``, ``pay``) never spell a
word themselves; they build their patterns and the cheap pre-checks in front of
those patterns from the tables here (trafilatura keeps its rules the same way,
apart from the code that applies them). A table is a :class:`Terms`: phrases by
language, written in lower case with single spaces. ``pattern`` turns a table
into one regular expression; ``hints`` gives the words one of which any match
of that expression contains, so a line without any of them is never scanned.

Words are one signal among several: the page's structure and the site's other
pages (see ``monitor.extract.furniture``) decide as much as any table does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

__all__ = ["LANGUAGES", "Language", "Terms", "alternation", "hints_of", "pattern_of", "table"]

Language = Literal["en", "de", "fr", "es", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "de", "fr", "es", "nl")


@dataclass(frozen=True)
class Terms:
    """The phrases that express one concept, by language.

    Phrases are literal: matched case-insensitively, any run of white space
    standing for their spaces. Patterns with numbers or shapes stay in the
    module that uses them and take their words from here.
    """

    concept: str
    phrases: Mapping[Language, tuple[str, ...]]

    def all(self) -> tuple[str, ...]:
        """Every phrase, all languages, longest first (so alternation prefers the longer)."""
        seen = dict.fromkeys(p for lang in LANGUAGES for p in self.phrases.get(lang, ()))
        return tuple(sorted(seen, key=len, reverse=True))

    def of(self, *languages: Language) -> tuple[str, ...]:
        """The phrases of some languages only."""
        return tuple(p for lang in languages for p in self.phrases.get(lang, ()))

    @cached_property
    def hints(self) -> tuple[str, ...]:
        """Lower-case words one of which every match contains (see :func:`hints_of`)."""
        return hints_of(self.all())

    def pattern(self, template: str = r"\b(?:{})\b", flags: int = re.IGNORECASE) -> re.Pattern[str]:
        """The phrases as one alternation placed in ``template`` (``{}`` marks where)."""
        return pattern_of(self.all(), template, flags)


def alternation(phrases: Iterable[str]) -> str:
    """The phrases as a regular-expression alternation (no group), longest first."""
    ordered = sorted(dict.fromkeys(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word) for word in p.split()) for p in ordered)


def pattern_of(
    phrases: Iterable[str], template: str = r"\b(?:{})\b", flags: int = re.IGNORECASE
) -> re.Pattern[str]:
    """One compiled alternation of ``phrases`` inside ``template``."""
    return re.compile(template.replace("{}", alternation(phrases)), flags)


def hints_of(phrases: Iterable[str]) -> tuple[str, ...]:
    """For each phrase its longest word, lower-cased: a pre-check for the phrases' pattern.

    Text that contains none of the hints cannot match the pattern built from
    the same phrases, so ``contains_any(text.casefold(), hints)`` can stand in
    front of the costly scan.
    """
    return tuple(dict.fromkeys(max(p.casefold().split(), key=len) for p in phrases if p.strip()))


def table(concept: str, **by_language: Iterable[str]) -> Terms:
    """Build a :class:`Terms` from keyword arguments named by language (``en=…, de=…``)."""
    phrases: dict[Language, tuple[str, ...]] = {}
    for lang, words in by_language.items():
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r} in table {concept!r}")
        phrases[lang] = tuple(" ".join(w.casefold().split()) for w in words)
    return Terms(concept, phrases)


# ---------------------------------------------------------------------------------------------
# Tables. Each concept in its own block; the module that uses a table names it in a comment.
# ---------------------------------------------------------------------------------------------

# == Page furniture and chrome (used by blocks.py, volatile.py, furniture.py) ==================

#: Phrases that address the reader as a user of the site, not as a candidate for the job: sign-up
#: and alert boxes, account prompts, member reviews, the fine print under a form. A posting's own
#: text never says these, so a line holding one is chrome, and so is the small box it heads or
#: closes (``blocks.remove_furniture``).
SITE_USER = table(
    "site user",
    en=["unsubscribe", "by signing up", "sign up for free", "create a free account", "already have an account",
        "your inbox", "job alert", "job alerts", "jobs like this", "roles like this", "openings like this",
        "jobs by email", "our privacy notice", "our privacy policy", "our terms of service", "our terms of use",
        "our cookie policy", "you agree to our", "member reviews", "members say", "members rated",
        "would recommend it", "recommend it to a friend", "recommend this employer", "save this job",
        "report this job", "notify me", "subscribe to our", "set up alerts", "create alert"],
    de=["abmelden", "abbestellen", "jobalarm", "job-alarm", "in dein postfach", "in ihr postfach",
        "datenschutzerklärung", "datenschutzhinweise", "nutzungsbedingungen",
        "jobs wie diesen", "stellen wie diese", "konto erstellen", "jetzt registrieren",
        "bewertungen von mitgliedern", "mitglieder sagen", "job merken", "weiterempfehlen", "newsletter abonnieren"],
    fr=["se désabonner", "désabonner", "désinscrire", "alerte emploi", "alertes emploi", "alerte e-mail",
        "boîte de réception", "dans votre boîte", "politique de confidentialité", "conditions d'utilisation",
        "offres comme celle-ci", "créer un compte", "créez un compte", "avis des membres",
        "sauvegarder cette offre", "recommanderaient", "abonnez-vous"],
    es=["darte de baja", "darse de baja", "cancelar la suscripción", "alerta de empleo", "alertas de empleo",
        "bandeja de entrada", "política de privacidad", "términos de uso", "términos y condiciones",
        "empleos como este", "ofertas como esta", "crear una cuenta", "crea una cuenta",
        "opiniones de miembros", "guardar oferta", "recomendarían", "suscríbete"],
    nl=["afmelden", "uitschrijven", "vacature-alert", "vacaturealert", "jobalert", "in je inbox",
        "in uw inbox", "privacybeleid", "privacyverklaring", "gebruiksvoorwaarden", "vacatures zoals deze",
        "account aanmaken", "maak een account", "beoordelingen van leden", "vacature opslaan",
        "zouden aanraden", "schrijf je in"],
)

#: Headings that introduce a list of other postings (English ones are a pattern in ``blocks``).
SIMILAR_JOBS = table(
    "similar jobs",
    de=["ähnliche jobs", "ähnliche stellen", "ähnliche stellenangebote", "weitere jobs", "weitere stellen",
        "passende jobs", "das könnte dich auch interessieren", "das könnte sie auch interessieren",
        "andere jobs", "mehr jobs"],
    fr=["offres similaires", "emplois similaires", "postes similaires", "autres offres", "offres recommandées",
        "vous pourriez aussi aimer", "vous aimerez aussi", "plus d'offres", "offres d'emploi similaires"],
    es=["empleos similares", "ofertas similares", "trabajos similares", "otras ofertas", "ofertas recomendadas",
        "también te puede interesar", "te puede interesar", "más ofertas", "empleos relacionados"],
    nl=["vergelijkbare vacatures", "soortgelijke vacatures", "andere vacatures", "meer vacatures",
        "aanbevolen vacatures", "vergelijkbare banen", "misschien ook interessant", "bekijk ook"],
)

#: Buttons and labels around a posting that say nothing about it ("Apply now", "Save job"), one
#: line each; the English ones are a pattern in ``extract``.
CONTROLS = table(
    "controls",
    de=["jetzt bewerben", "bewerben", "job merken", "merken", "teilen", "job teilen", "melden", "zurück",
        "alle jobs", "schnellbewerbung"],
    fr=["postuler", "postuler maintenant", "postuler rapidement", "enregistrer", "sauvegarder", "partager",
        "signaler", "retour", "toutes les offres", "candidature simplifiée"],
    es=["solicitar", "aplicar", "aplicar ahora", "inscribirme", "postularme", "guardar", "compartir",
        "denunciar", "volver", "todas las ofertas", "solicitud rápida"],
    nl=["solliciteer", "solliciteer nu", "solliciteren", "reageer", "reageer nu", "opslaan", "bewaren",
        "delen", "melden", "terug", "alle vacatures", "snel solliciteren"],
)

#: Relative ages in other languages: the words before or after the amount ("vor 3 Tagen",
#: "il y a 2 jours", "hace 5 días", "3 dagen geleden"), the units, and "one" in words.
AGO_BEFORE = table("ago, before the amount", de=["vor"], fr=["il y a"], es=["hace"])
AGO_AFTER = table("ago, after the amount", en=["ago"], nl=["geleden"])
TIME_UNITS = table(
    "time units",
    de=["sekunde", "sekunden", "minute", "minuten", "std.", "stunde", "stunden", "tag", "tagen", "tage",
        "woche", "wochen", "monat", "monaten", "jahr", "jahren"],
    fr=["seconde", "secondes", "minute", "minutes", "heure", "heures", "h", "jour", "jours", "semaine",
        "semaines", "mois", "an", "ans"],
    es=["segundo", "segundos", "minuto", "minutos", "hora", "horas", "día", "días", "dia", "dias", "semana",
        "semanas", "mes", "meses", "año", "años"],
    nl=["seconde", "seconden", "minuut", "minuten", "uur", "dag", "dagen", "week", "weken", "maand",
        "maanden", "jaar"],
)
ONE_IN_WORDS = table(
    "one, in words", de=["einem", "einer", "ein paar", "wenigen"], fr=["un", "une", "quelques"],
    es=["un", "una", "unos", "unas"], nl=["een", "enkele"],
)
#: "Today", "yesterday" (day words are volatile only in a status line).
DAY_WORDS = table(
    "day words", de=["heute", "gestern"], fr=["aujourd'hui", "aujourd’hui"], es=["hoy", "ayer"],
    nl=["vandaag", "gisteren"],
)
#: What boards count next to a posting ("57 Bewerbungen", "120 candidatures").
COUNTED = table(
    "counted things",
    de=["bewerbungen", "bewerber", "bewerberinnen", "aufrufe", "ansichten", "klicks", "bewertungen"],
    fr=["candidatures", "candidats", "vues", "clics", "avis"],
    es=["candidatos", "solicitudes", "postulantes", "inscritos", "visitas", "vistas", "opiniones"],
    nl=["sollicitaties", "sollicitanten", "kandidaten", "weergaven", "reacties", "beoordelingen"],
)
#: Words a status line is made of besides its volatile spans, in other languages (English ones
#: are ``volatile._STATUS_WORDS``).
STATUS_WORDS = table(
    "status words",
    de=["veröffentlicht", "aktualisiert", "online", "seit", "am", "erstellt", "eingestellt", "aktiv", "neu",
        "über", "mehr", "als", "bereits", "bewerbungen", "bewerber", "aufrufe", "heute", "gestern", "job",
        "stelle", "anzeige", "zuletzt", "vor"],
    fr=["publié", "publiée", "mis", "à", "jour", "mise", "en", "ligne", "depuis", "le", "la", "il", "y", "a",
        "plus", "de", "déjà", "candidatures", "candidats", "vues", "aujourd'hui", "offre", "nouveau",
        "nouvelle", "actif", "active"],
    es=["publicado", "publicada", "actualizado", "actualizada", "hace", "desde", "el", "la", "más", "de",
        "ya", "candidatos", "solicitudes", "postulantes", "inscritos", "hoy", "ayer", "oferta", "nuevo",
        "nueva", "activo", "activa"],
    nl=["geplaatst", "gepubliceerd", "bijgewerkt", "online", "sinds", "op", "meer", "dan", "al",
        "sollicitaties", "kandidaten", "vandaag", "gisteren", "vacature", "nieuw", "actief", "geleden"],
)

#: Notices that the posting is closed, in other languages (English ones are a pattern in ``extract``).
CLOSED_NOTICES = table(
    "closed notices",
    de=["nicht mehr verfügbar", "nicht mehr aktiv", "nicht mehr online", "bereits besetzt", "wurde besetzt",
        "ist abgelaufen", "bewerbungsfrist ist abgelaufen", "stelle ist besetzt", "anzeige ist abgelaufen"],
    fr=["n'est plus disponible", "n’est plus disponible", "n'est plus active", "n’est plus active",
        "n'est plus en ligne", "n’est plus en ligne", "a été pourvu", "a été pourvue", "offre expirée",
        "annonce expirée", "candidatures sont closes", "offre a expiré"],
    es=["ya no está disponible", "ya no está activa", "ya no está activo", "oferta cerrada", "oferta expirada",
        "ha sido cubierta", "ha caducado", "proceso cerrado", "ya no acepta candidaturas"],
    nl=["niet meer beschikbaar", "niet langer beschikbaar", "is verlopen", "is vervuld", "is gesloten",
        "reageren is niet meer mogelijk", "niet meer actief"],
)

# == Pay (used by pay.py) ==========================================================================

#: What an amount pays for when it is a benefit, not pay: "Fertility HRA (up to $10,000 per year)",
#: "$1,500 wellness budget". (Bonus, equity and allowance words are a pattern in ``pay``.)
BENEFIT_AMOUNTS = table(
    "benefit amounts",
    en=["hra", "hsa", "fsa", "fertility", "insurance", "coverage", "membership", "wellness", "wellbeing",
        "learning and development", "parental", "childcare", "commuter", "gym", "perk", "perks", "benefit",
        "benefits", "home office", "employer match", "matching", "life assurance", "pension contribution"],
    de=["zuschuss", "versicherung", "jobticket", "weiterbildungsbudget", "betriebliche altersvorsorge"],
    fr=["mutuelle", "prime de", "tickets restaurant", "indemnité"],
    es=["seguro", "ayuda de", "cheques restaurante"],
    nl=["verzekering", "reiskostenvergoeding", "vergoeding"],
)

# == Section headings (used by sections.py) =====================================================
# Whole words and phrases, every form written out; apostrophes are written "'" (headings are
# matched with "’" read as "'").
# The tables are tried in this order: compensation, requirements, responsibilities, benefits.

COMPENSATION_HEADINGS = table(
    "compensation headings",
    en=["compensation", "salary", "salaries", "pay", "pay range", "remuneration", "wage", "wages", "base pay",
        "pay transparency", "total rewards", "total reward"],
    de=["gehalt", "vergütung", "entlohnung"],
    fr=["salaire", "rémunération"],
    es=["salario", "sueldo", "remuneración"],
    nl=["salaris", "beloning"],
)  # fmt: skip

REQUIREMENTS_HEADINGS = table(
    "requirements headings",
    en=["qualification", "qualifications", "requirement", "requirements", "required", "require", "requisite",
        "requisites", "prerequisite", "prerequisites", "skills", "skill",
        "experience", "who you are", "who are you", "about you", "skillsets", "skill sets", "skill set", "you have", "you bring", "you are", "you will have",
        "you'll have", "you should have", "you might be", "you may be", "you could be", "you need",
        "what you need", "what you'll need", "what you will need", "what you bring", "what you'll bring",
        "what you will bring", "what you have", "what we're looking for", "what we are looking for",
        "looking for", "you're", "must have", "must-have", "must haves", "must-haves", "nice to have",
        "nice-to-have", "nice to haves", "nice-to-haves", "bonus", "preferred",
        "ideal", "ideally", "competence", "competences", "competency", "competencies", "education", "profile", "a good fit", "a great fit", "a strong fit", "fit if",
        "to succeed", "to be successful", "what it takes", "credentials", "eligibility", "knowledge",
        "criteria", "person spec", "person specification", "at a minimum", "your background",
        "what we ask", "we ask", "what we expect", "we expect", "expectations of you", "we'd love to hear from",
        "you'd be a", "you'll be a great", "you'll thrive", "you will thrive", "who we're looking for",
        "who we are looking for", "who you'll be", "your expertise", "expertise", "your experience"],
    de=["anforderungen", "anforderung", "qualifikation", "qualifikationen", "ihr profil", "dein profil", "das bringst du mit",
        "das bringen sie mit", "was du mitbringst", "was sie mitbringen", "voraussetzungen", "kenntnisse",
        "erfahrung", "wir erwarten", "was wir erwarten", "was wir suchen", "du bringst", "sie bringen"],
    fr=["profil recherché", "profil", "compétences", "exigences", "votre profil", "ton profil", "prérequis",
        "pré-requis", "ce que nous recherchons", "nous recherchons", "vous avez", "expérience", "qui êtes-vous",
        "qui es-tu", "formation"],
    es=["requisitos", "perfil", "lo que buscamos", "buscamos", "experiencia", "conocimientos", "qué necesitas",
        "tu perfil", "formación", "qué pedimos", "lo que pedimos", "requerimos"],
    nl=["functie-eisen", "functieeisen", "wat vragen wij", "wat wij vragen", "wie ben jij", "wie zoeken wij",
        "wie wij zoeken", "jouw profiel", "wat breng je mee", "wat neem je mee", "vereisten", "eisen",
        "ervaring", "kennis", "wat we vragen"],
)  # fmt: skip

RESPONSIBILITIES_HEADINGS = table(
    "responsibilities headings",
    en=["responsibility", "responsibilities", "duties", "what you'll do", "what you will do", "what you do", "what you'd do",
        "what you'll be doing", "what you will be doing", "what you'll work on", "what you will work on",
        "what you'll be working on", "what you will be working on", "what you'll own", "what you will own",
        "what you'll achieve", "what you will achieve", "you'll do", "you'll be", "you will", "your role",
        "your impact", "your day", "your mission", "your job", "your tasks", "the role",
        "role overview", "in this role", "day to day", "day-to-day", "key tasks", "accountability",
        "accountabilities", "tasks",
        "what the job involves", "what the role involves", "the job", "the work", "how you'll", "impact",
        "essential functions", "key functions", "main functions", "primary functions", "job functions",
        "core functions", "what you'll be responsible for", "scope of the role", "the opportunity you'll own"],
    de=["aufgaben", "deine aufgaben", "ihre aufgaben", "tätigkeiten", "das erwartet dich", "das erwartet sie",
        "was dich erwartet", "was sie erwartet", "verantwortung", "dein job", "deine rolle", "ihre rolle"],
    fr=["missions", "mission", "vos missions", "tes missions", "responsabilités", "vos responsabilités",
        "ce que vous ferez", "ce que tu feras", "votre rôle", "ton rôle", "le poste", "vos tâches", "tâches"],
    es=["funciones", "responsabilidades", "tus funciones", "qué harás", "lo que harás", "tareas", "tu rol",
        "tu día a día", "qué vas a hacer"],
    nl=["taken", "wat ga je doen", "jouw taken", "wat je gaat doen", "verantwoordelijkheden", "jouw rol",
        "wat ga jij doen", "werkzaamheden"],
)  # fmt: skip

BENEFITS_HEADINGS = table(
    "benefits headings",
    en=["benefit", "benefits", "perks", "perk", "what we offer", "we offer", "why join", "why work", "our offer",
        "reward", "rewards",
        "what's in it", "wellbeing", "well-being", "time off", "what you'll get", "what you get", "what you will get",
        "in return", "we provide", "what we provide", "life at", "why you'll love", "why you will love",
        "why us", "our package", "the package", "what's on offer"],
    de=["wir bieten", "was wir bieten", "unser angebot", "vorteile", "das bieten wir", "was wir dir bieten",
        "was wir ihnen bieten", "deine vorteile", "ihre vorteile", "zusatzleistungen"],
    fr=["avantages", "ce que nous offrons", "nous offrons", "ce que nous proposons", "nous proposons",
        "pourquoi nous rejoindre", "vos avantages"],
    es=["beneficios", "ofrecemos", "qué ofrecemos", "lo que ofrecemos", "ventajas", "por qué unirte"],
    nl=["wat bieden wij", "wij bieden", "arbeidsvoorwaarden", "wat wij bieden", "wat we bieden",
        "wat krijg je", "secundaire arbeidsvoorwaarden"],
)  # fmt: skip

# == Closed notices and non-posting pages (used by extract/__init__.py) =========================

