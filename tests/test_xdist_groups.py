"""`make test`'s two pytest processes each take whole groups (tests/conftest.py), so what a
module's tests share is made once and watched programs' tests never run side by side.

The grouping failed silently once (pytest 9.2 against xdist's loadgroup): every test went its
own way, and the suite only got slower. These two tests fail instead if that happens again.
"""

import os

import pytest

# The processes the tests of this module ran in, in order.
RAN_IN: list[int] = []


def test_the_first_test_of_a_module():
    RAN_IN.append(os.getpid())


def test_runs_in_the_same_process_as_the_next(request: pytest.FixtureRequest):
    RAN_IN.append(os.getpid())
    first = request.node.nodeid.replace(request.node.name, "test_the_first_test_of_a_module")
    if any(item.nodeid == first for item in request.session.items):  # not left out by -k
        assert RAN_IN.count(os.getpid()) == 2  # both here, none elsewhere
