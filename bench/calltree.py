"""The call tree of one request, each node with the Python calls beneath it (a count that the
machine's load cannot move): `python bench/run.py --profile` runs it when BENCH_CALLTREE=1.

    BENCH_CALLTREE=1 BENCH_CALLTREE_MIN=40 python bench/run.py --profile goals
"""

import os
import sys


def call_tree(func, *args, min_calls: int = 40, depth: int = 60):
    root = {"name": "request", "calls": 0, "children": {}}
    stack = [root]

    def tracer(frame, event, arg):
        if event in ("call", "c_call"):
            name = (
                f"{frame.f_code.co_filename.rsplit('site-packages/', 1)[-1].rsplit('/work/main/', 1)[-1]}:{frame.f_code.co_name}"
                if event == "call"
                else f"<C> {getattr(arg, '__qualname__', arg)}"
            )
            node = stack[-1]["children"].setdefault(name, {"name": name, "calls": 0, "children": {}})
            for n in stack:
                n["calls"] += 1
            node["calls"] += 1
            stack.append(node)
        elif event in ("return", "c_return", "c_exception") and len(stack) > 1:
            stack.pop()

    sys.setprofile(tracer)
    try:
        func(*args)
    finally:
        sys.setprofile(None)

    def show(node, level):
        if level > depth:
            return
        for child in sorted(node["children"].values(), key=lambda c: -c["calls"]):
            if child["calls"] >= min_calls:
                print(f"{'  ' * level}{child['calls']:6d} {child['name']}")
                show(child, level + 1)

    print(f"{root['calls']:6d} calls in all")
    show(root, 0)


MIN_CALLS = int(os.environ.get("BENCH_CALLTREE_MIN", "40"))
