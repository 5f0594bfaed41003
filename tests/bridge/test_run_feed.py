"""Every kind of run is a RunFeed: the window is fed by one interface, whichever it has."""

import pytest

from cpuviz.bridge.controller import Controller
from cpuviz.bridge.replay_controller import ReplayController
from cpuviz.bridge.run_feed import EVERY_FEED_PROVIDES, RunFeed


@pytest.mark.parametrize("feed", [Controller, ReplayController], ids=lambda feed: feed.__name__)
def test_the_live_run_and_the_replay_are_both_run_feeds(feed):
    assert issubclass(feed, RunFeed)
    assert all(getattr(feed, name) is not getattr(RunFeed, name) for name in EVERY_FEED_PROVIDES)


def test_a_feed_that_cannot_say_whether_it_is_busy_fails_as_it_is_defined():
    with pytest.raises(TypeError, match="HalfFeed is a RunFeed without is_busy"):

        class HalfFeed(RunFeed):
            is_ready = True

            def start_all(self, runs, workers, size, fault=None, code=None):
                pass

            def stop(self):
                pass


def test_only_the_apps_own_runs_take_a_switch_interval():
    """A recording's threads ran as they ran; a watched program keeps its own interval."""
    from cpuviz.bridge.program_feed import ProgramFeed

    assert Controller.sets_switch_interval.fget(None) is True
    for feed in (ReplayController, ProgramFeed):
        assert feed.sets_switch_interval is RunFeed.sets_switch_interval, feed.__name__
