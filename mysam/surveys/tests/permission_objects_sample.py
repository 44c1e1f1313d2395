"""Objects for the sample, send-out and response-rate rows of the permissions table."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from mysam.conftest import World
from mysam.organisation.transfer import storage
from mysam.surveys.models import Invitation, Questionnaire
from mysam.surveys.services import mailing as mailing_services
from mysam.surveys.services import sample as sample_services
from mysam.surveys.tests.factories import make_measurement, make_questionnaire


def _questionnaire(world: World) -> Questionnaire:
    return make_questionnaire(make_measurement(world.association))


def _invitation(world: World) -> Invitation:
    return sample_services.invitation_add(
        questionnaire=_questionnaire(world), email="urval@example.se"
    )


def _upload(world: World) -> dict[str, Any]:
    questionnaire = _questionnaire(world)
    text = b"namn;e-post\nAnna;anna@example.se\n"
    parsed = sample_services.sample_file_read(
        uploaded=io.BytesIO(text), file_name="lista.csv", size=len(text)
    )
    upload = storage.upload_save(
        parsed, user_id=world.users["admin"].pk, association_id=world.association.pk
    )
    return {"pk": questionnaire.pk, "token": upload.token}


def _mailing(world: World) -> dict[str, Any]:
    invitation = _invitation(world)
    mailing = mailing_services.mailing_start(
        questionnaire=invitation.questionnaire, kind="invitation", user=None
    )
    return {"pk": mailing.pk}


def objects(world: World) -> dict[str, Callable[[], dict[str, Any]]]:
    def invitation() -> dict[str, Any]:
        row = _invitation(world)
        return {"pk": row.questionnaire_id, "invitation_pk": row.pk}

    return {
        "sample_questionnaire": lambda: {"pk": _questionnaire(world).pk},
        "sample_upload": lambda: _upload(world),
        "sample_invitation": invitation,
        "sample_mailing": lambda: _mailing(world),
    }
