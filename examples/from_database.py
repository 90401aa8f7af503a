"""An office system's database (an in-memory SQLite one here) into one issue's .docx and PDF.

    python examples/from_database.py                 # writes examples/out/from-database.docx, .pdf
    python examples/from_database.py --out /tmp/out

The articles and the photos (BLOBs) come out of the database into a plain dict, which
``bulletin_docs.from_dict`` checks exactly as an issue file is checked; the renderers
give bytes, which a web service would send to the browser and this script writes.
No YAML and no temporary files on the way.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sqlite3
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
PHOTOS = HERE / "guazhi-2020-01" / "photos"

try:
    import bulletin_docs
except ModuleNotFoundError:  # run from a checkout without installing: use src/
    sys.path.insert(0, str(HERE.parent / "src"))
    import bulletin_docs

SCHEMA = """
CREATE TABLE article (id INTEGER PRIMARY KEY, section TEXT, title TEXT, unit TEXT,
                      author TEXT, body TEXT, published TEXT);
CREATE TABLE photo (id INTEGER PRIMARY KEY, section TEXT, caption TEXT, image BLOB);
"""


def sample_database() -> sqlite3.Connection:
    """What an office system holds for the month: articles, and photos as BLOBs."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.executemany(
        "INSERT INTO article (section, title, unit, author, body, published) VALUES (?,?,?,?,?,?)",
        [
            ("工作动态", "陆巷村推进人居环境整治", "东山镇陆巷村", "张顺流",
             "4月以来，陆巷村对照整治清单逐户走访。\n\n全村清理**卫生死角**36处。", "2020-04-10"),
            ("工作动态", "金融监管局走访企业", "区金融监管局", "倪力佳",
             "走访辖区企业12家，帮助解决融资难题。", "2020-04-12"),
            ("挂职感悟", "在一线淬炼担当本领", "区委专项巡察组", "陈伟,李明",
             "挂职以来，我深刻体会到基层工作的分量。", "2020-04-15"),
        ],
    )
    db.executemany(
        "INSERT INTO photo (section, caption, image) VALUES (?,?,?)",
        [
            ("挂职干部风采", "物流园吴志浩推进项目复工复产",
             (PHOTOS / "1-wuzhihao.jpg").read_bytes()),
            ("挂职干部风采", "区金融监管局倪力佳深入企业座谈调研",
             (PHOTOS / "2-nilijia.jpg").read_bytes()),
        ],
    )
    return db


def issue_from_database(db: sqlite3.Connection, number: int, day: _dt.date) -> dict[str, object]:
    """The month's rows as the mapping of an issue file (the README's keys)."""
    sections: dict[str, dict[str, list[dict[str, object]]]] = {}
    rows = db.execute("SELECT section, title, unit, author, body FROM article ORDER BY id")
    for section, title, unit, author, body in rows:
        authors = author.split(",")
        sections.setdefault(section, {"articles": [], "photos": []})["articles"].append(
            {"title": title, "unit": unit, "author": authors, "body": body}
        )
    for section, caption, image in db.execute(
        "SELECT section, caption, image FROM photo ORDER BY id"
    ):
        sections.setdefault(section, {"articles": [], "photos": []})["photos"].append(
            {"file": image, "caption": caption}  # the BLOB's bytes, as they are
        )
    return {
        "masthead": {
            "title": "挂职简报",
            "issue": {"number": number, "year": day.year},
            "issuer": "吴中区年轻干部双向挂职工作小组",
            "date": day,
        },
        "sections": [
            {"title": title, **{k: v for k, v in parts.items() if v}}
            for title, parts in sections.items()
        ],
        "distribution": [
            {"label": "报", "to": "张瑛部长，区委组织部。"},
            {"label": "发", "to": ["挂职干部派驻单位", "全体挂职干部"]},
        ],
        "copies": 60,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从数据库生成一期简报（.docx 与 PDF）")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="输出文件夹")
    args = parser.parse_args(argv)
    data = issue_from_database(sample_database(), 4, _dt.date(2020, 4, 30))
    try:
        bulletin = bulletin_docs.from_dict(data)
    except bulletin_docs.BulletinError as exc:  # every error, with its key path
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", bulletin_docs.BulletinWarning)
        outputs = {
            "from-database.docx": bulletin_docs.to_docx_bytes(bulletin),
            "from-database.pdf": bulletin_docs.to_pdf_bytes(bulletin),
        }
    for name, data_bytes in outputs.items():
        (args.out / name).write_bytes(data_bytes)
        print(f"已生成 {args.out / name}（{len(data_bytes)} 字节）")
    for text in dict.fromkeys(str(w.message) for w in caught):
        print(f"提示：{text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
