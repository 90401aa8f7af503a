"""The layout profile into templates/bulletin.docx (deterministic: same bytes every run).

Usage: python tools/make_template.py [OUT.docx]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bulletin_docs.docx.template import build_template  # noqa: E402
from bulletin_docs.output import write_bytes_atomic  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out", nargs="?", type=Path, default=ROOT / "templates" / "bulletin.docx",
        help="the .docx to write (default: templates/bulletin.docx)",
    )
    out: Path = parser.parse_args(argv).out
    data = build_template()
    if out.exists() and out.read_bytes() == data:
        print(f"{out}：未变化。")
        return 0
    write_bytes_atomic(out, data)
    print(f"已生成 {out}（{len(data)} 字节）。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
