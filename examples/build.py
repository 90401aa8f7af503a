"""Every examples/*/issue.yaml into examples/out/<name>.docx and .pdf, through the public API.

    python examples/build.py                 # .docx + native PDF
    python examples/build.py --libreoffice   # also a PDF converted by LibreOffice (if installed)
    python examples/build.py path/to/issue.yaml --out /tmp/out   # other issue files

Without issue files it also runs examples/from_database.py (an issue from a database).

Prints what it wrote and what it fell back on (fonts not embedded …);
exits 1 with the Chinese message, without a traceback, on an input error.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

try:
    import bulletin_docs
except ModuleNotFoundError:  # run from a checkout without installing: use src/
    sys.path.insert(0, str(HERE.parent / "src"))
    import bulletin_docs

BulletinError = bulletin_docs.BulletinError
BulletinWarning = bulletin_docs.errors.BulletinWarning


def _has_soffice() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def build_one(issue: Path, out_dir: Path, libreoffice: bool) -> list[Path]:
    """Build one example; return the files written (warnings go to the caller)."""
    name = issue.parent.name if issue.name == "issue.yaml" else issue.stem
    bulletin = bulletin_docs.load(issue)
    written = [bulletin_docs.render_docx(bulletin, out_dir / f"{name}.docx")]
    written.append(bulletin_docs.render_pdf(bulletin, out_dir / f"{name}.pdf", engine="native"))
    if libreoffice:
        written.append(
            bulletin_docs.render_pdf(
                bulletin, out_dir / f"{name}-libreoffice.pdf", engine="libreoffice"
            )
        )
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 examples/ 下所有示例简报（.docx 与 PDF）")
    parser.add_argument(
        "--libreoffice",
        action="store_true",
        help="另用 LibreOffice 转换一份 PDF（需已安装 soffice）",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="输出文件夹（默认 examples/out/）")
    parser.add_argument(
        "issues", nargs="*", type=Path, metavar="ISSUE.yaml",
        help="要生成的简报文件（默认：examples/*/issue.yaml）",
    )
    args = parser.parse_args(argv)

    issues = args.issues or sorted(HERE.glob("*/issue.yaml"))
    if not issues:
        print("错误：examples/ 下没有找到 */issue.yaml。", file=sys.stderr)
        return 1
    use_lo = args.libreoffice and _has_soffice()
    if args.libreoffice and not use_lo:
        print("提示：未找到 LibreOffice（soffice），跳过 LibreOffice 版 PDF。")
    args.out.mkdir(parents=True, exist_ok=True)

    for issue in issues:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", BulletinWarning)
            try:
                written = build_one(issue, args.out, use_lo)
            except BulletinError as exc:
                for error in getattr(exc, "errors", (exc,)):  # BulletinErrors holds several
                    print(f"错误：{error}", file=sys.stderr)
                if getattr(exc, "omitted", 0):
                    print(f"……另有 {exc.omitted} 处错误未列出。", file=sys.stderr)
                return 1
        for path in written:
            print(f"已生成 {path}")
        seen: set[str] = set()
        for w in caught:
            text = str(w.message)
            if issubclass(w.category, BulletinWarning) and text not in seen:
                seen.add(text)
                print(f"提示：{text}")
    if not args.issues:  # the scripts' example: an issue out of a database, no YAML file
        return _from_database().main(["--out", str(args.out)])
    return 0


def _from_database():  # -> the module examples/from_database.py
    import importlib.util

    spec = importlib.util.spec_from_file_location("from_database", HERE / "from_database.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    raise SystemExit(main())
