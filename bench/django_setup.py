"""Start Django on the benchmark databases (never the development database under var/)."""

from __future__ import annotations

import os
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def database_path(scale: int) -> Path:
    return OUT / f"scale-{scale}.sqlite3"


def start_django(scale: int) -> None:
    """Point DATABASE_URL at the benchmark database of ``scale`` and set Django up."""
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path(scale)}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysam.settings")
    os.environ.setdefault("MYSAM_DEBUG", "false")
    os.environ.setdefault("MYSAM_LOG_LEVEL", "ERROR")
    quiet_static_warning()
    import django

    django.setup()


def quiet_static_warning() -> None:
    """WhiteNoise warns that var/static/ is missing; the benchmarks serve no static files."""
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
