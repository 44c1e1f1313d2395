"""The default plan template and target-group catalogue, built from seed 000.

Samordningsförbund Gävleborg's template for a Mysam group's action plan (handlingsplan):
the sections of the plan in their order, the nine numbered goal areas with the dialogue
questions of the template's appendix (Bilaga 1, "Dialogstöd till framtagande av
handlingsplan för Mysam-gruppen", quoted word for word), and the target groups the plans
of 2017–2019 prioritise. The texts are the association's document content, so they are
Swedish data here, not interface strings to translate.

:func:`template_create_default` is the service that writes them; it is safe to call more
than once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from mysam.organisation.models import Association
from mysam.plans.models import (
    GoalArea,
    GuidingQuestion,
    PlanTemplate,
    SectionKind,
    TargetGroup,
    TemplateSection,
)

DEFAULT_TEMPLATE_NAME = "Mall för handlingsplan för Mysam-grupp"
DEFAULT_INTRODUCTION = (
    "Varje Mysam-grupp i länet tar fram en handlingsplan med mål och aktiviteter. Löpande "
    "avstämning av handlingsplanens mål och aktiviteter sker vid Mysam-gruppens möten. "
    "Handlingsplanen ses över årligen och revideras vid behov; sammankallande ansvarar för "
    "att revideringarna görs."
)


@dataclass(frozen=True)
class SectionDefault:
    key: str
    title: str
    kind: str
    guidance: str = ""
    default_text: str = ""  # sanitised HTML: <p>, <ul>, <li> only


# The paragraphs that seeds 000 (Gävle) and 001 (Ljusdal) share, with the group's own
# name replaced by "Mysam-gruppen" so that every group can start from them.
BACKGROUND_HTML = (
    "<p>Mysam står för Myndigheter i samverkan. Mysam-gruppen är en lokal chefsgrupp för "
    "fyrpartssamverkan inom rehabiliteringsområdet som verkar inom kommunen. Det är en grupp "
    "på strategisk nivå bestående av chefer inom följande verksamheter: kommunens individ- och "
    "familjeomsorg, arbetsmarknadsenhet och omvårdnad om personer med funktionsnedsättning, "
    "samt primärvården, Försäkringskassan och Arbetsförmedlingen. Representanter för "
    "öppenvårdspsykiatrin i Region Gävleborg, skola/elevhälsa och eventuell övrig part kan "
    "adjungeras till samverkansgruppens möten vid behov.</p>"
    "<p>De fyra parterna i Mysam har ett gemensamt uppdrag att möta de utmaningar som finns "
    "lokalt inom välfärds- och rehabiliteringsområdet. Parterna kan samverka finansiellt "
    "utifrån lagen om finansiell samordning av rehabiliteringsinsatser, i dagligt tal Finsam, "
    "som trädde i kraft den 1 januari 2004. På länsnivå bildar de fyra parterna tillsammans "
    "Samordningsförbund Gävleborg. Mysam-gruppen är en del av samordningsförbundets lokala "
    "struktur i länet.</p>"
    "<p>Parterna bestämmer själva vilken/vilka chef/-er som ska delta i Mysam, men en "
    "utgångspunkt är första linjens chef/verksamhetschef. Det är viktigt att den chef som "
    "deltar har en övergripande bild av behovet av samordnade rehabiliteringsinsatser och stöd "
    "som leder individen till egen försörjning. Antalet chefer från respektive part måste vara "
    "väl avvägt.</p>"
    "<p>I arbetet med att möta de utmaningar som finns lokalt tar varje Mysam-grupp i länet "
    "fram en handlingsplan med mål och aktiviteter. Löpande avstämning av handlingsplanens mål "
    "och aktiviteter sker vid Mysam-gruppens möten, som dokumenteras i minnesanteckningar. "
    "Handlingsplanen ses över årligen och revideras vid behov. Sammankallande ansvarar för att "
    "eventuella revideringar görs.</p>"
    "<p>En representant från samordningsförbundets kansli bjuds in till Mysam-gruppens möten "
    "för ömsesidigt kunskaps- och informationsutbyte och för att få möjlighet till dialog om "
    "utveckling av lokala insatser.</p>"
)

PURPOSE_HTML = (
    "<p>På övergripande nivå vänder sig Mysam-gruppen till individer 16–64 år inom kommunens "
    "geografiska område med behov av samordnad rehabilitering. Samverkansgruppens syfte är:</p>"
    "<ul>"
    "<li>att säkerställa en tydlig struktur för samverkan inom rehabiliteringsområdet,</li>"
    "<li>att utveckla de lokala samverkansformerna för att stödja personer att uppnå egen "
    "försörjning.</li>"
    "</ul>"
)

GOALS_HTML = (
    "<p>Syftet med de lokala insatser och aktiviteter som beskrivs i handlingsplanen är att de "
    "ska bidra till att individer med sammansatta behov får stöd och rehabilitering som ger dem "
    "möjlighet att försörja sig själva, att de ska stimulera framväxten av förebyggande insatser "
    "såväl strukturellt som individinriktat, samt att de ska bidra till en långsiktigt hållbar "
    "samverkan mellan Mysam-gruppens samarbetsparter.</p>"
)

BUDGET_HTML = (
    "<p>Budgeten gäller på årsbasis och kan inte tas med till nästkommande år.</p>"
    "<p>Medel faktureras efter beslut om insats, enligt överenskommelse.</p>"
)

SECTIONS: tuple[SectionDefault, ...] = (
    SectionDefault(
        "samarbetsparter",
        "Samarbetsparter",
        SectionKind.TEXT,
        guidance="Vilka parter samverkar i gruppen? Som regel kommunen (eller kommunerna), "
        "Region Gävleborg, Arbetsförmedlingen och Försäkringskassan.",
    ),
    SectionDefault(
        "bakgrund",
        "Bakgrund och förutsättningar",
        SectionKind.TEXT,
        guidance="Beskriv gruppen, vilka verksamheter som deltar och vem som är "
        "sammankallande under perioden.",
        default_text=BACKGROUND_HTML,
    ),
    SectionDefault(
        "syfte",
        "Syfte och målgrupper",
        SectionKind.TEXT,
        default_text=PURPOSE_HTML,
    ),
    SectionDefault(
        "prioriterade-grupper",
        "Prioriterade grupper",
        SectionKind.TARGET_GROUPS,
        guidance="Vilka målgrupper med behov av gemensamma insatser vill vi lokalt prioritera "
        "under perioden? Välj ur förbundets förteckning och lägg till egna vid behov.",
    ),
    SectionDefault(
        "mal-och-aktiviteter",
        "Mål och aktiviteter",
        SectionKind.GOALS,
        guidance="Skriv mål och aktiviteter under varje målområde. Dialogstödets frågor visas "
        "bredvid varje målområde. Ta gärna stöd av det lokala och regionala underlaget med "
        "befolknings- och välfärdsfakta.",
        default_text=GOALS_HTML,
    ),
    SectionDefault(
        "budget",
        "Budget",
        SectionKind.BUDGET,
        guidance="Förbundets beslutade budget för gruppen per år, planerade belopp per "
        "aktivitet och vad som har använts.",
        default_text=BUDGET_HTML,
    ),
    SectionDefault(
        "deltagare",
        "Deltagare",
        SectionKind.PARTICIPANTS,
        guidance="Deltagarna hämtas ur registret per planens datum: part, namn och befattning.",
    ),
    SectionDefault(
        "adjungerade",
        "Adjungerade vid behov",
        SectionKind.CO_OPTED,
        guidance="De som adjungeras till gruppens möten vid behov, t.ex. öppenvårdspsykiatrin, "
        "skola/elevhälsa och personligt ombud.",
    ),
    SectionDefault(
        "trisam",
        "Trisam",
        SectionKind.TRISAM,
        guidance="Hälsocentraler med Trisam-team i kommunen och de som deltar i Trisam "
        "styrgrupp. Mysam-gruppen avgör vem som deltar i styrgruppen.",
    ),
)


# The nine goal areas of seed 000; the questions are Bilaga 1 of the template, verbatim.
# Area 9 has no questions in the appendix.
GOAL_AREAS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "Identifiera/kartlägga målgrupper med behov av insatser",
        (
            "Vilka målgrupper ser vi i vår kommun som har behov av samordnade "
            "rehabiliteringsinsatser för att komma närmare egen försörjning?",
            "Behöver vi identifiera/kartlägga behovet av insatser för dessa målgrupper?",
        ),
    ),
    (
        2,
        "Balansen mellan uppdragen försörjning och rehabilitering",
        (
            "Hur arbetar vi med balansen mellan de två uppdragen försörjning och rehabilitering?",
            "Som rehabiliteringsaktörer har vi alla ett ansvar att samverka med varandra. Hur ser "
            "respektive organisation på sitt samverkansansvar? Känner vi till hur varje aktörs "
            "ansvar och uppdrag ser ut?",
        ),
    ),
    (
        3,
        "Trisam - Tidig rehabilitering i samverkan",
        (
            "Var är vi i processen att utveckla ett arbetssätt enligt Trisam?",
            "Vilka utmaningar ser vi för att komma vidare?",
        ),
    ),
    (
        4,
        "Arbetsintegrerande sociala företag – ASF",
        (
            "Hur arbetar vi för att sprida kunskap om ASF inom våra respektive verksamheter?",
            "Hur kan vi verka för att våra målgrupper får ta del av ASF:s tjänster som ett led i "
            "sin rehabilitering mot arbete?",
        ),
    ),
    (
        5,
        "Ansökan om samverkansmedel från Samordningsförbund Gävleborg för insatser som saknas "
        "eller behöver utvecklas",
        (
            "Hur ser vi till att vi har ett utbud av individinriktade insatser/åtgärder som kan "
            "stödja våra målgrupper mot egen försörjning?",
            "Hur arbetar vi för att ta fram gemensamma ansökningar om samverkansmedel som kan "
            "finansiera insatser som vi ser saknas idag?",
        ),
    ),
    (
        6,
        "Fortsatt utveckling av samverkansfora och samverkansformer",
        (
            "Hur ser vi till att vi har ändamålsenliga samverkansfora och samverkansformer, med "
            "tillhörande strukturer?",
            "Har vi en samlad bild av de samverkansgrupper mellan två eller flera parter som "
            "finns i vår kommun idag?",
            "Behöver vi kartlägga, analysera och åskådliggöra den samverkansstruktur vi har? Hur "
            "hänger olika grupper ihop?",
            "Hur kan vi utveckla redan befintliga samverkansformer, t.ex. SIP (Samordnad "
            "individuell plan), förstärkta samarbetet Af – FK, etc.",
        ),
    ),
    (
        7,
        "Gemensam kompetensutveckling för parternas medarbetare",
        (
            "Hur vill vi arbeta för att berörda medarbetare och chefer får tillfällen till "
            "gemensamt erfarenhetsutbyte/dialog samt fortsatt kompetensutveckling inom "
            "samverkansområdet?",
            "Hur ser vi till att vi har omvärldsspaning på andra kompetenshöjande "
            "projekt/insatser inom rehabiliteringsområdet? (Exempelvis: genom våra olika kanaler "
            "uppmärksamma projekt/utbildningar inom psykisk ohälsa, eller genom att uppmärksamma "
            "och ta tillvara möjligheten att söka ESF-medel, etc.)",
        ),
    ),
    (
        8,
        "Kommunikation internt om Mysam och Finsam",
        (
            "Hur kommunicerar vi internt i våra organisationer för att göra Mysam-gruppen känd "
            "bland medarbetare och chefer?",
            "Hur säkerställer vi att det finns en dialog om samverkansfrågorna inom respektive "
            "verksamhet?",
            "Hur håller vi medarbetare och chefer uppdaterade med nyheter och kunskap om de "
            "resultat som nås genom samverkan inom Mysam och Samordningsförbund Gävleborg?",
            "Hur gör vi för att dela goda exempel med varandra?",
        ),
    ),
    (9, "Övriga aktiviteter utifrån lokala behov", ()),
)


# The catalogue: the prioritised groups of seeds 000 and 001.
TARGET_GROUPS: tuple[tuple[str, str], ...] = (
    ("Unga utanför arbete och studier", "Unga (t.o.m. 29 år) utanför studier eller arbete."),
    ("Personer med psykisk ohälsa", "Personer med psykisk ohälsa, 16–64 år."),
    ("Nyanlända", "Nyanlända, bland annat med behov av information om den svenska sjukvården."),
    ("Långtidsarbetslösa", ""),
    ("Personer med låg utbildning", ""),
    (
        "Den diffusa gruppen",
        "Våld i nära relationer, läkemedelsberoende/missbruk, HBTQ, sjuka men ej sjukpenningrätt.",
    ),
)


@transaction.atomic
def template_create_default(
    *, association: Association, created_by_id: int | None = None
) -> PlanTemplate:
    """Give the association the default template and target-group catalogue.

    Idempotent: the template is created only when the association has no template at all
    (otherwise its current template is returned untouched), and the catalogue only when it
    is empty, so the office's own changes are never overwritten.
    """
    # Lock the association row so two simultaneous clicks cannot both create version 1.
    Association.objects.select_for_update().filter(pk=association.pk).first()
    existing = (
        PlanTemplate.objects.filter(association=association)
        .order_by("-is_current", "-version")
        .first()
    )
    if not TargetGroup.objects.filter(association=association).exists():
        TargetGroup.objects.bulk_create(
            TargetGroup(association=association, name=name, description=description, order=i)
            for i, (name, description) in enumerate(TARGET_GROUPS, start=1)
        )
    if existing is not None:
        return existing
    template = PlanTemplate.objects.create(
        association=association,
        version=1,
        name=DEFAULT_TEMPLATE_NAME,
        introduction=DEFAULT_INTRODUCTION,
        is_current=True,
        created_by_id=created_by_id,
    )
    TemplateSection.objects.bulk_create(
        TemplateSection(
            template=template,
            order=order,
            key=s.key,
            title=s.title,
            kind=s.kind,
            guidance=s.guidance,
            default_text=s.default_text,
        )
        for order, s in enumerate(SECTIONS, start=1)
    )
    areas = GoalArea.objects.bulk_create(
        GoalArea(template=template, number=number, title=title) for number, title, _q in GOAL_AREAS
    )
    GuidingQuestion.objects.bulk_create(
        GuidingQuestion(goal_area=area, order=i, text=text)
        for area, (_n, _t, questions) in zip(areas, GOAL_AREAS, strict=True)
        for i, text in enumerate(questions, start=1)
    )
    return template
