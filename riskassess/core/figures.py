"""How a score is written: one decimal, in the reader's number format, everywhere.

Every page, PDF, chart and export shows a score (one assessment's or an EU median, quartile, minimum or
maximum) through `score_text`, so the same figure reads the same on every output; the selectors round
EU aggregates to the same one decimal (`dashboard.selectors._round`), which the API returns as numbers.
"""

from django.utils.formats import number_format

SCORE_DECIMALS = 1


def score_text(value: float | int | str | None, empty: str = "–") -> str:
    if value is None or value == "":
        return empty
    rounded = round(round(float(value), 6), SCORE_DECIMALS)
    return number_format(0.0 if rounded == 0 else rounded, SCORE_DECIMALS)
