"""A parser plugin that can be held in the middle of a parse, for the consumer-kill test.

Its control is a directory named by `$SLOW_PARSER_DIR` (the test's temporary directory, shared
with the consumer process): on entering a parse it writes the file `entered` (the document's
name), then waits while the file `hold` exists, at most two minutes, so a test can kill the
consumer while a parse is truly in progress. It answers the resume's first line as the summary
and its other lines as skills. It imports only `platform_core`.
"""

import os
import time
from pathlib import Path

from platform_core import hookimpl
from platform_core.documents import ParsedResume, ResumeData

__version__ = "0.1.0"
HOLD_LIMIT = 120.0


@hookimpl
def parse_resume(context, document):
    control = Path(os.environ["SLOW_PARSER_DIR"])
    (control / "entered").write_text(document.filename)
    deadline = time.monotonic() + HOLD_LIMIT
    while (control / "hold").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = [line.strip() for line in document.content.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    summary = lines[0] if lines else ""
    return ParsedResume(
        text="\n".join(lines), resume_data=ResumeData(summary=summary, skills=lines[1:])
    )
