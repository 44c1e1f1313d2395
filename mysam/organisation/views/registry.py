"""The office's editing of the registry: lists, forms, and the memberships of a group.

One small mechanism serves every registry entity. An ``Entity`` names its form, access
function, list selector, services, columns and labels; four generic views (list, create,
edit, delete) and one list and one form template do the rest, and ``urlpatterns`` is built
from the entities. Everyone with a role in the association reads the lists; only the office
(association admin) creates, edits and deletes: the access functions answer 403 otherwise,
and 404 for rows of another association.

Every form carries a one-time token: the write and the record of its token happen in one
transaction (services.form_submission_once), so a double-clicked submit stores once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from mysam.accounts.actor import Actor
from mysam.organisation import access, forms, selectors, services
from mysam.organisation.models import (
    Association,
    CooperationGroup,
    CountyPart,
    HealthCentre,
    Municipality,
    Party,
    Person,
    Seat,
    SteeringGroup,
    SteeringGroupMember,
    TrisamTeam,
    Unit,
)

PAGE_SIZE = 100

Label = str | Promise


def _label(model: type[Model], field_name: str) -> str:
    return capfirst(str(model._meta.get_field(field_name).verbose_name))  # type: ignore[union-attr]


@dataclass(frozen=True)
class Column:
    """One column of a list: a heading, how to get the value, and optionally a link."""

    label: Label | Callable[[], str]
    value: Callable[[Any], Any]
    link: Callable[[Any], str | None] | None = None

    @property
    def heading(self) -> str:
        return str(self.label()) if callable(self.label) else str(self.label)


@dataclass(frozen=True)
class RowLink:
    """A further link on each row of a list, e.g. a group's seats."""

    label: Label
    url: Callable[[Any], str | None]
    admin_only: bool = False


def _col(model: type[Model], name: str, **kwargs: Any) -> Column:
    return Column(label=lambda: _label(model, name), value=lambda row: getattr(row, name), **kwargs)


@dataclass(frozen=True)
class Entity:
    """What the generic registry views need to know about one kind of row.

    ``rows(actor, parent, filters)`` is the list selector; ``create(association, parent, data)``
    and ``update(row, data)`` call the services with the form's cleaned data; ``get`` is the
    access function ``(actor, pk, *, write)``. Entities listed under a parent (a group's
    seats, a steering group's members) give ``parent_get`` (the parent's access function)
    and ``parent_of`` (a row's parent); their list and create URLs take the parent's pk.
    """

    key: str
    model: type[Model]
    list_path: str
    item_path: str
    new_label: Label
    form_class: type[forms.RegistryModelForm]
    get: Callable[..., Any]
    rows: Callable[[Actor, Any, dict[str, Any]], Any]
    create: Callable[[Association, Any, dict[str, Any]], Any]
    update: Callable[[Any, dict[str, Any]], Any]
    columns: tuple[Column, ...]
    delete: Callable[[Any], None] | None = None
    parent_get: Callable[..., Any] | None = None
    parent_of: Callable[[Any], Any] | None = None
    parent_key: str = ""
    filter_form: type[forms.PersonFilterForm] | None = None
    row_links: tuple[RowLink, ...] = ()
    intro: Label = ""
    in_index: bool = True
    delete_hint: Label = field(default="")

    @property
    def title(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))

    def list_url(self, parent: Any = None) -> str:
        args = [parent.pk] if self.parent_get is not None else []
        return reverse(f"organisation:{self.key}_list", args=args)

    def create_url(self, parent: Any = None) -> str:
        args = [parent.pk] if self.parent_get is not None else []
        return reverse(f"organisation:{self.key}_create", args=args)

    def list_url_of(self, row: Any) -> str:
        return self.list_url(self.parent_of(row) if self.parent_of else None)


def _group_link(group: CooperationGroup | None) -> str | None:
    return group.get_absolute_url() if group is not None else None


ENTITY_LIST: tuple[Entity, ...] = (
    Entity(
        key="county_part",
        model=CountyPart,
        list_path="register/lansdelar/",
        item_path="register/lansdelar/",
        new_label=gettext_lazy("New county part"),
        form_class=forms.CountyPartForm,
        get=access.get_county_part_for_user,
        rows=lambda actor, parent, f: selectors.county_part_list(actor=actor),
        create=lambda association, parent, d: services.county_part_create(
            association=association, **d
        ),
        update=lambda row, d: services.county_part_update(county_part=row, **d),
        delete=lambda row: services.county_part_delete(county_part=row),
        columns=(
            _col(CountyPart, "name"),
            Column(gettext_lazy("Municipalities"), lambda row: row.municipality_count),
        ),
    ),
    Entity(
        key="municipality",
        model=Municipality,
        list_path="register/kommuner/",
        item_path="register/kommuner/",
        new_label=gettext_lazy("New municipality"),
        form_class=forms.MunicipalityForm,
        get=access.get_municipality_for_user,
        rows=lambda actor, parent, f: selectors.municipality_list(actor=actor),
        create=lambda association, parent, d: services.municipality_create(
            association=association, **d
        ),
        update=lambda row, d: services.municipality_update(municipality=row, **d),
        delete=lambda row: services.municipality_delete(municipality=row),
        columns=(
            _col(Municipality, "name"),
            _col(Municipality, "county_part"),
            _col(Municipality, "code"),
        ),
    ),
    Entity(
        key="party",
        model=Party,
        list_path="register/parter/",
        item_path="register/parter/",
        new_label=gettext_lazy("New party"),
        form_class=forms.PartyForm,
        get=access.get_party_for_user,
        rows=lambda actor, parent, f: selectors.party_list(actor=actor),
        create=lambda association, parent, d: services.party_create(association=association, **d),
        update=lambda row, d: services.party_update(party=row, **d),
        delete=lambda row: services.party_delete(party=row),
        columns=(
            _col(Party, "name"),
            Column(lambda: _label(Party, "kind"), lambda row: row.get_kind_display()),
            _col(Party, "municipality"),
        ),
    ),
    Entity(
        key="unit",
        model=Unit,
        list_path="register/verksamheter/",
        item_path="register/verksamheter/",
        new_label=gettext_lazy("New unit"),
        form_class=forms.UnitForm,
        get=access.get_unit_for_user,
        rows=lambda actor, parent, f: selectors.unit_list(actor=actor),
        create=lambda association, parent, d: services.unit_create(association=association, **d),
        update=lambda row, d: services.unit_update(unit=row, **d),
        delete=lambda row: services.unit_delete(unit=row),
        columns=(
            _col(Unit, "name"),
            Column(lambda: _label(Unit, "party"), lambda row: row.party.name),
            Column(lambda: _label(Unit, "unit_type"), lambda row: row.get_unit_type_display()),
            _col(Unit, "municipality"),
        ),
    ),
    Entity(
        key="health_centre",
        model=HealthCentre,
        list_path="register/halsocentraler/",
        item_path="register/halsocentraler/",
        new_label=gettext_lazy("New health centre"),
        form_class=forms.HealthCentreForm,
        get=access.get_health_centre_for_user,
        rows=lambda actor, parent, f: selectors.health_centre_list(actor=actor),
        create=lambda association, parent, d: services.health_centre_create(
            association=association, **d
        ),
        update=lambda row, d: services.health_centre_update(health_centre=row, **d),
        delete=lambda row: services.health_centre_delete(health_centre=row),
        columns=(
            _col(HealthCentre, "name"),
            _col(HealthCentre, "municipality"),
            _col(HealthCentre, "is_private"),
        ),
    ),
    Entity(
        key="cooperation_group",
        model=CooperationGroup,
        list_path="register/grupper/",
        item_path="register/grupper/",
        new_label=gettext_lazy("New Mysam group"),
        form_class=forms.CooperationGroupForm,
        get=access.get_group_for_user,
        rows=lambda actor, parent, f: selectors.cooperation_group_list(actor=actor),
        create=lambda association, parent, d: services.cooperation_group_create(
            association=association, **d
        ),
        update=lambda row, d: services.cooperation_group_update(group=row, **d),
        columns=(
            _col(CooperationGroup, "name", link=lambda row: row.get_absolute_url()),
            Column(
                lambda: _label(CooperationGroup, "municipalities"),
                lambda row: ", ".join(m.name for m in row.municipalities.all()),
            ),
            _col(CooperationGroup, "is_active"),
        ),
        row_links=(
            RowLink(
                gettext_lazy("Memberships"),
                lambda row: reverse("organisation:membership_list", args=[row.pk]),
            ),
            RowLink(
                gettext_lazy("Seats"), lambda row: reverse("organisation:seat_list", args=[row.pk])
            ),
        ),
        intro=gettext_lazy(
            "A group that no longer meets is set inactive rather than deleted, so that its "
            "history stays."
        ),
    ),
    Entity(
        key="person",
        model=Person,
        list_path="register/personer/",
        item_path="register/personer/",
        new_label=gettext_lazy("New person"),
        form_class=forms.PersonForm,
        get=access.get_person_for_user,
        rows=lambda actor, parent, f: selectors.person_list(actor=actor, **f),
        create=lambda association, parent, d: services.person_create(
            association_id=association.pk, **d
        ),
        update=lambda row, d: services.person_update(person=row, **d),
        delete=lambda row: services.person_delete(person=row),
        filter_form=forms.PersonFilterForm,
        columns=(
            Column(
                gettext_lazy("Name"),
                lambda row: f"{row.last_name}, {row.first_name}",
                link=lambda row: row.get_absolute_url(),
            ),
            _col(Person, "title"),
            Column(lambda: _label(Person, "party"), lambda row: row.party.name),
            Column(lambda: _label(Person, "unit"), lambda row: row.unit.name if row.unit else ""),
            _col(Person, "email"),
            _col(Person, "phone"),
        ),
        delete_hint=gettext_lazy(
            "Only a person registered by mistake can be deleted. Someone who has left is "
            "kept: end their memberships instead, so that the history stays."
        ),
    ),
    Entity(
        key="seat",
        model=Seat,
        list_path="grupper/<int:pk>/platser/",
        item_path="platser/",
        new_label=gettext_lazy("New seat"),
        form_class=forms.SeatForm,
        get=access.get_seat_for_user,
        parent_get=access.get_group_for_user,
        parent_of=lambda row: row.group,
        parent_key="cooperation_group",
        rows=lambda actor, parent, f: selectors.seat_list(actor=actor, group=parent),
        create=lambda association, parent, d: services.seat_create(group=parent, **d),
        update=lambda row, d: services.seat_update(seat=row, **d),
        columns=(
            Column(lambda: _label(Seat, "party"), lambda row: row.party.name),
            _col(Seat, "label"),
            Column(
                gettext_lazy("Held by"),
                lambda row: (
                    ", ".join(m.person.full_name for m in row.current_holders) or _("Vacant")
                ),
            ),
            _col(Seat, "is_active"),
        ),
        row_links=(
            RowLink(
                gettext_lazy("Fill"),
                lambda row: (
                    reverse("organisation:seat_fill", args=[row.pk])
                    if row.is_active and not row.current_holders
                    else None
                ),
                admin_only=True,
            ),
        ),
        intro=gettext_lazy(
            "A seat is a party's place at the group's table. It stays when its holder leaves "
            "and shows as vacant until someone fills it."
        ),
        in_index=False,
    ),
    Entity(
        key="trisam_team",
        model=TrisamTeam,
        list_path="register/trisam-team/",
        item_path="register/trisam-team/",
        new_label=gettext_lazy("New Trisam team"),
        form_class=forms.TrisamTeamForm,
        get=access.get_trisam_team_for_user,
        rows=lambda actor, parent, f: selectors.trisam_team_list(actor=actor),
        create=lambda association, parent, d: services.trisam_team_create(
            association=association, **d
        ),
        update=lambda row, d: services.trisam_team_update(trisam_team=row, **d),
        columns=(
            _col(TrisamTeam, "name"),
            _col(TrisamTeam, "health_centre"),
            _col(TrisamTeam, "group", link=lambda row: _group_link(row.group)),
            _col(TrisamTeam, "started_on"),
            _col(TrisamTeam, "is_active"),
        ),
    ),
    Entity(
        key="steering_group",
        model=SteeringGroup,
        list_path="register/styrgrupper/",
        item_path="register/styrgrupper/",
        new_label=gettext_lazy("New steering group"),
        form_class=forms.SteeringGroupForm,
        get=access.get_steering_group_for_user,
        rows=lambda actor, parent, f: selectors.steering_group_list(actor=actor),
        create=lambda association, parent, d: services.steering_group_create(
            association=association, **d
        ),
        update=lambda row, d: services.steering_group_update(steering_group=row, **d),
        delete=lambda row: services.steering_group_delete(steering_group=row),
        columns=(
            _col(SteeringGroup, "name"),
            _col(SteeringGroup, "municipality"),
            _col(SteeringGroup, "group", link=lambda row: _group_link(row.group)),
            Column(gettext_lazy("Members today"), lambda row: row.member_count),
        ),
        row_links=(
            RowLink(
                gettext_lazy("Members"),
                lambda row: reverse("organisation:steering_group_member_list", args=[row.pk]),
            ),
        ),
    ),
    Entity(
        key="steering_group_member",
        model=SteeringGroupMember,
        list_path="register/styrgrupper/<int:pk>/ledamoter/",
        item_path="register/styrgruppsledamoter/",
        new_label=gettext_lazy("New steering group member"),
        form_class=forms.SteeringGroupMemberForm,
        get=access.get_steering_group_member_for_user,
        parent_get=access.get_steering_group_for_user,
        parent_of=lambda row: row.steering_group,
        parent_key="steering_group",
        rows=lambda actor, parent, f: selectors.steering_group_member_list(
            actor=actor, steering_group=parent
        ),
        create=lambda association, parent, d: services.steering_group_member_create(
            steering_group=parent, **d
        ),
        update=lambda row, d: services.steering_group_member_update(steering_group_member=row, **d),
        delete=lambda row: services.steering_group_member_delete(steering_group_member=row),
        columns=(
            Column(
                gettext_lazy("Name"),
                lambda row: row.person.full_name,
                link=lambda row: row.person.get_absolute_url(),
            ),
            Column(gettext_lazy("Party"), lambda row: row.person.party.name),
            _col(SteeringGroupMember, "start_date"),
            _col(SteeringGroupMember, "end_date"),
        ),
        intro=gettext_lazy(
            "To end a term, set its end date; delete only a row entered by mistake."
        ),
        in_index=False,
    ),
)

ENTITIES: dict[str, Entity] = {entity.key: entity for entity in ENTITY_LIST}


# --- Shared form handling -------------------------------------------------------------------


def _add_errors(form: django_forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


def _submit(
    request: HttpRequest,
    form: Any,
    write: Callable[[dict[str, Any]], Any],
    *,
    success_url: str | Callable[[Any], str],
    message: Callable[[Any], str],
) -> HttpResponse | None:
    """Validate the form and run ``write`` once per form token.

    Returns the redirect after a successful (or an already made) save, or None when the form
    should be shown again with its errors.
    """
    if not form.is_valid():
        return None
    data = form.data_for_service
    token = form.cleaned_data[forms.TOKEN_FIELD]
    try:
        result = services.form_submission_once(token=token, write=lambda: write(data))
    except services.AlreadySubmitted:
        messages.info(request, _("This form had already been saved; it was not saved again."))
        return redirect(success_url if isinstance(success_url, str) else success_url(None))
    except ValidationError as error:
        _add_errors(form, error)
        return None
    messages.success(request, message(result))
    return redirect(success_url if isinstance(success_url, str) else success_url(result))


def _render_form(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    breadcrumbs: list[tuple[str, str]],
    cancel_url: str,
    submit_label: str | None = None,
    intro: str = "",
    facts: list[tuple[str, Any]] | None = None,
    danger: bool = False,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "breadcrumbs": breadcrumbs,
        "cancel_url": cancel_url,
        "submit_label": submit_label or _("Save"),
        "intro": intro,
        "facts": facts or [],
        "danger": danger,
    }
    return render(request, "organisation/registry/form.html", context)


def _index_crumb() -> tuple[str, str]:
    return (_("Registry"), reverse("organisation:registry_index"))


def _entity_crumbs(entity: Entity, parent: Any) -> list[tuple[str, str]]:
    crumbs = [_index_crumb()]
    if parent is not None:
        parent_entity = ENTITIES[entity.parent_key]
        crumbs.append((parent_entity.title, parent_entity.list_url()))
        crumbs.append((str(parent), entity.list_url(parent)))
    else:
        crumbs.append((entity.title, entity.list_url()))
    return crumbs


def _cell(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"kind": "bool", "value": value}
    if isinstance(value, datetime.date):
        return {"kind": "date", "value": value}
    if isinstance(value, int):
        return {"kind": "num", "value": value}
    if value is None or value == "":
        return {"kind": "empty", "value": ""}
    return {"kind": "text", "value": str(value)}


# --- The index and the association's settings --------------------------------------------


@login_required
@require_GET
def registry_index(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    association = access.get_association_for_user(actor)
    counts = selectors.registry_counts(actor=actor)
    lists = [
        {
            "entity": entity,
            "title": entity.title,
            "url": entity.list_url(),
            "count": counts[entity.key],
        }
        for entity in ENTITY_LIST
        if entity.in_index
    ]
    return render(
        request,
        "organisation/registry/index.html",
        {"association": association, "lists": lists, "can_edit": actor.is_admin},
    )


@login_required
@require_http_methods(["GET", "POST"])
def association_edit(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    association = access.get_association_for_user(actor, write=True)
    form = forms.AssociationForm(
        request.POST or None, instance=association, association=association
    )
    index_url = reverse("organisation:registry_index")
    if request.method == "POST":
        done = _submit(
            request,
            form,
            lambda d: services.association_update(association=association, **d),
            success_url=index_url,
            message=lambda row: _("The association's settings were saved."),
        )
        if done:
            return done
    return _render_form(
        request,
        form=form,
        title=_("The association's settings"),
        breadcrumbs=[_index_crumb()],
        cancel_url=index_url,
    )


# --- Generic list, create, edit, delete --------------------------------------------------


@login_required
@require_GET
def entity_list(request: HttpRequest, entity: str, pk: int | None = None) -> HttpResponse:
    config = ENTITIES[entity]
    actor: Actor = request.actor  # type: ignore[attr-defined]
    parent = config.parent_get(actor, pk) if config.parent_get is not None else None
    association = access.get_association_for_user(actor)
    filter_form = None
    filters: dict[str, Any] = {}
    if config.filter_form is not None:
        filter_form = config.filter_form(request.GET or None, association=association)
        filters = filter_form.filters() if request.GET else {}
    page = Paginator(config.rows(actor, parent, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "cells": [
                {**_cell(column.value(row)), "link": column.link(row) if column.link else None}
                for column in config.columns
            ],
            "links": [
                (link.label, url)
                for link in config.row_links
                if actor.is_admin or not link.admin_only
                if (url := link.url(row))
            ],
            "edit_url": reverse(f"organisation:{config.key}_edit", args=[row.pk]),
            "delete_url": (
                reverse(f"organisation:{config.key}_delete", args=[row.pk])
                if config.delete is not None
                else None
            ),
            "name": str(row) if not isinstance(row, SteeringGroupMember) else row.person.full_name,
        }
        for row in page
    ]
    crumbs = [_index_crumb()]
    if parent is not None:
        crumbs = _entity_crumbs(config, parent)[:-1]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "entity": config,
        "title": f"{config.title}: {parent}" if parent is not None else config.title,
        "parent": parent,
        "headings": [column.heading for column in config.columns],
        "rows": rows,
        "page_obj": page,
        "query": query.urlencode(),
        "filter_form": filter_form,
        "can_edit": actor.is_admin,
        "create_url": config.create_url(parent),
        "breadcrumbs": crumbs,
        "membership_list_url": (
            reverse("organisation:membership_list", args=[parent.pk])
            if isinstance(parent, CooperationGroup)
            else None
        ),
    }
    return render(request, "organisation/registry/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entity_create(request: HttpRequest, entity: str, pk: int | None = None) -> HttpResponse:
    config = ENTITIES[entity]
    actor: Actor = request.actor  # type: ignore[attr-defined]
    parent = config.parent_get(actor, pk, write=True) if config.parent_get is not None else None
    association = access.get_association_for_user(actor, write=True)
    form = config.form_class(request.POST or None, association=association)
    list_url = config.list_url(parent)
    if request.method == "POST":
        done = _submit(
            request,
            form,
            lambda d: config.create(association, parent, d),
            success_url=list_url,
            message=lambda row: _("Saved: %(name)s.") % {"name": row},
        )
        if done:
            return done
    return _render_form(
        request,
        form=form,
        title=str(config.new_label),
        breadcrumbs=_entity_crumbs(config, parent),
        cancel_url=list_url,
        intro=str(config.intro),
    )


@login_required
@require_http_methods(["GET", "POST"])
def entity_edit(request: HttpRequest, entity: str, pk: int) -> HttpResponse:
    config = ENTITIES[entity]
    actor: Actor = request.actor  # type: ignore[attr-defined]
    row = config.get(actor, pk, write=True)
    association = access.get_association_for_user(actor, write=True)
    name = str(row)
    form = config.form_class(request.POST or None, instance=row, association=association)
    list_url = config.list_url_of(row)
    if request.method == "POST":
        done = _submit(
            request,
            form,
            lambda d: config.update(row, d),
            success_url=list_url,
            message=lambda saved: _("Saved: %(name)s.") % {"name": saved},
        )
        if done:
            return done
    return _render_form(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": name},
        breadcrumbs=_entity_crumbs(config, config.parent_of(row) if config.parent_of else None),
        cancel_url=list_url,
        intro=str(config.intro),
    )


@login_required
@require_http_methods(["GET", "POST"])
def entity_delete(request: HttpRequest, entity: str, pk: int) -> HttpResponse:
    config = ENTITIES[entity]
    actor: Actor = request.actor  # type: ignore[attr-defined]
    row = config.get(actor, pk, write=True)
    delete = config.delete
    if delete is None:  # pragma: no cover - no URL is made for these
        raise AssertionError(config.key)
    name = str(row)
    form = forms.ConfirmDeleteForm(request.POST or None)
    list_url = config.list_url_of(row)
    if request.method == "POST":
        done = _submit(
            request,
            form,
            lambda d: delete(row),
            success_url=list_url,
            message=lambda result: _("Deleted: %(name)s.") % {"name": name},
        )
        if done:
            return done
    return _render_form(
        request,
        form=form,
        title=_("Delete %(name)s?") % {"name": name},
        breadcrumbs=_entity_crumbs(config, config.parent_of(row) if config.parent_of else None),
        cancel_url=list_url,
        submit_label=_("Delete"),
        intro=str(config.delete_hint)
        or _("Only a row that nothing else refers to can be deleted."),
        danger=True,
    )


@login_required
@require_GET
def person_unit_options(request: HttpRequest) -> HttpResponse:
    """The unit choices for one party (htmx: the person form narrows its unit list)."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    access.require_reader(actor)
    raw = request.GET.get("party", "")
    party_id = int(raw) if raw.isdigit() else None
    units = selectors.units_for_party(actor=actor, party_id=party_id)
    return render(request, "organisation/registry/unit_options.html", {"units": units})


# --- The memberships of a group ------------------------------------------------------------


def _membership_crumbs(group: CooperationGroup) -> list[tuple[str, str]]:
    return [
        _index_crumb(),
        (ENTITIES["cooperation_group"].title, ENTITIES["cooperation_group"].list_url()),
        (group.name, reverse("organisation:membership_list", args=[group.pk])),
    ]


def _membership_facts(membership: Any) -> list[tuple[str, Any]]:
    facts: list[tuple[str, Any]] = [
        (_("Person"), membership.person.full_name),
        (_("Party"), membership.person.party.name),
        (_("Role"), membership.get_role_display()),
        (_("Start date"), membership.start_date),
    ]
    if membership.seat is not None:
        facts.append((_("Seat"), membership.seat.label))
    if membership.substitute_for is not None:
        facts.append((_("Substitute for"), membership.substitute_for.person.full_name))
    return facts


@login_required
@require_GET
def membership_list(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    group = access.get_group_for_user(actor, pk)
    memberships = selectors.group_memberships(actor=actor, group=group)
    return render(
        request,
        "organisation/registry/memberships.html",
        {
            "group": group,
            **memberships,
            "can_edit": actor.is_admin,
            "breadcrumbs": _membership_crumbs(group)[:-1],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    group = access.get_group_for_user(actor, pk, write=True)
    form = forms.MembershipAddForm(request.POST or None, group=group)
    list_url = reverse("organisation:membership_list", args=[group.pk])
    if request.method == "POST":
        done = _submit(
            request,
            form,
            lambda d: services.membership_create(group=group, **d),
            success_url=list_url,
            message=lambda m: (
                _("%(person)s was added to %(group)s.") % {"person": m.person, "group": group}
            ),
        )
        if done:
            return done
    return _render_form(
        request,
        form=form,
        title=_("Add a member to %(group)s") % {"group": group},
        breadcrumbs=_membership_crumbs(group),
        cancel_url=list_url,
        intro=_(
            "A substitute must name the current member they stand in for. Seats are optional; "
            "a seat with nobody in it shows as vacant."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    membership = access.get_membership_for_user(actor, pk, write=True)
    form = forms.MembershipEditForm(request.POST or None, membership=membership)
    list_url = reverse("organisation:membership_list", args=[membership.group_id])
    if request.method == "POST":
        done = _submit(
            request,
            form,
            lambda d: services.membership_update(membership=membership, **d),
            success_url=list_url,
            message=lambda m: (
                _("The membership of %(person)s was saved.") % {"person": membership.person}
            ),
        )
        if done:
            return done
    return _render_form(
        request,
        form=form,
        title=_("Edit the membership of %(person)s") % {"person": membership.person},
        breadcrumbs=_membership_crumbs(membership.group),
        cancel_url=list_url,
        facts=_membership_facts(membership),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    membership = access.get_membership_for_user(actor, pk, write=True)
    form = forms.MembershipEndForm(request.POST or None)
    list_url = reverse("organisation:membership_list", args=[membership.group_id])
    if request.method == "POST":
        done = _submit(
            request,
            form,
            lambda d: services.membership_end(membership=membership, **d),
            success_url=list_url,
            message=lambda m: (
                _("The membership of %(person)s ends on %(date)s.")
                % {"person": membership.person, "date": m.end_date.isoformat()}
            ),
        )
        if done:
            return done
    return _render_form(
        request,
        form=form,
        title=_("End the membership of %(person)s") % {"person": membership.person},
        breadcrumbs=_membership_crumbs(membership.group),
        cancel_url=list_url,
        submit_label=_("End the membership"),
        facts=_membership_facts(membership),
        intro=_(
            "The membership stays in the group's history. Substitutes who stood in for this "
            "member end on the same day. To put someone else in the place, use Replace instead."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_replace(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    membership = access.get_membership_for_user(actor, pk, write=True)
    form = forms.MembershipReplaceForm(request.POST or None, membership=membership)
    list_url = reverse("organisation:membership_list", args=[membership.group_id])
    if request.method == "POST":
        done = _submit(
            request,
            form,
            lambda d: services.membership_replace(membership=membership, **d),
            success_url=list_url,
            message=lambda m: (
                _("%(new)s replaces %(old)s from %(date)s.")
                % {"new": m.person, "old": membership.person, "date": m.start_date.isoformat()}
            ),
        )
        if done:
            return done
    return _render_form(
        request,
        form=form,
        title=_("Replace %(person)s") % {"person": membership.person},
        breadcrumbs=_membership_crumbs(membership.group),
        cancel_url=list_url,
        submit_label=_("Replace"),
        facts=_membership_facts(membership),
        intro=_(
            "The new person takes the same role, seat and substitutes. The membership of the "
            "person who leaves ends the day before and stays in the history."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_fill(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    seat = access.get_seat_for_user(actor, pk, write=True)
    form = forms.SeatFillForm(request.POST or None, seat=seat)
    list_url = reverse("organisation:membership_list", args=[seat.group_id])
    if request.method == "POST":
        done = _submit(
            request,
            form,
            lambda d: services.seat_fill(seat=seat, **d),
            success_url=list_url,
            message=lambda m: (
                _("%(person)s now holds the seat %(seat)s.")
                % {"person": m.person, "seat": seat.label}
            ),
        )
        if done:
            return done
    return _render_form(
        request,
        form=form,
        title=_("Fill the seat %(seat)s") % {"seat": seat},
        breadcrumbs=_membership_crumbs(seat.group),
        cancel_url=list_url,
        submit_label=_("Fill the seat"),
        facts=[(_("Group"), seat.group.name), (_("Party"), seat.party.name)],
    )


# --- URLs -------------------------------------------------------------------------------------


def _entity_urls(entity: Entity) -> list[URLPattern]:
    kwargs = {"entity": entity.key}
    urls = [
        path(entity.list_path, entity_list, kwargs, name=f"{entity.key}_list"),
        path(f"{entity.list_path}ny/", entity_create, kwargs, name=f"{entity.key}_create"),
        path(f"{entity.item_path}<int:pk>/andra/", entity_edit, kwargs, name=f"{entity.key}_edit"),
    ]
    if entity.delete is not None:
        urls.append(
            path(
                f"{entity.item_path}<int:pk>/ta-bort/",
                entity_delete,
                kwargs,
                name=f"{entity.key}_delete",
            )
        )
    return urls


urlpatterns: list[URLPattern] = [
    path("register/", registry_index, name="registry_index"),
    path("register/forbundet/andra/", association_edit, name="association_edit"),
    path("register/personer/verksamheter/", person_unit_options, name="person_unit_options"),
    *(url for entity in ENTITY_LIST for url in _entity_urls(entity)),
    path("grupper/<int:pk>/medlemmar/", membership_list, name="membership_list"),
    path("grupper/<int:pk>/medlemmar/ny/", membership_add, name="membership_add"),
    path("medlemskap/<int:pk>/andra/", membership_edit, name="membership_edit"),
    path("medlemskap/<int:pk>/avsluta/", membership_end, name="membership_end"),
    path("medlemskap/<int:pk>/ersatt/", membership_replace, name="membership_replace"),
    path("platser/<int:pk>/tillsatt/", seat_fill, name="seat_fill"),
]
