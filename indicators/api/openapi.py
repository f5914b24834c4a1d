"""What the schema says each operation answers: its success, and each error status it can give,
with the one error shape of indicators.api.errors. `answers(200, 401, 404)` is an operation's
`responses`; a view passes words of its own for a status that means something particular there."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ConflictSerializer, ErrorSerializer, ValidationErrorSerializer

ERRORS = {
    400: OpenApiResponse(
        ValidationErrorSerializer,
        description="Not accepted: `errors` says what is wrong with each field (or rule), `detail` all of it in words.",
    ),
    401: OpenApiResponse(
        ErrorSerializer, description='No valid credentials: send "Authorization: Token <token>" (see /api/token/).'
    ),
    403: OpenApiResponse(
        ErrorSerializer,
        description="Not allowed, in words: your role or the return's state does not allow it (or, signed in "
        "with a browser session, the CSRF token is missing).",
    ),
    404: OpenApiResponse(
        ErrorSerializer,
        description="Not a partnership you are an active member of, or not one of its objects "
        "(another partnership's objects are not found either).",
    ),
    409: OpenApiResponse(
        ConflictSerializer,
        description="Someone saved the return since the version you sent: nothing was saved; `current` is the "
        "return as saved now.",
    ),
    415: OpenApiResponse(
        ErrorSerializer,
        description="The body is not JSON, form data or multipart (send Content-Type: application/json).",
    ),
    429: OpenApiResponse(
        ErrorSerializer, description="Too many failed sign-ins for this username from this address: try again later."
    ),
}


def answers(success: dict, *statuses: int, conflict=None, **descriptions: str) -> dict:
    """An operation's responses: `success` ({200: Serializer, ...}) and the error `statuses` it can
    give; `descriptions` (e.g. status_403="...") says what one of them means for this operation;
    `conflict` is the 409 of an operation on another kind of return than an indicator's."""
    responses = dict(success)
    for status in statuses:
        response = conflict if status == 409 and conflict is not None else ERRORS[status]
        if f"status_{status}" in descriptions:
            response = OpenApiResponse(response.response, description=descriptions[f"status_{status}"])
        responses[status] = response
    return responses


SLUG = OpenApiParameter(
    "partnership_slug",
    str,
    OpenApiParameter.PATH,
    pattern=r"^[-a-zA-Z0-9_]+$",
    description="The partnership, as in its web address (/p/<slug>/). "
    "Partnerships you are not an active member of answer 404.",
)
