"""The import's services: keep an uploaded file for its preview, and import it.

The import is all-or-nothing: the plan is built again inside the transaction (so a row
that has become wrong since the preview is caught), and nothing is written unless every
row is right. Confirming is one-time: the upload's token is recorded in the same
transaction (services.form_submission_once), so a double-clicked confirm imports once.

Rows are written in bulk (a handful of queries for a thousand rows) after the plan has
checked them; each new or changed row still passes the model's own field validation.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.organisation import services
from mysam.organisation.models import Association, Membership, MembershipRole, Person
from mysam.organisation.transfer import storage
from mysam.organisation.transfer.planning import ImportPlan, MembershipPlan, build_plan
from mysam.organisation.transfer.reading import read_upload
from mysam.organisation.transfer.storage import StoredUpload

AlreadySubmitted = services.AlreadySubmitted


class ImportRejected(Exception):
    """Some rows are wrong: nothing was imported. ``plan`` holds every error."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("import rejected")
        self.plan = plan


def import_upload_store(
    *, association: Association, user_id: int, file: Any, max_rows: int
) -> StoredUpload:
    """Read an uploaded .xlsx or .csv file and keep its rows for the preview.

    Refuses (ImportFileError, a ValidationError) files over 5 MB or ``max_rows`` rows,
    other file types, and files without a recognisable header row. Forgets old uploads.
    """
    parsed = read_upload(
        file, file_name=getattr(file, "name", "") or "", size=file.size, max_rows=max_rows
    )
    storage.uploads_prune()
    return storage.upload_save(parsed, user_id=user_id, association_id=association.pk)


def import_plan(
    *, association: Association, upload: StoredUpload, today: datetime.date | None = None
) -> ImportPlan:
    """What importing the upload would do now, with every row's errors (reads only)."""
    return build_plan(
        association=association,
        rows=upload.rows,
        file_columns=upload.columns,
        today=today or timezone.localdate(),
    )


def people_import(*, association: Association, upload: StoredUpload) -> dict[str, Any]:
    """Import an upload's people and memberships, all or nothing; returns the summary.

    Raises ImportRejected (nothing stored) when any row is wrong now, AlreadySubmitted when
    this upload has been imported already, and ValidationError when the registry changed
    under the import in a way the database refused (nothing stored; try again).
    """
    if upload.imported:
        raise AlreadySubmitted(upload.token)

    def write() -> dict[str, Any]:
        plan = import_plan(association=association, upload=upload)
        if plan.has_errors:
            raise ImportRejected(plan)
        return _apply(plan, association)

    try:
        summary = services.form_submission_once(token="import:" + upload.token, write=write)
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "Someone changed the registry while the file was being imported, so nothing "
                "was imported. Check the preview and import again."
            )
        ) from exc
    storage.upload_mark_imported(upload, summary)
    return summary


def _bulk_create(model: Any, objects: list[Any]) -> None:
    if not objects:
        return
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects)
    else:  # pragma: no cover - every database we support returns the new ids
        for obj in objects:
            obj.save()


_PERSON_FKS = ["association", "party", "unit", "user"]
_MEMBERSHIP_FKS = ["group", "person", "seat", "substitute_for", "replaced_by"]


def _apply(plan: ImportPlan, association: Association) -> dict[str, Any]:
    # People: new ones in one insert, changed ones in one update.
    new_people: list[Person] = []
    changed_people: list[Person] = []
    person_fields: set[str] = set()
    for person in plan.people:
        if person.existing is None:
            obj = Person(
                association=association,
                first_name=person.first_name,
                last_name=person.last_name,
                title=person.title,
                party=person.party,
                unit=person.unit,
                email=person.email,
                phone=person.phone,
            )
            new_people.append(obj)
        else:
            obj = person.existing
            for name, value in person.changes.items():
                setattr(obj, name, value)
            if person.changes:
                changed_people.append(obj)
                person_fields.update(person.changes)
        # The plan checked parties, units and e-mail uniqueness; the database's constraints
        # back that up. Field checks (lengths, e-mail syntax) run here without queries.
        obj.full_clean(exclude=_PERSON_FKS, validate_unique=False, validate_constraints=False)
        person.obj = obj
    _bulk_create(Person, new_people)
    if changed_people:
        Person.objects.bulk_update(changed_people, sorted(person_fields))

    # Memberships: members before the substitutes who stand in for them.
    changed: list[Membership] = []
    membership_fields: set[str] = set()
    for substitutes in (False, True):
        new: list[Membership] = []
        for membership in plan.memberships:
            if (membership.role == MembershipRole.SUBSTITUTE) != substitutes:
                continue
            target = _target(membership)
            if membership.existing is None:
                saved = Membership(
                    group=membership.group,
                    person=membership.person.obj,
                    role=membership.role,
                    has_decision_mandate=bool(membership.mandate),
                    start_date=membership.start_date,
                    end_date=membership.end_date,
                    substitute_for=target,
                )
                new.append(saved)
            else:
                saved = membership.existing
                for name, value in membership.changes.items():
                    setattr(saved, name, target if name == "substitute_for" else value)
                if membership.changes:
                    changed.append(saved)
                    membership_fields.update(membership.changes)
            saved.full_clean(
                exclude=_MEMBERSHIP_FKS, validate_unique=False, validate_constraints=False
            )
            membership.obj = saved
        _bulk_create(Membership, new)
    if changed:
        Membership.objects.bulk_update(changed, sorted(membership_fields))

    groups = {m.group.pk: m.group.name for m in plan.memberships}
    return {
        **plan.counts(),
        "groups": sorted(([name, pk] for pk, name in groups.items()), key=lambda g: g[0]),
        "imported_at": timezone.now().isoformat(timespec="seconds"),
    }


def _target(membership: MembershipPlan) -> Membership | None:
    target = membership.target
    if target is None:
        return None
    if isinstance(target, MembershipPlan):
        return target.obj
    return target
