"""The questionnaire engine: pages for the answers so far (pure logic, no database)."""

from __future__ import annotations

from mysam.surveys import engine
from mysam.surveys.engine import Area, Given, ItemSpec, QuestionSpec, SectionSpec, Structure


def item(kind: str, **kw: object) -> ItemSpec:
    fields: dict = {
        "kind": kind,
        "text": f"{kind}?",
        "help_text": "",
        "options": (),
        "allows_dont_know": False,
        "has_comment": False,
        "comment_label": "",
    }
    fields.update(kw)
    return ItemSpec(**fields)


HOFORS = Area(engine.MUNICIPALITY, 1, "Hofors")
OCKELBO = Area(engine.MUNICIPALITY, 2, "Ockelbo")
SANDVIKEN = Area(engine.MUNICIPALITY, 3, "Sandviken")

AREAS = QuestionSpec(1, 10, item("municipalities"), required=True)
CONTACT = QuestionSpec(2, 10, item("yes_no"), required=True, screens_out_values=(2,))
OFTEN = QuestionSpec(3, 20, item("frequency", allows_dont_know=True), required=True)
STRUCTURED = QuestionSpec(4, 20, item("yes_no"))
USE = QuestionSpec(5, 20, item("extent"), shown_if_question=4, shown_if_values=(1,))
LISTEN = QuestionSpec(6, 30, item("frequency"), required=True)
DEPENDS = QuestionSpec(7, 30, item("extent"), shown_if_question=6, shown_if_values=(5, 6))

STRUCTURE = Structure(
    title="Enkät",
    introduction="",
    sections=(
        SectionSpec(10, "Bakgrund", "", None, (AREAS, CONTACT)),
        SectionSpec(20, "Samverkan", "", None, (OFTEN, STRUCTURED, USE)),
        SectionSpec(30, "Klimat", "", 1, (LISTEN, DEPENDS)),
    ),
    municipalities=(HOFORS, OCKELBO, SANDVIKEN),
)


def headings(answers: engine.Answers) -> list[str]:
    return [page.heading for page in engine.pages(STRUCTURE, answers)]


def test_sections_in_order_and_per_area_sections_skipped_without_areas() -> None:
    assert headings({}) == ["Bakgrund", "Samverkan"]


def test_a_per_area_section_repeats_per_chosen_area_in_offered_order() -> None:
    answers = {"q1": Given(values=[3, 1])}
    assert headings(answers) == ["Bakgrund", "Samverkan", "Klimat – Hofors", "Klimat – Sandviken"]
    pages = engine.pages(STRUCTURE, answers)
    assert [slot.key for slot in pages[2].slots] == ["q6-m1"]
    assert pages[3].slots[0].area == SANDVIKEN


def test_an_unknown_area_is_ignored() -> None:
    assert headings({"q1": Given(values=[99])}) == ["Bakgrund", "Samverkan"]


def test_a_condition_shows_a_question_only_for_the_given_values() -> None:
    def keys(answers: engine.Answers) -> list[str]:
        return [slot.key for slot in engine.pages(STRUCTURE, answers)[1].slots]

    assert keys({}) == ["q3", "q4"]
    assert keys({"q4": Given(values=[2])}) == ["q3", "q4"]
    assert keys({"q4": Given(values=[1])}) == ["q3", "q4", "q5"]
    assert keys({"q4": Given(dont_know=True)}) == ["q3", "q4"]


def test_a_condition_inside_a_per_area_block_uses_the_same_areas_answer() -> None:
    answers = {
        "q1": Given(values=[1, 2]),
        "q6-m1": Given(values=[6]),
        "q6-m2": Given(values=[2]),
    }
    pages = engine.pages(STRUCTURE, answers)
    assert [s.key for s in pages[2].slots] == ["q6-m1", "q7-m1"]
    assert [s.key for s in pages[3].slots] == ["q6-m2"]


def test_screening_ends_the_pages_after_the_screening_page() -> None:
    answers = {"q1": Given(values=[1]), "q2": Given(values=[2])}
    assert headings(answers) == ["Bakgrund"]
    assert engine.is_screened_out(STRUCTURE, answers)
    assert not engine.is_screened_out(STRUCTURE, {"q2": Given(values=[1])})


def test_missing_required_counts_dont_know_as_answered() -> None:
    page = engine.pages(STRUCTURE, {})[1]
    assert [s.key for s in engine.missing_required(page, {})] == ["q3"]
    assert engine.missing_required(page, {"q3": Given(dont_know=True)}) == []
    assert engine.missing_required(page, {"q3": Given(comment="bara en kommentar")}) == [
        page.slots[0]
    ]


def test_first_unfinished_is_the_first_page_with_a_required_gap() -> None:
    assert engine.first_unfinished(STRUCTURE, {}) == 0
    done_first = {"q1": Given(values=[1]), "q2": Given(values=[1])}
    assert engine.first_unfinished(STRUCTURE, done_first) == 1
    everything = {**done_first, "q3": Given(values=[4]), "q6-m1": Given(values=[2])}
    assert engine.first_unfinished(STRUCTURE, everything) == 2  # the last page


def test_visible_answers_drop_hidden_questions() -> None:
    answers = {
        "q1": Given(values=[1]),
        "q2": Given(values=[1]),
        "q4": Given(values=[2]),
        "q5": Given(values=[6]),  # answered while "Ja", then changed to "Nej"
        "q6-m2": Given(values=[3]),  # an area no longer chosen
    }
    keys = [slot.key for slot, _ in engine.visible_answers(STRUCTURE, answers)]
    assert keys == ["q1", "q2", "q4"]


def test_merge_replaces_the_pages_slots_and_drops_blanks() -> None:
    page = engine.pages(STRUCTURE, {})[1]
    old = {"q3": Given(values=[1]), "q4": Given(values=[1]), "q1": Given(values=[2])}
    merged = engine.merge(old, page, {"q3": Given(values=[5]), "q4": Given()})
    assert merged == {"q3": Given(values=[5]), "q1": Given(values=[2])}


def test_answers_survive_a_json_round_trip() -> None:
    answers = {"q3": Given(values=[2], comment="Bra"), "q9": Given(text="Fritext", dont_know=False)}
    assert engine.answers_from_json(engine.answers_to_json(answers)) == answers
