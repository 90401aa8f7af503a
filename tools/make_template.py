"""The layout profile into templates/bulletin.docx (deterministic: same bytes every run).

Usage: python tools/make_template.py [OUT.docx]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bulletin_docs.docx.template import build_template  # noqa: E402
from bulletin_docs.output import write_bytes_atomic  # noqa: E402


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "templates" / "bulletin.docx"
    data = build_template()
    if out.exists() and out.read_bytes() == data:
        print(f"{out}：未变化。")
        return 0
    write_bytes_atomic(out, data)
    print(f"已生成 {out}（{len(data)} 字节）。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
