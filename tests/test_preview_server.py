"""The preview server without a browser: its pages, bad paths, saves, deletions, the build."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import zipfile
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from bulletin_docs import cli
from bulletin_docs.layout import DEFAULT
from bulletin_docs.pdf.items import GlyphRun, Layout, Page, Rule
from bulletin_docs.preview.status import last_page_lines
from previewkit import copy_example, replace_file, running, snapshot_where, wait_for

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PAGES = 11


def request(server, method: str, target: str, headers: dict[str, str] | None = None,
            body: bytes | None = None) -> tuple[int, bytes, http.client.HTTPResponse]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for k, v in {"Host": f"127.0.0.1:{server.port}", **(headers or {})}.items():
            conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(body or b"")))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, resp.read(), resp
    finally:
        conn.close()


def state(server) -> dict:
    status, body, _ = request(server, "GET", "/state")
    assert status == 200
    return json.loads(body)


def check_output(path: Path) -> list[str]:
    """What ``bulletin-docs check`` prints for ``path`` (stderr lines)."""
    err = io.StringIO()
    with redirect_stderr(err):
        cli.main(["check", str(path)])
    return err.getvalue().splitlines()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "issue")


def test_pages_images_text_and_status(example: Path) -> None:
    with running(example) as server:
        snap = snapshot_where(server, lambda s: bool(s.pages))
        data = state(server)
        assert len(data["pages"]) == EXAMPLE_PAGES
        assert not data["errors"] and not data["stale"]
        assert "挂职简报" in data["pages"][0]["text"]
        assert re.fullmatch(
            rf"共 {EXAMPLE_PAGES} 页；最后一页已排 \d+/22 行；报尾在第 {EXAMPLE_PAGES} 页；"
            r"改用其他字体的字 \d+ 个；未填写 0 处",
            data["status"],
        ), data["status"]
        for page in snap.pages:
            status, jpeg, resp = request(server, "GET", f"/page/{page.key}.jpg")
            assert status == 200 and jpeg[:3] == b"\xff\xd8\xff"
            assert resp.getheader("Content-Type") == "image/jpeg"
        status, html, _ = request(server, "GET", "/")
        assert status == 200 and "简报预览" in html.decode()
        status, pdf, _ = request(server, "GET", "/issue.pdf")
        assert status == 200 and pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "target",
    [
        "/../../../../etc/passwd",
        "/issue.yaml",
        "/photos/wu.jpg",
        "/%2e%2e/issue.yaml",
        "/page/../issue.yaml",
        "/page/..%2fissue.yaml",
        "/page/" + "0" * 40 + ".jpg",
        "/page/" + "A" * 40 + ".jpg",
        "//etc/passwd",
        "http://127.0.0.1/etc/passwd",
        "/events/../../issue.yaml",
        "/state/x",
    ],
)
def test_bad_paths_are_not_found(example: Path, target: str) -> None:
    with running(example) as server:
        snapshot_where(server, lambda s: bool(s.pages))
        status, body, _ = request(server, "GET", target)
        assert status == 404, (target, body)
        assert b"root:" not in body and "挂职简报".encode() not in body


def test_other_hosts_and_sites_are_refused(example: Path) -> None:
    with running(example) as server:
        snapshot_where(server, lambda s: bool(s.pages))
        assert request(server, "GET", "/", {"Host": "evil.example:80"})[0] == 403
        assert request(server, "GET", "/state", {"Host": "evil.example"})[0] == 403
        json_type = {"Content-Type": "application/json"}
        # A form elsewhere cannot press the build button: wrong type, or another origin.
        assert request(server, "POST", "/build", {"Content-Type": "text/plain"}, b"{}")[0] == 403
        other = {**json_type, "Origin": "http://evil.example"}
        assert request(server, "POST", "/build", other, b"{}")[0] == 403
        assert request(server, "POST", "/issue.yaml", json_type, b"{}")[0] == 404
        assert not example.with_suffix(".docx").exists()
        assert not example.with_suffix(".pdf").exists()


def test_server_listens_on_loopback_only(example: Path) -> None:
    with running(example) as server:
        assert server.server_address[0] == "127.0.0.1"
        assert server.url == f"http://127.0.0.1:{server.port}/"


def test_unchanged_pages_keep_their_images(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    with running(example) as server:
        before = snapshot_where(server, lambda s: bool(s.pages))
        replace_file(example, text.replace("title: 挂职简报", "title: 挂职快报", 1))
        after = snapshot_where(server, lambda s: s.version > before.version and bool(s.pages))
        assert "挂职快报" in after.pages[0].text
        assert after.pages[0].key != before.pages[0].key
        # The 报头 is on page 1 only: the other pages are neither drawn again nor re-sent.
        assert [p.key for p in after.pages[1:]] == [p.key for p in before.pages[1:]]


def test_concurrent_saves_end_on_the_last(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    titles = [f"挂职简报{'甲乙丙丁戊己庚辛壬癸'[i]}" for i in range(10)]
    with running(example) as server:
        snapshot_where(server, lambda s: bool(s.pages))
        lock = threading.Lock()

        def save(title: str) -> None:
            with lock:  # whole saves, in order, from several threads as fast as they come
                replace_file(example, text.replace("title: 挂职简报", f"title: {title}", 1))

        threads = [threading.Thread(target=save, args=(t,)) for t in titles]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        snap = snapshot_where(server, lambda s: titles[-1] in s.pages[0].text if s.pages else False)
        assert not snap.errors and len(snap.pages) == EXAMPLE_PAGES
        # In-place writes of the same size in one clock tick are told apart by their content.
        for title in ("挂职简报壹", "挂职简报贰"):
            example.write_text(text.replace("title: 挂职简报", f"title: {title}", 1), "utf-8")
        snapshot_where(server, lambda s: "挂职简报贰" in s.pages[0].text)


def test_deleted_file_is_reported_and_recreated(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    with running(example) as server:
        first = snapshot_where(server, lambda s: bool(s.pages))
        example.unlink()
        gone = snapshot_where(server, lambda s: bool(s.errors))
        assert gone.stale and [p.key for p in gone.pages] == [p.key for p in first.pages]
        assert "找不到简报文件" in gone.errors[0].text
        example.write_text(text.replace("title: 挂职简报", "title: 挂职周报", 1), encoding="utf-8")
        back = snapshot_where(server, lambda s: not s.errors and bool(s.pages))
        assert not back.stale and "挂职周报" in back.pages[0].text


def test_delete_and_recreate_quickly_shows_no_error(example: Path) -> None:
    """An editor's save: the file is gone for a moment, then back with the new text."""
    text = example.read_text(encoding="utf-8")
    with running(example) as server:
        first = snapshot_where(server, lambda s: bool(s.pages))
        example.unlink()
        threading.Event().wait(0.1)
        example.write_text(text.replace("title: 挂职简报", "title: 挂职要报", 1), encoding="utf-8")
        snap = snapshot_where(server, lambda s: s.version > first.version)
        assert not snap.errors and "挂职要报" in snap.pages[0].text


def test_half_saved_file_shows_errors_as_check_then_recovers(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    with running(example) as server:
        first = snapshot_where(server, lambda s: bool(s.pages))
        cut = text.index("distribution:")
        example.write_text(text[:cut] + 'distribution:\n  - label: "报\n', encoding="utf-8")
        broken = snapshot_where(server, lambda s: bool(s.errors))
        assert broken.stale and len(broken.pages) == len(first.pages)
        assert [p.text for p in broken.errors] == check_output(example)
        line = text[:cut].count("\n") + 2
        assert broken.errors[0].where.startswith(f"{example}:{line}:")
        assert json.loads(json.dumps(broken.as_json()))["stale"] is True
        example.write_text(text, encoding="utf-8")
        fixed = snapshot_where(server, lambda s: not s.errors)
        assert not fixed.stale and [p.key for p in fixed.pages] == [p.key for p in first.pages]


def test_first_load_failing_shows_errors_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "issue.yaml"
    path.write_text("masthead:\n  title: [\n", encoding="utf-8")
    with running(path) as server:
        snap = snapshot_where(server, lambda s: bool(s.errors))
        assert snap.pages == () and not snap.stale
        assert [p.text for p in snap.errors] == check_output(path)


def test_changed_photo_refreshes(example: Path, tmp_path: Path) -> None:
    from PIL import Image

    with running(example) as server:
        first = snapshot_where(server, lambda s: bool(s.pages))
        photo = next((example.parent / "photos").iterdir())
        with Image.open(photo) as im:
            size = im.size
        Image.new("RGB", size, (200, 30, 30)).save(photo, "JPEG")
        snap = snapshot_where(server, lambda s: s.version > first.version)
        assert not snap.errors
        assert [p.key for p in snap.pages] != [p.key for p in first.pages]


def test_huge_photo_is_refused_as_check_refuses_it(example: Path) -> None:
    from PIL import Image

    with running(example) as server:
        first = snapshot_where(server, lambda s: bool(s.pages))
        photo = next((example.parent / "photos").iterdir())
        # 10000 × 6001 pixels: over the 60-megapixel limit, a small file of one colour
        Image.new("L", (10000, 6001), 255).save(photo, "PNG")
        expected = check_output(example)
        assert "照片像素过多" in expected[0]
        # The preview may first see the photo half-written; it ends on the whole file.
        snap = snapshot_where(server, lambda s: [p.text for p in s.errors] == expected)
        assert snap.stale and len(snap.pages) == len(first.pages)


def test_placeholders_are_counted_and_drawn_as_a_draft(issue_file, minimal_yaml: str) -> None:
    unfilled = minimal_yaml.replace("title: 进了村委门 就做村里人", "title: 【请填写文章标题】")
    path = issue_file(unfilled)
    with running(path) as server:
        snap = snapshot_where(server, lambda s: bool(s.pages))
        assert snap.status.endswith("未填写 1 处")
        assert snap.unfilled and snap.unfilled[0].where.startswith(f"{path}:11:")
        assert [p.text for p in snap.unfilled] == check_output(path)
        status, body, _ = request(
            server, "POST", "/build", {"Content-Type": "application/json"}, b"{}"
        )
        result = json.loads(body)
        # Refused as `build --pdf` refuses it, and nothing written.
        assert status == 200 and not result["ok"]
        assert [p["text"] for p in result["errors"]] == check_output(path)
        assert not path.with_suffix(".docx").exists() and not path.with_suffix(".pdf").exists()


def test_build_button_writes_docx_and_pdf(example: Path) -> None:
    import pypdfium2 as pdfium

    with running(example) as server:
        snapshot_where(server, lambda s: bool(s.pages))
        status, body, _ = request(
            server, "POST", "/build",
            {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{server.port}"},
            b"{}",
        )
        result = json.loads(body)
    assert status == 200 and result["ok"], result
    docx, pdf = example.with_suffix(".docx"), example.with_suffix(".pdf")
    assert result["outputs"] == [str(docx), str(pdf)]
    with zipfile.ZipFile(docx) as zf:
        assert "挂职简报" in zf.read("word/document.xml").decode("utf-8")
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == EXAMPLE_PAGES
    assert "挂职简报" in doc[0].get_textpage().get_text_range()


def test_two_previews_at_once(tmp_path: Path) -> None:
    a = copy_example(tmp_path / "a")
    b = copy_example(tmp_path / "b")
    b.write_text(b.read_text("utf-8").replace("title: 挂职简报", "title: 双向挂职简报", 1), "utf-8")
    with running(a) as one, running(b) as two:
        assert one.port != two.port
        sa = snapshot_where(one, lambda s: bool(s.pages))
        sb = snapshot_where(two, lambda s: bool(s.pages))
        assert "双向挂职简报" not in sa.pages[0].text and "双向挂职简报" in sb.pages[0].text
        assert state(one)["pages"][0]["key"] != state(two)["pages"][0]["key"]


def test_event_stream_sends_snapshots(example: Path) -> None:
    with running(example) as server:
        snapshot_where(server, lambda s: bool(s.pages))
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(
                f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
            )
            data = b""
            while b"\n\ndata: " not in data and b"}\n\n" not in data:
                data += sock.recv(65536)
        head, _, rest = data.partition(b"\r\n\r\n")
        assert b"text/event-stream" in head
        assert rest.startswith(b"data: {")


def test_last_page_lines_counts_content_and_footer() -> None:
    p = DEFAULT
    top = 37.0 / 25.4 * 72
    pitch = p.line_pitch_pt
    glyph = GlyphRun(80, top + 4.6 * pitch, "字", "F", 16, 0, "#000000")
    footer_h = 3 * pitch
    footer_rule = Rule(80, 400, top + p.type_height_pt - footer_h + 1, 0.5, "#000000")
    layout = Layout((Page(1, (glyph, footer_rule)),))
    assert last_page_lines(layout, footer_h, p) == 5 + 3


def test_command_runs_and_stops_on_ctrl_c(example: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bulletin_docs", "preview", str(example), "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8",
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line
        port = int(m.group(1))

        def pages() -> int:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/state")
            n = len(json.loads(conn.getresponse().read())["pages"])
            conn.close()
            return n

        assert wait_for(pages, 30, "pages") == EXAMPLE_PAGES
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "预览已停止。" in err and "Traceback" not in err
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2)


def test_command_usage_errors() -> None:
    err = io.StringIO()
    with redirect_stderr(err):
        assert cli.main(["preview", "x.yaml", "--port", "70000", "--no-browser"]) == 2
    assert "端口应在 0–65535 之间" in err.getvalue()
