"""Writes of the association's plan template and target-group catalogue (the office's).

How editing the template works (and why): the office edits the whole current template on
one page (name, sections, goal areas and their questions) and saves it at once.

- If any plan uses the current template version, saving creates a NEW version: a copy with
  the changes, and ``is_current`` moves to it, all in one transaction. Plans keep pointing
  to the version they started from (and their sections and goals to its sections and goal
  areas), so editing the template never changes an existing plan.
- If no plan uses the current version yet, it is edited in place: nobody can be affected,
  and the list of versions is not cluttered by drafts of the template while the office is
  still setting it up.
- Saving without any change creates nothing.

The save is based on the version the page showed (``based_on``); if someone else saved a
new version in between, the save is refused with a message instead of silently undoing the
other person's work.

Default texts are stored as sanitised HTML, written in the same small markup as the plans'
sections (mysam/plans/richtext.py); the service sanitises them again whatever it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mysam.organisation.models import Association
from mysam.plans.models import (
    ActionPlan,
    GoalArea,
    GuidingQuestion,
    PlanTemplate,
    SectionKind,
    TargetGroup,
    TemplateSection,
)
from mysam.plans.richtext import sanitize_html

# --- The template ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionInput:
    """One section as the office wants it. ``source_id`` is the section of the current
    version it was edited from (it keeps that section's key), or None for a new one."""

    title: str
    kind: str
    order: int
    guidance: str = ""
    default_text: str = ""  # HTML; sanitised again when saved
    source_id: int | None = None


@dataclass(frozen=True)
class GoalAreaInput:
    number: int
    title: str
    questions: tuple[str, ...] = ()
    source_id: int | None = None


@dataclass(frozen=True)
class TemplateSaveResult:
    template: PlanTemplate
    changed: bool
    new_version: bool


@dataclass
class _Content:
    name: str
    introduction: str
    sections: list[tuple[str, str, str, int, str, str]] = field(default_factory=list)
    areas: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)


def _content_of(template: PlanTemplate) -> _Content:
    content = _Content(template.name, template.introduction)
    for s in TemplateSection.objects.filter(template=template).order_by("order", "pk"):
        content.sections.append((s.key, s.title, s.kind, s.order, s.guidance, s.default_text))
    areas = GoalArea.objects.filter(template=template).prefetch_related("questions")
    for area in areas.order_by("number"):
        content.areas.append((area.number, area.title, tuple(q.text for q in area.questions.all())))
    return content


def _validate(sections: list[SectionInput], goal_areas: list[GoalAreaInput]) -> None:
    errors: list[str] = []
    if not sections:
        errors.append(_("A template needs at least one section."))
    kinds_seen: set[str] = set()
    for section in sections:
        if not section.title.strip():
            errors.append(_("Every section needs a title."))
        if section.kind not in SectionKind.values:
            errors.append(
                _("Choose what kind of section “%(title)s” is.") % {"title": section.title}
            )
        elif section.kind != SectionKind.TEXT:
            if section.kind in kinds_seen:
                errors.append(
                    _("There can be only one section of the kind “%(kind)s”.")
                    % {"kind": SectionKind(section.kind).label}
                )
            kinds_seen.add(section.kind)
    numbers = [area.number for area in goal_areas]
    if any(n < 1 for n in numbers):
        errors.append(_("Goal areas are numbered from 1."))
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        errors.append(
            _("Two goal areas have the same number: %(numbers)s.")
            % {"numbers": ", ".join(str(n) for n in duplicates)}
        )
    if any(not area.title.strip() for area in goal_areas):
        errors.append(_("Every goal area needs a title."))
    if goal_areas and SectionKind.GOALS not in kinds_seen:
        errors.append(
            _("The goal areas need a section of the kind “%(kind)s” to be written in.")
            % {"kind": SectionKind.GOALS.label}
        )
    if errors:
        raise ValidationError(errors)


def _new_content(
    *,
    name: str,
    introduction: str,
    sections: list[SectionInput],
    goal_areas: list[GoalAreaInput],
    keys_by_source: dict[int, str],
) -> _Content:
    content = _Content(name.strip(), introduction.strip())
    ordered = sorted(enumerate(sections), key=lambda pair: (pair[1].order, pair[0]))
    used: set[str] = set()
    # Sections edited from an existing one keep its key (exports and plans may rely on it).
    for _i, s in ordered:
        if s.source_id is not None and s.source_id in keys_by_source:
            used.add(keys_by_source[s.source_id])
    assigned: set[str] = set()
    for position, (_i, s) in enumerate(ordered, start=1):
        key = keys_by_source.get(s.source_id) if s.source_id is not None else None
        if key is None or key in assigned:
            base = slugify(s.title)[:50] or "avsnitt"
            key, n = base, 2
            while key in used:
                key, n = f"{base}-{n}", n + 1
            used.add(key)
        assigned.add(key)
        content.sections.append(
            (
                key,
                s.title.strip(),
                s.kind,
                position,
                s.guidance.strip(),
                sanitize_html(s.default_text),
            )
        )
    for area in sorted(goal_areas, key=lambda a: a.number):
        questions = tuple(q.strip() for q in area.questions if q.strip())
        content.areas.append((area.number, area.title.strip(), questions))
    return content


def _write_content(template: PlanTemplate, content: _Content) -> None:
    TemplateSection.objects.bulk_create(
        TemplateSection(
            template=template,
            key=key,
            title=title,
            kind=kind,
            order=order,
            guidance=guidance,
            default_text=default_text,
        )
        for key, title, kind, order, guidance, default_text in content.sections
    )
    areas = GoalArea.objects.bulk_create(
        GoalArea(template=template, number=number, title=title)
        for number, title, _questions in content.areas
    )
    GuidingQuestion.objects.bulk_create(
        GuidingQuestion(goal_area=area, order=i, text=text)
        for area, (_n, _t, questions) in zip(areas, content.areas, strict=True)
        for i, text in enumerate(questions, start=1)
    )


@transaction.atomic
def template_save(
    *,
    association: Association,
    based_on: int,
    name: str,
    introduction: str,
    sections: list[SectionInput],
    goal_areas: list[GoalAreaInput],
    user_id: int | None = None,
) -> TemplateSaveResult:
    """Save the association's current template with the given content.

    ``based_on`` is the version number the editor started from. Creates a new version when
    a plan uses the current one (existing plans never change), edits in place otherwise,
    and does nothing when nothing changed. Refuses (ValidationError) when the template has
    no current version, when another version was saved meanwhile, or when the content is
    not usable (no sections, a second section of a special kind, goal areas numbered twice).
    """
    # The lock serialises two offices saving at once: the second sees the first's version.
    current = (
        PlanTemplate.objects.select_for_update()
        .filter(association=association, is_current=True)
        .first()
    )
    if current is None:
        raise ValidationError(_("There is no template to change. Create the default one first."))
    if current.version != based_on:
        raise ValidationError(
            _(
                "Someone saved version %(version)s of the template while you were editing. "
                "Open the template again and make your changes there."
            )
            % {"version": current.version}
        )
    _validate(sections, goal_areas)
    keys_by_source = dict(TemplateSection.objects.filter(template=current).values_list("pk", "key"))
    content = _new_content(
        name=name or current.name,
        introduction=introduction,
        sections=sections,
        goal_areas=goal_areas,
        keys_by_source=keys_by_source,
    )
    if content == _content_of(current):
        return TemplateSaveResult(current, changed=False, new_version=False)

    if ActionPlan.objects.filter(template=current).exists():
        last = (
            PlanTemplate.objects.filter(association=association)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        current.is_current = False
        current.save(update_fields=["is_current"])
        template = PlanTemplate.objects.create(
            association=association,
            version=(last or 0) + 1,
            name=content.name,
            introduction=content.introduction,
            is_current=True,
            created_by_id=user_id,
        )
        _write_content(template, content)
        return TemplateSaveResult(template, changed=True, new_version=True)

    # No plan uses this version, so nothing refers to its sections and areas: replace them.
    current.name = content.name
    current.introduction = content.introduction
    current.save(update_fields=["name", "introduction"])
    TemplateSection.objects.filter(template=current).delete()
    GoalArea.objects.filter(template=current).delete()
    _write_content(current, content)
    return TemplateSaveResult(current, changed=True, new_version=False)


# --- The target-group catalogue --------------------------------------------------------------


def _save_target_group(target_group: TargetGroup) -> TargetGroup:
    target_group.name = target_group.name.strip()
    if not target_group.name:
        raise ValidationError(_("Write the target group's name."))
    clash = TargetGroup.objects.filter(
        association_id=target_group.association_id, name__iexact=target_group.name
    ).exclude(pk=target_group.pk)
    if clash.exists():
        raise ValidationError(
            _("The catalogue already has a target group called “%(name)s”.")
            % {"name": target_group.name}
        )
    try:
        with transaction.atomic():
            target_group.save()
    except IntegrityError:
        raise ValidationError(
            _("The catalogue already has a target group called “%(name)s”.")
            % {"name": target_group.name}
        ) from None
    return target_group


@transaction.atomic
def target_group_create(
    *,
    association: Association,
    name: str,
    description: str = "",
    order: int = 0,
    is_active: bool = True,
) -> TargetGroup:
    """Add a target group to the association's catalogue. Refuses an empty name or a name
    the catalogue already has (case does not matter)."""
    return _save_target_group(
        TargetGroup(
            association=association,
            name=name,
            description=description.strip(),
            order=order,
            is_active=is_active,
        )
    )


@transaction.atomic
def target_group_update(
    *,
    target_group: TargetGroup,
    name: str,
    description: str = "",
    order: int = 0,
    is_active: bool = True,
) -> TargetGroup:
    """Change a catalogue entry. Plans that prioritise it show the new name; a target group
    is never deleted (plans refer to it) but can be made inactive, so new plans cannot pick
    it. Refuses an empty or duplicate name."""
    target_group.name = name
    target_group.description = description.strip()
    target_group.order = order
    target_group.is_active = is_active
    return _save_target_group(target_group)
