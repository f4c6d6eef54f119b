#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that a translation is complete and valid against the current sources.

Usage: check-translations.py LANG [--source-root DIR] [--package NAME]

Generates a fresh template from po/POTFILES.in with xgettext, using the same
arguments as meson's i18n.gettext(preset: 'glib'), merges po/LANG.po with it
(msgmerge), and fails if the merged catalogue has untranslated or fuzzy
messages, if "msgfmt --check" rejects it, if a desktop-entry keyword list
lost its trailing ';', or if LANG is missing from po/LINGUAS.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

# meson's mesonbuild/modules/i18n.py PRESET_ARGS['glib']
GLIB_PRESET = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]


def unquote(s):
    """Value of one PO string literal such as "a\\nb"."""
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError(f'not a PO string: {s!r}')
    out, i, body = [], 0, s[1:-1]
    escapes = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\',
               'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v'}
    while i < len(body):
        c = body[i]
        if c == '\\' and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def parse_po(text):
    """Entries of a PO file as dicts: msgctxt, msgid, msgid_plural, msgstr
    (a list), refs, flags, obsolete.  Enough for what msgattrib prints."""
    entries = []
    cur = None
    field = None

    def finish():
        nonlocal cur
        if cur is not None and 'msgid' in cur:
            entries.append(cur)
        cur = None

    for raw in text.splitlines():
        line = raw.strip()
        obsolete = line.startswith('#~')
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            field = None
            continue
        if cur is None:
            cur = {'msgctxt': None, 'msgid_plural': None, 'msgstr': [],
                   'refs': [], 'flags': set(), 'obsolete': obsolete}
        if line.startswith('#:'):
            cur['refs'].extend(line[2:].split())
        elif line.startswith('#,'):
            cur['flags'].update(f.strip() for f in line[2:].split(','))
        elif line.startswith('#'):
            pass
        elif line.startswith('msgctxt '):
            if 'msgid' in cur:
                finish()
                cur = {'msgctxt': None, 'msgid_plural': None, 'msgstr': [],
                       'refs': [], 'flags': set(), 'obsolete': obsolete}
            cur['msgctxt'] = unquote(line[8:])
            field = ('msgctxt', None)
        elif line.startswith('msgid_plural '):
            cur['msgid_plural'] = unquote(line[13:])
            field = ('msgid_plural', None)
        elif line.startswith('msgid '):
            if 'msgid' in cur:
                finish()
                cur = {'msgctxt': None, 'msgid_plural': None, 'msgstr': [],
                       'refs': [], 'flags': set(), 'obsolete': obsolete}
            cur['msgid'] = unquote(line[6:])
            field = ('msgid', None)
        elif line.startswith('msgstr['):
            idx = int(line[7:line.index(']')])
            while len(cur['msgstr']) <= idx:
                cur['msgstr'].append('')
            cur['msgstr'][idx] = unquote(line[line.index(']') + 1:])
            field = ('msgstr', idx)
        elif line.startswith('msgstr '):
            cur['msgstr'] = [unquote(line[7:])]
            field = ('msgstr', 0)
        elif line.startswith('"') and field is not None:
            name, idx = field
            if name == 'msgstr':
                cur['msgstr'][idx] += unquote(line)
            else:
                cur[name] = (cur[name] or '') + unquote(line)
    finish()
    return [e for e in entries if not e['obsolete']]


def describe(entry):
    text = entry['msgid']
    if entry['msgctxt'] is not None:
        text = f'[{entry["msgctxt"]}] {text}'
    text = text.replace('\n', '\\n')
    if len(text) > 100:
        text = text[:97] + '...'
    where = f' ({entry["refs"][0]})' if entry['refs'] else ''
    return f'"{text}"{where}'


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kwargs)


def read_list(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('lang', help='language code, e.g. zh_CN')
    parser.add_argument('--source-root', default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir))
    parser.add_argument('--package', default='xuexin-assistant')
    parser.add_argument('--update', action='store_true',
                        help='write the catalogue merged with the current sources back '
                             'to po/LANG.po (new messages untranslated), then check it')
    args = parser.parse_args()

    root = os.path.abspath(args.source_root)
    po_dir = os.path.join(root, 'po')
    po_file = os.path.join(po_dir, args.lang + '.po')
    potfiles_in = os.path.join(po_dir, 'POTFILES.in')
    problems = []

    for tool in ('xgettext', 'msgmerge', 'msgattrib', 'msgfmt'):
        if shutil.which(tool) is None:
            print(f'SKIP: {tool} not found')
            return 77

    linguas = os.path.join(po_dir, 'LINGUAS')
    if os.path.exists(linguas):
        langs = []
        for line in read_list(linguas):
            langs.extend(line.split())
        if args.lang not in langs:
            problems.append(f'{args.lang} is not listed in po/LINGUAS')
    else:
        problems.append('po/LINGUAS does not exist')

    if not os.path.exists(po_file):
        print(f'FAIL: po/{args.lang}.po does not exist')
        for p in problems:
            print(f'FAIL: {p}')
        return 1
    if not os.path.exists(potfiles_in):
        print('FAIL: po/POTFILES.in does not exist')
        return 1

    sources = read_list(potfiles_in)
    for src in sources:
        if not os.path.isfile(os.path.join(root, src)):
            problems.append(f'po/POTFILES.in names {src}, which does not exist')

    with tempfile.TemporaryDirectory(prefix='check-translations-') as tmp:
        pot = os.path.join(tmp, args.package + '.pot')
        if sources:
            # As meson's "<package>-pot" target does it.
            res = run(['xgettext', '--package-name=' + args.package,
                       '--msgid-bugs-address=https://github.com/xuexin/xuexin-assistant/issues',
                       '-p', tmp, '-f', potfiles_in, '-D', root, '-k_',
                       '-o', args.package + '.pot', '--force-po']
                      + GLIB_PRESET, cwd=root)
            if res.returncode != 0:
                print(res.stdout + res.stderr)
                print('FAIL: xgettext could not build the template')
                return 1
            if res.stderr.strip():
                print(res.stderr.strip())
        else:
            with open(pot, 'w', encoding='utf-8') as f:
                f.write('msgid ""\nmsgstr ""\n'
                        '"Content-Type: text/plain; charset=UTF-8\\n"\n')

        merged = os.path.join(tmp, args.lang + '.po')
        res = run(['msgmerge', '--quiet', '--no-wrap', '-o', merged,
                   po_file, pot])
        if res.returncode != 0:
            print(res.stdout + res.stderr)
            print(f'FAIL: msgmerge could not merge po/{args.lang}.po')
            return 1

        if args.update:
            # Wrapped as msgmerge wraps by default, as the catalogues are kept.
            res = run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--update',
                       '--backup=off', po_file, pot])
            if res.returncode != 0:
                print(res.stdout + res.stderr)
                print(f'FAIL: msgmerge could not update po/{args.lang}.po')
                return 1

        res = run(['msgfmt', '--check', '--statistics', '-o', os.devnull,
                   merged])
        stats = (res.stdout + res.stderr).strip()
        if res.returncode != 0:
            print(stats)
            problems.append('msgfmt --check failed')
        elif stats:
            print(f'msgfmt --check --statistics on po/{args.lang}.po merged '
                  f'with the current sources:\n{stats}')

        for what, opt in (('untranslated', '--untranslated'),
                          ('fuzzy', '--only-fuzzy')):
            res = run(['msgattrib', opt, '--no-obsolete', '--no-wrap',
                       merged])
            if res.returncode != 0:
                print(res.stdout + res.stderr)
                problems.append(f'msgattrib {opt} failed')
                continue
            for entry in parse_po(res.stdout):
                if entry['msgid'] == '' and entry['msgctxt'] is None:
                    continue  # the header
                problems.append(f'{what}: {describe(entry)}')

        with open(merged, encoding='utf-8') as f:
            catalogue = parse_po(f.read())
        for entry in catalogue:
            if not entry['msgid'].endswith(';') or 'fuzzy' in entry['flags']:
                continue
            if not any('.desktop' in r for r in entry['refs']):
                continue
            for s in entry['msgstr']:
                if s and not s.endswith(';'):
                    problems.append('desktop keyword list must end with an '
                                    f'ASCII ";": {describe(entry)}')

    if problems:
        for p in problems:
            print(f'FAIL: {p}')
        print(f'FAIL: {len(problems)} problem(s) in po/{args.lang}.po')
        return 1
    print(f'OK: po/{args.lang}.po is complete and valid')
    return 0


if __name__ == '__main__':
    sys.exit(main())
