"""Settings for bench.answering: the production settings plus the bare view's URLconf.

The benchmark compares answering a questionnaire with a bare Django view on the same stack
(gunicorn, PostgreSQL, the production middleware), so the bare view must be served by the
same processes: bench.urls adds it beside the project's URLs.
"""

from mysam.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
