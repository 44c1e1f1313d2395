from __future__ import annotations

import time

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache(settings):  # type: ignore[no-untyped-def]
    """allauth counts rate limits and used TOTP codes in the cache: one empty cache per test."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"accounts-tests-{time.monotonic_ns()}",
        }
    }
    cache.clear()
    yield
    cache.clear()
