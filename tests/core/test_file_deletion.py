"""Stored files freed by a committed change go after the commit, retried while the storage refuses
(platform_core.files.delete_now_or_retry and the `delete_stored_files` task).

With a storage that refuses every delete (local storage standing in for S3 down), replacing a
resume or deleting a profile over HTTP answers as usual and the row says what it committed; the
old files are queued for the task, which deletes them once the storage answers again. With the
queue down as well, an ERROR log names them. Without a fault the old file goes at once, and a
rollback keeps both files.
"""

import logging

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from huey.contrib.djhuey import HUEY

from apps.accounts import tasks as account_tasks
from apps.candidates.models import CandidateProfile
from platform_core import runs
from platform_core.files import replace_stored_file, replacing_files
from platform_core.tasks import delete_stored_files
from tests.apps.candidates.helpers import TEXT, profile_url, upload
from tests.core.faults.redis_down import Outage
from tests.helpers import MP4, PDF, free_port, run_scheduled_tasks
from tests.s3 import reset_storages


class RefusingStorage(FileSystemStorage):
    """Local storage whose `delete` fails while `refusing` is set, as S3 down does."""

    refusing = False

    def delete(self, name):
        if self.refusing:
            raise OSError("storage unavailable")
        super().delete(name)


@pytest.fixture(autouse=True)
def storage(settings, tmp_path, monkeypatch):
    """STORAGES["default"] is a RefusingStorage in a media folder of this test alone; parse runs
    are started but not worked on (an upload starts one), and no retry is left from before."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.{RefusingStorage.__name__}"},
    }
    reset_storages()
    monkeypatch.setattr(runs, "_enqueue_on_commit", lambda run: None)
    queue = HUEY.storage  # a test may swap in a queue that is down
    queue.flush_schedule()
    yield
    queue.flush_schedule()
    reset_storages()


def stored_files(folder: str, owner_id: int) -> list[str]:
    path = f"{folder}/{owner_id}"
    if not default_storage.exists(path):
        return []
    return sorted(f"{path}/{name}" for name in default_storage.listdir(path)[1])


def store_resume(client, candidate, name: str, content: bytes) -> str:
    response = client.patch(
        profile_url(candidate), {"resume_file": upload(name, content)}, multipart=True
    )
    assert response.status_code == 200, response.content
    return CandidateProfile.objects.get(pk=candidate.pk).resume_file.name


def scheduled_retries() -> list[tuple[str, tuple]]:
    """The tasks Huey scheduled (immediate mode keeps them in memory): name and arguments."""
    return [(task.name, task.args) for task in HUEY.scheduled()]


# Committed as in production: outside a test's transaction `on_commit` runs in the request.
@pytest.mark.django_db(transaction=True)
def test_resume_replaced_while_storage_refuses_deletes_is_200_and_the_task_deletes_the_old_later(
    candidate, candidate_api, monkeypatch, caplog
):
    old = store_resume(candidate_api, candidate, "cv.pdf", PDF)
    monkeypatch.setattr(RefusingStorage, "refusing", True)

    response = candidate_api.patch(
        profile_url(candidate), {"resume_file": upload("new.txt", TEXT)}, multipart=True
    )

    new = CandidateProfile.objects.get(pk=candidate.pk).resume_file.name
    assert response.status_code == 200, response.content
    assert response.json()["parsing_status"] == "parsing"
    assert new.endswith(".txt")
    assert stored_files("resumes", candidate.user_id) == sorted([old, new])
    assert scheduled_retries() == [("delete_stored_files", ([old], "default", "Replaced file"))]
    assert [r.getMessage() for r in caplog.records if r.name == "platform_core.files"] == [
        f"Replaced file: the storage did not delete {old}.",
        f"Replaced file: the storage did not delete {old}.",  # the task's first try, at once
    ]
    monkeypatch.setattr(RefusingStorage, "refusing", False)
    assert run_scheduled_tasks() == 1
    assert stored_files("resumes", candidate.user_id) == [new]
    assert scheduled_retries() == []


def test_profile_deleted_while_storage_refuses_is_204_and_the_task_deletes_its_files_later(
    candidate, candidate_api, monkeypatch
):
    resume = store_resume(candidate_api, candidate, "cv.pdf", PDF)
    pitch = candidate_api.patch(
        profile_url(candidate), {"video_pitch": upload("p.mp4", MP4)}, multipart=True
    )
    video = CandidateProfile.objects.get(pk=candidate.pk).video_pitch.name
    monkeypatch.setattr(RefusingStorage, "refusing", True)

    response = candidate_api.delete(profile_url(candidate))

    assert pitch.status_code == 200
    assert response.status_code == 204
    assert not CandidateProfile.objects.filter(pk=candidate.pk).exists()
    assert sorted(args[0][0] for _name, args in scheduled_retries()) == sorted([resume, video])
    monkeypatch.setattr(RefusingStorage, "refusing", False)
    assert run_scheduled_tasks() == 2
    assert stored_files("resumes", candidate.user_id) == []
    assert stored_files("video_pitches", candidate.user_id) == []


def test_storage_refusing_every_retry_logs_the_file_left(
    candidate, candidate_api, monkeypatch, caplog
):
    old = store_resume(candidate_api, candidate, "cv.pdf", PDF)
    monkeypatch.setattr(RefusingStorage, "refusing", True)

    store_resume(candidate_api, candidate, "new.txt", TEXT)
    retries = 0
    while run_scheduled_tasks():
        retries += 1

    assert retries == 6
    [record] = [r for r in caplog.records if "after every retry" in r.getMessage()]
    assert (record.levelname, record.getMessage()) == (
        "ERROR",
        "Replaced file: the storage 'default' still refuses to delete 1 file(s) after every "
        f"retry; delete them by hand: {old}",
    )


def test_resume_replaced_while_storage_and_queue_are_down_is_200_and_logs_the_file(
    candidate, candidate_api, monkeypatch, caplog
):
    old = store_resume(candidate_api, candidate, "cv.pdf", PDF)
    monkeypatch.setattr(RefusingStorage, "refusing", True)
    Outage(monkeypatch, f"redis://127.0.0.1:{free_port()}/0")

    with caplog.at_level(logging.ERROR, logger="platform_core.files"):
        response = candidate_api.patch(
            profile_url(candidate), {"resume_file": upload("new.txt", TEXT)}, multipart=True
        )

    new = CandidateProfile.objects.get(pk=candidate.pk).resume_file.name
    assert response.status_code == 200, response.content
    assert stored_files("resumes", candidate.user_id) == sorted([old, new])
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert record.getMessage() == (
        "Replaced file: could not queue the deletion of 1 stored file(s) from storage "
        f"'default'; delete them by hand: {old}"
    )


def test_resume_replaced_deletes_the_old_file_at_once(candidate, candidate_api):
    store_resume(candidate_api, candidate, "cv.pdf", PDF)

    new = store_resume(candidate_api, candidate, "new.txt", TEXT)

    assert stored_files("resumes", candidate.user_id) == [new]
    assert scheduled_retries() == []


def test_replacement_rolled_back_by_an_outer_transaction_keeps_both_files(
    candidate, candidate_api, django_capture_on_commit_callbacks
):
    old = store_resume(candidate_api, candidate, "cv.pdf", PDF)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        with replacing_files():
            profile = CandidateProfile.objects.select_for_update().get(pk=candidate.pk)
            replace_stored_file(profile.resume_file, "new.txt", upload("new.txt", TEXT))
            profile.save()
        new = profile.resume_file.name
        raise RuntimeError("a later step of the change failed")

    assert callbacks == []
    assert CandidateProfile.objects.get(pk=candidate.pk).resume_file.name == old
    assert stored_files("resumes", candidate.user_id) == sorted([old, new])


def test_retry_queued_under_the_old_task_name_still_deletes(candidate, candidate_api):
    # A retry of an erasure queued before the task moved to platform_core.tasks.
    old = store_resume(candidate_api, candidate, "cv.pdf", PDF)
    CandidateProfile.objects.filter(pk=candidate.pk).update(resume_file="")

    left = account_tasks.delete_stored_files([old], "default")

    assert HUEY._registry.task_to_string(account_tasks.delete_stored_files.task_class) == (
        "apps.accounts.tasks.delete_stored_files"
    )
    assert left() == []
    assert stored_files("resumes", candidate.user_id) == []


def test_the_task_is_registered_under_platform_core():
    assert HUEY._registry.task_to_string(delete_stored_files.task_class) == (
        "platform_core.tasks.delete_stored_files"
    )
