"""Personas (healthchecks-style): people of two member states and the EU roles.

fr_regulator / fr_approver : France (ANSSI)        de_regulator / de_approver : Germany (BSI)
eu_coordinator             : every submitted assessment, no drafts
observer                   : EU aggregates only
supplier_user              : a user of the supplier "Nordic Radio" (its hearings and statements)
other_supplier_user        : a user of another supplier (404 on Nordic Radio's)
"""

import os
from pathlib import Path

import pytest

from riskassess.accounts.models import Role
from tests.factories import (
    AssessmentFactory,
    CampaignFactory,
    MemberStateFactory,
    SupplierFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"


def pytest_configure(config):
    """Under pytest-xdist (`make test` runs the suite in two processes) each process has its own
    test database (pytest-django adds the worker's name), so report files named by primary key
    would collide in one media directory: each process gets its own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from django.conf import settings

        settings.MEDIA_ROOT = str(Path(settings.MEDIA_ROOT).with_name(f"media-test-{worker}"))


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks():
    """A request in another language leaves that language active in the thread (the locale
    middleware activates it, nothing deactivates it): every test starts and ends in the default
    language, so a message checked in English is not read in the language of the test before."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def france(db):
    return MemberStateFactory(iso_code="FR", eu_code="FR", name="France", authority_name="ANSSI", protocol_order=10)


@pytest.fixture
def germany(db):
    return MemberStateFactory(iso_code="DE", eu_code="DE", name="Germany", authority_name="BSI", protocol_order=5)


@pytest.fixture
def fr_regulator(france):
    return UserFactory(username="fr-regulator", role=Role.REGULATOR, member_state=france)


@pytest.fixture
def fr_approver(france):
    return UserFactory(username="fr-approver", role=Role.APPROVER, member_state=france)


@pytest.fixture
def de_regulator(germany):
    return UserFactory(username="de-regulator", role=Role.REGULATOR, member_state=germany)


@pytest.fixture
def de_approver(germany):
    return UserFactory(username="de-approver", role=Role.APPROVER, member_state=germany)


@pytest.fixture
def eu_coordinator(db):
    return UserFactory(username="eu-coordinator", role=Role.COORDINATOR, member_state=None)


@pytest.fixture
def observer(db):
    return UserFactory(username="enisa-observer", role=Role.OBSERVER, member_state=None)


@pytest.fixture
def supplier_user(supplier):
    return UserFactory(username="nordic-radio", role=Role.SUPPLIER, member_state=None, supplier=supplier)


@pytest.fixture
def other_supplier_user(db):
    other = SupplierFactory(name="Southern Core", hq_country="PT")
    return UserFactory(username="southern-core", role=Role.SUPPLIER, member_state=None, supplier=other)


@pytest.fixture
def campaign(db):
    return CampaignFactory(name="2026 annual")


@pytest.fixture
def supplier(db):
    return SupplierFactory(name="Nordic Radio", hq_country="FI")


@pytest.fixture
def fr_assessment(campaign, france, supplier):
    return AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)


@pytest.fixture
def de_assessment(campaign, germany, supplier):
    return AssessmentFactory(campaign=campaign, member_state=germany, supplier=supplier)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory):
    """Reliability tests share the test database with a real worker process: when any is selected,
    the SQLite test database is a file instead of memory (see tests/scoring/reliability/database.py)."""
    from tests.scoring.reliability.database import use_file_backed_sqlite

    use_file_backed_sqlite(request.session.items, tmp_path_factory)


@pytest.fixture
def default_template_version(db):
    """The shipped questionnaire (riskassess/questionnaires/templates_yaml/eu-5g-supplier-2026.1.yaml),
    imported and published."""
    from pathlib import Path

    from riskassess.questionnaires.template_versions import template_version_import

    path = Path(__file__).resolve().parents[1] / "riskassess/questionnaires/templates_yaml/eu-5g-supplier-2026.1.yaml"
    return template_version_import(text=path.read_text(encoding="utf-8"), publish=True)


@pytest.fixture
def dimensions_template_version(db, eu_coordinator):
    """The questionnaire of the dimensions model (eu-5g-supplier-2027.1.yaml), approved by the EU
    coordinator and published."""
    from pathlib import Path

    from riskassess.questionnaires.template_versions import template_version_import

    path = Path(__file__).resolve().parents[1] / "riskassess/questionnaires/templates_yaml/eu-5g-supplier-2027.1.yaml"
    return template_version_import(
        text=path.read_text(encoding="utf-8"),
        publish=True,
        user=eu_coordinator,
        approval_reason="Validated with the NIS Cooperation Group work stream on 5G.",
    )


# ---------------------------------------------------------------------------------------------
# The cache on a private redis-server (the suite's own cache is locmem)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def cache_redis_server(tmp_path_factory):
    from tests.support.processes import RedisServer

    server = RedisServer(tmp_path_factory.mktemp("cache-redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(cache_redis_server):
    """The default cache on a private redis-server, as settings make it with REDIS_URL (the
    tolerant backend, 1 s timeouts, API tokens cached 30 s); emptied before and after. A test may
    stop the server: it is started again afterwards."""
    from django.core.cache import cache
    from django.test.utils import override_settings

    caches = {
        "default": {
            "BACKEND": "riskassess.core.cache.TolerantRedisCache",
            "LOCATION": cache_redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=caches, API_TOKEN_CACHE_SECONDS=30):
        cache.clear()
        yield cache_redis_server
        if cache_redis_server.proc is None or cache_redis_server.proc.poll() is not None:
            cache_redis_server.start()
        cache.clear()
