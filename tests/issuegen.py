"""A seed and an article count into a realistic generated issue: issue.yaml (v1) plus JPEG photos.

Used by tests (``from issuegen import make_issue``; tests/conftest.py puts this
folder on sys.path) and by benchmarks/bench.py (imported by path). Everything is
deterministic for a given seed: the same call writes the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ARTICLES_PER_SECTION",
    "PHOTO_SECTION_EVERY",
    "issue_dict",
    "make_issue",
    "make_photos",
    "make_year",
]

#: Articles per text section (the last section may hold fewer).
ARTICLES_PER_SECTION = 5
#: After every this many text sections comes a photo section (挂职干部风采).
PHOTO_SECTION_EVERY = 4
#: Photos in the photo sections, in turn: 4× the articles gives exactly 4× the photos
#: (for 20, 80, … text sections), so benchmarks compare like with like.
_PHOTOS_PER_SECTION = (3, 2, 4, 3)
#: Distinct base images; every photo file is one of them with its own mark drawn on it.
_BASE_IMAGES = 4

_SECTION_TITLES = (
    "领导寄语", "工作动态", "挂职情况", "基层实践", "挂职感悟", "经验交流",
    "专题调研", "典型推介", "一线风采", "工作简讯", "学习园地", "镇村动态",
)
_PHOTO_SECTION_TITLES = ("挂职干部风采", "工作掠影", "一线镜头", "图片新闻")

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌辉鹏宇浩然博文晨"
    "阳佳怡思远子涵梓轩欣怡雨桐一鸣俊杰晓东海燕春梅立新卫东启明顺流蝶漪青洁"
)
_UNITS = (
    "东山镇陆巷村", "东山镇碧螺村", "金庭镇东蔡村", "光福镇冲山村", "临湖镇牛桥村",
    "区委专项巡察组", "区农村环境整治专班", "区污防办", "区金融监管局", "区发改委",
    "区住建局", "区农业农村局", "木渎镇金星村", "胥口镇马舍村", "甪直镇澄湖村",
    "长桥街道新北社区", "城南街道龙西社区", "越溪街道张桥村", "横泾街道上林村",
    "太湖街道新路村", "香山街道舟山村", "区行政审批局", "区市场监管局", "区商务局",
)
_PLACES = (
    "陆巷", "碧螺", "东蔡", "冲山", "牛桥", "金星", "马舍", "澄湖", "新北", "龙西",
    "张桥", "上林", "新路", "舟山", "太湖", "西山", "渔洋山", "旺山",
)

_TOPICS = (
    "人居环境整治", "集体经济发展", "基层党建", "疫情防控", "安全生产排查", "森林防火",
    "垃圾分类", "河长制落实", "复工复产", "营商环境优化", "乡村振兴", "文旅融合",
    "村级事务公开", "网格化治理", "农村建房审批", "低收入户帮扶", "巡察整改", "信息宣传",
)

_TITLE_TEMPLATES = (
    "{place}村以{topic}为抓手 推动{topic2}提质增效",
    "进了村委门 就做村里人",
    "以“四精四勤”助力{topic}工作",
    "“三深”转角色 备战“红黑榜”",
    "守牢主阵地 奏响{topic}好声音",
    "脱贫致富路上需要实干笃行",
    "撸起袖子加油干 争当高质量发展“优等生”",
    "聚焦{topic} 打通服务群众“最后一公里”",
    "{unit}扎实推进{topic}",
    "在{topic}一线淬炼担当本领",
    "用心用情做好{topic}工作",
    "{place}：{topic}跑出“加速度”",
    "挂职{n}个月 我在{place}学到了什么",
    "下沉一线察实情 {topic}见真章",
)

_OPENERS = (
    "{date}，{unit}召开{topic}工作推进会，",
    "挂职工作启动以来，",
    "到{place}任职后，",
    "今年是全面建成小康社会和“十三五”规划收官之年，",
    "为深入贯彻落实区委区政府关于{topic}的决策部署，",
    "针对{topic}中存在的短板弱项，",
    "{date}起，",
    "按照“六个一”工作要求，",
    "面对{topic}的新形势新任务，",
)
_MIDDLES = (
    "我第一时间走访了{n}户困难家庭，通读了《{place}村志》",
    "专班成员逐条对照标准细则向专家请教",
    "全面梳理了村两委班子建设情况和经济社会发展情况",
    "累计排查各类问题{n}个，已完成整改{m}个",
    "组织开展专题学习{n}次，覆盖党员干部{big}人次",
    "深入{place}、{place2}等{n}个自然村开展实地调研",
    "与村两委干部一起谋划{topic}的具体举措",
    "共清理河道{n}公里、拆除违章建筑{m}处",
    "建立问题清单、责任清单和整改清单“三张清单”",
    "推动{topic}与{topic2}同部署、同推进、同考核",
    "坚持每周召开一次工作例会、每月形成一份分析报告",
    "主动向镇驻村干部和条线分管领导汇报工作情况",
    "把{topic}作为检验挂职成效的“试金石”",
    "走访企业{n}家，帮助解决用工、融资等难题{m}项",
    "利用周末时间走访了{place}的{n}家农家乐和民宿",
    "协调落实帮扶资金{big}万元，惠及农户{n}户",
    "牵头制定了《{place}村{topic}实施方案（2020—2022年）》",
    "带领志愿者{n}人次开展“清洁家园”行动",
    "对照上级文件要求，逐项核对台账资料{big}份",
    "通过“线上+线下”方式收集群众意见建议{n}条",
)
_CLOSERS = (
    "切实把各项工作抓细抓实。",
    "确保各项任务按时保质完成。",
    "为下一步工作打下了坚实基础。",
    "得到了群众的普遍认可。",
    "完成率达到{pct}%。",
    "群众满意度提升至{pct}%。",
    "真正做到了问需于民、问计于民。",
    "推动形成比学赶超的良好氛围。",
    "让群众有了实实在在的获得感。",
    "努力交出一份合格的挂职答卷。",
)
_LEADS = ("一是", "二是", "三是", "四是", "五是", "六是")
_LEAD_PHRASES = (
    "深入调研，摸清底数。", "用心沟通，争取支持。", "勤政清正，率先垂范。",
    "精心准备、勤于思考。", "精准定位、勤于挖掘。", "精诚团结、勤于交流。",
    "举好旗帜，紧扣大要。", "凝聚人心，提纲挈领。", "塑优形象，聚焦核心。",
    "带头引领，干事创业敢担当。", "知难而上，真抓实干谋发展。", "不等不靠，实干笃行践初心。",
)
_BOLD_PHRASES = (
    "坚持问题导向", "压实工作责任", "强化统筹协调", "注重建章立制", "突出示范引领",
    "聚焦群众关切", "守牢安全底线", "用好考核指挥棒",
)
_CAPTIONS = (
    "{unit}{name}推进项目复工复产", "{unit}{name}深入企业座谈调研",
    "{unit}{name}推动村庄环境整治", "{unit}{name}助力茶叶产销",
    "{unit}{name}走访慰问困难群众", "{unit}{name}参加防汛值守",
    "{unit}{name}现场督查垃圾分类", "{unit}{name}组织党员志愿服务",
)


def _name(rng: random.Random) -> str:
    n = 1 if rng.random() < 0.6 else 2
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(n))


def _fill(template: str, rng: random.Random) -> str:
    places = rng.sample(_PLACES, 2)
    topics = rng.sample(_TOPICS, 2)
    n = rng.randint(2, 60)
    return template.format(
        place=places[0], place2=places[1], topic=topics[0], topic2=topics[1],
        unit=rng.choice(_UNITS), n=n, m=rng.randint(1, n), big=rng.randint(100, 2400),
        pct=f"{rng.randint(850, 999) / 10:.1f}",
        date=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日", name=_name(rng),
    )


def _sentence(rng: random.Random, bold: bool) -> str:
    parts = [_fill(rng.choice(_OPENERS), rng)]
    for _ in range(rng.randint(1, 3)):
        parts.append(_fill(rng.choice(_MIDDLES), rng) + "，")
    text = "".join(parts)
    if bold:
        text += f"**{rng.choice(_BOLD_PHRASES)}**，"
    return text + _fill(rng.choice(_CLOSERS), rng)


def _cjk_len(text: str) -> int:
    return sum(1 for ch in text if ch != "*")


def _paragraph(rng: random.Random, lead: str | None) -> str:
    target = rng.randint(100, 300)
    text = f"{lead}{rng.choice(_LEAD_PHRASES)}" if lead else ""
    while True:
        s = _sentence(rng, bold=rng.random() < 0.12)
        if _cjk_len(text) >= 100 and _cjk_len(text) + _cjk_len(s) > 300:
            break
        text += s
        if _cjk_len(text) >= target:
            break
    return text


def _body(rng: random.Random) -> str:
    count = rng.randint(3, 6)
    numbered = rng.random() < 0.6
    paras = []
    for i in range(count):
        lead = _LEADS[i - 1] if numbered and 1 <= i <= len(_LEADS) else None
        paras.append(_paragraph(rng, lead))
    return "\n\n".join(paras) + "\n"


def _article(rng: random.Random, index: int) -> dict[str, Any]:
    title = _fill(_TITLE_TEMPLATES[index % len(_TITLE_TEMPLATES)], rng)
    art: dict[str, Any] = {"title": title}
    if rng.random() < 0.15:
        art["contents_title"] = title.replace("，", " ")[:20]
    if rng.random() < 0.85:
        art["unit"] = rng.choice(_UNITS)
        art["author"] = [_name(rng), _name(rng)] if rng.random() < 0.15 else _name(rng)
    if rng.random() < 0.08:
        art["note"] = _paragraph(rng, None) + "\n"
    art["body"] = _body(rng)
    return art


def issue_dict(n_articles: int, photo_files: list[str], seed: int = 0) -> dict[str, Any]:
    """The issue as plain data (what issue.yaml holds); ``photo_files`` are paths for the photos."""
    rng = random.Random(seed)
    sections: list[dict[str, Any]] = []
    photos = iter(photo_files)
    text_sections = 0
    made = 0
    while made < n_articles:
        count = min(ARTICLES_PER_SECTION, n_articles - made)
        title = _SECTION_TITLES[text_sections % len(_SECTION_TITLES)]
        sections.append(
            {"title": title, "articles": [_article(rng, made + i) for i in range(count)]}
        )
        made += count
        text_sections += 1
        if photo_files and text_sections % PHOTO_SECTION_EVERY == 0:
            sections.append(_photo_section(rng, photos, text_sections // PHOTO_SECTION_EVERY - 1))
    if photo_files and not any("photos" in s for s in sections):
        sections.append(_photo_section(rng, photos, 0))  # a short issue still has its photos
    if not sections:  # n_articles == 0 without photos: a placeholder section is still valid
        sections.append({"title": "工作动态"})
    number = seed % 24 + 1
    return {
        "masthead": {
            "title": "挂职简报",
            "issue": {"number": number, "year": 2020, "total": 24 + number},
            "issuer": "吴中区年轻干部双向挂职工作小组",
            "date": f"2020-{seed % 12 + 1:02d}",
            "marking": "内部资料 注意保存",
        },
        "contents": True,
        "preface": _paragraph(rng, None) + "\n",
        "sections": sections,
        "distribution": [
            {"label": "报", "to": "张瑛部长，区委组织部。"},
            {"label": "送", "to": ["区委办", "区政府办", "区纪委监委"]},
            {"label": "发", "to": "挂职干部派驻单位、接收单位主要领导，全体挂职干部。"},
        ],
        "copies": 60 + seed % 40,
    }


def _photo_section(rng: random.Random, photos: Any, index: int) -> dict[str, Any]:
    """The ``index``-th photo section: 2–4 photos (in a fixed turn) with captions."""
    items = []
    for _ in range(_PHOTOS_PER_SECTION[index % len(_PHOTOS_PER_SECTION)]):
        file = next(photos, None)
        if file is None:
            break
        items.append({"file": file, "caption": _fill(rng.choice(_CAPTIONS), rng)})
    title = _PHOTO_SECTION_TITLES[index % len(_PHOTO_SECTION_TITLES)]
    return {"title": title, "photos": items}


def _photo_count(n_articles: int) -> int:
    """Photo files for every photo section of an issue of ``n_articles``."""
    text_sections = -(-n_articles // ARTICLES_PER_SECTION)
    sections = max(1, text_sections // PHOTO_SECTION_EVERY)
    return sum(_PHOTOS_PER_SECTION[i % len(_PHOTOS_PER_SECTION)] for i in range(sections))


def make_photos(
    folder: Path, count: int, seed: int = 0, size: tuple[int, int] = (1600, 1200)
) -> list[Path]:
    """Write ``count`` distinct JPEGs (a few noisy base images, each marked) into ``folder``."""
    from PIL import Image, ImageChops, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    w, h = size
    rng = random.Random(seed * 7919 + 17)
    cw, ch = max(1, w // 16), max(1, h // 16)
    bases = []
    for b in range(min(_BASE_IMAGES, max(count, 1))):
        # Noise from our own seeded generator (Pillow's effect_noise is not seedable).
        coarse = Image.frombytes("L", (cw, ch), rng.randbytes(cw * ch)).resize(
            (w, h), Image.Resampling.BILINEAR
        )
        fine = Image.frombytes("L", (w, h), rng.randbytes(w * h)).point(lambda v: v // 10)
        grad = Image.linear_gradient("L").resize((w, h)).rotate(90 * b)
        channels = [
            ImageChops.add(grad, coarse, 2.0, rng.randint(-40, 40)),
            ImageChops.add(coarse, fine, 1.0, rng.randint(-60, 20)),
            ImageChops.add(grad.transpose(Image.Transpose.ROTATE_180), fine, 1.0,
                           rng.randint(-40, 40)),
        ]
        bases.append(Image.merge("RGB", channels))
    paths = []
    for i in range(count):
        im = bases[i % len(bases)].copy()
        draw = ImageDraw.Draw(im)
        x, y = rng.randint(0, w // 2), rng.randint(0, h // 2)
        fill = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.rectangle((x, y, x + w // 4, y + h // 4), outline=fill, width=max(2, w // 100))
        draw.ellipse((w - x - w // 5, h - y - h // 5, w - x, h - y), fill=fill)
        p = folder / f"photo-{i + 1:03d}.jpg"
        im.save(p, "JPEG", quality=85)
        paths.append(p)
    return paths


class _Dumper(yaml.SafeDumper):
    """SafeDumper writing multi-line strings as literal blocks, like a clerk would."""


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def make_issue(
    folder: Path,
    n_articles: int,
    photos: bool = True,
    seed: int = 0,
    photo_size: tuple[int, int] = (1600, 1200),
) -> Path:
    """Write ``folder/issue.yaml`` (format v1, ``n_articles`` articles) and photos; return its path.

    Sections hold 5 articles each of 3–6 paragraphs (100–300 characters, some
    **bold**); a photo section of 2–4 captioned photos follows every fourth one.
    ``make_issue(folder, 40)`` prints well over 30 pages.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    photo_files: list[str] = []
    if photos:
        paths = make_photos(folder / "photos", _photo_count(n_articles), seed, photo_size)
        photo_files = [p.relative_to(folder).as_posix() for p in paths]
    data = issue_dict(n_articles, photo_files, seed)
    text = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2
    )
    header = f"# 生成的测试简报：{n_articles} 篇文章，seed={seed}（tests/issuegen.py）\n"
    out = folder / "issue.yaml"
    out.write_text(header + text, encoding="utf-8")
    return out


def make_year(
    folder: Path,
    months: int = 12,
    n_articles: int = 14,
    year: int = 2021,
    photo_size: tuple[int, int] = (800, 600),
) -> list[Path]:
    """One issue a month (``folder/YYYY-MM/issue.yaml``): 第1期…第``months``期 of ``year``,
    dated the 10th, numbered in order, no totals, the seed example's title and issuer."""
    out: list[Path] = []
    for month in range(1, months + 1):
        path = make_issue(
            folder / f"{year}-{month:02d}", n_articles, seed=month, photo_size=photo_size
        )
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["masthead"]["issue"] = {"number": month, "year": year}
        data["masthead"]["date"] = f"{year}-{month:02d}-10"
        text = yaml.dump(
            data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2
        )
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
