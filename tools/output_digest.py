"""The example and generated issues into SHA-256 digests of their .docx and native PDF.

A structure change must not change a single output byte. Run this before and after
(or with ``--rev REV`` to build a git revision in a throwaway worktree beside the
working tree) and compare the lines:

    python tools/output_digest.py > before.txt          # on the old commit
    python tools/output_digest.py --compare-rev HEAD~3  # both at once; exit 1 on a difference

Builds go through the public API only (``load``, ``render_docx``, ``render_pdf``), with
``SOURCE_DATE_EPOCH`` fixed, so the digests depend on the code and the fonts found here.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Generated issues: (articles, seed); photos on.
GENERATED = ((3, 1), (12, 2), (40, 3))


def digests(root: Path) -> list[str]:
    """Build every output with the package under ``root``/src; one ``name sha256`` line each."""
    code = f"""
import hashlib, os, sys, tempfile, warnings
from pathlib import Path
os.environ["SOURCE_DATE_EPOCH"] = "1600000000"
sys.path.insert(0, {str(root / "src")!r})
sys.path.insert(0, {str(ROOT / "tests")!r})
warnings.simplefilter("ignore")
import bulletin_docs
from issuegen import make_issue
issues = [("example", Path({str(ROOT / "examples/guazhi-2020-01/issue.yaml")!r}))]
tmp = Path(tempfile.mkdtemp(prefix="digest-"))
for n, seed in {GENERATED!r}:
    issues.append((f"gen{{n}}-{{seed}}", make_issue(tmp / f"g{{n}}", n, seed=seed)))
for name, path in issues:
    b = bulletin_docs.load(path)
    for ext, fn in (("docx", bulletin_docs.render_docx), ("pdf", bulletin_docs.render_pdf)):
        out = tmp / f"{{name}}.{{ext}}"
        fn(b, out)
        print(name + "." + ext, hashlib.sha256(out.read_bytes()).hexdigest())
"""
    env = dict(os.environ, PYTHONPATH="")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"build failed under {root}")
    return done.stdout.splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare-rev", metavar="REV", help="also build REV and compare")
    args = parser.parse_args(argv)
    now = digests(ROOT)
    if not args.compare_rev:
        print("\n".join(now))
        return 0
    with tempfile.TemporaryDirectory(prefix="digest-rev-") as tmp:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", tmp,
                        args.compare_rev], check=True, capture_output=True)
        try:
            before = digests(Path(tmp))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", tmp],
                           check=False, capture_output=True)
    same = True
    for old, new in zip(before, now, strict=False):  # lengths compared below
        mark = "same" if old == new else "DIFFERENT"
        same &= old == new
        print(f"{mark:9} {new}")
    if len(before) != len(now):
        same = False
        print(f"DIFFERENT number of outputs: {len(before)} vs {len(now)}")
    print("byte-identical" if same else "outputs differ")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
