"""The checks of the `confidentiality` block: which section carries designation data, which
answer marks a designation confidential, and which questions fill the register
(docs/confidentiality.md). Every key must name a section or a question of the template."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from riskassess.questionnaires.template_format import checker, schema
from riskassess.questionnaires.template_format.checker import Checker


def confidentiality_block(chk: Checker, value: Any, sections: list[dict[str, Any]]) -> dict[str, Any]:
    """The `confidentiality` block: every key names a section or question of the template."""
    where = "confidentiality"
    c = chk.mapping(where, value, schema.CONFIDENTIALITY.names(), required=("designation_section", "confidential_when"))
    section_key = c.get("designation_section")
    section = next((s for s in sections if s.get("key") == section_key), None)
    if "designation_section" in c and section is None:
        chk.err(
            where,
            _("designation_section %(section_key)s is not a section of this template")
            % {"section_key": checker.show(section_key)},
        )
    keys = {q["key"]: q for q in (section or {}).get("questions", [])}
    out: dict[str, Any] = {"designation_section": section_key}
    when = chk.mapping(
        f"{where}, confidential_when",
        c.get("confidential_when", {}),
        schema.CONFIDENTIAL_WHEN.names(),
        required=schema.CONFIDENTIAL_WHEN.names(),
    )
    q = keys.get(when.get("question"))
    if section is not None and "question" in when and q is None:
        chk.err(
            f"{where}, confidential_when",
            _("question %(found)s is not in section %(section_key)s")
            % {"found": checker.show(when.get("question")), "section_key": section_key},
        )
    if q is not None and "equals" in when:
        answers = [*schema.YES_NO_VALUES.get(q.get("type"), ()), *(ch["value"] for ch in q.get("choices", []))]
        if when["equals"] not in answers:
            chk.err(
                f"{where}, confidential_when",
                _("%(found)s is not an answer of %(key)s") % {"found": checker.show(when["equals"]), "key": q["key"]},
            )
    out["confidential_when"] = {"question": when.get("question"), "equals": when.get("equals")}
    if "register" in c:
        register = chk.mapping(f"{where}, register", c["register"], schema.REGISTER.names())
        for field, key in register.items():
            if section is not None and key not in keys:
                chk.err(
                    f"{where}, register",
                    _("%(field)s: question %(key)s is not in section %(section_key)s")
                    % {"field": field, "key": checker.show(key), "section_key": section_key},
                )
        out["register"] = {k: register[k] for k in schema.REGISTER.names() if k in register}
    return out
