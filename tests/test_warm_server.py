"""The warm background process: builds handed to it come out as in-process builds do."""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bulletin_docs.cli import main
from bulletin_docs.warm import client, policy, rendezvous, wire
from bulletin_docs.warm.fingerprint import fingerprint
from conftest import EXAMPLE, MINIMAL_YAML, needs_cjk_font

EPOCH = "1600000000"


def _wait_for_server(folder: Path, timeout: float = 60.0) -> rendezvous.ServerInfo:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = rendezvous.read_info(folder)
        if info is not None:
            return info
        time.sleep(0.05)
    raise AssertionError(f"后台进程没有在 {timeout} 秒内启动（{folder}）")


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _wait_closed(port: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _port_open(port):
            return True
        time.sleep(0.1)
    return False


def _kill(info: rendezvous.ServerInfo | None) -> None:
    if info is not None and sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.kill(info.pid, signal.SIGKILL)


class Env:
    """The test's environment for the server: a cache folder, the switches, a fixed date."""

    def __init__(self, base: Path) -> None:
        self.folder = base / "cache"
        self.work = base / "work"
        shutil.copytree(EXAMPLE.parent, self.work)
        self.issue = self.work / EXAMPLE.name
        self.vars = {
            "BULLETIN_DOCS_CACHE_DIR": str(self.folder),
            "BULLETIN_DOCS_SERVER_IDLE": "120",
            "SOURCE_DATE_EPOCH": EPOCH,
        }  # PYTHONPATH as the suite has it: the process imports the package the tests import
        self.started: list[rendezvous.ServerInfo] = []

    def apply(self) -> dict[str, str | None]:
        before = {k: os.environ.get(k) for k in [*self.vars, policy.OFF_VAR]}
        os.environ.update(self.vars)
        os.environ.pop(policy.OFF_VAR, None)
        return before

    def start(self, issue: Path | None = None) -> rendezvous.ServerInfo:
        """Start a server as a build does and wait until it listens."""
        assert client.start(["build", str(issue or self.issue)])
        info = _wait_for_server(self.folder)
        self.started.append(info)
        return info

    def stop_all(self) -> None:
        """Stop every server the test started (and one still starting): none outlives it."""
        deadline = time.monotonic() + 60
        while rendezvous.starting(self.folder) and time.monotonic() < deadline:
            time.sleep(0.05)
        current = rendezvous.read_info(self.folder)
        for info in [*self.started, *([current] if current else [])]:
            client.stop(self.folder, timeout=5)
            if _port_open(info.port):
                _kill(info)


@contextlib.contextmanager
def _environment(base: Path) -> Iterator[Env]:
    env = Env(base)
    before = env.apply()
    try:
        yield env
    finally:
        env.stop_all()
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """One server for the module's read-only checks, warmed on the example."""
    with _environment(tmp_path_factory.mktemp("warm")) as env:
        env.start()
        yield env


@pytest.fixture
def own(tmp_path: Path) -> Iterator[Env]:
    """An environment whose server a test may stop, starve or confuse."""
    with _environment(tmp_path) as env:
        yield env


def _in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``bulletin-docs <argv>`` built here (the server switched off for the call)."""
    os.environ[policy.OFF_VAR] = "1"
    try:
        status = main(argv)
    finally:
        os.environ.pop(policy.OFF_VAR, None)
    out, err = capsys.readouterr()
    return status, out, err


def _outputs(folder: Path) -> tuple[bytes, bytes]:
    docx, pdf = (folder / "a.docx").read_bytes(), (folder / "a.pdf").read_bytes()
    with zipfile.ZipFile(folder / "a.docx") as z:
        assert "挂职简报" in z.read("word/document.xml").decode("utf-8")
    import pdfplumber

    with pdfplumber.open(folder / "a.pdf") as doc:
        assert "挂职简报" in (doc.pages[0].extract_text() or "")
    return docx, pdf


@needs_cjk_font
def test_a_build_handed_over_gives_the_bytes_of_a_build_here(
    served: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    status, out, err = _in_process(
        ["build", str(served.issue), "-o", str(here / "a.docx"), "--pdf", str(here / "a.pdf")],
        capsys,
    )
    assert status == 0, err
    outcome = client.delegate(
        ["build", str(served.issue), "-o", str(there / "a.docx"), "--pdf", str(there / "a.pdf")]
    )
    served_out, served_err = capsys.readouterr()
    assert (outcome.status, outcome.reason) == (0, "served")
    assert _outputs(here) == _outputs(there)
    assert served_out.startswith(f"√ {served.issue} → {there / 'a.docx'}，{there / 'a.pdf'}（")
    assert out.startswith(f"√ {served.issue} → {here / 'a.docx'}，{here / 'a.pdf'}（")
    assert served_err == err


def test_the_command_line_hands_over_without_importing_the_renderers(
    served: Env, tmp_path: Path
) -> None:
    out = tmp_path / "cli.docx"
    code = (
        "import sys\n"
        "from bulletin_docs.cli import main\n"
        f"status = main(['build', {str(served.issue)!r}, '-o', {str(out)!r}])\n"
        "heavy = sorted({'docx', 'docxtpl', 'jinja2', 'reportlab', 'PIL', 'yaml', 'lxml'}"
        " & set(sys.modules))\n"
        "print('HEAVY', heavy)\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=dict(os.environ), capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout
    assert f"√ {served.issue} → {out}" in done.stdout
    from docx import Document

    assert "挂职简报" in "".join(p.text for p in Document(str(out)).paragraphs)


def test_input_and_usage_errors_read_as_they_do_here(
    served: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL_YAML.replace("  title: 挂职简报", "  title 挂职简报"), "utf-8")
    cases = (
        ["build", str(broken)],
        ["build"],
        ["build", str(served.issue), "-o", str(tmp_path / "x.pdf")],
        ["build", str(tmp_path / "missing.yaml")],
    )
    for argv in cases:
        expected = _in_process(argv, capsys)
        outcome = client.delegate(argv)
        got_out, got_err = capsys.readouterr()
        assert outcome.reason == "served"
        assert (outcome.status, got_out, got_err) == expected, argv
    assert expected[0] == 1 and "错误" in expected[2]


def test_relative_paths_are_the_clients(
    served: Env, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.environ.get("PYTHONPATH"):  # a relative one would mean other folders from there
        monkeypatch.setenv("PYTHONPATH", policy.absolute_search_path(os.environ["PYTHONPATH"]))
    monkeypatch.chdir(served.work)
    outcome = client.delegate(["build", served.issue.name, "-o", "relative.docx"])
    capsys.readouterr()
    assert outcome.status == 0
    assert (served.work / "relative.docx").is_file()
    assert not (served.folder / "relative.docx").exists()


@pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="需要 Linux 的 /proc 查看进程打开的文件"
)
def test_the_server_keeps_no_file_of_the_clerk_open(served: Env) -> None:
    info = rendezvous.read_info(served.folder)
    assert info is not None
    assert Path(f"/proc/{info.pid}/cwd").resolve() == served.folder.resolve()
    held = []
    for fd in Path(f"/proc/{info.pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            held.append(os.readlink(fd))
    assert not [h for h in held if h.startswith(str(served.work))], held


def test_two_builds_at_once_are_both_served(
    served: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results: list[client.Outcome] = []

    def build(name: str) -> None:
        results.append(client.delegate(["build", str(served.issue), "-o", str(tmp_path / name)]))

    threads = [threading.Thread(target=build, args=(f"{i}.docx",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    capsys.readouterr()
    assert [r.status for r in results] == [0, 0]
    assert (tmp_path / "0.docx").read_bytes() == (tmp_path / "1.docx").read_bytes()


def test_another_environment_or_installation_is_not_served(
    served: Env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BULLETIN_DOCS_FONT_DIRS", str(tmp_path))
    assert client.delegate(["build", str(served.issue)]).reason == "mismatch"
    monkeypatch.delenv("BULLETIN_DOCS_FONT_DIRS")
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "sub" / "a.py").write_text("x = 1\n")
    before = fingerprint(package=str(package))
    assert fingerprint(package=str(package)) == before
    os.utime(package / "sub" / "a.py", ns=(1, 1))
    assert fingerprint(package=str(package)) != before
    assert fingerprint({"BULLETIN_DOCS_X": "1"}) != fingerprint({})
    assert fingerprint({"UNRELATED": "1"}) == fingerprint({})


def test_switches_turn_it_off(served: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (policy.OFF_VAR, "BULLETIN_DOCS_NO_CACHE"):
        monkeypatch.setenv(var, "1")
        assert client.delegate(["build", str(served.issue)]).reason == "off"
        assert not client.start(["build", str(served.issue)])
        monkeypatch.delenv(var)
    policy.serving[0] = True
    try:
        assert client.delegate(["build", str(served.issue)]).reason == "off"
    finally:
        policy.serving[0] = False


def test_no_cache_builds_here_and_starts_nothing(
    own: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(own.issue), "-o", str(tmp_path / "n.docx"), "--no-cache"]) == 0
    time.sleep(0.5)
    assert not (own.folder / rendezvous.INFO_NAME).exists()
    assert not rendezvous.starting(own.folder)


def test_a_build_here_starts_the_server_for_the_next(
    own: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(own.issue), "-o", str(tmp_path / "first.docx")]) == 0
    info = _wait_for_server(own.folder)
    own.started.append(info)
    outcome = client.delegate(["build", str(own.issue), "-o", str(tmp_path / "second.docx")])
    assert outcome.reason == "served"
    assert (tmp_path / "first.docx").read_bytes() == (tmp_path / "second.docx").read_bytes()


def test_damaged_foreign_or_dead_rendezvous_means_build_here(
    own: Env, tmp_path: Path
) -> None:
    own.folder.mkdir(parents=True)
    path = Path(rendezvous.info_path(own.folder))
    path.write_text("garbage", "ascii")
    path.chmod(0o600)
    assert client.delegate(["build", str(own.issue)]).reason == "absent"
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = rendezvous.ServerInfo(os.getpid(), port, b"k" * 32, fingerprint(), time.time(), 60.0)
    rendezvous.write_info(own.folder, dead)
    assert client.delegate(["build", str(own.issue)]).reason == "unreachable"
    if sys.platform != "win32":
        path.chmod(0o644)  # readable by others: not trusted
        assert rendezvous.read_info(own.folder) is None


def test_a_wrong_key_is_refused_and_the_server_goes_on(
    own: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    info = own.start()
    with (
        socket.create_connection(("127.0.0.1", info.port), timeout=5) as conn,
        pytest.raises(wire.WireError),
    ):
        wire.client_handshake(conn, bytes(32))
    outcome = client.delegate(["build", str(own.issue), "-o", str(tmp_path / "after.docx")])
    capsys.readouterr()
    assert (outcome.status, outcome.reason) == (0, "served")
    # A rendezvous file naming another process makes the server step aside (and the
    # client, holding the wrong key, builds here).
    forged = rendezvous.ServerInfo(
        os.getpid(), info.port, bytes(32), info.fingerprint, info.started, info.idle
    )
    rendezvous.write_info(own.folder, forged)
    assert client.delegate(["build", str(own.issue)]).reason in ("broken", "unreachable")
    assert _wait_closed(info.port)


def test_it_exits_when_idle_and_when_cleared(
    own: Env, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(policy.IDLE_VAR, "1")
    info = own.start()
    assert _wait_closed(info.port)
    assert rendezvous.read_info(own.folder) is None
    monkeypatch.setenv(policy.IDLE_VAR, "120")
    info = own.start()
    assert main(["cache"]) == 0
    assert f"后台生成进程：运行中（进程号 {info.pid}" in capsys.readouterr().out
    assert main(["cache", "--clear"]) == 0
    assert "已停止后台生成进程" in capsys.readouterr().out
    assert _wait_closed(info.port)
    assert main(["cache"]) == 0
    assert "后台生成进程：未运行" in capsys.readouterr().out


@needs_cjk_font
def test_a_font_installed_meanwhile_sends_the_build_back(
    own: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for d in ("/usr/share/fonts",):
        if Path(d).is_dir():
            (fonts / "system").symlink_to(d)
    monkeypatch.setenv("BULLETIN_DOCS_FONT_DIRS", str(fonts))
    info = own.start()
    assert client.delegate(["build", str(own.issue), "-o", str(tmp_path / "a.docx")]).status == 0
    time.sleep(0.01)
    (fonts / "new-font-folder").mkdir()
    assert client.delegate(["build", str(own.issue)]).reason == "stale"
    assert _wait_closed(info.port)


def test_frames_carry_plain_data_only() -> None:
    a, b = socket.socketpair()
    with a, b:
        wire.send_frame(a, {"argv": ["build", "\udcff.yaml"], "n": 1, "x": None})
        assert wire.recv_frame(b) == {"argv": ["build", "\udcff.yaml"], "n": 1, "x": None}
        code = marshal.dumps({"f": compile("1", "x", "eval")})
        a.sendall(len(code).to_bytes(4, "big") + code)
        with pytest.raises(wire.WireError):
            wire.recv_frame(b)
        a.sendall((wire.MAX_FRAME + 1).to_bytes(4, "big"))
        with pytest.raises(wire.WireError):
            wire.recv_frame(b)


def test_both_ends_prove_the_key() -> None:
    key = wire.new_key()
    a, b = socket.socketpair()
    a.settimeout(10)
    errors: list[Exception] = []

    def serve() -> None:
        try:
            wire.server_handshake(b, key)
        except wire.WireError as exc:
            errors.append(exc)
            b.shutdown(socket.SHUT_RDWR)  # as the server does: the connection is dropped

    with a, b:
        t = threading.Thread(target=serve)
        t.start()
        wire.client_handshake(a, key)
        t.join(5)
        assert not errors
    a, b = socket.socketpair()
    a.settimeout(10)
    with a, b:
        t = threading.Thread(target=serve)
        t.start()
        with pytest.raises(wire.WireError):
            wire.client_handshake(a, wire.new_key())
        t.join(5)
        assert errors


def test_platform_options_and_command() -> None:
    flags, session = client.spawn_options("win32")
    assert flags == 0x08000000 | 0x00000008 | 0x00000200 and not session
    assert client.spawn_options("linux") == (0, True)
    assert client.spawn_options("darwin") == (0, True)
    cmd = client.server_command(Path("/c"), 60.0, ["/w/a.yaml"])
    assert cmd[0] == sys.executable and "bulletin_docs.warm.server" in cmd
    assert cmd[cmd.index("--warm") + 1] == "/w/a.yaml"
    assert ("-P" in cmd) == (sys.version_info >= (3, 11))


def test_policy_reads_the_environment() -> None:
    assert policy.idle_seconds({}) == policy.IDLE_SECONDS
    assert policy.idle_seconds({policy.IDLE_VAR: "5"}) == 5.0
    assert policy.idle_seconds({policy.IDLE_VAR: "soon"}) == policy.IDLE_SECONDS
    assert policy.idle_seconds({policy.IDLE_VAR: "-1"}) == policy.IDLE_SECONDS
    assert policy.server_allowed({})
    assert not policy.server_allowed({policy.OFF_VAR: "1"})
    assert policy.server_allowed({policy.OFF_VAR: "0"})
    assert not policy.server_allowed({"BULLETIN_DOCS_NO_CACHE": "yes"})
    env = policy.relevant_environment({"PATH": "/bin", "BULLETIN_DOCS_A": "1", "EDITOR": "vi"})
    assert env == {"BULLETIN_DOCS_A": "1", "PATH": "/bin"}


def test_a_second_starter_waits_for_the_first(own: Env) -> None:
    own.folder.mkdir(parents=True)
    assert rendezvous.claim_start(own.folder)
    assert not rendezvous.claim_start(own.folder)
    assert rendezvous.starting(own.folder)
    old = time.time() - rendezvous.STARTING_STALE_SECONDS - 5
    os.utime(os.path.join(own.folder, rendezvous.STARTING_NAME), (old, old))
    assert rendezvous.claim_start(own.folder)  # a crashed start is taken over
    rendezvous.release_start(own.folder)
    assert not rendezvous.starting(own.folder)


def test_ctrl_c_or_a_closed_pipe_while_waiting_is_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(argv: object) -> client.Outcome:
        raise KeyboardInterrupt

    monkeypatch.setattr(client, "delegate", interrupted)
    assert main(["build", "issue.yaml"]) == 130
    assert capsys.readouterr().err == "已中断。\n"

    def closed(argv: object) -> client.Outcome:
        raise BrokenPipeError

    monkeypatch.setattr(client, "delegate", closed)
    monkeypatch.setattr("bulletin_docs.cli._drop_stdout", lambda: None)
    assert main(["build", "issue.yaml"]) == 1


def test_a_relative_search_path_is_made_absolute_for_the_process(
    own: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A developer's ``PYTHONPATH=src`` still finds the package from the cache folder."""
    import bulletin_docs

    home = Path(bulletin_docs.__file__).resolve().parent.parent  # src/, or site-packages/
    monkeypatch.chdir(home.parent)
    monkeypatch.setenv("PYTHONPATH", home.name)
    assert policy.relevant_environment({"PYTHONPATH": home.name}) == {"PYTHONPATH": str(home)}
    own.start()
    outcome = client.delegate(["build", str(own.issue), "-o", str(tmp_path / "rel.docx")])
    capsys.readouterr()
    assert (outcome.status, outcome.reason) == (0, "served")


def test_a_busy_process_lets_the_build_go_on_here(own: Env) -> None:
    """A process that does not greet within the limit (another long build) is passed by."""
    own.folder.mkdir(parents=True)
    with socket.socket() as listener:  # listens, never accepts: like a process at work
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        busy = rendezvous.ServerInfo(os.getpid(), port, bytes(32), fingerprint(), time.time(), 60)
        rendezvous.write_info(own.folder, busy)
        started = time.monotonic()
        assert client.delegate(["build", str(own.issue)]).reason == "busy"
        assert time.monotonic() - started < client.GREETING_TIMEOUT + 2


def test_a_file_held_open_on_windows_is_replaced_once_the_reader_lets_go(
    own: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace or remove a file another process is reading: retried."""
    own.folder.mkdir(parents=True)
    refusals = iter([PermissionError(13, "in use"), PermissionError(13, "in use")])
    real_replace = os.replace

    def held_replace(src: str, dst: str) -> None:
        error = next(refusals, None)
        if error is not None:
            raise error
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", held_replace)
    info = rendezvous.ServerInfo(1, 2, bytes(32), "f", 0.0, 60.0)
    rendezvous.write_info(own.folder, info)
    assert rendezvous.read_info(own.folder) is not None
    monkeypatch.setattr(rendezvous, "_TRIES", 2)
    refusals = iter([PermissionError(13, "in use")] * 5)
    with pytest.raises(PermissionError):
        rendezvous.write_info(own.folder, info)
    assert not [p for p in own.folder.iterdir() if p.suffix == ".tmp"]  # no debris
