"""Built-in process templates. "Familiengerechte Kommune" (DESIGN §7) is the seed's case."""
from __future__ import annotations

from dataclasses import dataclass

from .agenda import FGK_AGENDA, AgendaStep


@dataclass(frozen=True, slots=True)
class FieldTemplate:
    name: str
    description: str
    colour: str
    optional_module: bool = False


@dataclass(frozen=True, slots=True)
class ProcessTemplate:
    key: str
    title: str
    fields: tuple[FieldTemplate, ...]
    groups: tuple[tuple[str, str], ...]
    implementation_years: int = 3
    #: The sequence of workshop methods the moderator can start from (empty: none offered).
    agenda: tuple[AgendaStep, ...] = ()


#: Politik, Verwaltung, Zivilgesellschaft — the three who meet in the certification workshops.
DEFAULT_GROUPS: tuple[tuple[str, str], ...] = (
    ("politik", "Politik"),
    ("verwaltung", "Verwaltung"),
    ("zivilgesellschaft", "Zivilgesellschaft"),
)

# Okabe–Ito colours, dark enough for white text where the UI puts text on them.
FAMILIENGERECHTE_KOMMUNE = ProcessTemplate(
    key="familiengerechte_kommune",
    title="Familiengerechte Kommune",
    groups=DEFAULT_GROUPS,
    agenda=FGK_AGENDA,
    fields=(
        FieldTemplate("Steuerung, Vernetzung und Nachhaltigkeit",
                      "Strategische Steuerung, Kooperation und dauerhafte Verankerung der Familienpolitik.",
                      "#0072B2"),
        FieldTemplate("Familie und Arbeitswelt, Betreuung",
                      "Vereinbarkeit von Familie und Beruf, Kinderbetreuung und Pflege.", "#D55E00"),
        FieldTemplate("Bildung und Erziehung",
                      "Bildungswege von der Kita bis zur Schule, Übergänge und Elternbildung.", "#009E73"),
        FieldTemplate("Beratung und Unterstützung",
                      "Beratungs- und Hilfeangebote für Familien in allen Lebenslagen.", "#CC79A7"),
        FieldTemplate("Wohnumfeld und Lebensqualität",
                      "Wohnen, Mobilität, Spiel- und Freiräume, Gesundheit im Alltag.", "#E69F00"),
        FieldTemplate("Senioren und Generationen",
                      "Teilhabe älterer Menschen und das Miteinander der Generationen.", "#56B4E9"),
        FieldTemplate("Prävention", "Vorbeugende Angebote für Kinder, Jugendliche und Familien.",
                      "#999999", optional_module=True),
        FieldTemplate("Inklusion", "Teilhabe von Menschen mit Behinderungen.", "#999999",
                      optional_module=True),
        FieldTemplate("Akzeptanz und Integration",
                      "Willkommenskultur und Teilhabe zugewanderter Familien.", "#999999",
                      optional_module=True),
        FieldTemplate("Familienzeitpolitik",
                      "Zeit für Familie: Öffnungszeiten, Taktungen, Zeitkonflikte.", "#999999",
                      optional_module=True),
    ),
)

EMPTY = ProcessTemplate(key="empty", title="", fields=(), groups=DEFAULT_GROUPS)

TEMPLATES = {t.key: t for t in (FAMILIENGERECHTE_KOMMUNE, EMPTY)}
