from typing import Any

import pytest

from dispatchdesk.intake.models import CallSource
from tests.intake.phone.calls import SECRET


@pytest.fixture
def pbx(settings: Any, db: None) -> CallSource:
    settings.DISPATCHDESK_CALL_SECRETS = {"pbx": SECRET, "other": "other-secret"}
    return CallSource.objects.create(name="pbx")
