"""Memory of the GDPR export: a 10 MB resume and a 50 MB video pitch through the real view.

    python benchmarks/export_memory.py                    # local files (FileSystemStorage)
    python benchmarks/export_memory.py --storage s3       # S3: a moto server in a subprocess
    python benchmarks/export_memory.py --resume-mb 10 --video-mb 50

Django starts on a temporary SQLite file and media folder (removed at the end), `settings.dev`
with DEBUG off and THROTTLE_ENABLED off. A candidate gets a resume and a video pitch of random
bytes (written to storage from disk, in chunks). One small export (a user with no files) warms
the code paths up; then the candidate's export is requested through Django's WSGI handler (no
test client, no server), as gunicorn would: the response iterable is consumed into a file on
disk, hashed, and closed. Measured around that request:

- VmRSS of this process before and after (from /proc/self/status), and VmHWM, the peak RSS,
  reset just before the request through /proc/self/clear_refs: the peak growth is the figure
  the target (< 30 MB) is about;
- tracemalloc's peak of Python allocations during the request.

Then the archive is checked: data.json lists both files and the zipped bytes equal the sources
(SHA-256). With `--storage s3` the moto server runs in its own process, so the objects it holds
are not counted here; django-storages downloads an object into a spooled temporary file that
goes to disk past `max_memory_size` (2 MB, settings/base.py).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

MB = 1024 * 1024
BUCKET = "export-bench"
PDF_HEAD = b"%PDF-1.4\n"
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42" + b"\x00\x00\x00\x00mp42isom"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def random_file(path: Path, size: int, head: bytes) -> str:
    """Write `head` then random bytes up to `size`, 1 MB at a time; the SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        out.write(head)
        digest.update(head)
        left = size - len(head)
        while left > 0:
            chunk = os.urandom(min(MB, left))
            out.write(chunk)
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto(workdir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=(workdir / "moto.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        raise RuntimeError("moto server did not start")
    return server, endpoint


def configure(workdir: Path, storage: str, endpoint: str | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'export.sqlite3'}"
    os.environ["HUEY_SQLITE_PATH"] = str(workdir / "huey.db")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["THROTTLE_ENABLED"] = "false"
    os.environ["ALLOWED_HOSTS"] = "localhost"
    os.environ.pop("REDIS_URL", None)
    if storage == "s3":
        os.environ.update(
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=endpoint or "",
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_S3_REGION_NAME="us-east-1",
        )
    else:
        os.environ.pop("AWS_STORAGE_BUCKET_NAME", None)


def wsgi_get(application, path: str, token: str, sink) -> tuple[str, dict]:
    """GET `path` through the WSGI application, writing the body into `sink` as it streams."""
    started: dict = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, dict(headers)
        return sink.write

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    body = application(environ, start_response)
    try:
        for piece in body:
            sink.write(piece)
    finally:
        close = getattr(body, "close", None)
        if close:
            close()
    return started["status"], started["headers"]


class HashingFile:
    """A file on disk that also counts and hashes what is written to it."""

    def __init__(self, path: Path):
        self.file = path.open("wb")
        self.size = 0

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.size += len(data)

    def close(self) -> None:
        self.file.close()


def entry_sha256(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as entry:
        while chunk := entry.read(MB):
            digest.update(chunk)
    return digest.hexdigest()


def run(args: argparse.Namespace, workdir: Path) -> dict:
    server = None
    endpoint = None
    if args.storage == "s3":
        server, endpoint = start_moto(workdir)
    try:
        configure(workdir, args.storage, endpoint)
        return measure(args, workdir)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)


def measure(args: argparse.Namespace, workdir: Path) -> dict:
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from ninja_jwt.tokens import AccessToken

    from apps.accounts.models import User
    from apps.candidates.models import CandidateProfile, new_slug

    if args.storage == "s3":
        import boto3
        from django.conf import settings

        options = settings.STORAGES["default"]["OPTIONS"]
        if args.s3_memory_mb is not None:  # before the storage is first used
            options["max_memory_size"] = args.s3_memory_mb * MB
        if args.s3_no_threads:
            options["use_threads"] = False
        log(
            f"S3 options: max_memory_size={options['max_memory_size']}, "
            f"use_threads={options.get('use_threads', True)}"
        )

        boto3.client(
            "s3",
            endpoint_url=endpoint_of(),
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        ).create_bucket(Bucket=BUCKET)

    log("migrating a temporary SQLite database ...")
    call_command("migrate", verbosity=0, interactive=False)
    user = User.objects.create_user("big@example.com", secrets.token_urlsafe(16), first_name="Ada")
    profile = CandidateProfile.objects.create(user=user, slug=new_slug("Ada"))
    sources = {}
    for field, name, size, head in (
        ("resume_file", "cv.pdf", args.resume_mb * MB, PDF_HEAD),
        ("video_pitch", "pitch.mp4", args.video_mb * MB, MP4_HEAD),
    ):
        path = workdir / name
        sources[field] = (random_file(path, size, head), size)
        with path.open("rb") as handle:
            getattr(profile, field).save(name, File(handle), save=False)
        path.unlink()
    profile.save()
    warm = User.objects.create_user("warm@example.com", secrets.token_urlsafe(16))
    application = get_wsgi_application()
    url = "/api/auth/users/me/export/"

    log("warm-up export (a user without files) ...")
    sink = HashingFile(workdir / "warm.zip")
    wsgi_get(application, url, str(AccessToken.for_user(warm)), sink)
    sink.close()

    token = str(AccessToken.for_user(user))
    gc.collect()
    rss_before = status_kb("VmRSS")
    peak_reset = reset_peak_rss()
    tracemalloc.start()
    log(f"exporting {args.resume_mb} MB + {args.video_mb} MB from {args.storage} ...")
    started = time.perf_counter()
    sink = HashingFile(workdir / "export.zip")
    status, headers = wsgi_get(application, url, token, sink)
    sink.close()
    seconds = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = status_kb("VmRSS")
    rss_peak = status_kb("VmHWM")

    with zipfile.ZipFile(workdir / "export.zip") as archive:
        data = json.loads(archive.read("data.json"))
        profile_data = data["candidate_profile"]
        identical = {
            field: entry_sha256(archive, profile_data[field]) == digest
            for field, (digest, _size) in sources.items()
        }
    return {
        "storage": args.storage,
        "status": status,
        "content_type": headers.get("Content-Type"),
        "archive_bytes": sink.size,
        "seconds": round(seconds, 2),
        "rss_before_mb": round(rss_before / 1024, 1),
        "rss_after_mb": round(rss_after / 1024, 1),
        "rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
        "rss_peak_growth_mb": round((rss_peak - rss_before) / 1024, 1) if peak_reset else None,
        "tracemalloc_peak_mb": round(traced_peak / MB, 1),
        "s3_options": s3_options(args),
        "files_identical": identical,
        "python": platform.python_version(),
    }


def s3_options(args: argparse.Namespace) -> dict | None:
    if args.storage != "s3":
        return None
    from django.conf import settings

    options = settings.STORAGES["default"]["OPTIONS"]
    return {key: options.get(key) for key in ("max_memory_size", "use_threads")}


def endpoint_of() -> str:
    return os.environ["AWS_S3_ENDPOINT_URL"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--storage", choices=("local", "s3"), default="local")
    parser.add_argument("--resume-mb", type=int, default=10)
    parser.add_argument("--video-mb", type=int, default=50)
    parser.add_argument(
        "--s3-memory-mb",
        type=int,
        help="override the S3 storage's max_memory_size (0: the whole object in memory)",
    )
    parser.add_argument(
        "--s3-no-threads", action="store_true", help="S3 downloads in one thread (use_threads)"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="export-bench-"))
    try:
        result = run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, indent=2))
    return (
        0 if result["status"].startswith("200") and all(result["files_identical"].values()) else 1
    )


if __name__ == "__main__":
    raise SystemExit(main())
