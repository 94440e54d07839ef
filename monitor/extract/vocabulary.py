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

# == Section headings (used by sections.py) =====================================================

# == Closed notices and non-posting pages (used by extract/__init__.py) =========================

