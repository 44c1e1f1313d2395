"""A database router for bench.pages: every query goes to the scale being measured.

It lives in its own module because ``python -m bench.pages`` runs that file as
``__main__``: a class defined there would be a different object from the one Django imports.
"""

from __future__ import annotations

from typing import Any


class ScaleRouter:
    alias = "default"

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return ScaleRouter.alias

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return ScaleRouter.alias

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True
