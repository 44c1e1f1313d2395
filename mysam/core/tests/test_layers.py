"""The layers hold: views never query models, services are keyword-only.

ARCHITECTURE.md: views go through access functions, selectors and services; they never use
``Model.objects``. This test reads every view module with ``ast`` (nothing is executed) and
fails on a violation. The precise rule for a view module (``views.py`` or any module in a
``views/`` package under ``mysam/``):

1. No attribute named ``objects``, ``_default_manager`` or ``_base_manager`` on anything
   (``Person.objects``, ``org.Person.objects``, ``type(x)._default_manager``), nor
   ``getattr(x, "objects")``.
2. A model class imported from a models module (``from x.models import Person``,
   ``from x import models as org`` then ``org.Person``; resolved by importing it, so
   TextChoices enums and constants are told apart from models) may be used only as a value:
   in type annotations, ``isinstance``, passed to a selector, or for its metadata
   (``_meta``, ``DoesNotExist``, ``MultipleObjectsReturned``). Any other attribute
   (``Person.filter``, ``Person.get``, a custom manager, a query classmethod) or calling the
   class (building an instance outside a service) is a violation.
3. No QuerySet-only methods on anything (``.filter(``, ``.exclude(``, ``.annotate(``,
   ``.order_by(``, ``.select_related(``, …): narrowing a query belongs in a selector. This
   also catches ``group.memberships.filter(...)`` on related managers.
4. No ``get_object_or_404`` / ``get_list_or_404``: fetching an object for a user is an
   access function's job (it decides between 404 and 403).

Importing model classes is allowed (rule 2 is about their use), because views legitimately
need them for field labels and type annotations; the queries are what must not be there.

For services (``services.py`` or a ``services/`` package): every public top-level function
takes keyword-only parameters (no positional, no ``*args``).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import models as django_models

MYSAM = Path(__file__).resolve().parents[2]
ROOT = MYSAM.parent

MANAGER_ATTRS = {"objects", "_default_manager", "_base_manager"}
ALLOWED_MODEL_ATTRS = {"_meta", "DoesNotExist", "MultipleObjectsReturned"}
QUERYSET_METHODS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "alias",
    "select_related",
    "prefetch_related",
    "values_list",
    "order_by",
    "distinct",
    "select_for_update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "in_bulk",
    "raw",
    "extra",
    "defer",
    "only",
    "using",
}
FETCH_SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def _module_name(path: Path) -> str:
    relative = path.resolve().relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_models_module(name: str) -> bool:
    # django.db.models is the ORM itself (Q, F, Model), not a module of model classes.
    return name.endswith(".models") and name != "django.db.models"


def _is_model_class(obj: object) -> bool:
    return isinstance(obj, type) and issubclass(obj, django_models.Model)


def _resolve(module: str, name: str | None = None) -> object | None:
    """Import a module (and an attribute of it); None when it cannot be imported."""
    try:
        imported = importlib.import_module(module)
    except ImportError:
        return None
    return imported if name is None else getattr(imported, name, None)


@dataclass
class _Imports:
    # local names bound to a model class (a name that cannot be resolved counts as one)
    model_names: set[str] = field(default_factory=set)
    # local alias → the models module it is bound to (`from x import models as org`)
    models_modules: dict[str, str] = field(default_factory=dict)


def _collect_imports(tree: ast.Module, module_name: str) -> _Imports:
    found = _Imports()
    package = module_name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            absolute = importlib.util.resolve_name(base, package) if node.level else base
            for alias in node.names:
                local = alias.asname or alias.name
                if _is_models_module(absolute):
                    obj = _resolve(absolute, alias.name)
                    if obj is None or _is_model_class(obj):
                        found.model_names.add(local)
                elif alias.name == "models" and _is_models_module(f"{absolute}.models"):
                    found.models_modules[local] = f"{absolute}.models"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_models_module(alias.name) and alias.asname:
                    found.models_modules[alias.asname] = alias.name
    return found


def _model_reference(node: ast.expr, imports: _Imports) -> str | None:
    """The model class a node names (``Person`` or ``org.Person``), if it names one."""
    if isinstance(node, ast.Name) and node.id in imports.model_names:
        return node.id
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in imports.models_modules
    ):
        obj = _resolve(imports.models_modules[node.value.id], node.attr)
        if obj is None or _is_model_class(obj):
            return f"{node.value.id}.{node.attr}"
    return None


def view_violations(source: str, module_name: str = "mysam.example.views") -> list[str]:
    """The layer violations in a view module's source, one line each."""
    tree = ast.parse(source)
    imports = _collect_imports(tree, module_name)
    problems: list[str] = []

    def report(node: ast.AST, message: str) -> None:
        problems.append(f"{module_name}:{getattr(node, 'lineno', '?')}: {message}")

    # Attributes that are themselves the receiver of an allowed access, e.g. `org.Person` in
    # `org.Person._meta`, are checked through their parent node.
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in MANAGER_ATTRS:
                report(node, f"uses a model manager (.{node.attr}); use a selector or service")
                continue
            model = _model_reference(node.value, imports)
            if model is not None and node.attr not in ALLOWED_MODEL_ATTRS:
                report(node, f"uses {model}.{node.attr}; only _meta is allowed on a model class")
        elif isinstance(node, ast.Call):
            func = node.func
            model = _model_reference(func, imports)
            if model is not None:
                report(node, f"builds a {model} instance; create it in a service")
            if isinstance(func, ast.Attribute) and func.attr in QUERYSET_METHODS:
                report(node, f"narrows a query (.{func.attr}(...)); do it in a selector")
            if isinstance(func, ast.Name) and func.id in FETCH_SHORTCUTS:
                report(node, f"calls {func.id}; fetch through an access function")
            if (
                isinstance(func, ast.Name)
                and func.id == "getattr"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in MANAGER_ATTRS
            ):
                report(node, "reaches a model manager through getattr")
    return problems


def service_violations(source: str, module_name: str = "mysam.example.services") -> list[str]:
    """Public top-level service functions that accept positional arguments."""
    problems = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if node.name.startswith("_"):
            continue
        args = node.args
        positional = [a.arg for a in [*args.posonlyargs, *args.args]]
        if args.vararg is not None:
            positional.append("*" + args.vararg.arg)
        if positional:
            problems.append(
                f"{module_name}:{node.lineno}: {node.name}() takes positional "
                f"parameters ({', '.join(positional)}); make them keyword-only with *"
            )
    return problems


def _modules(kind: str) -> list[Path]:
    paths = []
    for path in sorted(MYSAM.rglob("*.py")):
        relative = path.relative_to(MYSAM).parts
        if "tests" in relative or "migrations" in relative:
            continue
        if path.name == f"{kind}.py" or kind in relative[:-1]:
            paths.append(path)
    return paths


VIEW_MODULES = _modules("views")
SERVICE_MODULES = _modules("services")


def test_there_are_view_and_service_modules_to_check() -> None:
    assert any(p.name == "views.py" for p in VIEW_MODULES)
    assert any(p.parent.name == "views" for p in VIEW_MODULES)
    assert SERVICE_MODULES


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(MYSAM)))
def test_views_never_query_models(path: Path) -> None:
    problems = view_violations(path.read_text(encoding="utf-8"), _module_name(path))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=lambda p: str(p.relative_to(MYSAM)))
def test_services_are_keyword_only(path: Path) -> None:
    problems = service_violations(path.read_text(encoding="utf-8"), _module_name(path))
    assert problems == [], "\n".join(problems)


# --- The checks themselves fail on violations -------------------------------------------


def _check(snippet: str) -> list[str]:
    return view_violations(textwrap.dedent(snippet))


class TestTheViewRule:
    @pytest.mark.parametrize(
        "snippet",
        [
            """
            from mysam.organisation.models import Person
            def view(request):
                return Person.objects.all()
            """,
            """
            from mysam.organisation import models as org
            def view(request, pk):
                return org.CooperationGroup.objects.get(pk=pk)
            """,
            """
            import mysam.organisation.models as org
            def view(request, pk):
                return org.Person.objects.filter(pk=pk)
            """,
            """
            from mysam.organisation.models import Membership
            def view(request):
                return Membership.current_objects_or_whatever.get(pk=1)
            """,
            """
            from ..models import Person
            def view(request, pk):
                return Person.get(pk=pk)
            """,
            """
            from mysam.organisation.models import Person
            def view(request):
                Person(first_name="A").save()
            """,
            """
            from mysam.organisation import selectors
            def view(request):
                return selectors.groups(actor=request.actor).filter(is_active=True)
            """,
            """
            from mysam.organisation import access
            def view(request, pk):
                group = access.get_group_for_user(request.actor, pk)
                return group.memberships.exclude(end_date=None)
            """,
            """
            from django.shortcuts import get_object_or_404
            from mysam.organisation.models import Person
            def view(request, pk):
                return get_object_or_404(Person, pk=pk)
            """,
            """
            from django.contrib.auth import get_user_model
            def view(request):
                return get_user_model()._default_manager.count()
            """,
            """
            def view(request, model):
                return getattr(model, "objects").none()
            """,
        ],
    )
    def test_it_fails_on_a_view_that_queries(self, snippet: str) -> None:
        assert _check(snippet) != []

    def test_it_resolves_relative_imports_from_the_views_package(self) -> None:
        source = "from ..models import Person\nPerson.objects\n"
        problems = view_violations(source, "mysam.organisation.views.example")
        assert len(problems) == 1

    def test_it_allows_enums_constants_metadata_and_annotations(self) -> None:
        assert (
            _check(
                """
                from mysam.organisation.models import (
                    CORE_PARTY_KINDS, MembershipRole, Person, PartyKind,
                )
                from mysam.organisation import models as org, selectors
                def view(request, person: Person) -> str:
                    label = Person._meta.get_field("title").verbose_name
                    kind = PartyKind.MUNICIPALITY.label, MembershipRole.choices
                    plural = org.Person._meta.verbose_name_plural
                    is_person = isinstance(person, Person)
                    role = org.MembershipRole.CONVENER
                    rows = selectors.entity_rows(actor=request.actor, model=Person)
                    params = request.GET.get("q"), {"a": 1}.get("a")
                    return str((label, kind, plural, is_person, role, rows, CORE_PARTY_KINDS))
                """
            )
            == []
        )


class TestTheServiceRule:
    def test_it_fails_on_positional_parameters(self) -> None:
        source = textwrap.dedent(
            """
            def person_create(association, *, name): ...
            def person_update(person, /): ...
            def person_merge(*people): ...
            """
        )
        assert len(service_violations(source)) == 3

    def test_it_allows_keyword_only_and_private_helpers(self) -> None:
        source = textwrap.dedent(
            """
            def person_create(*, association, name, **fields): ...
            def _helper(a, b): ...
            class NotAFunction:
                def method(self, a): ...
            """
        )
        assert service_violations(source) == []
