"""Messages written in Python for people are marked for translation (docs/translations.md).

The calls whose text a user reads (a refusal, a validation error, a flash or admin message, a form
error, an admin action's name) get a `gettext` call, never a bare string or an f-string: the
sources are walked with `ast` and every such call with literal text fails, naming its place.
Management commands, the demo and bench data and the migrations are not the interface.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "riskassess"
SKIPPED_PARTS = {"migrations", "management", "demo", "bench"}
# Call name -> the position of its user-facing text.
MESSAGE_ARGUMENT = {
    "ApplicationError": 0,
    "StaleEdit": 0,
    "PermissionDenied": 0,
    "ValidationError": 0,
    "AnswerError": 0,
    "CheckFailed": 0,
    "success": 1,
    "error": 1,
    "warning": 1,
    "info": 1,
    "message_user": 1,
    "add_error": 1,
}
# Keyword arguments that label the interface.
LABEL_KEYWORDS = {"label", "verbose_name", "verbose_name_plural", "empty_label"}
DECORATOR_KEYWORDS = {"description"}  # @admin.action / @admin.display
LOGGERS = {"logger", "log", "logging"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(c.isalpha() for c in node.value)
    return False


def _is_admin_decorator(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"action", "display"}
        and isinstance(func.value, ast.Name)
        and func.value.id == "admin"
    )


def unmarked(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if isinstance(receiver, ast.Name) and receiver.id in LOGGERS:
            continue
        position = MESSAGE_ARGUMENT.get(name)
        if position is not None and len(node.args) > position and _is_text(node.args[position]):
            found.append((node.lineno, ast.unparse(node)[:100]))
        keywords = LABEL_KEYWORDS | (DECORATOR_KEYWORDS if _is_admin_decorator(node) else set())
        for keyword in node.keywords:
            if keyword.arg in keywords and _is_text(keyword.value):
                found.append((node.lineno, ast.unparse(node)[:100]))
    return found


def test_every_message_written_in_python_is_marked_for_translation():
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        if SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
            continue
        for line, call in unmarked(path.read_text()):
            problems.append(f"{path.relative_to(ROOT.parent)}:{line}: {call}")
    assert problems == [], "\n".join(problems)


def test_the_check_sees_unmarked_messages_and_accepts_marked_ones():
    assert [call for _line, call in unmarked('raise ApplicationError("Say why.")')] == ["ApplicationError('Say why.')"]
    assert len(unmarked('raise ApplicationError(f"Unknown {kind}.")')) == 1
    assert len(unmarked('messages.success(request, f"The token {name} is revoked.")')) == 1
    assert len(unmarked('@admin.action(description="Merge")\ndef merge(): pass')) == 1
    assert len(unmarked('name = forms.CharField(label="Name")')) == 1
    assert unmarked('raise ApplicationError(_("Say why."))') == []
    assert unmarked('raise ApplicationError(gettext("%(n)s left") % {"n": n})') == []
    assert unmarked('logger.error("cache unreachable: %s", key)') == []
    assert unmarked("raise ApplicationError(message)") == []
