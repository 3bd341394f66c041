"""A local server speaking OpenAI's chat-completions protocol, for the LLM gateway's HTTP path.

`FakeLLMServer` listens on 127.0.0.1 (a free port) in a thread, records every request (path,
headers, JSON body) and answers from a script of replies: `replies` are served in order and the
last one repeats. A reply is text (a 200 completion), an `HttpFailure` (a status and a body), or
`HANG` (the server holds the request until the test ends, for timeouts). Nothing here reaches
the internet.
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "test-model"


@dataclass(frozen=True)
class HttpFailure:
    status: int
    body: dict = field(default_factory=lambda: {"error": {"message": "boom", "type": "server"}})


HANG = object()


@dataclass
class Received:
    path: str
    headers: dict
    body: dict


class FakeLLMServer:
    def __init__(self):
        self.replies: list = ["Hello from the test model."]
        self.requests: list[Received] = []
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        # A short poll interval: `stop()` returns within 50 ms.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> "FakeLLMServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # hanging requests end now
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next_reply(self):
        with self._lock:
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                reply = server._next_reply()
                if reply is HANG:
                    server._release.wait(timeout=30)
                    return
                if isinstance(reply, HttpFailure):
                    self._send(reply.status, reply.body)
                    return
                self._send(200, completion(reply))

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):  # noqa: A002 (quiet: no stderr per request)
                pass

        return Handler


def completion(text: str, *, prompt_tokens: int = 12, completion_tokens: int = 7) -> dict:
    """An OpenAI chat.completion body answering `text`."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
