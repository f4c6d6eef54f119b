#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The accessibility gate's figures per page, for docs/quality.md.

Reads a meson test log (default _build/meson-logs/testlog.txt) of a run
that included the gate (suite a11y) and prints one Markdown row per
rendered state: the objects the AT-SPI checker walked in English and in
zh_CN, and the states that failed. Usage: tools/a11y-counts.py [LOG]
"""

import re
import sys

log = sys.argv[1] if len(sys.argv) > 1 else "_build/meson-logs/testlog.txt"
checked = re.compile(r"# a11y (\S+?)-(en|zh_CN): (\d+) objects in")
failed = re.compile(r"# a11y (\S+?)-(en|zh_CN) FAILED")
pages = {}
failures = set()
with open(log, encoding="utf-8", errors="replace") as f:
    for line in f:
        m = checked.search(line)
        if m:
            pages.setdefault(m.group(1), {})[m.group(2)] = int(m.group(3))
        m = failed.search(line)
        if m:
            failures.add((m.group(1), m.group(2)))

print("| state | objects (en) | objects (zh_CN) | result |")
print("|---|---|---|---|")
for name in sorted(pages):
    counts = pages[name]
    bad = [lang for lang in ("en", "zh_CN") if (name, lang) in failures]
    print("| %s | %s | %s | %s |" % (name, counts.get("en", "–"), counts.get("zh_CN", "–"),
                                     "FAILED: " + ", ".join(bad) if bad else "ok"))
print()
print("%d states, %d checks, %d failed" % (len(pages), sum(len(c) for c in pages.values()), len(failures)))
