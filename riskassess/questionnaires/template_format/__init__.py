"""The questionnaire template language (`riskassess-template/1`, docs/questionnaire-format.md).

- `schema`: the format declared once (every mapping, its keys in canonical order, defaults).
- `parser`: `parse_definition(text)`, a YAML file checked into the normalised definition; it runs
  the checks of each part: `structure` (top level, sections, questions, choices, fields),
  `confidentiality` (the designation block), `conditions` (the condition language),
  `scoring_rules` (a question's scoring, bands, evidence rules), `triggers` (triggers and flags),
  `plausibility` (declared plausibility checks) and `dimensions` (the dimensions model as a whole),
  all sharing `checker` (the walk's state, `TemplateError`).
- `dump`: `dump_definition(definition)`, the canonical YAML.
- `rules`: `rules_hash(definition)`, the rule-set version.
- `reference`: the tables of docs/questionnaire-format.md, generated from `schema`.

The runtime reading of a parsed definition is riskassess/questionnaires/definition.py.

Translations of a template's texts are not part of the format yet. When they come, they get a
`translations` key declared in `schema.TEMPLATE` (wording only: no group, so outside the rules
hash), a checker module of their own here (`translations.py`, run by `structure.document`), and
their canonical order in `dump`.
"""
