#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists every file with translatable strings.

Usage: check-potfiles.py [SOURCE_ROOT]

Scans src/ and data/ for C sources and headers using the gettext macros
(_(), N_(), C_(), NC_(), g_dngettext(), ngettext() …), GtkBuilder .ui files
with translatable="yes", and the data files whose strings translators see
(.desktop.in, .metainfo.xml.in, .gschema.xml).  Fails if such a file is not
in po/POTFILES.in (or po/POTFILES.skip), or if POTFILES.in names a file that
does not exist.
"""

import os
import re
import sys

SCAN_DIRS = ('src', 'data')
SKIP_DIR_NAMES = {'.git', '__pycache__'}

C_SUFFIXES = ('.c', '.h')
UI_SUFFIXES = ('.ui', '.ui.in')
DESKTOP_SUFFIXES = ('.desktop.in', '.desktop.in.in')
METAINFO_SUFFIXES = ('.metainfo.xml.in', '.metainfo.xml.in.in',
                     '.appdata.xml.in', '.appdata.xml.in.in')
GSCHEMA_SUFFIXES = ('.gschema.xml', '.gschema.xml.in')

# The keywords of meson's "glib" gettext preset, plus xgettext's default
# ngettext.
C_KEYWORD_RE = re.compile(
    r'(?<![\w$])(?:_|N_|C_|NC_|g_dngettext|g_dpgettext2|g_dcgettext|ngettext)'
    r'\s*\(')
# A definition of the macros themselves is not a use.
C_DEFINE_RE = re.compile(r'#\s*define\s+(?:_|N_|C_|NC_)\s*\(')
UI_RE = re.compile(r'''translatable\s*=\s*["'](?:yes|true|1)["']''', re.I)
DESKTOP_RE = re.compile(r'^(?:Name|GenericName|Comment|Keywords|X-GNOME-FullName)=', re.M)
METAINFO_RE = re.compile(r'<(?:name|summary|p|li|caption|keyword)\b(?![^>]*translate="no")')
GSCHEMA_RE = re.compile(r'<(?:summary|description)\b')


def strip_c_comments(text):
    """Blank out C and C++ comments and the contents of string and char
    literals, so that only code is left to search."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '/' and i + 1 < n and text[i + 1] == '*':
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:end]))
            i = end
        elif c == '/' and i + 1 < n and text[i + 1] == '/':
            end = text.find('\n', i)
            end = n if end < 0 else end
            out.append(' ' * (end - i))
            i = end
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            out.append(c + ' ' * (j - i - 2) + text[j - 1] if j - i >= 2 else c)
            i = j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def has_translatable_strings(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError as e:
        print(f'warning: cannot read {path}: {e}', file=sys.stderr)
        return False
    name = os.path.basename(path)
    if name.endswith(C_SUFFIXES):
        code = C_DEFINE_RE.sub(' ', strip_c_comments(text))
        return C_KEYWORD_RE.search(code) is not None
    if name.endswith(UI_SUFFIXES):
        return UI_RE.search(text) is not None
    if name.endswith(DESKTOP_SUFFIXES):
        return DESKTOP_RE.search(text) is not None
    if name.endswith(METAINFO_SUFFIXES):
        return METAINFO_RE.search(text) is not None
    if name.endswith(GSCHEMA_SUFFIXES):
        return GSCHEMA_RE.search(text) is not None
    return False


def is_candidate(name):
    return name.endswith(C_SUFFIXES + UI_SUFFIXES + DESKTOP_SUFFIXES
                         + METAINFO_SUFFIXES + GSCHEMA_SUFFIXES)


def read_list(path):
    """Entries of a POTFILES-style list, in order, without comments."""
    entries = []
    if not os.path.exists(path):
        return entries
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            # Strip a leading "[type: gettext/glade]" intltool marker.
            line = re.sub(r'^\[[^]]*\]\s*', '', line)
            entries.append((lineno, os.path.normpath(line)))
    return entries


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ('-h', '--help')):
        print(__doc__)
        return 2
    root = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(
        os.path.abspath(__file__)), os.pardir, os.pardir)
    root = os.path.abspath(root)
    potfiles_in = os.path.join(root, 'po', 'POTFILES.in')
    if not os.path.exists(potfiles_in):
        print(f'error: {potfiles_in} does not exist')
        return 1

    listed = read_list(potfiles_in)
    skipped = {p for _, p in read_list(os.path.join(root, 'po', 'POTFILES.skip'))}
    listed_set = {p for _, p in listed}
    errors = 0

    seen = set()
    for lineno, path in listed:
        if path in seen:
            print(f'po/POTFILES.in:{lineno}: {path} is listed twice')
            errors += 1
        seen.add(path)
        if path.startswith('..') or os.path.isabs(path):
            print(f'po/POTFILES.in:{lineno}: {path} is not inside the source tree')
            errors += 1
        elif not os.path.isfile(os.path.join(root, path)):
            print(f'po/POTFILES.in:{lineno}: {path} does not exist')
            errors += 1
        elif not has_translatable_strings(os.path.join(root, path)):
            print(f'note: po/POTFILES.in:{lineno}: {path} has no translatable strings')

    missing = []
    for top in SCAN_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIR_NAMES)
            for name in sorted(filenames):
                if not is_candidate(name):
                    continue
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root)
                if rel in listed_set or rel in skipped:
                    continue
                if has_translatable_strings(full):
                    missing.append(rel)

    for rel in missing:
        print(f'{rel} has translatable strings but is not in po/POTFILES.in')
    errors += len(missing)

    if errors:
        print(f'FAIL: {errors} problem(s) with po/POTFILES.in')
        return 1
    print(f'OK: po/POTFILES.in lists {len(listed)} file(s); none missing')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
