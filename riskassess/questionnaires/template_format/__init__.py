"""The questionnaire template language (`riskassess-template/1`): the format declared once
(`schema`), the reference generated from it (`reference`), and the checks of the dimensions model
(`dimensions`). Parsing, checking and the canonical dump live in riskassess/questionnaires/definition.py,
which takes its keys, order and defaults from `schema`."""
