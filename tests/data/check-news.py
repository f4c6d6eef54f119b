#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""NEWS is the release history; the rest must say the same.

Checks that the metainfo's <releases> hold exactly NEWS's releases (version,
date, paragraph and items, in order), that each screenshot is a file of
data/screenshots/, and that meson.build's project
version and debian/changelog's newest entry are NEWS's newest version.

Usage: check-news.py SOURCE_ROOT
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def news_releases(text):
    releases = []
    blocks = re.split(r'^Version ', text, flags=re.M)[1:]
    for block in blocks:
        lines = block.splitlines()
        head = re.fullmatch(r'(\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)', lines[0])
        assert head, f"bad release line: Version {lines[0]!r}"
        assert re.fullmatch(r'=+', lines[1]) and len(lines[1]) == len("Version " + lines[0]), \
            f"release {head.group(1)}: the underline must match the line"
        paragraph = []
        items = []
        for line in lines[2:]:
            if line.startswith("- "):
                items.append(line[2:].strip())
            elif line.strip():
                assert not items, f"release {head.group(1)}: text after the items: {line!r}"
                paragraph.append(line.strip())
        releases.append((head.group(1), head.group(2), " ".join(paragraph), items))
    return releases


def metainfo_releases(path):
    root = ET.parse(path).getroot()
    releases = []
    for release in root.find("releases").findall("release"):
        description = release.find("description")
        paragraph = " ".join(" ".join(p.text.split()) for p in description.findall("p"))
        items = [" ".join(li.text.split()) for li in description.find("ul").findall("li")]
        releases.append((release.get("version"), release.get("date"), paragraph, items))
    return releases


def main():
    root = Path(sys.argv[1])
    news = news_releases((root / "NEWS").read_text())
    metainfo = metainfo_releases(root / "data" / "io.github.xuexin.Assistant.metainfo.xml.in.in")
    errors = []

    assert news, "NEWS has no release"
    if news != metainfo:
        errors.append("the metainfo's <releases> differ from NEWS:")
        for n, m in zip(news + [None] * len(metainfo), metainfo + [None] * len(news)):
            if n != m:
                errors.append(f"  NEWS:     {n}\n  metainfo: {m}")

    meson = re.search(r"version:\s*'([^']+)'", (root / "meson.build").read_text()).group(1)
    if meson != news[0][0]:
        errors.append(f"meson.build says {meson}, NEWS {news[0][0]}")

    changelog = root / "debian" / "changelog"
    if changelog.exists():
        first = changelog.read_text().splitlines()[0]
        version = re.match(r'\S+ \(([^)]+)\)', first).group(1)
        if version != news[0][0]:
            errors.append(f"debian/changelog says {version}, NEWS {news[0][0]}")

    # The screenshots' https URLs name files of data/screenshots/, which is
    # where they are served from once pushed.
    prefix = "https://raw.githubusercontent.com/xuexin/xuexin-assistant/main/"
    images = ET.parse(root / "data" / "io.github.xuexin.Assistant.metainfo.xml.in.in") \
               .getroot().findall("screenshots/screenshot/image")
    for image in images:
        if not image.text.startswith(prefix + "data/screenshots/"):
            errors.append(f"screenshot {image.text} is not under {prefix}data/screenshots/")
        elif not (root / image.text[len(prefix):]).is_file():
            errors.append(f"screenshot {image.text}: no {image.text[len(prefix):]}")

    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(news)} releases and {len(images)} screenshots checked")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
