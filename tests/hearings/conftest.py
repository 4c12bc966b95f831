import datetime as dt

import pytest
from django.utils import timezone

from riskassess.hearings import services


@pytest.fixture
def fr_hearing(fr_regulator, supplier, supplier_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.hearing_open(
            user=fr_regulator,
            supplier=supplier,
            subject="Control by a foreign state",
            grounds="The risk profile shows ownership links to a foreign state.",
            deadline=timezone.localdate() + dt.timedelta(days=30),
            documents=[
                {
                    "title": "Extract of the national assessment",
                    "summary": "Ownership and control findings.",
                    "tlp": "TLP:AMBER",
                    "withheld": "the names of the operators",
                    "withheld_reason": "commercial secrets of third parties",
                }
            ],
        )
