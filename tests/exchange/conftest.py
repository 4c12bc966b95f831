import pytest

from tests.reports.builders import submit_and_score


@pytest.fixture(scope="session")
def seal_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("seal") / "authority"


@pytest.fixture(autouse=True)
def exchange_settings(settings, seal_dir):
    settings.REPORT_SEAL_DIR = str(seal_dir)
    settings.EXCHANGE_TRUST_FILE = ""
    settings.EXCHANGE_ISSUER = "riskassess test instance"
    return settings


@pytest.fixture
def scored(fr_assessment, de_assessment, fr_regulator, de_regulator):
    """France and Germany have each submitted a scored assessment of the same supplier."""
    return submit_and_score(fr_assessment, user=fr_regulator), submit_and_score(de_assessment, user=de_regulator)
