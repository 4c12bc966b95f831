from django.utils.translation import gettext


class ApplicationError(Exception):
    """A rule of the domain was broken; the message is shown to the user as it is.

    `errors` maps a field (or question key) to a list of plain-language messages.
    """

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.code = code


class StaleEdit(ApplicationError):
    """Somebody else saved the object since this editor loaded it (optimistic version check)."""

    def __init__(
        self,
        message: str = "",
        *,
        current_version: int | None = None,
        conflicts: list[str] | None = None,
        changed: list[str] | None = None,
        same_user: bool = False,
    ):
        super().__init__(
            message
            or gettext(
                "Someone else saved this assessment after you opened it. Your input is still on the page: "
                "review the current answers, then save again."
            ),
            code="stale",
        )
        self.current_version = current_version
        # With a per-field check: the questions both sides changed, the ones this editor changed,
        # and whether the other save was the same user's (in another window or tab).
        self.conflicts = conflicts or []
        self.changed = changed or []
        self.same_user = same_user
