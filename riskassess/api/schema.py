"""OpenAPI generation: every operation documents the errors it can answer with, in the one shape
of riskassess.api.exceptions, so that clients (and the fuzzing tests) can rely on the schema."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from riskassess.api.authentication import ApiTokenScheme  # noqa: F401 - registers the security scheme


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in plain language.")
    code = serializers.CharField(required=False, help_text="A stable code: invalid, stale, closed, four_eyes, ...")
    errors = serializers.DictField(  # type: ignore[assignment]  # a field named like Serializer.errors
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field (or per question key for answers).",
    )


class StaleErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]
    current_version = serializers.IntegerField(
        allow_null=True, help_text="The version now stored: reload, then send it with your change."
    )
    conflicts = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="With a per-field `base`: the questions both you and the other save changed.",
    )
    same_user = serializers.BooleanField(
        required=False, help_text="The other save was yours (in another window, tab or client)."
    )


_DESCRIPTIONS = {
    "400": "Invalid input: `errors` names each field; or control characters (such as NUL) in the path, "
    "query string or body, which every operation refuses.",
    "401": "No valid session or token.",
    "403": "Not allowed for your role, or the object cannot be changed now.",
    "404": "No such object, or it belongs to another member state.",
    "409": "Someone else saved in between: reload and send the current `version`.",
}


class ApiAutoSchema(AutoSchema):
    """AutoSchema that adds the error responses: 400 (control characters are refused at the edge,
    riskassess.core.middleware.ControlCharactersMiddleware), 401 and 403 everywhere, 404 where a
    path names an object or a list is paginated."""

    def get_serializer_name(self, serializer, direction):
        """Nested Input/Output serializers are named after their view: AnswersApi.InputSerializer
        becomes the component AnswersInput (not a clash of many "Input")."""
        cls = serializer if isinstance(serializer, type) else type(serializer)
        parts = cls.__qualname__.split(".")
        if len(parts) > 1:
            return "".join(p.removesuffix("Serializer").removesuffix("Api") for p in parts)
        return super().get_serializer_name(serializer, direction)

    def _error_codes(self) -> list[str]:
        codes = ["401", "403"]
        view = self.view
        has_path_params = "{" in self.path
        is_list = self.method == "GET" and self._is_list_view()
        # 404 also where no object is named: a supplier user outside its portal
        # (riskassess.accounts.confinement) is answered 404 by every other operation.
        if has_path_params or (is_list and getattr(view, "pagination_class", None)):
            codes.append("404")
        elif not getattr(view, "supplier_portal", False):
            codes.append("404")
        # Every operation: any request may carry control characters, refused with 400.
        codes.append("400")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code)
                responses[code]["description"] = _DESCRIPTIONS[code]
        return responses
