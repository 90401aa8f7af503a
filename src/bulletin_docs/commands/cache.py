"""``bulletin-docs cache [--clear]``: the persistent cache's folder, entries, size and background
process; emptied and stopped."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "cache"
HELP = "显示缓存文件夹的位置、大小和后台生成进程（加 --clear 清空缓存并停止该进程）"

#: What each kind of entry holds, for the listing.
_KINDS = {
    "font": "字体解析结果",
    "cff-metrics": "OpenType 字体的度量",
    "cff-subset": "OpenType 字体的字形子集",
    "photo": "处理好的照片",
    "photo-checked": "检查过的照片",
    "font-subset": "字体子集",
    "template": "编译好的模板",
    "template-variables": "模板用到的变量",
    "template-normalised": "规整后的模板",
    "template-patched": "预处理后的模板 XML",
    "font-glyphs": "字体字形表",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--clear", action="store_true", help="删除缓存中的全部内容")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def _server_line(folder: Path) -> str:
    """What the warm background process of ``folder`` is doing, for the listing."""
    import time

    from ..warm import policy, rendezvous

    info = rendezvous.read_info(folder)
    if info is None:
        off = "" if policy.server_allowed() else (
            f"（已关闭：环境变量 {policy.OFF_VAR} 或缓存已关闭）"
        )
        return f"后台生成进程：未运行{off}"
    minutes = max(0, round((time.time() - info.started) / 60))
    idle = round(info.idle / 60)
    return (
        f"后台生成进程：运行中（进程号 {info.pid}，已运行 {minutes} 分钟，"
        f"闲置 {idle} 分钟后自动退出；--clear 时一并停止）"
    )


def run(args: argparse.Namespace) -> int:
    from ..cache.location import OFF_VAR, cache_dir, cache_enabled
    from ..cache.store import MAX_BYTES, Store
    from ..warm import client

    store = Store(cache_dir())
    if args.clear:
        stopped = client.stop(store.root)
        removed = store.clear()
        print(f"已清空缓存：删除 {removed} 项（{store.root}）")
        if stopped:
            print("已停止后台生成进程（下次生成时会重新启动）。")
        return 0
    entries = store.entries()
    print(f"缓存文件夹：{store.root}")
    if not cache_enabled():
        print(f"缓存已关闭（环境变量 {OFF_VAR}）")
    total = sum(e.size for e in entries)
    print(f"共 {len(entries)} 项，{_size(total)}（上限 {_size(MAX_BYTES)}，超出时先删最久未用的）")
    kinds: dict[str, list[int]] = {}
    for e in entries:
        kinds.setdefault(e.kind, []).append(e.size)
    for kind, sizes in sorted(kinds.items()):
        label = _KINDS.get(kind, kind)
        print(f"  {label}：{len(sizes)} 项，{_size(sum(sizes))}")
    print(_server_line(store.root))
    print("清空：bulletin-docs cache --clear")
    return 0
