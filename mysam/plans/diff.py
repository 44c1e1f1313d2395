"""The comparison of two versions of a plan, without Django: plain snapshots in, a list
of changes out. ``selectors/versions.py`` builds the snapshots from the database and the
templates show the result.

Text is compared word by word (difflib) over one line per paragraph or list item, so a
reader sees which words were added and removed. Goals and activities are matched by
their lineage, which a revision copies, so an edited activity shows as changed field by
field rather than as one removed and one added.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "insert", "delete"]
Status = Literal["added", "removed", "changed", "unchanged"]

_BREAK = "\n"


@dataclass(frozen=True)
class Chunk:
    """Words that are the same in both texts (``equal``), only in the new one (``insert``)
    or only in the old one (``delete``)."""

    op: Op
    text: str


# A compared text: one list of chunks per line (paragraph or list item).
Lines = list[list[Chunk]]


def _tokens(lines: Sequence[str]) -> list[str]:
    tokens: list[str] = []
    for index, line in enumerate(lines):
        if index:
            tokens.append(_BREAK)
        tokens.extend(line.split())
    return tokens


def _absorb_short_equals(ops: list[tuple[Op, list[str]]]) -> list[tuple[Op, list[str]]]:
    """Fold a lone common word between two changes into them ("a b c" → "x b y" reads
    better as one deletion and one insertion than as three scraps)."""
    result: list[tuple[Op, list[str]]] = []
    for index, (op, words) in enumerate(ops):
        lone = (
            op == "equal"
            and len(words) == 1
            and words[0] != _BREAK
            and 0 < index < len(ops) - 1
            and ops[index - 1][0] != "equal"
            and ops[index + 1][0] != "equal"
        )
        if lone:
            result.append(("delete", words))
            result.append(("insert", words))
        else:
            result.append((op, words))
    # Merge neighbours: all deletions of a changed stretch first, then its insertions.
    merged: list[tuple[Op, list[str]]] = []
    pending: dict[str, list[str]] = {"delete": [], "insert": []}

    def flush() -> None:
        for kind in ("delete", "insert"):
            if pending[kind]:
                merged.append((kind, pending[kind]))  # type: ignore[arg-type]
                pending[kind] = []

    for op, words in result:
        if op == "equal":
            flush()
            merged.append((op, words))
        else:
            pending[op].extend(words)
    flush()
    return merged


def word_diff(old: Sequence[str], new: Sequence[str]) -> Lines:
    """Compare two texts given as lines; return the new text's layout with deleted words
    kept in place. Whitespace differences are not changes."""
    a, b = _tokens(old), _tokens(new)
    ops: list[tuple[Op, list[str]]] = []
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("equal", b[j1:j2]))
            continue
        if tag in ("delete", "replace"):
            ops.append(("delete", a[i1:i2]))
        if tag in ("insert", "replace"):
            ops.append(("insert", b[j1:j2]))
    lines: Lines = [[]]
    for op, words in _absorb_short_equals(ops):
        current: list[str] = []
        for word in words:
            if word == _BREAK:
                if current:
                    lines[-1].append(Chunk(op, " ".join(current)))
                    current = []
                # A deleted paragraph keeps a line of its own, so a break in any op
                # starts a line; empty lines are dropped below.
                lines.append([])
                continue
            current.append(word)
        if current:
            lines[-1].append(Chunk(op, " ".join(current)))
    return [line for line in lines if line]


def has_changes(lines: Lines) -> bool:
    return any(chunk.op != "equal" for line in lines for chunk in line)


# --- Snapshots ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """Who last changed a row and when (shown beside a changed section or activity)."""

    by: str = ""
    at: datetime.datetime | None = None


@dataclass(frozen=True)
class SectionSnap:
    key: str
    title: str
    lines: tuple[str, ...]
    change: Change = Change()


@dataclass(frozen=True)
class TargetGroupSnap:
    name: str
    note: str = ""


@dataclass(frozen=True)
class Field:
    """One compared field: its key, the label shown and its value already formatted."""

    key: str
    label: str
    value: str
    long_text: bool = False


@dataclass(frozen=True)
class ActivitySnap:
    lineage: str
    title: str
    fields: tuple[Field, ...]
    change: Change = Change()


@dataclass(frozen=True)
class GoalSnap:
    lineage: str
    area: str
    text: str
    activities: tuple[ActivitySnap, ...] = ()
    change: Change = Change()


@dataclass(frozen=True)
class ParticipantSnap:
    kind: str
    kind_label: str
    party: str
    name: str
    title: str


@dataclass(frozen=True)
class VersionSnap:
    sections: tuple[SectionSnap, ...] = ()
    target_groups: tuple[TargetGroupSnap, ...] = ()
    goals: tuple[GoalSnap, ...] = ()
    participants: tuple[ParticipantSnap, ...] = ()


# --- Results -----------------------------------------------------------------------------


@dataclass
class SectionChange:
    key: str
    title: str
    status: Status
    lines: Lines
    change: Change


@dataclass
class TargetGroupChanges:
    added: list[TargetGroupSnap] = field(default_factory=list)
    removed: list[TargetGroupSnap] = field(default_factory=list)
    # (old, new) pairs of a group kept with a changed note.
    changed: list[tuple[TargetGroupSnap, TargetGroupSnap]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class FieldChange:
    key: str
    label: str
    old: str
    new: str
    # Word by word, for long texts (descriptions); empty for short values.
    lines: Lines = field(default_factory=list)


@dataclass
class ActivityChange:
    lineage: str
    title: str
    status: Status
    goal: str
    fields: list[FieldChange]
    change: Change


@dataclass
class GoalChange:
    lineage: str
    area: str
    status: Status
    text: str
    lines: Lines
    old_area: str
    change: Change


@dataclass
class ParticipantChanges:
    added: list[ParticipantSnap] = field(default_factory=list)
    removed: list[ParticipantSnap] = field(default_factory=list)
    # (old, new): the same person in the same table with a new party or title.
    changed: list[tuple[ParticipantSnap, ParticipantSnap]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class Comparison:
    sections: list[SectionChange]
    target_groups: TargetGroupChanges
    goals: list[GoalChange]
    activities: list[ActivityChange]
    participants: ParticipantChanges

    @property
    def changed_sections(self) -> list[SectionChange]:
        return [s for s in self.sections if s.status != "unchanged"]

    @property
    def changed_goals(self) -> list[GoalChange]:
        return [g for g in self.goals if g.status != "unchanged"]

    @property
    def changed_activities(self) -> list[ActivityChange]:
        return [a for a in self.activities if a.status != "unchanged"]

    @property
    def any(self) -> bool:
        return bool(
            self.changed_sections
            or self.target_groups.any
            or self.changed_goals
            or self.changed_activities
            or self.participants.any
        )


# --- Comparing ---------------------------------------------------------------------------


def _equal_lines(lines: Sequence[str]) -> Lines:
    return [[Chunk("equal", " ".join(line.split()))] for line in lines if line.split()]


def _only(op: Op, lines: Sequence[str]) -> Lines:
    return [[Chunk(op, " ".join(line.split()))] for line in lines if line.split()]


def _norm(lines: Sequence[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines if line.split()]


def compare_sections(old: Sequence[SectionSnap], new: Sequence[SectionSnap]) -> list[SectionChange]:
    """Sections matched by the template section's key, in the new version's order (then
    any the new version lacks)."""
    old_by_key = {s.key: s for s in old}
    new_keys = {s.key for s in new}
    result = []
    for section in new:
        before = old_by_key.get(section.key)
        if before is None:
            result.append(
                SectionChange(
                    section.key,
                    section.title,
                    "added",
                    _only("insert", section.lines),
                    section.change,
                )
            )
        elif _norm(before.lines) == _norm(section.lines):
            result.append(
                SectionChange(
                    section.key,
                    section.title,
                    "unchanged",
                    _equal_lines(section.lines),
                    section.change,
                )
            )
        else:
            result.append(
                SectionChange(
                    section.key,
                    section.title,
                    "changed",
                    word_diff(before.lines, section.lines),
                    section.change,
                )
            )
    for section in old:
        if section.key not in new_keys:
            result.append(
                SectionChange(
                    section.key,
                    section.title,
                    "removed",
                    _only("delete", section.lines),
                    section.change,
                )
            )
    return result


def compare_target_groups(
    old: Sequence[TargetGroupSnap], new: Sequence[TargetGroupSnap]
) -> TargetGroupChanges:
    """Target groups matched by name (a catalogue group or a local one)."""
    old_by_name = {t.name: t for t in old}
    new_by_name = {t.name: t for t in new}
    changes = TargetGroupChanges()
    for group in new:
        before = old_by_name.get(group.name)
        if before is None:
            changes.added.append(group)
        elif before.note.strip() != group.note.strip():
            changes.changed.append((before, group))
    changes.removed = [t for t in old if t.name not in new_by_name]
    return changes


def compare_goals(old: Sequence[GoalSnap], new: Sequence[GoalSnap]) -> list[GoalChange]:
    """Goals matched by lineage: added, removed, or changed in text or goal area."""
    old_by_lineage = {g.lineage: g for g in old}
    new_lineages = {g.lineage for g in new}
    result = []
    for goal in new:
        before = old_by_lineage.get(goal.lineage)
        if before is None:
            result.append(
                GoalChange(
                    goal.lineage,
                    goal.area,
                    "added",
                    goal.text,
                    _only("insert", [goal.text]),
                    "",
                    goal.change,
                )
            )
            continue
        same_text = _norm([before.text]) == _norm([goal.text])
        same_area = before.area == goal.area
        result.append(
            GoalChange(
                goal.lineage,
                goal.area,
                "unchanged" if same_text and same_area else "changed",
                goal.text,
                _equal_lines([goal.text]) if same_text else word_diff([before.text], [goal.text]),
                "" if same_area else before.area,
                goal.change,
            )
        )
    for goal in old:
        if goal.lineage not in new_lineages:
            result.append(
                GoalChange(
                    goal.lineage,
                    goal.area,
                    "removed",
                    goal.text,
                    _only("delete", [goal.text]),
                    "",
                    goal.change,
                )
            )
    return result


def _field_changes(
    old: ActivitySnap, new: ActivitySnap, goal_old: str, goal_new: str
) -> list[FieldChange]:
    changes = []
    old_fields = {f.key: f for f in old.fields}
    for item in new.fields:
        before = old_fields.get(item.key)
        old_value = before.value if before is not None else ""
        if " ".join(old_value.split()) == " ".join(item.value.split()):
            continue
        lines = word_diff(old_value.splitlines(), item.value.splitlines()) if item.long_text else []
        changes.append(FieldChange(item.key, item.label, old_value, item.value, lines))
    if goal_old != goal_new:
        changes.insert(0, FieldChange("goal", "", goal_old, goal_new))
    return changes


def compare_activities(old: Sequence[GoalSnap], new: Sequence[GoalSnap]) -> list[ActivityChange]:
    """Activities across all goals matched by lineage, so an activity moved to another
    goal shows as changed (its goal) rather than removed and added."""
    old_by_lineage = {a.lineage: (a, g.text) for g in old for a in g.activities}
    new_lineages = {a.lineage for g in new for a in g.activities}
    result = []
    for goal in new:
        for activity in goal.activities:
            found = old_by_lineage.get(activity.lineage)
            if found is None:
                result.append(
                    ActivityChange(
                        activity.lineage,
                        activity.title,
                        "added",
                        goal.text,
                        [
                            FieldChange(f.key, f.label, "", f.value)
                            for f in activity.fields
                            if f.value
                        ],
                        activity.change,
                    )
                )
                continue
            before, before_goal = found
            fields = _field_changes(before, activity, before_goal, goal.text)
            result.append(
                ActivityChange(
                    activity.lineage,
                    activity.title,
                    "changed" if fields else "unchanged",
                    goal.text,
                    fields,
                    activity.change,
                )
            )
    for goal in old:
        for activity in goal.activities:
            if activity.lineage not in new_lineages:
                result.append(
                    ActivityChange(
                        activity.lineage,
                        activity.title,
                        "removed",
                        goal.text,
                        [
                            FieldChange(f.key, f.label, f.value, "")
                            for f in activity.fields
                            if f.value
                        ],
                        activity.change,
                    )
                )
    return result


def compare_participants(
    old: Sequence[ParticipantSnap], new: Sequence[ParticipantSnap]
) -> ParticipantChanges:
    """Participant lines compared as a multiset (two vacant seats are two lines); a person
    who stays in the same table with another party or title shows as changed."""
    old_count = Counter(old)
    new_count = Counter(new)
    removed = list((old_count - new_count).elements())
    added = list((new_count - old_count).elements())
    changes = ParticipantChanges()
    for line in added:
        match = next(
            (r for r in removed if (r.kind, r.name) == (line.kind, line.name)),
            None,
        )
        if match is not None:
            removed.remove(match)
            changes.changed.append((match, line))
        else:
            changes.added.append(line)
    changes.removed = removed
    # Keep the tables' order: by the order of the new (or old) version's lines.
    order = {p: i for i, p in enumerate([*new, *old])}
    changes.added.sort(key=lambda p: order.get(p, 0))
    changes.removed.sort(key=lambda p: order.get(p, 0))
    return changes


def compare(old: VersionSnap, new: VersionSnap) -> Comparison:
    """Everything that differs between two versions of a plan."""
    return Comparison(
        sections=compare_sections(old.sections, new.sections),
        target_groups=compare_target_groups(old.target_groups, new.target_groups),
        goals=compare_goals(old.goals, new.goals),
        activities=compare_activities(old.goals, new.goals),
        participants=compare_participants(old.participants, new.participants),
    )
