"""Writes for questionnaire templates: import a YAML file as a template version, publish it,
export it, and compare two versions (docs/questionnaire-format.md).

A published version is immutable: importing the same (key, version) again with other content is
refused; change the file's `version` instead.
"""

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.models import QuestionnaireTemplate, TemplateVersion
from riskassess.questionnaires.template_format import schema
from riskassess.questionnaires.template_format.checker import TemplateError
from riskassess.questionnaires.template_format.dump import dump_definition
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.questionnaires.template_format.rules import rules_hash, rules_view
from riskassess.questionnaires.template_translations import shipped_translation_texts, template_translations_import
from riskassess.scoring.engine import MODEL_DIMENSIONS


def _audit_actor(user):
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def template_version_import(
    *,
    text: str,
    publish: bool = False,
    user=None,
    approval_reason: str = "",
    translations: Iterable[str] | None = None,
    shipped_translations: bool = False,
) -> TemplateVersion:
    """Validate a template file and store it as a version of its template (created if new), with
    the translation files given (`translations`: their texts, checked against the version).

    Raises ApplicationError (errors={"template": [every problem]}) when the file is invalid, or when
    the same version is already published with different content, or (errors={"translation": ...})
    when a translation file is invalid. Nothing is stored then. Importing a published version again
    with the same content changes nothing but its translations. `shipped_translations`: when no
    files are given, the translation files shipped with this key and version (templates_yaml/).
    """
    try:
        definition = parse_definition(text)
    except TemplateError as e:
        raise ApplicationError(
            ngettext(
                "The template file has %(count)s problem; nothing was imported.",
                "The template file has %(count)s problems; nothing was imported.",
                len(e.errors),
            )
            % {"count": len(e.errors)},
            errors={"template": e.errors},
            code="invalid_template",
        ) from None
    if translations is None and shipped_translations:
        translations = shipped_translation_texts(key=definition["key"], version=definition["version"])
    template, created = QuestionnaireTemplate.objects.get_or_create(
        key=definition["key"], defaults={"name": definition["name"]}
    )
    if not created and template.name != definition["name"]:
        template.name = definition["name"]
        template.save(update_fields=["name", "updated_at"])
    version = (
        TemplateVersion.objects.select_for_update().filter(template=template, version=definition["version"]).first()
    )
    if version is not None and version.is_published:
        if version.definition != definition:
            raise ApplicationError(
                _(
                    "Version %(version)s of the template '%(key)s' is published and cannot be changed. Give the "
                    'file a new version (for example "%(version)s.1") and import it again.'
                )
                % {"version": definition["version"], "key": definition["key"]},
                errors={
                    "template": [
                        _("template: version %(version)s is already published") % {"version": definition["version"]}
                    ]
                },
                code="published",
            )
        if translations is not None:
            template_translations_import(template_version=version, texts=translations, user=user)
        return version
    if version is None:
        version = TemplateVersion.objects.create(
            template=template,
            version=definition["version"],
            definition=definition,
            rules_hash=rules_hash(definition),
        )
        action = "create"
    else:
        version.definition = definition
        version.rules_hash = rules_hash(definition)
        version.save(update_fields=["definition", "rules_hash", "updated_at"])
        action = "update"
    audit_log(
        action=action,
        actor=_audit_actor(user),
        obj=version,
        summary=f"Template {template.key} version {version.version} imported",
        data={"rules_hash": version.rules_hash},
    )
    if translations is not None:
        template_translations_import(template_version=version, texts=translations, user=user)
    if publish:
        version = template_version_publish(template_version=version, user=user, approval_reason=approval_reason)
    return version


def needs_approval(definition: Mapping[str, Any]) -> bool:
    """A rule set of the dimensions model is published only with an approval record."""
    return (definition.get("scoring") or {}).get("model") == MODEL_DIMENSIONS


@transaction.atomic
def template_version_publish(
    *, template_version: TemplateVersion, user=None, approval_reason: str = ""
) -> TemplateVersion:
    """Publish a draft version: from now on it is immutable and campaigns may use it.

    The approval record (who: `user`, when: now, why: `approval_reason`) is kept with the version;
    a rule set of the dimensions model is refused without it."""
    version = TemplateVersion.objects.select_for_update().get(pk=template_version.pk)
    if version.is_published:
        return version
    approver = _audit_actor(user)
    reason = (approval_reason or "").strip()
    if needs_approval(version.definition) and (approver is None or not reason):
        raise ApplicationError(
            _("This rule set is published only with an approval record: who approves it and why."),
            errors={"approval_reason": [_("Give the reason for approving this rule set.")]},
            code="approval_required",
        )
    try:
        definition = parse_definition(dump_definition(version.definition))
    except TemplateError as e:
        raise ApplicationError(
            _("This version has problems and cannot be published."),
            errors={"template": e.errors},
            code="invalid_template",
        ) from None
    version.definition = definition
    version.rules_hash = rules_hash(definition)
    version.status = TemplateVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    if approver is not None and reason:
        version.approved_by = approver
        version.approved_by_name = approver.get_full_name() or approver.get_username()
        version.approved_at = version.published_at
        version.approval_reason = reason
    version.save()
    audit_log(
        action="publish",
        actor=_audit_actor(user),
        obj=version,
        summary=f"Template {version.template.key} version {version.version} published",
        data={"rules_hash": version.rules_hash, "approval_reason": version.approval_reason},
    )
    return version


def template_version_export(*, template_version: TemplateVersion) -> str:
    """The version as its canonical YAML file (importing it gives the same definition)."""
    return dump_definition(template_version.definition)


# ---------------------------------------------------------------------------------------------
# Comparison of two versions
# ---------------------------------------------------------------------------------------------


def _definition_of(obj: Any) -> Mapping[str, Any]:
    return obj.definition if hasattr(obj, "definition") else obj


def _changed_keys(old: Mapping[str, Any], new: Mapping[str, Any], ignore: tuple[str, ...] = ()) -> list[str]:
    return sorted(k for k in set(old) | set(new) if k not in ignore and old.get(k) != new.get(k))


def _entry(kind: str, key: str, change: str, *, old=None, new=None, attributes=(), affects_score=False) -> dict:
    what = {"question": "Question", "section": "Section", "rule": "Scoring rule", "template": "Template"}[kind]
    summary = f"{what} {key} {change}"
    if attributes:
        summary += f": {', '.join(attributes)}"
    return {
        "kind": kind,
        "key": key,
        "change": change,
        "rationale": _rationale_of(new) or _rationale_of(old),
        "old_value": _shown(old),
        "new_value": _shown(new),
        "attributes": list(attributes),
        "affects_score": affects_score,
        "old": old,
        "new": new,
        "summary": summary,
    }


def _shown(value: Any) -> str:
    """A value as one line of JSON for the comparison page (the rule's part of a question)."""
    if value is None:
        return ""
    if isinstance(value, Mapping) and isinstance(value.get("scoring"), Mapping):
        value = {"scoring": value["scoring"]}
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= 2000 else text[:1999] + "…"


def _rationale_of(item: Any) -> str:
    """The rationale a rule states: its own, or that of its question's scoring."""
    if not isinstance(item, Mapping):
        return ""
    scoring = item.get("scoring")
    if isinstance(scoring, Mapping) and scoring.get("rationale"):
        return str(scoring["rationale"])
    return str(item.get("rationale") or "")


def _by_id(items: list[Mapping[str, Any]], id_key: str) -> dict[str, Mapping[str, Any]]:
    return {str(i.get(id_key)): i for i in items or []}


def template_version_diff(*, old: Any, new: Any) -> list[dict[str, Any]]:
    """What changed from `old` to `new` (TemplateVersion or definition dict), in template order:
    sections, questions, then scoring rules. Each entry: kind (section/question/rule/template), key,
    change (added/removed/changed), attributes changed, affects_score, old, new and a summary line."""
    a, b = _definition_of(old), _definition_of(new)
    out: list[dict[str, Any]] = []

    changed = _changed_keys(a, b, ignore=("sections", "scoring", "version"))
    if changed:
        out.append(_entry("template", b.get("key", ""), "changed", attributes=changed))

    a_sections, b_sections = _by_id(a["sections"], "key"), _by_id(b["sections"], "key")
    dimension_notes = {
        str(d.get("key")): str(d.get("rationale") or "") for d in (b.get("scoring") or {}).get("dimensions") or []
    }
    for key, s in b_sections.items():
        if key not in a_sections:
            out.append(
                _entry(
                    "section", key, "added", new={k: v for k, v in s.items() if k != "questions"}, affects_score=True
                )
            )
            continue
        attrs = _changed_keys(a_sections[key], s, ignore=("questions",))
        if attrs:
            out.append(
                _entry(
                    "section",
                    key,
                    "changed",
                    attributes=attrs,
                    affects_score="weight" in attrs,
                    old={k: a_sections[key].get(k) for k in attrs},
                    new={k: s.get(k) for k in attrs},
                )
            )
            if not out[-1]["rationale"] and s.get("dimension") in dimension_notes:
                # A section moved into a dimension: why is said by the dimension's rationale.
                out[-1]["rationale"] = dimension_notes[s["dimension"]]
    for key, s in a_sections.items():
        if key not in b_sections:
            out.append(
                _entry(
                    "section", key, "removed", old={k: v for k, v in s.items() if k != "questions"}, affects_score=True
                )
            )

    a_rules = {q["key"]: q for s in rules_view(a)["sections"] for q in s["questions"]}
    b_rules = {q["key"]: q for s in rules_view(b)["sections"] for q in s["questions"]}
    a_questions = {q["key"]: q for q in iter_questions(a)}
    b_questions = {q["key"]: q for q in iter_questions(b)}
    for key, q in b_questions.items():
        if key not in a_questions:
            out.append(_entry("question", key, "added", new=q, affects_score="scoring" in q))
            continue
        attrs = _changed_keys(a_questions[key], q)
        if attrs:
            out.append(
                _entry(
                    "question",
                    key,
                    "changed",
                    attributes=attrs,
                    affects_score=a_rules.get(key) != b_rules.get(key),
                    old={k: a_questions[key].get(k) for k in attrs},
                    new={k: q.get(k) for k in attrs},
                )
            )
    for key, q in a_questions.items():
        if key not in b_questions:
            out.append(_entry("question", key, "removed", old=q, affects_score="scoring" in q))

    a_scoring, b_scoring = a.get("scoring", {}), b.get("scoring", {})
    for part in schema.SCORING.names():
        if part in ("triggers", "flags", "dimensions"):
            # One entry per trigger, flag or dimension, each with its own rationale.
            id_key = "key" if part == "dimensions" else "id"
            a_items, b_items = _by_id(a_scoring.get(part, []), id_key), _by_id(b_scoring.get(part, []), id_key)
            for rid, r in b_items.items():
                if rid not in a_items:
                    out.append(_entry("rule", rid, "added", new=r, affects_score=part != "flags"))
                elif a_items[rid] != r:
                    attrs = _changed_keys(a_items[rid], r)
                    out.append(
                        _entry(
                            "rule",
                            rid,
                            "changed",
                            attributes=attrs,
                            affects_score=part != "flags" and attrs != ["label"],
                            old=a_items[rid],
                            new=r,
                        )
                    )
            for rid, r in a_items.items():
                if rid not in b_items:
                    out.append(_entry("rule", rid, "removed", old=r, affects_score=part != "flags"))
        elif a_scoring.get(part) != b_scoring.get(part):
            out.append(
                _entry("rule", part, "changed", old=a_scoring.get(part), new=b_scoring.get(part), affects_score=True)
            )
    return out
