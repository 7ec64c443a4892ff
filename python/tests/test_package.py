"""The package under test is the one tools/environment.py installed, with its C extension."""

import os

import framebus
from conftest import REPO


def test_tests_run_against_the_installed_package():
    assert not os.path.abspath(framebus.__file__).startswith(os.path.join(REPO, "python", "framebus")), (
        "the tests imported the source tree (%s), not the installed package: run pytest from outside python/"
        % framebus.__file__)


def test_the_compiled_atomics_are_in_use_unless_libatomic_is_asked_for():
    wanted = os.environ.get("FRAMEBUS_ATOMICS", "compiled") or "compiled"
    assert framebus.ATOMICS_BACKEND == wanted
