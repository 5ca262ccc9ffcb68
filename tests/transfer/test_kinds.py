"""Every model of the desk is carried by an export or listed as left out, with the reason (decision 0043)."""

from django.apps import apps

from dispatchdesk.transfer.kinds import KINDS, NESTED_IN_TICKET, NOT_CARRIED


def test_every_model_is_exported_or_left_out_on_purpose() -> None:
    models = {model._meta.label for model in apps.get_models() if model.__module__.startswith("dispatchdesk.")}
    carried = {kind.model._meta.label for kind in KINDS.values()} | set(NESTED_IN_TICKET)

    assert sorted(models - carried - set(NOT_CARRIED)) == [], "add it to transfer/kinds.py or to NOT_CARRIED"
    assert sorted((carried | set(NOT_CARRIED)) - models) == [], "a model listed in transfer/kinds.py is gone"
    assert not carried & set(NOT_CARRIED)
