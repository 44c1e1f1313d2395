"""The sample of a questionnaire: respondent lists imported from Excel/CSV or taken from the
group memberships, people added by hand, exclusions with a reason.

An import is read into rows and stored for its uploader (mysam.organisation.transfer.storage);
the preview shows every row's errors; the confirm re-checks every row and imports all rows
or none, once per upload. Invitations get a random token hash here that no e-mail carries:
the real token is made when the invitation is sent (services.mailing).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mysam.organisation.models import (
    Membership,
    Municipality,
    Party,
    Person,
    Unit,
)
from mysam.organisation.services import AlreadySubmitted, form_submission_once
from mysam.organisation.transfer import reading, storage
from mysam.organisation.transfer.columns import normalise
from mysam.organisation.transfer.reading import ImportFileError, ParsedFile, ParsedRow
from mysam.organisation.transfer.storage import StoredUpload
from mysam.surveys.models import Invitation, InvitationStatus, Questionnaire, SampleImport
from mysam.surveys.tokens import make_token

__all__ = ["AlreadySubmitted", "ImportFileError", "SampleRejected"]

MAX_ROWS = 20_000

# The respondent-list columns (Swedish headers are the file format; see
# docs/survey-sample-import.md). Matched case- and whitespace-insensitively.
SAMPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("namn", "för- och efternamn", "name"),
    "email": ("e-post", "epost", "e-postadress", "epostadress", "mejl", "mail", "e-mail", "email"),
    "party": ("part", "huvudman", "organisation", "party"),
    "unit": ("verksamhet", "enhet", "förvaltning", "unit"),
    "municipality": ("kommun", "municipality"),
}
HEADERS = {normalise(alias): key for key, aliases in SAMPLE_COLUMNS.items() for alias in aliases}
LABELS = {
    "name": "namn",
    "email": "e-post",
    "party": "part",
    "unit": "verksamhet",
    "municipality": "kommun",
}

# Reasons for leaving someone out of the sample (stored as the key; "other" with a text).
EXCLUSION_REASONS: dict[str, Any] = {
    "on_leave": gettext_lazy("On leave (sick, parental or other leave)"),
    "not_target_group": gettext_lazy("Does not meet the target group"),
    "other": gettext_lazy("Other reason"),
}


def exclusion_reason_label(*, stored: str) -> str:
    """The text shown for a stored exclusion reason."""
    if stored in EXCLUSION_REASONS:
        return str(EXCLUSION_REASONS[stored])
    return stored.removeprefix("other:").strip() or str(EXCLUSION_REASONS["other"])


class SampleRejected(Exception):
    """The upload has row errors now; nothing was imported."""

    def __init__(self, plan: SamplePlan) -> None:
        super().__init__("sample import rejected")
        self.plan = plan


# --- Reading ---------------------------------------------------------------------------------


def _table(data: bytes, file_name: str) -> Iterator[tuple[int, list[str]]]:
    lower = file_name.lower()
    if data.startswith(b"PK\x03\x04"):
        if not lower.endswith((".xlsx", ".xlsm")):
            raise ImportFileError(_("Only Excel files (.xlsx) and CSV files can be imported."))
        return reading._xlsx_rows(data)
    if lower.endswith((".csv", ".txt")) and b"\x00" not in data[:4096]:
        return reading._csv_rows(data)
    raise ImportFileError(_("Only Excel files (.xlsx) and CSV files can be imported."))


def sample_file_read(*, uploaded: IO[bytes], file_name: str, size: int) -> ParsedFile:
    """Read a respondent list (.xlsx or CSV in UTF-8/Windows-1252) into rows."""
    if size > reading.MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB. Split it into smaller files."))
    data = uploaded.read(reading.MAX_FILE_BYTES + 1)
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    rows = _table(data, file_name)
    keys: list[str | None] = []
    header: list[str] | None = None
    for number, cells in rows:
        keys = [HEADERS.get(normalise(c)) if c else None for c in cells]
        if "email" in keys and sum(k is not None for k in keys) >= 2:
            header = cells
            break
        if number >= reading.HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise ImportFileError(
            _(
                "No header row was found. The first row must name the columns: "
                "namn, e-post, part, verksamhet, kommun."
            )
        )
    found = [k for k in keys if k is not None]
    if len(found) != len(set(found)):
        raise ImportFileError(_("Two columns mean the same thing. Keep one of them."))
    parsed = ParsedFile(
        file_name=file_name,
        columns=found,
        ignored_headers=[c for c, k in zip(header, keys, strict=False) if c and k is None],
    )
    for number, cells in rows:
        values = {k: c for k, c in zip(keys, cells, strict=False) if k is not None and c}
        if not values:
            continue
        if len(parsed.rows) >= MAX_ROWS:
            raise ImportFileError(_("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})
        parsed.rows.append(ParsedRow(number=number, values=values))
    if not parsed.rows:
        raise ImportFileError(_("The file has a header row but no rows of people."))
    return parsed


def sample_upload_store(
    *, questionnaire: Questionnaire, user_id: int, uploaded: Any
) -> StoredUpload:
    """Read an uploaded respondent list and keep it for its uploader until the confirm."""
    parsed = sample_file_read(
        uploaded=uploaded, file_name=str(uploaded.name), size=int(uploaded.size)
    )
    storage.uploads_prune()
    return storage.upload_save(
        parsed,
        user_id=user_id,
        association_id=questionnaire.measurement.association_id,
    )


# --- Checking ------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    number: int
    name: str
    email: str
    party: Party | None = None
    unit: Unit | None = None
    municipality: Municipality | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class SamplePlan:
    rows: list[PlannedRow]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.errors]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def sample_plan(*, questionnaire: Questionnaire, rows: list[ParsedRow]) -> SamplePlan:
    """Check every row against the association's registry and the current sample."""
    association_id = questionnaire.measurement.association_id
    parties = {_key(p.name): p for p in Party.objects.filter(association_id=association_id)}
    units: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(party__association_id=association_id).select_related(
        "party", "municipality"
    ):
        units.setdefault(_key(unit.name), []).append(unit)
    municipalities = {
        _key(m.name): m for m in Municipality.objects.filter(association_id=association_id)
    }
    existing = {
        e.casefold()
        for e in Invitation.objects.filter(questionnaire=questionnaire).values_list(
            "email", flat=True
        )
    }
    seen: dict[str, int] = {}
    planned = []
    for row in rows:
        values = row.values
        email = values.get("email", "").strip().lower()
        item = PlannedRow(number=row.number, name=values.get("name", "").strip(), email=email)
        if not email:
            item.errors.append(_("The e-mail address is missing."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                item.errors.append(
                    _("“%(email)s” is not a valid e-mail address.") % {"email": email}
                )
            else:
                if email in seen:
                    item.errors.append(
                        _("The e-mail address is already on row %(row)s of the file.")
                        % {"row": seen[email]}
                    )
                elif email in existing:
                    item.errors.append(_("This e-mail address is already in the sample."))
            seen.setdefault(email, row.number)
        party_name = values.get("party", "")
        if party_name:
            item.party = parties.get(_key(party_name))
            if item.party is None:
                item.errors.append(
                    _("The party “%(name)s” is not in the registry.") % {"name": party_name}
                )
        unit_name = values.get("unit", "")
        if unit_name:
            candidates = units.get(_key(unit_name), [])
            if item.party is not None:
                candidates = [u for u in candidates if u.party_id == item.party.pk]
            if len(candidates) == 1:
                item.unit = candidates[0]
                if item.party is None:
                    item.party = item.unit.party
            elif not candidates:
                item.errors.append(
                    _("The unit “%(name)s” is not in the registry.") % {"name": unit_name}
                )
            else:
                item.errors.append(
                    _("Several parties have a unit called “%(name)s”: fill in the party.")
                    % {"name": unit_name}
                )
        municipality_name = values.get("municipality", "")
        if municipality_name:
            item.municipality = municipalities.get(_key(municipality_name))
            if item.municipality is None:
                item.errors.append(
                    _("The municipality “%(name)s” is not in the association.")
                    % {"name": municipality_name}
                )
        elif item.unit is not None and item.unit.municipality_id:
            item.municipality = item.unit.municipality
        planned.append(item)
    return SamplePlan(rows=planned)


def _new_invitation(questionnaire: Questionnaire, **fields: Any) -> Invitation:
    # A placeholder hash that no e-mail carries; the link's token is made when sending.
    return Invitation(questionnaire=questionnaire, token_hash=make_token()[1], **fields)


def sample_import(
    *, questionnaire: Questionnaire, upload: StoredUpload, user: Any
) -> dict[str, Any]:
    """Import all rows of an upload or none; once per upload.

    Raises SampleRejected when any row is wrong now, AlreadySubmitted when this upload has
    been imported already.
    """
    if upload.imported:
        raise AlreadySubmitted(upload.token)

    def write() -> dict[str, Any]:
        plan = sample_plan(questionnaire=questionnaire, rows=upload.rows)
        if plan.has_errors:
            raise SampleRejected(plan)
        Invitation.objects.bulk_create(
            [
                _new_invitation(
                    questionnaire,
                    email=row.email,
                    name=row.name[:200],
                    party=row.party,
                    unit=row.unit,
                    municipality=row.municipality,
                )
                for row in plan.rows
            ],
            batch_size=500,
        )
        record = SampleImport.objects.create(
            questionnaire=questionnaire,
            file_name=upload.file_name[:255],
            row_count=len(plan.rows),
            created_by=user if getattr(user, "pk", None) else None,
        )
        return {"imported": len(plan.rows), "sample_import": record.pk}

    try:
        summary = form_submission_once(token="sample:" + upload.token, write=write)
    except IntegrityError as exc:
        raise ValidationError(
            _("Someone changed the sample during the import, so nothing was imported.")
        ) from exc
    storage.upload_mark_imported(upload, summary)
    return summary


# --- From the groups, by hand, exclusions -----------------------------------------------


@dataclass
class FromGroupsResult:
    added: int
    already: int
    without_email: list[str]


@transaction.atomic
def sample_take_from_groups(*, questionnaire: Questionnaire) -> FromGroupsResult:
    """One invitation per person with a current membership in an active group of the
    association; people without an e-mail address are reported, not added."""
    association_id = questionnaire.measurement.association_id
    person_ids = (
        Membership.objects.current()
        .filter(group__association_id=association_id, group__is_active=True)
        .values_list("person_id", flat=True)
    )
    people = (
        Person.objects.filter(pk__in=person_ids)
        .select_related("party", "unit")
        .order_by("last_name", "first_name", "pk")
    )
    existing = {
        e.casefold()
        for e in Invitation.objects.filter(questionnaire=questionnaire).values_list(
            "email", flat=True
        )
    }
    new: list[Invitation] = []
    already = 0
    without: list[str] = []
    for person in people:
        email = person.email.strip().lower()
        if not email:
            without.append(f"{person.first_name} {person.last_name}")
            continue
        if email in existing:
            already += 1
            continue
        existing.add(email)
        municipality_id = None
        if person.unit is not None and person.unit.municipality_id:
            municipality_id = person.unit.municipality_id
        elif person.party.municipality_id:
            municipality_id = person.party.municipality_id
        new.append(
            _new_invitation(
                questionnaire,
                email=email,
                name=f"{person.first_name} {person.last_name}"[:200],
                party_id=person.party_id,
                unit_id=person.unit_id,
                municipality_id=municipality_id,
                person=person,
            )
        )
    Invitation.objects.bulk_create(new, batch_size=500)
    return FromGroupsResult(added=len(new), already=already, without_email=without)


@transaction.atomic
def invitation_add(
    *,
    questionnaire: Questionnaire,
    email: str,
    name: str = "",
    party: Party | None = None,
    unit: Unit | None = None,
    municipality: Municipality | None = None,
) -> Invitation:
    """Add one person to the sample by hand."""
    email = email.strip().lower()
    validate_email(email)
    association_id = questionnaire.measurement.association_id
    for obj in (party, municipality):
        if obj is not None and obj.association_id != association_id:
            raise ValidationError(_("Choose from the association's own registry."))
    if unit is not None and unit.party.association_id != association_id:
        raise ValidationError(_("Choose from the association's own registry."))
    if Invitation.objects.filter(questionnaire=questionnaire, email__iexact=email).exists():
        raise ValidationError(_("This e-mail address is already in the sample."))
    if unit is not None and party is None:
        party = unit.party
    if municipality is None and unit is not None and unit.municipality_id:
        municipality = unit.municipality
    invitation = _new_invitation(
        questionnaire,
        email=email,
        name=name.strip()[:200],
        party=party,
        unit=unit,
        municipality=municipality,
    )
    invitation.save()
    return invitation


@transaction.atomic
def invitation_exclude(*, invitation: Invitation, reason: str, other_text: str = "") -> None:
    """Leave a person out of the sample with a reason (undone by invitation_include)."""
    if reason not in EXCLUSION_REASONS:
        raise ValidationError(_("Choose a reason."))
    stored = reason
    if reason == "other":
        text = " ".join(other_text.split())
        if not text:
            raise ValidationError(_("Describe the other reason."))
        stored = f"other: {text}"[:200]
    updated = Invitation.objects.filter(
        pk=invitation.pk, status__in=[InvitationStatus.INVITED, InvitationStatus.STARTED]
    ).update(status=InvitationStatus.EXCLUDED, excluded_reason=stored)
    if not updated and invitation.status != InvitationStatus.EXCLUDED:
        # Said the same way whatever the reason, so as not to tell who has answered.
        raise ValidationError(_("This person cannot be excluded any more."))
    if not updated:
        Invitation.objects.filter(pk=invitation.pk).update(excluded_reason=stored)


@transaction.atomic
def invitation_include(*, invitation: Invitation) -> None:
    """Undo an exclusion: the person is back in the sample."""
    Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.EXCLUDED).update(
        status=InvitationStatus.INVITED, excluded_reason=""
    )
