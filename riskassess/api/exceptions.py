"""One error format for the whole API: `{"detail": message, "errors": {field: [messages]}}`.

- ApplicationError (a rule of the domain) -> 400 with the service's message and field errors;
- StaleEdit (somebody saved in between) -> 409 with `current_version`;
- DRF's ValidationError (malformed input) -> 400 in the same shape;
- Http404 / PermissionDenied / authentication -> DRF's usual 404 / 403 / 401 with `detail`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from riskassess.core.exceptions import ApplicationError, StaleEdit


def _as_lists(errors) -> dict[str, list[str]]:
    """Flatten DRF's nested error structures into {field: [messages]} ("answers.A4", "items.0.name")."""
    out: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            out.setdefault(prefix or "non_field_errors", []).extend(str(v) for v in value)
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                if inner:
                    walk(f"{prefix}.{i}" if prefix else str(i), inner)
        else:
            out.setdefault(prefix or "non_field_errors", []).append(str(value))

    walk("", errors)
    return out


def _stale_detail(exc: StaleEdit) -> str:
    """The pages say "your input is still on the page"; a program is told what to send instead."""
    values = {"conflicts": ", ".join(exc.conflicts or []), "version": exc.current_version}
    if exc.conflicts and exc.same_user:
        if exc.current_version:
            message = gettext(
                "You saved this assessment elsewhere after you read it, changing the same answers as you: "
                "%(conflicts)s. Nothing was saved. Read them again and send your change with the current "
                "version (%(version)s)."
            )
        else:
            message = gettext(
                "You saved this assessment elsewhere after you read it, changing the same answers as you: "
                "%(conflicts)s. Nothing was saved. Read them again and send your change with the current version."
            )
    elif exc.conflicts:
        if exc.current_version:
            message = gettext(
                "Someone else saved this assessment after you read it, changing the same answers as you: "
                "%(conflicts)s. Nothing was saved. Read them again and send your change with the current "
                "version (%(version)s)."
            )
        else:
            message = gettext(
                "Someone else saved this assessment after you read it, changing the same answers as you: "
                "%(conflicts)s. Nothing was saved. Read them again and send your change with the current version."
            )
    elif exc.current_version:
        message = gettext(
            "Someone else saved this assessment after you read it. Read it again and send your change "
            "with its current version (%(version)s)."
        )
    else:
        message = gettext(
            "Someone else saved this assessment after you read it. Read it again and send your change "
            "with its current version."
        )
    return message % values


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        return Response(
            {
                "detail": _stale_detail(exc),
                "errors": {},
                "code": "stale",
                "current_version": exc.current_version,
                "conflicts": exc.conflicts,
                "same_user": exc.same_user,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, ApplicationError) and exc.code == "stale":
        # A decision raced another one (approve/return): a conflict too, without a version to send.
        return Response(
            {"detail": exc.message, "errors": exc.errors, "code": "stale", "current_version": None},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, ApplicationError):
        return Response(
            {"detail": exc.message, "errors": {k: list(v) for k, v in exc.errors.items()}, "code": exc.code},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        first = next(iter(errors.values()), [gettext("Invalid input.")])[0]
        return Response({"detail": first, "errors": errors, "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ValidationError):
        errors = _as_lists(exc.detail)
        fields = ", ".join(k for k in errors if k != "non_field_errors")
        if fields:
            detail = gettext("Check these fields: %(fields)s.") % {"fields": fields}
        else:
            detail = next(iter(errors.values()), [gettext("Invalid input.")])[0]
        return Response({"detail": detail, "errors": errors, "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
