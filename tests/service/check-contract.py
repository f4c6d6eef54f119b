#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Holds the service tests' recorded traffic against docs/openapi.yaml.

Usage: check-contract.py SPEC LOG_DIR TEST_BINARY...

The service test helper (tests/service/service-test.c) appends every
exchange to LOG_DIR/<binary>.jsonl when XUEXIN_CONTRACT_LOG=LOG_DIR is set,
as meson sets it for the service suite. This test runs after that suite
(is_parallel: false, lowest priority) and reuses its logs; a log that is
missing or older than its binary (the test was run on its own, or the
binary was rebuilt since) is made again by running that binary here.

Each exchange must match one operation of the spec (path template and
method) and one of its statuses; its content type must be one the spec
lists for that status, and a JSON body must validate against the schema.
An exchange on a path the spec does not have may only be the answers every
path can give (404 not_found, 413 payload_too_large; 405 on a known path).
Any other exchange fails the test.
"""

import json
import os
import re
import subprocess
import sys
import urllib.parse

import jsonschema
import yaml

SPEC_URI = "urn:xuexin:openapi"
# The recorder works if it saw at least this many exchanges; the suite makes
# about 1500.
MIN_EXCHANGES = 500
# What a path the spec does not have answers (docs/openapi.yaml, info);
# the spec's x-every-path-errors add the answers of every path.
UNKNOWN_PATH_STATUSES = {404: "not_found"}


def make_validator_factory(spec):
    """Returns f(pointer) -> validator of the schema at that JSON pointer."""
    cls = jsonschema.Draft202012Validator
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry = Registry().with_resource(
            SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))

        def factory(pointer):
            ref = SPEC_URI + "#" + urllib.parse.quote(pointer, safe="/~")
            return cls({"$ref": ref}, registry=registry)
    except ImportError:
        # Debian 12's jsonschema 4.10 has no referencing library.
        resolver = jsonschema.RefResolver(SPEC_URI, spec)

        def factory(pointer):
            ref = SPEC_URI + "#" + urllib.parse.quote(pointer, safe="/~")
            return cls({"$ref": ref}, resolver=resolver)
    return factory


def escape(token):
    return token.replace("~", "~0").replace("/", "~1")


def deref(spec, node, pointer):
    """Follows a $ref of a response object; returns (node, its pointer)."""
    while isinstance(node, dict) and "$ref" in node:
        pointer = node["$ref"][1:]
        node = spec
        for part in pointer.strip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node, pointer


class Operation:
    def __init__(self, template, method, op):
        self.template = template
        self.method = method.upper()
        self.op = op
        self.segments = template.strip("/").split("/")
        self.literals = sum(1 for s in self.segments if not s.startswith("{"))
        self.seen = 0
        self.statuses_seen = set()

    def matches(self, segments):
        if len(segments) != len(self.segments):
            return False
        for want, got in zip(self.segments, segments):
            if want.startswith("{"):
                if got == "":
                    return False
            elif want != got:
                return False
        return True

    def name(self):
        return "%s %s" % (self.method, self.template)


def load_operations(spec):
    ops = []
    for template, item in spec["paths"].items():
        for method, op in item.items():
            if method in ("get", "put", "post", "delete", "patch", "head", "options"):
                ops.append(Operation(template, method, op))
    return ops


def refresh_logs(log_dir, binaries):
    env = dict(os.environ, XUEXIN_CONTRACT_LOG=log_dir)
    for binary in binaries:
        log = os.path.join(log_dir, os.path.basename(binary) + ".jsonl")
        if os.path.exists(log) and os.path.getmtime(log) >= os.path.getmtime(binary):
            continue
        print("# recording %s" % os.path.basename(binary), flush=True)
        result = subprocess.run([binary], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, check=False)
        if result.returncode != 0:
            sys.stderr.write(result.stderr.decode(errors="replace")[-4000:])
            raise SystemExit("%s failed (%d) while recording" % (binary, result.returncode))
        # A test that makes no exchange through the helper leaves no log:
        # an empty one says it is done.
        open(log, "a", encoding="utf-8").close()


def check(spec, log_dir, binaries):
    factory = make_validator_factory(spec)
    validators = {}
    ops = load_operations(spec)
    failures = []
    n = 0
    every_path = {int(k): v for k, v in spec.get("x-every-path-errors", {}).items()}
    unknown_path = {**UNKNOWN_PATH_STATUSES, **every_path}

    def check_error(e, code, where):
        content_type = (e["content_type"] or "").split(";")[0].strip()
        if content_type != "application/json" or not isinstance(e["body"], dict):
            failures.append("%s: not a JSON error" % where)
        elif validate("/components/schemas/ErrorResponse", e["body"], where) \
                and e["body"]["error"]["code"] != code:
            failures.append("%s: %s, not %s" % (where, e["body"]["error"]["code"], code))

    def validate(pointer, body, where):
        if pointer not in validators:
            validators[pointer] = factory(pointer)
        errors = sorted(validators[pointer].iter_errors(body), key=lambda e: list(e.path))
        for error in errors[:3]:
            failures.append("%s: %s at %s" % (where, error.message,
                                              "/".join(str(p) for p in error.absolute_path)))
        return not errors

    for binary in binaries:
        name = os.path.basename(binary)
        log = os.path.join(log_dir, name + ".jsonl")
        if not os.path.exists(log):
            continue
        with open(log, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                e = json.loads(line)
                n += 1
                where = "%s:%d %s %s → %d" % (name, lineno, e["method"], e["path"], e["status"])
                status = e["status"]
                content_type = (e["content_type"] or "").split(";")[0].strip()
                segments = e["path"].strip("/").split("/")
                candidates = [op for op in ops if op.matches(segments)]
                op = next((o for o in sorted(candidates, key=lambda o: -o.literals)
                           if o.method == e["method"]), None)

                if op is None:
                    code = unknown_path.get(status)
                    if status == 405 and candidates:
                        code = "invalid_request"
                    if code is None:
                        failures.append("%s: no operation in the spec" % where)
                    else:
                        check_error(e, code, where)
                    continue

                op.seen += 1
                responses = op.op.get("responses", {})
                key = str(status)
                if key not in responses and status in every_path:
                    check_error(e, every_path[status], where)
                    continue
                if key not in responses:
                    failures.append("%s: status %d not in %s" % (where, status, op.name()))
                    continue
                op.statuses_seen.add(key)
                base = "/paths/%s/%s/responses/%s" % (escape(op.template), op.method.lower(), key)
                response, pointer = deref(spec, responses[key], base)
                content = response.get("content")
                if not content:
                    if e["length"] != 0:
                        failures.append("%s: a body where the spec has none" % where)
                    continue
                if content_type not in content:
                    failures.append("%s: content type %r, the spec has %s"
                                    % (where, content_type, ", ".join(content)))
                    continue
                if content_type == "application/json":
                    if not isinstance(e["body"], (dict, list)):
                        failures.append("%s: no JSON body" % where)
                        continue
                    validate("%s/content/%s/schema" % (pointer, escape(content_type)),
                             e["body"], where)

    return n, ops, failures


def main():
    spec_path, log_dir, binaries = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    os.makedirs(log_dir, exist_ok=True)
    refresh_logs(log_dir, binaries)
    n, ops, failures = check(spec, log_dir, binaries)

    exercised = [op for op in ops if op.seen]
    print("# %d exchanges, %d of %d operations exercised"
          % (n, len(exercised), len(ops)))
    declared = sum(len(op.op.get("responses", {})) for op in ops)
    print("# %d of %d declared responses (operation, status) seen"
          % (sum(len(op.statuses_seen) for op in ops), declared))
    for op in ops:
        if not op.seen:
            print("# never exercised: %s" % op.name())
    if os.environ.get("XUEXIN_CONTRACT_VERBOSE"):
        for op in ops:
            unseen = sorted(set(op.op.get("responses", {})) - op.statuses_seen)
            if unseen:
                print("# %s: never %s" % (op.name(), ", ".join(unseen)))
    for failure in failures:
        print("FAIL %s" % failure)
    if n < MIN_EXCHANGES:
        print("FAIL only %d exchanges recorded (at least %d expected): is the recorder on?"
              % (n, MIN_EXCHANGES))
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
