"""Every 4xx the API gives has one shape: {"detail": "<what went wrong, in words>"}, plus
`errors` ({field: message}) on a 400 and `current` (the return as saved now) on a 409.

`api_exception_handler` (REST_FRAMEWORK's EXCEPTION_HANDLER) turns DRF's errors and the returns
service's exceptions into that shape, so views just call the service; `NoRouteView` answers
addresses under /api/ that match no route with the same 404 a missing object gets.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView, exception_handler

from indicators.models import SpendReturn
from indicators.services.returns import ReturnInvalid, ReturnRefused
from partnership.concurrency import StaleEdit

from .serializers import ReturnSerializer
from .spend_serializers import SpendReturnSerializer


def as_saved(ret) -> dict | None:
    """The return a 409 says is saved now, by its kind (indicator or spend)."""
    if ret is None:
        return None
    serializer = SpendReturnSerializer if isinstance(ret, SpendReturn) else ReturnSerializer
    return serializer(ret).data


def first_messages(detail, prefix="") -> dict[str, str]:
    """DRF's {field: [messages]} (nested for attestations) as {field: message}, the shape the
    returns service uses, so every 400 from this API reads the same."""
    if not isinstance(detail, dict):
        detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
    flat = {}
    for name, problems in detail.items():
        if isinstance(problems, dict):
            flat.update(first_messages(problems, f"{prefix}{name}."))
        elif isinstance(problems, list):
            flat[f"{prefix}{name}"] = str(problems[0]) if problems else "Not accepted."
        else:
            flat[f"{prefix}{name}"] = str(problems)
    return flat


def invalid(errors: dict[str, str]) -> Response:
    """A 400: every problem in `errors`, and all of them in words in `detail`."""
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    detail = " ".join(message if name == non_field else f"{name}: {message}" for name, message in errors.items())
    return Response({"detail": detail, "errors": errors}, status=400)


def api_exception_handler(exc, context):
    if isinstance(exc, ReturnInvalid):
        return invalid(exc.errors)
    if isinstance(exc, ValidationError):
        return invalid(first_messages(exc.detail))
    if isinstance(exc, ParseError):  # a body that is not JSON
        return invalid({api_settings.NON_FIELD_ERRORS_KEY: str(exc.detail)})
    if isinstance(exc, ReturnRefused):
        return Response({"detail": str(exc)}, status=403)
    if isinstance(exc, StaleEdit):
        current = as_saved(exc.current)
        detail = f"{exc} Nothing was saved: check `current`, then send again with its version."
        return Response({"detail": detail, "current": current}, status=409)
    return exception_handler(exc, context)  # {"detail": ...}, with WWW-Authenticate, Allow, Retry-After


class NoRouteView(APIView):
    """Any address under /api/ that matches no route: a JSON 404 like a missing object's (Django's
    own would be an HTML page). One missing only its final slash is redirected on GET, as Django's
    APPEND_SLASH did before this view answered every address."""

    schema = None  # not an operation of the API
    authentication_classes = permission_classes = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.with_slash(request) is None:
            raise NotFound("There is nothing at this address: the API's addresses are listed at /api/schema/.")

    def get(self, request, *args, **kwargs):
        return HttpResponsePermanentRedirect(self.with_slash(request))

    @staticmethod
    def with_slash(request) -> str | None:
        """The address with its final slash, if that is a route and this a GET (or HEAD)."""
        if request.method not in ("GET", "HEAD") or request.path_info.endswith("/"):
            return None
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            return None
        if getattr(match.func, "cls", None) is NoRouteView:
            return None
        return request.get_full_path(force_append_slash=True)
