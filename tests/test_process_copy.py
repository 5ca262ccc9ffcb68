"""The per-process copy of rarely changed configuration: kept, dropped on a change, exact by revision."""

from collections.abc import Callable

import pytest

from dispatchdesk.common.process_copy import ProcessCopy
from dispatchdesk.tickets.models import Tag
from tests.conftest import Capture


def counting_loader() -> tuple[Callable[[], int], list[int]]:
    loads: list[int] = []

    def load() -> int:
        loads.append(len(loads) + 1)
        return loads[-1]

    return load, loads


def test_a_copy_is_loaded_once_and_kept() -> None:
    load, loads = counting_loader()
    copy = ProcessCopy("test-kept", load, sources=())

    assert [copy.get(), copy.get(), copy.get()] == [1, 1, 1]
    assert loads == [1]


def test_an_old_copy_is_loaded_again() -> None:
    load, _loads = counting_loader()
    copy = ProcessCopy("test-old", load, sources=(), reload_after=0.0)

    assert [copy.get(), copy.get()] == [1, 2]


def test_a_copy_held_for_one_revision_is_loaded_again_for_another() -> None:
    load, _loads = counting_loader()
    copy = ProcessCopy("test-revision", load, sources=())

    assert [copy.get("a"), copy.get("a"), copy.get("b"), copy.get("b"), copy.get("a")] == [1, 1, 2, 2, 3]


@pytest.mark.django_db
def test_saving_a_source_row_drops_the_copy_at_once_and_again_at_commit(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    load, _loads = counting_loader()
    copy = ProcessCopy("test-sources", load, sources=(Tag,))
    assert copy.get() == 1

    with django_capture_on_commit_callbacks(execute=False) as at_commit:
        Tag.objects.create(name="vpn")
        assert copy.get() == 2  # this transaction sees its own change
    for callback in at_commit:
        callback()

    assert copy.get() == 3  # what another thread read before the commit is not kept


def test_a_load_that_overlapped_a_change_is_not_kept() -> None:
    copy: ProcessCopy[int]
    loads: list[int] = []

    def load_while_an_admin_saves() -> int:
        loads.append(len(loads) + 1)
        if len(loads) == 1:
            copy.forget()  # the change lands while the first load reads
        return loads[-1]

    copy = ProcessCopy("test-overlap", load_while_an_admin_saves, sources=())

    assert [copy.get(), copy.get(), copy.get()] == [1, 2, 2]
