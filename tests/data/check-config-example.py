#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks data/xuexin-accountd.conf against the configuration loader.

The keys the loader reads and their defaults come from
src/service/xuexin-service-config.c: every read_*() call of
xuexin_service_config_new_from_key_file() and its [limits] table name a
group, a key and the field it fills, and xuexin_service_config_new() gives
the field's default. The example must list every such key, commented out,
in its group, with that default (empty for none), and no other key.

Usage: check-config-example.py SOURCE_ROOT
"""

import re
import sys
from pathlib import Path

# libsodium's constants the defaults use (crypto_pwhash_*_INTERACTIVE of
# Argon2id, the same in every libsodium since 1.0.15).
CONSTANTS = {
    "crypto_pwhash_OPSLIMIT_INTERACTIVE": 2,
    "crypto_pwhash_MEMLIMIT_INTERACTIVE": 67108864,
    "XUEXIN_DELIVERY_LOG": "log",
}

# Keys whose value goes through a temporary before its field.
INDIRECT = {
    ("delivery", "backend"): "delivery",
    ("hashing", "opslimit"): "pwhash_opslimit",
    ("hashing", "memlimit"): "pwhash_memlimit",
    ("limits", "max-body-size"): "max_body_size",
    ("limits", "max-request-line"): "max_request_line",
    ("limits", "max-header-size"): "max_header_size",
}


def loader_keys(source):
    """{(group, key): field or None} from the loader's code."""
    start = source.index("xuexin_service_config_new_from_key_file (GKeyFile")
    end = source.index("\naddress_is_loopback", start)
    body = source[start:end]
    keys = {}
    for m in re.finditer(r'read_(?:string|boolean|uint64|uint)\s*\(\s*key_file,\s*'
                         r'"([a-z-]+)",\s*(?:"([a-z-]+)"|limits\[0\]\.key),\s*'
                         r'(?:&config->([a-z_0-9]+))?', body):
        group, key, field = m.group(1), m.group(2), m.group(3)
        if key is None:
            continue  # the limits table's first entry, found below
        keys[(group, key)] = field
    for m in re.finditer(r'\{\s*"([a-z-]+)",\s*(?:&config->([a-z_0-9]+)|NULL)\s*\}', body):
        keys[("limits", m.group(1))] = m.group(2)
    # The loop over the table must still read [limits].
    assert 'read_uint (key_file, "limits", limits[i].key' in body, "limits loop changed"
    for (group, key), field in INDIRECT.items():
        assert (group, key) in keys, f"[{group}] {key} not found in the loader"
        assert keys[(group, key)] is None, f"[{group}] {key} is read directly now"
        keys[(group, key)] = field
    missing = [k for k, f in keys.items() if f is None]
    assert not missing, f"no field for {missing}"
    return keys


def defaults(source):
    """{field: default} from xuexin_service_config_new()."""
    start = source.index("xuexin_service_config_new (void)")
    end = source.index("return config;", start)
    values = {}
    for m in re.finditer(r'config->([a-z_0-9]+)\s*=\s*([^;]+);', source[start:end]):
        field, expr = m.group(1), m.group(2).strip()
        s = re.fullmatch(r'g_strdup \("([^"]*)"\)', expr)
        if s:
            values[field] = s.group(1)
        elif expr in CONSTANTS:
            values[field] = CONSTANTS[expr]
        elif expr in ("TRUE", "FALSE"):
            values[field] = expr == "TRUE"
        else:
            assert re.fullmatch(r'[0-9 *+]+', expr), f"cannot read the default {expr!r}"
            values[field] = eval(expr)  # digits and * only
    return values


def example_keys(text):
    """{(group, key): value} of the commented-out keys of the example."""
    keys = {}
    group = None
    for number, line in enumerate(text.splitlines(), 1):
        header = re.fullmatch(r'\[([a-z-]+)\]', line)
        if header:
            group = header.group(1)
            continue
        entry = re.fullmatch(r'#([a-z][a-z0-9-]*)=(.*)', line)
        if entry:
            assert group is not None, f"line {number}: a key before any group"
            assert (group, entry.group(1)) not in keys, f"line {number}: a key twice"
            keys[(group, entry.group(1))] = entry.group(2)
            continue
        assert line == "" or line.startswith("# ") or line == "#", \
            f"line {number}: neither a comment, a commented-out key nor a group: {line!r}"
    return keys


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def main():
    root = Path(sys.argv[1])
    source = (root / "src" / "service" / "xuexin-service-config.c").read_text()
    example = (root / "data" / "xuexin-accountd.conf").read_text()

    known = loader_keys(source)
    values = defaults(source)
    listed = example_keys(example)
    errors = []

    for key, field in sorted(known.items()):
        name = f"[{key[0]}] {key[1]}"
        if key not in listed:
            errors.append(f"{name} is missing from the example")
            continue
        # A field the defaults leave alone is 0, FALSE or NULL.
        default = values.get(field)
        expected = as_text(default)
        if default is None and field not in values:
            expected = listed[key] if listed[key] in ("", "0", "false") else "(unset)"
        if listed[key] != expected:
            errors.append(f"{name}: the example says {listed[key]!r}, the code {expected!r}")
    for key in sorted(set(listed) - set(known)):
        errors.append(f"[{key[0]}] {key[1]} is in the example but the loader does not read it")

    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(known)} keys checked")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
