"""What the coach, prompt and insight tests share: the fake coach plugins installed as the
process's plugins, and the endpoints' URLs.

`coach_plugins(settings)` installs a plugin manager holding the fake coaches
(tests/fake_plugins/) and the real `career_coach` plugin, and gives `use(name)`, which chooses
one with CAREER_COACH_PLUGIN, as tests/apps/jobs/test_ranking.py chooses its fake rankers. A
module's own fixture wraps it:

    @pytest.fixture
    def use_coach(settings):
        with coach_plugins(settings) as use:
            yield use
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from platform_core import plugins
from platform_core.plugins import PluginManager
from tests.fake_plugins import echo_coach, faulty_coach

COACH_URL = "/api/candidates/career-coach/"
PROMPT_URL = "/api/candidates/prompt/"
THREADS_URL = "/api/candidates/career-coach/threads/"
ABOUT_URL = "/api/candidates/test/generate-about/"
INSIGHT_URL = "/api/organization/test/candidate-insight/"

COACH_PLUGINS = {
    "echo": "tests.fake_plugins.echo_coach",
    "faulty": "tests.fake_plugins.faulty_coach",
    "career_coach": "plugins.career_coach.hooks",
}


def thread_url(thread_id: str) -> str:
    return f"{THREADS_URL}{thread_id}/"


@contextmanager
def coach_plugins(settings) -> Iterator[Callable[[str], PluginManager]]:
    """Install the coach plugins and choose one by name; everything is put back afterwards."""
    previous = plugins.get_manager()
    manager = PluginManager.from_modules(COACH_PLUGINS)
    echo_coach.received.clear()

    def use(name: str) -> PluginManager:
        settings.CAREER_COACH_PLUGIN = name
        return plugins.install(manager)

    try:
        yield use
    finally:
        faulty_coach.release.set()
        plugins.install(previous)
        faulty_coach.mode = "hang"
        faulty_coach.garbage = dict(faulty_coach.GARBAGE)
        faulty_coach.release.clear()
        echo_coach.received.clear()
