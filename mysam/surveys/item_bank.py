"""Every item of the two baseline questionnaires of 2016 (seed 004), in Swedish.

The wording is the instrument: where the report quotes a question, the text below is the
report's, word for word (the report lost the dash in "16–64"; it is restored here). The
background questions are only described in the report ("bakgrundsfrågor om ...");
their wording and options are written from those descriptions and from the report's
tables (table 3 for the parties and units, the sampling chapter for the professions,
diagrams 26–28 for the forms of cooperation) and marked as the association's own items.

Two details a reader of the report will look for:

- The managers were asked about *rutiner* (routines) for relations between the involved
  actors; the report says the word *strukturer* was replaced by mistake. That wording is
  its own item (``rutiner_relationer_aktorer``), not a national indicator; the correct
  indicator (``strukturer_aktorer``) is the staff item, available for a follow-up.
- The staff items about routines and structures were split into "myndigheter" and
  "aktörer"; only the "aktörer" wording is the indicator project's, so the "myndigheter"
  items are the association's own.

``item_bank_install`` (mysam.surveys.services.bank) adds these to an association's bank.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mysam.surveys.models.items import ItemKind

SOURCE_NNS = "Indikatorprojektet (NNS)"
SOURCE_OWN = "Egen fråga (Samordningsförbund Gävleborg)"
COMMENT = "Kommentar"
OTHER_NAMELY = "Annat, nämligen"


@dataclass(frozen=True)
class ItemSpec:
    """One item as installed in a bank; `code` is its stable name."""

    code: str
    text: str
    kind: str
    options: tuple[str, ...] = ()
    help_text: str = ""
    allows_dont_know: bool = False
    has_comment: bool = True
    comment_label: str = COMMENT
    source: str = SOURCE_OWN
    is_national_indicator: bool = False
    audiences: tuple[str, ...] = field(default=("managers", "staff"))


# Table 3 of the report: which party or unit a respondent represents.
UNITS = (
    "Arbetsförmedlingen",
    "Försäkringskassan",
    "Primärvård",
    "Psykiatri",
    "Individ- och familjeomsorg (IFO)",
    "Omsorg om personer med funktionsnedsättning",
    "Arbetsmarknads- och integrationsenhet (AME/Integration)",
    "Skola",
    "Övrigt",
)

# The sampling chapter lists who was asked; the results name the largest groups.
PROFESSIONS = (
    "Socialsekreterare",
    "Handläggare",
    "Arbetsförmedlare",
    "Arbetskonsulent",
    "Enhetschef",
    "Läkare",
    "Sjuksköterska",
    "Fysioterapeut",
    "Arbetsterapeut",
    "Rehabiliteringskoordinator",
    "Kurator",
    "Psykolog",
    "Biträdande rektor",
    "Skolhälsovårdspersonal",
    "Personligt ombud",
    "Annat yrke",
)

FORMS_WITH_USER = (
    "Flerpartsmöte tillsammans med brukaren",
    "SIP-möte (samordnad individuell plan)",
    "Trepartsmöte tillsammans med brukaren",
    "Digitalt möte tillsammans med brukaren",
    "Annan form",
)

FORMS_WITHOUT_USER = (
    "Teamträff",
    "Nätverksträff med professionella",
    "Handläggarträff",
    "Konsultation eller ärendedragning",
    "Digitalt möte",
    "Annan form",
)

OTHER_FORMS = (
    "Gemensamma projekt",
    "Gemensamma konferenser och utbildning",
    "Gemensam handledning",
    "Annan form",
)

MANAGERS = ("managers",)
STAFF = ("staff",)
BOTH = ("managers", "staff")

ITEMS: tuple[ItemSpec, ...] = (
    # --- Background: the managers (Mysamgrupper) -----------------------------------------
    ItemSpec(
        code="foretrader",
        text="Vilken verksamhet företräder du i Mysamgruppen?",
        kind=ItemKind.SINGLE_CHOICE,
        options=UNITS,
        has_comment=True,
        comment_label=OTHER_NAMELY,
        audiences=MANAGERS,
    ),
    ItemSpec(
        code="mysamgrupper",
        text="I vilken eller vilka Mysamgrupper ingår du?",
        kind=ItemKind.GROUPS,
        help_text=(
            "Välj alla grupper du ingår i. Frågorna om samverkansklimatet ställs sedan för "
            "varje grupp, eftersom klimatet kan skilja sig mellan grupperna."
        ),
        has_comment=False,
        comment_label="",
        audiences=MANAGERS,
    ),
    ItemSpec(
        code="beslutsmandat",
        text="Har du en chefsposition med beslutsmandat?",
        kind=ItemKind.YES_NO,
        audiences=MANAGERS,
    ),
    ItemSpec(
        code="antal_traffar",
        text="Hur många gånger har du deltagit i Mysamgruppträffar det senaste året?",
        kind=ItemKind.NUMBER,
        has_comment=False,
        comment_label="",
        audiences=MANAGERS,
    ),
    ItemSpec(
        code="vikt_delta",
        text="Hur viktigt är det att delta i Mysamträffar?",
        kind=ItemKind.IMPORTANCE,
        audiences=MANAGERS,
    ),
    # --- Background: the frontline staff ---------------------------------------------------
    ItemSpec(
        code="kontakt_malgrupp",
        text=(
            "Har Du i Din tjänsteutövning kontakt med personer 16–64 år med behov av "
            "rehabiliteringsinsatser från flera myndigheter/aktörer?"
        ),
        kind=ItemKind.YES_NO,
        has_comment=False,
        comment_label="",
        audiences=STAFF,
    ),
    ItemSpec(
        code="erfarenhet_flerpart",
        text=(
            "Har du erfarenhet av att samverka med andra myndigheter/aktörer kring enskilda "
            "individer med sammansatta behov?"
        ),
        kind=ItemKind.YES_NO,
        has_comment=False,
        comment_label="",
        audiences=STAFF,
    ),
    ItemSpec(
        code="verksamhetsomrade",
        text="Inom vilket verksamhetsområde arbetar du?",
        kind=ItemKind.SINGLE_CHOICE,
        options=UNITS,
        comment_label=OTHER_NAMELY,
        audiences=STAFF,
    ),
    ItemSpec(
        code="yrke",
        text="Vilken är din yrkestillhörighet?",
        kind=ItemKind.SINGLE_CHOICE,
        options=PROFESSIONS,
        comment_label="Annat yrke, nämligen",
        audiences=STAFF,
    ),
    ItemSpec(
        code="upptagningsomrade",
        text="Inom vilken eller vilka kommuner verkar du (ditt upptagningsområde)?",
        kind=ItemKind.MUNICIPALITIES,
        help_text=(
            "Välj alla kommuner du arbetar i. Frågorna om samverkansklimatet ställs sedan "
            "för varje kommun du har valt."
        ),
        has_comment=False,
        comment_label="",
        audiences=STAFF,
    ),
    ItemSpec(
        code="samverkan_en_part",
        text=(
            "Hur ofta samverkar du kring personer med sammansatta behov med en "
            "myndighet/aktör utöver den egna myndigheten?"
        ),
        kind=ItemKind.FREQUENCY,
        audiences=STAFF,
    ),
    ItemSpec(
        code="samverkan_tva_parter",
        text=(
            "Hur ofta samverkar du kring personer med sammansatta behov med två "
            "myndigheter/aktörer utöver den egna myndigheten?"
        ),
        kind=ItemKind.FREQUENCY,
        audiences=STAFF,
    ),
    ItemSpec(
        code="samverkan_tre_parter",
        text=(
            "Hur ofta samverkar du kring personer med sammansatta behov med tre eller flera "
            "myndigheter/aktörer utöver den egna myndigheten?"
        ),
        kind=ItemKind.FREQUENCY,
        audiences=STAFF,
    ),
    ItemSpec(
        code="former_med_brukare",
        text="I vilka former sker samverkan tillsammans med brukaren?",
        kind=ItemKind.MULTIPLE_CHOICE,
        options=FORMS_WITH_USER,
        help_text="Flera svar är möjliga.",
        comment_label=OTHER_NAMELY,
        audiences=STAFF,
    ),
    ItemSpec(
        code="former_utan_brukare",
        text="I vilka former sker samverkan utan brukaren?",
        kind=ItemKind.MULTIPLE_CHOICE,
        options=FORMS_WITHOUT_USER,
        help_text="Flera svar är möjliga.",
        comment_label=OTHER_NAMELY,
        audiences=STAFF,
    ),
    ItemSpec(
        code="ovriga_former",
        text="Deltar du i någon av följande övriga samverkansformer?",
        kind=ItemKind.MULTIPLE_CHOICE,
        options=OTHER_FORMS,
        help_text="Flera svar är möjliga.",
        comment_label=OTHER_NAMELY,
        audiences=STAFF,
    ),
    ItemSpec(
        code="strukturerad_grupp",
        text=(
            "Ingår du i en fast, återkommande och strukturerad samverkansgrupp/verksamhet "
            "tillsammans med andra myndigheter/aktörer?"
        ),
        kind=ItemKind.YES_NO,
        help_text=(
            "Eller arbetar du i en samverkansverksamhet där ni gemensamt tillsammans med "
            "andra myndigheter/aktörer planerar och genomför rehabiliteringsinsatser?"
        ),
        audiences=STAFF,
    ),
    ItemSpec(
        code="nytta_individ",
        text=(
            "I vilken utsträckning är den strukturerade samverkansgruppen/insatsen till "
            "nytta för individen?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        audiences=STAFF,
    ),
    ItemSpec(
        code="nytta_organisation",
        text=(
            "I vilken utsträckning är den strukturerade samverkansgruppen/insatsen till "
            "nytta för organisationen?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        audiences=STAFF,
    ),
    # --- The cooperation climate -------------------------------------------------------------
    ItemSpec(
        code="lyssnar",
        text="Hur ofta upplever du att de du samverkar med hos andra myndigheter lyssnar på dig?",
        kind=ItemKind.FREQUENCY,
        allows_dont_know=True,
        source=SOURCE_NNS,
        is_national_indicator=True,
        audiences=BOTH,
    ),
    ItemSpec(
        code="vet_tillfora",
        text=(
            "Hur ofta upplever du att de du samverkar med hos andra myndigheter vet vad du "
            "kan tillföra?"
        ),
        kind=ItemKind.FREQUENCY,
        allows_dont_know=True,
        source=SOURCE_NNS,
        is_national_indicator=True,
        audiences=BOTH,
    ),
    ItemSpec(
        code="brukare_tillvara",
        text=(
            "I vilken utsträckning tas erfarenheter, kunskaper och synpunkter från brukare "
            "systematiskt tillvara?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        source=SOURCE_NNS,
        is_national_indicator=True,
        audiences=BOTH,
    ),
    ItemSpec(
        code="rutiner_relationer_aktorer",
        text=(
            "I vilken utsträckning har ni rutiner för att initiera, upprätthålla och "
            "underhålla relationer mellan inblandade aktörer?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        help_text="",
        source=(
            "Indikatorprojektet (NNS), med ordet ”strukturer” ersatt av ”rutiner” "
            "(baslinjemätningen 2016)"
        ),
        is_national_indicator=False,
        audiences=MANAGERS,
    ),
    ItemSpec(
        code="forebyggande",
        text=(
            "I vilken utsträckning har erfarenheter från er samverkan lett till att "
            "förebyggande insatser utvecklats?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        source=SOURCE_NNS,
        is_national_indicator=True,
        audiences=MANAGERS,
    ),
    ItemSpec(
        code="rutiner_myndigheter",
        text=(
            "I vilken utsträckning har ni rutiner för att samarbeta med andra myndigheter i "
            "arbetet när det gäller insatser för brukare?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        source=SOURCE_OWN + ", efter indikatorprojektet (NNS)",
        audiences=STAFF,
    ),
    ItemSpec(
        code="rutiner_aktorer",
        text=(
            "I vilken utsträckning har ni rutiner för att samarbeta med andra aktörer i "
            "arbetet när det gäller insatser för brukare?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        source=SOURCE_NNS,
        is_national_indicator=True,
        audiences=STAFF,
    ),
    ItemSpec(
        code="strukturer_myndigheter",
        text=(
            "I vilken utsträckning har ni strukturer för att initiera, upprätthålla och "
            "underhålla relationer mellan inblandade myndigheter?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        source=SOURCE_OWN + ", efter indikatorprojektet (NNS)",
        audiences=STAFF,
    ),
    ItemSpec(
        code="strukturer_aktorer",
        text=(
            "I vilken utsträckning har ni strukturer för att initiera, upprätthålla och "
            "underhålla relationer mellan inblandade aktörer?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        source=SOURCE_NNS,
        is_national_indicator=True,
        audiences=STAFF,
    ),
    ItemSpec(
        code="synsatt",
        text=(
            "I vilken utsträckning omfattas det synsätt ni har angående människors resurser "
            "och möjligheter av alla i den samordnade insatsen?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        source=SOURCE_NNS,
        is_national_indicator=True,
        audiences=STAFF,
    ),
    ItemSpec(
        code="arbetssatt",
        text=(
            "I vilken utsträckning fungerar de olika arbetssätt ni har i den samordnade "
            "insatsen bra tillsammans?"
        ),
        kind=ItemKind.EXTENT,
        allows_dont_know=True,
        source=SOURCE_NNS,
        is_national_indicator=True,
        audiences=STAFF,
    ),
    # --- Closing ---------------------------------------------------------------------------
    ItemSpec(
        code="ovriga_synpunkter",
        text="Har du övriga synpunkter på samverkan inom rehabiliteringsområdet?",
        kind=ItemKind.FREE_TEXT,
        has_comment=False,
        comment_label="",
        audiences=BOTH,
    ),
)

ITEMS_BY_CODE: dict[str, ItemSpec] = {spec.code: spec for spec in ITEMS}

# The questionnaires of the baseline, section by section, as item codes. A section whose
# `repeat_for` names an area-choice item is asked once per area chosen there; `shown_if`
# maps an item to (earlier item, stored values); `screens_out` ends the survey.
MANAGERS_SECTIONS: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    (
        "Bakgrund",
        "Några frågor om dig och ditt uppdrag i Mysamgruppen.",
        ("foretrader", "mysamgrupper", "beslutsmandat", "antal_traffar", "vikt_delta"),
        None,
    ),
    (
        "Samverkansklimatet i Mysamgruppen",
        "Besvara frågorna för varje Mysamgrupp du ingår i.",
        (
            "lyssnar",
            "vet_tillfora",
            "rutiner_relationer_aktorer",
            "forebyggande",
            "brukare_tillvara",
        ),
        "mysamgrupper",
    ),
    ("Avslutning", "", ("ovriga_synpunkter",), None),
)

STAFF_SECTIONS: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    (
        "Inledande frågor",
        "Två frågor om ditt arbete, så att enkäten når dem den är avsedd för.",
        ("kontakt_malgrupp", "erfarenhet_flerpart"),
        None,
    ),
    (
        "Bakgrund",
        "Några frågor om dig och ditt arbete.",
        ("verksamhetsomrade", "yrke", "upptagningsomrade"),
        None,
    ),
    (
        "Samverkan med en eller flera parter",
        "",
        (
            "samverkan_en_part",
            "samverkan_tva_parter",
            "samverkan_tre_parter",
            "former_med_brukare",
            "former_utan_brukare",
            "ovriga_former",
            "strukturerad_grupp",
            "nytta_individ",
            "nytta_organisation",
        ),
        None,
    ),
    (
        "Samverkansklimatet i kommunen",
        "Besvara frågorna för varje kommun du arbetar i.",
        (
            "lyssnar",
            "vet_tillfora",
            "brukare_tillvara",
            "rutiner_myndigheter",
            "rutiner_aktorer",
            "strukturer_myndigheter",
            "strukturer_aktorer",
            "synsatt",
            "arbetssatt",
        ),
        "upptagningsomrade",
    ),
    ("Avslutning", "", ("ovriga_synpunkter",), None),
)

# Stored values: yes/no answers store 1 = Ja, 2 = Nej.
YES, NO = 1, 2
SHOWN_IF: dict[str, tuple[str, tuple[int, ...]]] = {
    "nytta_individ": ("strukturerad_grupp", (YES,)),
    "nytta_organisation": ("strukturerad_grupp", (YES,)),
}
SCREENS_OUT: dict[str, tuple[int, ...]] = {
    "kontakt_malgrupp": (NO,),
    "erfarenhet_flerpart": (NO,),
}
REQUIRED = frozenset(
    {"kontakt_malgrupp", "erfarenhet_flerpart", "upptagningsomrade", "mysamgrupper"}
)

# The respondent-facing texts of the two baseline questionnaires (Swedish data, like the
# items: they are shown to respondents as written, whatever the office's language).
MANAGERS_TEXTS = {
    "title": "Samverkansklimatet – enkät till Mysamgrupperna",
    "introduction": (
        "Samordningsförbund Gävleborg gör en baslinjemätning av samverkansklimatet inom "
        "rehabiliteringsområdet. Enkäten riktar sig till dig som representerar din "
        "verksamhet i en Mysamgrupp. Dina svar är anonyma och redovisas bara i grupper."
    ),
    "closing_text": "Tack för att du tog dig tid att svara!",
    "screened_out_text": "Tack! Enkäten är avsedd för representanter i Mysamgrupperna.",
}
STAFF_TEXTS = {
    "title": "Samverkansklimatet – enkät till personal",
    "introduction": (
        "Samordningsförbund Gävleborg gör en baslinjemätning av samverkansklimatet inom "
        "rehabiliteringsområdet. Enkäten riktar sig till dig som i ditt arbete möter "
        "personer 16–64 år med sammansatta behov. Dina svar är anonyma och redovisas "
        "bara i grupper."
    ),
    "closing_text": "Tack för att du tog dig tid att svara!",
    "screened_out_text": (
        "Tack för ditt svar! Enkäten riktar sig till dig som i ditt arbete möter personer "
        "16–64 år med behov av insatser från flera myndigheter och som har erfarenhet av "
        "att samverka kring dem. Utifrån ditt svar behöver du inte besvara fler frågor. "
        "Tack för din tid."
    ),
}
