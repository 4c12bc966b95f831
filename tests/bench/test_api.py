"""Pieces of the API benchmark (the measure itself runs in `manage.py bench`)."""

from riskassess.bench.api import _number_question, _wrk_script
from tests.factories import SMALL_DEFINITION


def test_it_writes_a_wrk_script_cycling_over_the_paths():
    script = _wrk_script(["/api/v1/assessments/1/", "/api/v1/assessments/2/"], "ra_abc_def")
    assert 'wrk.headers["Authorization"] = "Bearer ra_abc_def"' in script
    assert '"/api/v1/assessments/2/"' in script and "paths[(i % #paths) + 1]" in script


def test_it_saves_an_unconditional_number_question():
    assert _number_question(SMALL_DEFINITION) == ("B6", 0, 3650)
