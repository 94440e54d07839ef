"""Static checks of the systemd unit, sysusers.d and tmpfiles.d files.

Uses the real systemd tools (``systemd-analyze``, ``systemd-sysusers``,
``systemd-tmpfiles``) in offline / ``--root`` modes, so nothing on the host is
touched and no running systemd is needed. Skipped where the tools are missing.
"""

import grp
import os
import pwd
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SYSTEMD_DIR = Path(__file__).resolve().parents[2] / "systemd"
UNIT = SYSTEMD_DIR / "posting-monitor.service"
SYSUSERS = SYSTEMD_DIR / "posting-monitor.sysusers"
TMPFILES = SYSTEMD_DIR / "posting-monitor.tmpfiles"

MAX_EXPOSURE = 2.0

needs_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze not on PATH"
)


def _run(*args: str | os.PathLike[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SYSTEMD_LOG_LEVEL": "info", "SYSTEMD_PAGER": "", "SYSTEMD_COLORS": "0"}
    return subprocess.run(
        [str(a) for a in args], input=stdin, capture_output=True, text=True, env=env, timeout=60, check=False
    )


def _existing_exec_start() -> str:
    """An executable that exists here, to stand in for /opt/posting-monitor/..."""
    script = Path(sys.executable).parent / "posting-monitor"
    return str(script) if os.access(script, os.X_OK) else "/bin/true"


def _unit_for_verify(tmp_path: Path, text: str | None = None) -> Path:
    """Copy the unit with its /opt ExecStart pointed at a binary that exists.

    ``verify`` rightly fails on a missing ExecStart binary, and the production
    path only exists after deployment. ExecReload's /bin/kill is kept unless
    this machine lacks it.
    """
    text = UNIT.read_text() if text is None else text
    text, count = re.subn(r"(?m)^ExecStart=\S+", f"ExecStart={_existing_exec_start()}", text)
    assert count == 1
    if not os.access("/bin/kill", os.X_OK):
        text = re.sub(r"(?m)^ExecReload=/bin/kill", "ExecReload=/bin/true", text)
    copy = tmp_path / UNIT.name
    copy.write_text(text)
    return copy


def _unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


@needs_analyze
def test_verify_is_clean(tmp_path: Path) -> None:
    # No output line is ignored. verify does not resolve User= (that happens
    # when the service is spawned), so the posting-monitor user not existing
    # here produces nothing to filter out.
    result = _run("systemd-analyze", "verify", "--man=no", _unit_for_verify(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    assert result.stderr.strip() == ""


@needs_analyze
def test_verify_harness_detects_problems(tmp_path: Path) -> None:
    """Guards the test above against passing vacuously (wrong file, quiet log level)."""
    broken = UNIT.read_text().replace("ProtectClock=yes", "ProtectClock=yes\nProtectClocks=yes")
    result = _run("systemd-analyze", "verify", "--man=no", _unit_for_verify(tmp_path, broken))
    assert "ProtectClocks" in result.stderr


@needs_analyze
def test_security_exposure() -> None:
    result = _run("systemd-analyze", "security", "--offline=true", "--no-pager", UNIT)
    assert result.returncode == 0, result.stderr
    match = re.search(r"Overall exposure level for \S+: (\d+(?:\.\d+)?)", result.stdout)
    assert match, result.stdout
    exposure = float(match.group(1))
    assert exposure <= MAX_EXPOSURE, result.stdout


def test_unit_has_required_settings() -> None:
    s = _unit_settings()
    assert s["Type"] == ["notify"]
    assert s["NotifyAccess"] == ["main"]
    assert s["WatchdogSec"] == ["60"]
    assert s["User"] == ["posting-monitor"]
    assert s["Group"] == ["posting-monitor"]
    assert s["CapabilityBoundingSet"] == [""]
    assert s["AmbientCapabilities"] == [""]
    assert "IPAddressDeny" not in s, "the daemon must reach arbitrary hosts"
    assert s["RestrictAddressFamilies"] == ["AF_UNIX AF_INET AF_INET6"]
    assert s["SystemCallFilter"] == ["@system-service", "~@privileged @resources"]
    assert sorted(s["Environment"]) == [
        "POSTING_MONITOR_CONFIG=/etc/posting-monitor/monitor.toml",
        "POSTING_MONITOR_HOME=/var/lib/posting-monitor",
    ]


needs_sysusers = pytest.mark.skipif(
    shutil.which("systemd-sysusers") is None, reason="systemd-sysusers not on PATH"
)
needs_tmpfiles = pytest.mark.skipif(
    shutil.which("systemd-tmpfiles") is None, reason="systemd-tmpfiles not on PATH"
)

TMPFILES_ENTRIES = [
    ["d", "/var/lib/posting-monitor", "0750", "posting-monitor", "posting-monitor", "-"],
    ["d", "/etc/posting-monitor", "0750", "root", "posting-monitor", "-"],
]


def _sysusers_root(root: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Apply the sysusers file to an empty ``root``; return its passwd and group."""
    (root / "etc").mkdir(parents=True)
    result = _run("systemd-sysusers", f"--root={root}", "-", stdin=SYSUSERS.read_text())
    assert result.returncode == 0, result.stderr

    def table(name: str) -> dict[str, list[str]]:
        rows = (line.split(":") for line in (root / "etc" / name).read_text().splitlines())
        return {row[0]: row for row in rows}

    return table("passwd"), table("group")


def _assert_modes(root: Path) -> None:
    for _, path, mode, *_ in TMPFILES_ENTRIES:
        created = root / path.lstrip("/")
        assert created.is_dir(), path
        assert oct(created.stat().st_mode & 0o7777) == oct(int(mode, 8)), path


@needs_sysusers
def test_sysusers_creates_system_user_and_group(tmp_path: Path) -> None:
    passwd, groups = _sysusers_root(tmp_path)
    _, _, uid, gid, gecos, home, shell = passwd["posting-monitor"]
    assert int(uid) < 1000, "must be a system user"
    assert groups["posting-monitor"][2] == gid, "primary group of the same name"
    assert (gecos, home) == ("posting-monitor daemon", "/var/lib/posting-monitor")
    assert shell.endswith("nologin")


def test_tmpfiles_entries() -> None:
    lines = TMPFILES.read_text().splitlines()
    assert [line.split() for line in lines if line and not line.startswith("#")] == TMPFILES_ENTRIES


@needs_sysusers
@needs_tmpfiles
@pytest.mark.skipif(os.geteuid() != 0, reason="chown to posting-monitor needs root")
def test_tmpfiles_with_sysusers_user(tmp_path: Path) -> None:
    """The real files, in order: sysusers then tmpfiles, into one fake root.

    With --root, systemd-tmpfiles resolves owner names from that root's
    /etc/passwd, which is exactly what sysusers just wrote.
    """
    passwd, groups = _sysusers_root(tmp_path)
    result = _run("systemd-tmpfiles", "--create", f"--root={tmp_path}", "-", stdin=TMPFILES.read_text())
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    _assert_modes(tmp_path)
    uid, gid = int(passwd["posting-monitor"][2]), int(groups["posting-monitor"][2])
    state, config = (tmp_path / "var/lib/posting-monitor").stat(), (tmp_path / "etc/posting-monitor").stat()
    assert (state.st_uid, state.st_gid) == (uid, gid)
    assert (config.st_uid, config.st_gid) == (0, gid)


@needs_tmpfiles
def test_tmpfiles_syntax_and_modes_unprivileged(tmp_path: Path) -> None:
    """Same file with owners swapped for ourselves, so it runs without root."""
    me, my_group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
    config = "".join(f"{t} {p} {m} {me} {my_group} {a}\n" for t, p, m, _, _, a in TMPFILES_ENTRIES)
    # Our own user must be resolvable inside the fake root (root always is).
    (tmp_path / "etc").mkdir()
    shutil.copy("/etc/passwd", tmp_path / "etc/passwd")
    shutil.copy("/etc/group", tmp_path / "etc/group")
    result = _run("systemd-tmpfiles", "--create", f"--root={tmp_path}", "-", stdin=config)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    _assert_modes(tmp_path)
