"""Bulletins into bytes, files and file objects: the same bytes every way; the public surface."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.errors import OutputError
from issuegen import make_issue

RENDERERS = {
    "docx": (bulletin_docs.render_docx, bulletin_docs.to_docx_bytes),
    "pdf": (bulletin_docs.render_pdf, bulletin_docs.to_pdf_bytes),
    "ofd": (bulletin_docs.render_ofd, bulletin_docs.to_ofd_bytes),
}


class RawSink(io.RawIOBase):
    """A writable raw stream that takes at most 1000 bytes per call (as a socket may)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[override]
        chunk = bytes(b[:1000])
        self.data += chunk
        return len(chunk)


@pytest.mark.filterwarnings("ignore::bulletin_docs.BulletinWarning")
@pytest.mark.parametrize("kind", sorted(RENDERERS))
def test_bytes_equal_through_paths_file_objects_and_to_bytes(
    kind: str, tmp_path: Path, sample_bulletin
) -> None:
    render, to_bytes = RENDERERS[kind]
    data = to_bytes(sample_bulletin)
    assert render(sample_bulletin, tmp_path / f"out.{kind}") == tmp_path / f"out.{kind}"
    assert (tmp_path / f"out.{kind}").read_bytes() == data
    buf = io.BytesIO()
    assert render(sample_bulletin, buf) is None
    assert buf.getvalue() == data
    with (tmp_path / f"fh.{kind}").open("wb") as fh:
        fh.write(b"")
        render(sample_bulletin, fh)
    assert (tmp_path / f"fh.{kind}").read_bytes() == data
    raw = RawSink()
    render(sample_bulletin, raw)
    assert bytes(raw.data) == data
    magic = {"docx": b"PK\x03\x04", "pdf": b"%PDF", "ofd": b"PK\x03\x04"}[kind]
    assert data.startswith(magic)


@pytest.mark.filterwarnings("ignore::bulletin_docs.BulletinWarning")
def test_a_text_file_object_is_refused(tmp_path: Path, sample_bulletin) -> None:
    with pytest.raises(TypeError, match="二进制"):
        bulletin_docs.render_docx(sample_bulletin, io.StringIO())
    with pytest.raises(TypeError, match="文件对象"):
        bulletin_docs.render_docx(sample_bulletin, 42)  # type: ignore[call-overload]
    (tmp_path / "notes.pdf").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError):  # a path is still checked as before
        bulletin_docs.render_pdf(sample_bulletin, tmp_path / "notes.pdf")


def test_the_public_surface() -> None:
    for name in bulletin_docs.__all__:
        assert getattr(bulletin_docs, name) is not None, name
    assert {"from_dict", "to_dict", "dump_yaml", "to_docx_bytes", "to_pdf_bytes",
            "to_ofd_bytes", "build_many"} <= set(bulletin_docs.__all__)
    assert not hasattr(bulletin_docs.api, "docx_bytes")  # renamed, no alias
    doc = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    for name in bulletin_docs.__all__:
        if name != "__version__":
            assert f"`{name}" in doc, f"docs/api.md does not document {name}"


@pytest.mark.filterwarnings("ignore::bulletin_docs.BulletinWarning")
def test_threads_render_the_same_bytes_as_one_at_a_time(tmp_path: Path) -> None:
    """8 threads render 8 different issues twice each (.docx, PDF, OFD): the bytes of serial
    renders, so the shared font, photo and template caches are safe."""
    issues = [
        bulletin_docs.load(make_issue(tmp_path / f"i{n}", 2 + n % 3, seed=n)) for n in range(8)
    ]
    serial = [
        tuple(to_bytes(b) for _, to_bytes in RENDERERS.values()) for b in issues
    ]
    got: dict[tuple[int, int], tuple[bytes, ...]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(n: int) -> None:
        try:
            start.wait()
            for round_ in range(2):
                got[n, round_] = tuple(to_bytes(issues[n]) for _, to_bytes in RENDERERS.values())
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for (n, _), outputs in got.items():
        assert outputs == serial[n], n
    assert len(got) == 16 and len({s[1] for s in serial}) == 8  # 8 different PDFs
