"""The cooperation-climate measurement: item bank, measurements, samples and answers.

The modules follow the life of a measurement: `items` (the item bank and its scales),
`measurements` (a measurement, its questionnaires, sections and questions), `samples`
(invitations and mailings: who was asked) and `responses` (the anonymous answers).
Nothing in `responses` refers to `samples`; see ARCHITECTURE.md, "Surveys: anonymity".
"""

from mysam.surveys.models.items import (
    SCALE_STEPS,
    Item,
    ItemKind,
    ItemQuerySet,
)
from mysam.surveys.models.measurements import (
    Audience,
    Measurement,
    MeasurementKind,
    MeasurementStatus,
    Question,
    Questionnaire,
    RepeatFor,
    Section,
)
from mysam.surveys.models.responses import Answer, Response, ResponseStatus, random_id
from mysam.surveys.models.samples import (
    Draft,
    Invitation,
    InvitationStatus,
    Mailing,
    MailingKind,
    MailingStatus,
    ReplacedLink,
    SampleImport,
)

__all__ = [
    "SCALE_STEPS",
    "Answer",
    "Audience",
    "Draft",
    "Invitation",
    "InvitationStatus",
    "Item",
    "ItemKind",
    "ItemQuerySet",
    "Mailing",
    "MailingKind",
    "MailingStatus",
    "Measurement",
    "MeasurementKind",
    "MeasurementStatus",
    "Question",
    "Questionnaire",
    "RepeatFor",
    "ReplacedLink",
    "Response",
    "ResponseStatus",
    "SampleImport",
    "Section",
    "random_id",
]
