"""Without a screen the app says so in one line instead of letting Qt abort."""

from tests.cli.conftest import cpuviz_env


def test_no_display_is_one_clear_line(run_cpuviz):
    env = cpuviz_env(DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    finished = run_cpuviz(env=env)
    assert finished.returncode == 1
    assert finished.stderr.startswith("cpuviz: no display found")
    assert "cpuviz snapshot" in finished.stderr and "cpuviz bench" in finished.stderr
    assert finished.stderr.count("\n") == 1
