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
- `texts`: `wording(definition)`, every text under a stable path (what a translation translates).
- `translations`: the translation files of a version (`riskassess-translation/1`, one per language
  beside the template file), checked against its wording; `translate(definition, texts)`, the
  definition as displayed in a language. A translation is not part of the template format: it is
  wording only, outside the rules hash, and can be corrected and reviewed after publication.

The runtime reading of a parsed definition is riskassess/questionnaires/definition.py.
"""
