"""Files written inside a job's save(): removed again when its transaction rolls back."""

import logging
import threading

from django.db import transaction

logger = logging.getLogger(__name__)


def on_rollback_delete(storage, name: str) -> None:
    """Delete `name` from `storage` if the surrounding transaction rolls back: a file written
    inside save() must not outlive a job that was not saved."""
    state = {"committed": False}
    transaction.on_commit(lambda: state.update(committed=True))
    _rollback_files().append((state, storage, name))


# Per thread: the worker runs jobs on a threads pool (and eager jobs run in web threads), so
# one job's cleanup must never see — and delete — another job's files still being committed.
_ROLLBACK_LOCAL = threading.local()


def _rollback_files() -> list:
    files = getattr(_ROLLBACK_LOCAL, "files", None)
    if files is None:
        files = _ROLLBACK_LOCAL.files = []
    return files


def rollback_files_cleanup() -> None:
    """After a save attempt: remove the files of a transaction that did not commit."""
    files = _rollback_files()
    while files:
        state, storage, name = files.pop()
        if not state["committed"]:
            try:
                storage.delete(name)
            except Exception:  # noqa: BLE001 - cleanup must never mask the real outcome
                logger.warning("Could not delete %s after a rolled back job", name)
