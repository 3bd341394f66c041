"""The GDPR export (issue 16) under both mounts of the accounts router: /api/auth/, /api/users/.

`users/me/export/`: everyone authenticated gets 200 and an archive of their own data alone.
`users/{id}/export/` on C's id: C only; anyone else 404, staff and the employer who may see C's
candidate profile included (an export is for the person it is about).
"""

import io
import json
import zipfile

import pytest

from tests.helpers import MP4, PDF

from .rows import cases, router_rows, run_case
from .world import EVERY_USER, OWNER, World, statuses

PREFIXES = ("/auth/", "/users/")
SELF_ONLY = statuses(owner=200, other=404, emp_applied=404, emp_other=404, staff=404)


def check_own_archive(w: World, caller: str, response, where: str) -> None:
    """The archive is the caller's: their account, and C's files only when the caller is C."""
    assert response["Content-Type"] == "application/zip", where
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["user"]["email"] == w.users[caller].email, f"{where}: {data['user']}"
    files = sorted(name for name in archive.namelist() if name != "data.json")
    if caller == OWNER:
        profile = data["candidate_profile"]
        assert profile["slug"] == w.c.slug, where
        assert archive.read(data["profile"]["avatar"]) == w.avatar, where
        assert archive.read(profile["resume_file"]) == PDF, where
        assert archive.read(profile["video_pitch"]) == MP4, where
        assert len(files) == 3, f"{where}: {files}"
    else:
        assert files == [], f"{where}: another caller's archive holds files {files}"
        assert w.c.slug not in json.dumps(data["candidate_profile"]), where


def _rows(prefix: str) -> list:
    row = router_rows(prefix)
    return [
        row(
            "get",
            "users/me/export/",
            lambda w: f"/api{prefix}users/me/export/",
            EVERY_USER,
            check=check_own_archive,
        ),
        row(
            "get",
            "users/{int:user_id}/export/",
            lambda w: f"/api{prefix}users/{w.c.user.pk}/export/",
            SELF_ONLY,
            check=check_own_archive,
        ),
    ]


ROWS = [export_row for prefix in PREFIXES for export_row in _rows(prefix)]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_export_routes_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
