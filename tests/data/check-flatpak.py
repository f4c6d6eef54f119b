#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lint flatpak/io.github.xuexin.Assistant.json.

Usage: check-flatpak.py [SOURCE_ROOT]

Checks the application ID against the data files, the runtime/SDK pair, the
command, the sandbox permissions (exactly the allowed set), the build order
of the modules and that every downloaded source is pinned to a checksum or
a commit.
"""

import glob
import json
import os
import re
import sys

APP_MODULE = 'xuexin-assistant'
COMMAND = 'xuexin-assistant'
RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
ALLOWED_FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}
# Modules that must be built before the application.
DEPENDENCIES = ['libsodium', 'libqrencode']
REQUIRED_CLEANUP = ['/include', '/lib/pkgconfig', '*.la', '*.a']
SHA256_RE = re.compile(r'^[0-9a-f]{64}$')
COMMIT_RE = re.compile(r'^[0-9a-f]{40}$')
LOCAL_SOURCE_TYPES = {'patch', 'shell', 'script', 'inline'}


class Checker:
    def __init__(self):
        self.errors = []

    def error(self, msg):
        self.errors.append(msg)

    def check_sources(self, module, is_app):
        name = module.get('name', '<unnamed>')
        sources = module.get('sources', [])
        if not isinstance(sources, list):
            self.error(f'module {name}: "sources" is not a list')
            return
        for i, src in enumerate(sources):
            where = f'module {name}, source {i}'
            if not isinstance(src, dict):
                self.error(f'{where}: external source files are not allowed')
                continue
            kind = src.get('type')
            if kind in ('archive', 'file'):
                url = src.get('url')
                if not url:
                    if kind == 'file' and 'path' in src:
                        continue  # a file from the repository itself
                    self.error(f'{where}: {kind} source without "url"')
                elif not url.startswith('https://'):
                    self.error(f'{where}: url {url} is not https')
                sha = src.get('sha256', '')
                if not SHA256_RE.match(str(sha)):
                    self.error(f'{where}: {kind} source needs a "sha256" of '
                               f'64 lowercase hex digits, has {sha!r}')
            elif kind == 'git':
                if not src.get('url'):
                    self.error(f'{where}: git source without "url"')
                commit = src.get('commit', '')
                if not COMMIT_RE.match(str(commit)):
                    self.error(f'{where}: git source needs a "commit" of '
                               f'40 hex digits, has {commit!r}')
            elif kind == 'dir':
                if not is_app:
                    self.error(f'{where}: "dir" sources are only allowed '
                               f'for the {APP_MODULE} module')
            elif kind in LOCAL_SOURCE_TYPES:
                pass
            else:
                self.error(f'{where}: source type {kind!r} is not allowed')

    def walk_modules(self, modules, order, depth=0):
        """Checks each module's sources and appends names in build order
        (nested modules are built before their parent)."""
        for module in modules:
            if not isinstance(module, dict):
                self.error(f'module {module!r}: external module files are '
                           'not allowed')
                continue
            name = module.get('name')
            if not name:
                self.error('a module has no "name"')
                continue
            self.walk_modules(module.get('modules', []), order, depth + 1)
            is_app = depth == 0 and name == APP_MODULE
            self.check_sources(module, is_app)
            order.append(name)


def expected_app_id(root):
    ids = set()
    for pattern, suffix in (('*.desktop.in.in', '.desktop.in.in'),
                            ('*.metainfo.xml.in.in', '.metainfo.xml.in.in')):
        for path in glob.glob(os.path.join(root, 'data', pattern)):
            ids.add(os.path.basename(path)[:-len(suffix)])
    return ids


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir)
    root = os.path.abspath(root)
    checker = Checker()
    error = checker.error

    ids = expected_app_id(root)
    if len(ids) != 1:
        print(f'FAIL: expected one application ID in data/*.desktop.in.in '
              f'and data/*.metainfo.xml.in.in, found {sorted(ids) or "none"}')
        return 1
    app_id = ids.pop()

    path = os.path.join(root, 'flatpak', app_id + '.json')
    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f'FAIL: cannot read {os.path.relpath(path, root)}: {e}')
        return 1

    manifest_id = manifest.get('app-id', manifest.get('id'))
    if manifest_id != app_id:
        error(f'app-id is {manifest_id!r}, the data files say {app_id!r}')

    runtime = str(manifest.get('runtime', ''))
    sdk = str(manifest.get('sdk', ''))
    version = manifest.get('runtime-version')
    runtime_name, _, runtime_branch = runtime.partition('//')
    sdk_name, _, sdk_branch = sdk.partition('//')
    if runtime_name != RUNTIME:
        error(f'runtime is {runtime!r}, expected {RUNTIME}')
    if sdk_name != SDK:
        error(f'sdk is {sdk!r}, expected {SDK}')
    if not isinstance(version, str) or not version:
        error('runtime-version must be a non-empty string')
    runtime_version = runtime_branch or version
    sdk_version = sdk_branch or version
    if runtime_version != sdk_version:
        error(f'runtime version {runtime_version!r} differs from the sdk '
              f'version {sdk_version!r}')

    if manifest.get('command') != COMMAND:
        error(f'command is {manifest.get("command")!r}, expected {COMMAND}')

    finish_args = manifest.get('finish-args', [])
    if len(finish_args) != len(set(finish_args)):
        error('finish-args has duplicates')
    for arg in finish_args:
        if arg.startswith('--filesystem'):
            error(f'finish-args must not grant file system access: {arg}')
        elif arg not in ALLOWED_FINISH_ARGS:
            error(f'finish-args: {arg} is not allowed')
    for arg in sorted(ALLOWED_FINISH_ARGS - set(finish_args)):
        error(f'finish-args: {arg} is missing')

    cleanup = manifest.get('cleanup', [])
    for entry in REQUIRED_CLEANUP:
        if entry not in cleanup:
            error(f'cleanup does not remove {entry}')

    modules = manifest.get('modules')
    if not isinstance(modules, list) or not modules:
        error('modules must be a non-empty list')
        modules = []
    order = []
    checker.walk_modules(modules, order)

    top_names = [m.get('name') for m in modules if isinstance(m, dict)]
    if not top_names or top_names[-1] != APP_MODULE:
        error(f'the last module must be {APP_MODULE}, modules are {top_names}')
    else:
        app = modules[-1]
        if app.get('buildsystem') != 'meson':
            error(f'module {APP_MODULE} must use buildsystem meson')
    if order.count(APP_MODULE) != 1:
        error(f'module {APP_MODULE} must appear exactly once')
    app_pos = order.index(APP_MODULE) if APP_MODULE in order else len(order)
    for dep in DEPENDENCIES:
        if dep not in order:
            error(f'module {dep} is missing')
        elif order.index(dep) > app_pos:
            error(f'module {dep} must be built before {APP_MODULE}')

    if checker.errors:
        for e in checker.errors:
            print(f'FAIL: {e}')
        print(f'FAIL: {len(checker.errors)} problem(s) in '
              f'{os.path.relpath(path, root)}')
        return 1
    print(f'OK: {os.path.relpath(path, root)} ({app_id}, {RUNTIME} '
          f'{version}, modules {", ".join(order)})')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
