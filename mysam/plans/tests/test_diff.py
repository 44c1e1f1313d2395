"""The comparison logic on hand-made before/after pairs (no database)."""

from __future__ import annotations

import datetime

from mysam.documents.html import html_to_lines, read_blocks
from mysam.plans import diff
from mysam.plans.diff import Chunk


def _ops(lines: diff.Lines) -> list[list[tuple[str, str]]]:
    return [[(c.op, c.text) for c in line] for line in lines]


class TestWordDiff:
    def test_it_marks_changed_words_in_place(self):
        lines = diff.word_diff(
            ["Vi ska göra en ansökan om medel."], ["Vi ska skriva en ansökan om medel."]
        )
        assert _ops(lines) == [
            [
                ("equal", "Vi ska"),
                ("delete", "göra"),
                ("insert", "skriva"),
                ("equal", "en ansökan om medel."),
            ]
        ]

    def test_a_removed_paragraph_keeps_its_own_line(self):
        lines = diff.word_diff(["ett", "två", "tre"], ["ett", "tre"])
        assert _ops(lines) == [[("equal", "ett")], [("delete", "två")], [("equal", "tre")]]

    def test_an_added_paragraph_is_one_insertion(self):
        lines = diff.word_diff(["ett"], ["ett", "Helt nytt stycke"])
        assert _ops(lines) == [[("equal", "ett")], [("insert", "Helt nytt stycke")]]

    def test_a_rewritten_sentence_reads_as_one_deletion_and_one_insertion(self):
        # The lone common word "b" is folded into the change instead of splitting it.
        lines = diff.word_diff(["a b c"], ["x b y"])
        assert _ops(lines) == [[("delete", "a b c"), ("insert", "x b y")]]

    def test_whitespace_is_not_a_change(self):
        lines = diff.word_diff(["Mysam  står\tför"], ["Mysam står för"])
        assert not diff.has_changes(lines)

    def test_it_handles_empty_texts(self):
        assert diff.word_diff([], []) == []
        assert _ops(diff.word_diff([], ["ny"])) == [[("insert", "ny")]]
        assert _ops(diff.word_diff(["gammal"], [])) == [[("delete", "gammal")]]


class TestHtmlLines:
    def test_lists_keep_their_markers_and_depth(self):
        html = "<p>Syfte:</p><ul><li>struktur</li><li>samverkan<ol><li>a</li></ol></li></ul>"
        assert html_to_lines(html) == ["Syfte:", "• struktur", "• samverkan", "  1. a"]

    def test_formatting_and_links_are_kept_as_runs(self):
        [block] = read_blocks('<p>Se <strong>fet</strong> och <a href="https://x.se">länk</a></p>')
        assert [(r.text, r.bold, r.href) for r in block.runs] == [
            ("Se ", False, ""),
            ("fet", True, ""),
            (" och ", False, ""),
            ("länk", False, "https://x.se"),
        ]

    def test_a_changed_list_item_is_compared_word_by_word(self):
        old = html_to_lines("<ul><li>att säkerställa en tydlig struktur</li></ul>")
        new = html_to_lines("<ul><li>att säkerställa en hållbar struktur</li></ul>")
        assert _ops(diff.word_diff(old, new)) == [
            [
                ("equal", "• att säkerställa en"),
                ("delete", "tydlig"),
                ("insert", "hållbar"),
                ("equal", "struktur"),
            ]
        ]


WHEN = datetime.datetime(2019, 12, 2, 10, tzinfo=datetime.UTC)


def _section(key: str, *lines: str) -> diff.SectionSnap:
    return diff.SectionSnap(
        key=key, title=key.title(), lines=lines, change=diff.Change("Sören", WHEN)
    )


class TestSections:
    def test_sections_are_matched_by_key(self):
        old = [_section("bakgrund", "Text"), _section("syfte", "Syfte"), _section("gammal", "x")]
        new = [_section("bakgrund", "Text"), _section("syfte", "Nytt syfte"), _section("ny", "y")]
        result = {s.key: s for s in diff.compare_sections(old, new)}
        assert result["bakgrund"].status == "unchanged"
        assert result["syfte"].status == "changed"
        assert result["syfte"].change == diff.Change("Sören", WHEN)
        assert result["ny"].status == "added"
        assert result["gammal"].status == "removed"
        assert result["gammal"].lines == [[Chunk("delete", "x")]]
        assert [s.key for s in diff.compare_sections(old, new)] == [
            "bakgrund",
            "syfte",
            "ny",
            "gammal",
        ]


class TestTargetGroups:
    def test_added_removed_and_changed_notes(self):
        old = [diff.TargetGroupSnap("Nyanlända"), diff.TargetGroupSnap("Unga", "16–24 år")]
        new = [diff.TargetGroupSnap("Unga", "16–29 år"), diff.TargetGroupSnap("Långtidsarbetslösa")]
        changes = diff.compare_target_groups(old, new)
        assert [t.name for t in changes.added] == ["Långtidsarbetslösa"]
        assert [t.name for t in changes.removed] == ["Nyanlända"]
        assert [(a.note, b.note) for a, b in changes.changed] == [("16–24 år", "16–29 år")]
        assert changes.any

    def test_the_same_groups_are_no_change(self):
        groups = [diff.TargetGroupSnap("Unga")]
        assert not diff.compare_target_groups(groups, groups).any


def _activity(
    lineage: str, title: str, status: str = "Planerad", amount: str = ""
) -> diff.ActivitySnap:
    return diff.ActivitySnap(
        lineage=lineage,
        title=title,
        fields=(
            diff.Field("title", "Aktivitet", title),
            diff.Field("description", "Beskrivning", "", long_text=True),
            diff.Field("status", "Status", status),
            diff.Field("planned_amount", "Planerat belopp", amount),
        ),
        change=diff.Change("Sören", WHEN),
    )


class TestGoalsAndActivities:
    def test_goals_are_matched_by_lineage(self):
        old = [
            diff.GoalSnap("g1", "1. Målgrupper", "Kartlägga behovsgruppen"),
            diff.GoalSnap("g2", "2. Trisam", "Utveckla Trisam"),
            diff.GoalSnap("g3", "2. Trisam", "Tas bort"),
        ]
        new = [
            diff.GoalSnap("g1", "1. Målgrupper", "Kartlägga hela behovsgruppen"),
            diff.GoalSnap("g2", "1. Målgrupper", "Utveckla Trisam"),
            diff.GoalSnap("g4", "2. Trisam", "Nytt mål"),
        ]
        result = {g.lineage: g for g in diff.compare_goals(old, new)}
        assert result["g1"].status == "changed"
        assert ("insert", "hela") in [(c.op, c.text) for c in result["g1"].lines[0]]
        assert result["g2"].status == "changed" and result["g2"].old_area == "2. Trisam"
        assert result["g3"].status == "removed"
        assert result["g4"].status == "added"

    def test_an_edited_activity_shows_each_changed_field(self):
        old = [
            diff.GoalSnap(
                "g1", "1", "Mål", (_activity("a1", "Förstudie", "Planerad", "50 000 kr"),)
            )
        ]
        new = [
            diff.GoalSnap("g1", "1", "Mål", (_activity("a1", "Förstudie", "Klar", "60 000 kr"),))
        ]
        [change] = diff.compare_activities(old, new)
        assert change.status == "changed"
        assert [(f.key, f.old, f.new) for f in change.fields] == [
            ("status", "Planerad", "Klar"),
            ("planned_amount", "50 000 kr", "60 000 kr"),
        ]
        assert change.change.by == "Sören"

    def test_an_activity_moved_to_another_goal_is_changed_not_replaced(self):
        old = [
            diff.GoalSnap("g1", "1", "Första målet", (_activity("a1", "Förstudie"),)),
            diff.GoalSnap("g2", "2", "Andra målet"),
        ]
        new = [
            diff.GoalSnap("g1", "1", "Första målet"),
            diff.GoalSnap("g2", "2", "Andra målet", (_activity("a1", "Förstudie"),)),
        ]
        [change] = diff.compare_activities(old, new)
        assert change.status == "changed"
        assert [(f.key, f.old, f.new) for f in change.fields] == [
            ("goal", "Första målet", "Andra målet")
        ]

    def test_added_and_removed_activities_list_their_values(self):
        old = [diff.GoalSnap("g1", "1", "Mål", (_activity("a1", "Gammal"),))]
        new = [diff.GoalSnap("g1", "1", "Mål", (_activity("a2", "Ny", amount="10 000 kr"),))]
        result = {a.lineage: a for a in diff.compare_activities(old, new)}
        assert result["a2"].status == "added"
        assert ("planned_amount", "", "10 000 kr") in [
            (f.key, f.old, f.new) for f in result["a2"].fields
        ]
        assert result["a1"].status == "removed"
        assert ("title", "Gammal", "") in [(f.key, f.old, f.new) for f in result["a1"].fields]

    def test_a_long_description_is_compared_word_by_word(self):
        def with_description(text: str) -> diff.ActivitySnap:
            return diff.ActivitySnap(
                "a1", "X", (diff.Field("description", "Beskrivning", text, long_text=True),)
            )

        old = [diff.GoalSnap("g1", "1", "Mål", (with_description("Kartlägga behovet i Ljusdal"),))]
        new = [diff.GoalSnap("g1", "1", "Mål", (with_description("Kartlägga behovet i Färila"),))]
        [change] = diff.compare_activities(old, new)
        [field] = change.fields
        assert ("insert", "Färila") in [(c.op, c.text) for c in field.lines[0]]


class TestParticipants:
    def _p(self, name: str, title: str = "chef", kind: str = "participant") -> diff.ParticipantSnap:
        return diff.ParticipantSnap(kind, "Deltagare", "Hofors kommun", name, title)

    def test_added_removed_and_changed(self):
        old = [self._p("Åsa"), self._p("Vakant"), self._p("Sören", "chef IFO")]
        new = [self._p("Åsa"), self._p("Karin"), self._p("Sören", "verksamhetschef")]
        changes = diff.compare_participants(old, new)
        assert [p.name for p in changes.added] == ["Karin"]
        assert [p.name for p in changes.removed] == ["Vakant"]
        assert [(a.title, b.title) for a, b in changes.changed] == [("chef IFO", "verksamhetschef")]

    def test_two_vacant_seats_are_two_lines(self):
        old = [self._p("Vakant"), self._p("Vakant")]
        new = [self._p("Vakant")]
        changes = diff.compare_participants(old, new)
        assert len(changes.removed) == 1 and not changes.added

    def test_the_same_person_in_another_table_is_removed_and_added(self):
        old = [self._p("Åsa", kind="participant")]
        new = [self._p("Åsa", kind="steering")]
        changes = diff.compare_participants(old, new)
        assert len(changes.added) == 1 and len(changes.removed) == 1 and not changes.changed


def test_identical_versions_have_no_changes():
    snap = diff.VersionSnap(
        sections=(_section("bakgrund", "Text"),),
        target_groups=(diff.TargetGroupSnap("Unga"),),
        goals=(diff.GoalSnap("g1", "1", "Mål", (_activity("a1", "X"),)),),
        participants=(diff.ParticipantSnap("participant", "Deltagare", "FK", "Åsa", "chef"),),
    )
    assert not diff.compare(snap, snap).any
