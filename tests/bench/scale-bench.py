#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scale benchmark of the account service (issue 9, item 7).

Fills two service databases, with SMALL (default 1 000) and LARGE (default
1 000 000) accounts, starts the real xuexin-accountd on each (both at
once, on two ports) and measures, alternating between the two so that
the noise of a shared machine falls on both alike, the latency of:

  sign-in by phone, sign-in by email (POST /sessions),
  registration (POST /sms-codes register, then POST /accounts),
  recovery (POST /sms-codes find_username, then POST /account/find-username),
  GET /me.

It prints the medians at both sizes, their ratio (goal: <= 1.1), the
median of the paired differences (large - small, the two requests of a
pair back to back) and the paired ratio 1 + difference / small median,
which load that changes during the run (other processes on a shared
machine) disturbs far less than the ratio of the medians.

The rows are inserted directly into the service's own schema (created by
the service itself at its first start) with SQLite, in one transaction
per database; every account has the same password hash, one real
Argon2id hash computed by the service when it registered the benchmark
account. The benchmark account is registered through the API.

Usage (see tests/bench/run-bench.sh scale):
  scale-bench.py ACCOUNTD [SMALL LARGE]
Environment: SAMPLES (hashing requests per size and measure, default 31),
CHEAP_SAMPLES (other requests, default 100), KEEP=1 keeps the work dir.
"""
import http.client
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ACCOUNTD = sys.argv[1]
SIZES = [int(sys.argv[2]) if len(sys.argv) > 2 else 1000,
         int(sys.argv[3]) if len(sys.argv) > 3 else 1000000]
SAMPLES = int(os.environ.get("SAMPLES", "31"))
CHEAP_SAMPLES = int(os.environ.get("CHEAP_SAMPLES", "100"))
PORTS = [18490, 18491]
PASSWORD = "Bench#password2024"
NAME = "测试用户"
BENCH_PHONE = "15800000001"
BENCH_EMAIL = "bench.user@example.com"

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(n):
    """A valid resident ID number, distinct for each n < 36 500 000."""
    day, seq = divmod(n, 1000)
    year = 1950 + (day // 365) % 50
    month = 1 + (day % 365) // 31 % 12
    dom = 1 + (day % 365) % 28
    first17 = "110101%04d%02d%02d%03d" % (year, month, dom, seq)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


class Service:
    def __init__(self, work, size, port):
        self.size = size
        self.port = port
        self.dir = os.path.join(work, "data-%d" % size)
        self.outbox = os.path.join(self.dir, "outbox.jsonl")
        self.db = os.path.join(self.dir, "accounts.sqlite3")
        self.config = os.path.join(work, "service-%d.conf" % size)
        self.log = open(os.path.join(work, "service-%d.log" % size), "w")
        os.makedirs(self.dir)
        # Limits out of the way: every request comes from 127.0.0.1 and
        # the recovery codes all go to the benchmark phone.
        with open(self.config, "w") as f:
            f.write("[service]\nport=%d\ndata-dir=%s\n"
                    "[delivery]\nbackend=outbox\noutbox-file=%s\n"
                    "[limits]\ncode-resend-interval=0\n"
                    "code-daily-limit-per-recipient=100000\n"
                    "code-daily-limit-per-ip=100000\n"
                    "email-registrations-per-ip=100000\n" % (port, self.dir, self.outbox))
        self.process = None
        self.conn = None

    def start(self):
        self.process = subprocess.Popen([ACCOUNTD, "--config", self.config],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                self.conn = None
            time.sleep(0.1)
        raise SystemExit("the service on port %d did not start" % self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.conn = None

    def request(self, method, path, body=None, token=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        data = json.dumps(body).encode() if body is not None else None
        try:
            self.conn.request(method, "/api/v1" + path, data, headers)
            reply = self.conn.getresponse()
            text = reply.read()
        except (http.client.HTTPException, ConnectionError):
            self.conn.close()
            self.conn = None
            raise
        if reply.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return reply.status, json.loads(text) if text else None

    def last_code(self, recipient):
        with open(self.outbox) as f:
            for line in reversed(f.readlines()):
                message = json.loads(line)
                if message["recipient"] == recipient:
                    return message["code"]
        raise SystemExit("no code for %s" % recipient)

    def expect(self, status, method, path, body=None, token=None):
        got, reply = self.request(method, path, body, token)
        if got != status:
            raise SystemExit("%s %s on the %d-account service: %d %s"
                             % (method, path, self.size, got, reply))
        return reply

    def register(self, phone, id_number, email):
        self.expect(201, "POST", "/sms-codes", {"purpose": "register", "phone": phone})
        return {"phone": phone, "sms_code": self.last_code(phone), "password": PASSWORD,
                "password_confirmation": PASSWORD, "name": NAME,
                "id_type": "resident_id", "id_number": id_number, "email": email}


def filler_email(i):
    """Spread over the alphabet like real addresses, so that the benchmark
    account's (bench.user@…) is in the middle of them: a scan that stops
    at the first match must not find it among the first rows."""
    return "%08x%d.user@example.com" % ((i * 2654435761) % 2 ** 32, i)


def fill(service, count, password_hash):
    """count more accounts (and their used emails) in one transaction."""
    now = int(time.time() * 1e6)
    db = sqlite3.connect(service.db, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    # The email index is filled in random order: with SQLite's default
    # 2 MB cache that is minutes of page misses, with 512 MB seconds.
    db.execute("PRAGMA cache_size = -524288")
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO accounts (phone, name, id_type, id_number, email, password_hash, state, "
        "created_at, updated_at) VALUES (?, ?, 'resident_id', ?, ?, ?, 'active', ?, ?)",
        (("130%08d" % i, NAME, resident_id(i), filler_email(i), password_hash,
          now - i, now - i) for i in range(count)))
    db.execute("INSERT INTO used_emails (email, account_id, used_at) "
               "SELECT email, id, created_at FROM accounts WHERE email != ?", (BENCH_EMAIL,))
    db.execute("COMMIT")
    accounts, = db.execute("SELECT COUNT(*) FROM accounts").fetchone()
    version, = db.execute("PRAGMA user_version").fetchone()
    db.close()
    return accounts, version


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    work = tempfile.mkdtemp(prefix="xuexin-scale-bench-")
    services = [Service(work, size, port) for size, port in zip(SIZES, PORTS)]
    bench_id = resident_id(36400000)
    password_hash = None
    try:
        # The schema from the service itself, the benchmark account through
        # the API (its hash is the one real hash every other row gets).
        for service in services:
            service.start()
            service.expect(201, "POST", "/accounts",
                           service.register(BENCH_PHONE, bench_id, BENCH_EMAIL))
            service.stop()
            if password_hash is None:
                db = sqlite3.connect(service.db)
                password_hash, = db.execute("SELECT password_hash FROM accounts").fetchone()
                db.close()
            start = time.perf_counter()
            accounts, version = fill(service, service.size - 1, password_hash)
            print("filled %d accounts (schema version %d) in %.1f s"
                  % (accounts, version, time.perf_counter() - start), flush=True)
            service.start()

        tokens = [s.expect(201, "POST", "/sessions",
                           {"login_name": BENCH_PHONE, "password": PASSWORD})["token"]
                  for s in services]
        serial = [0]

        def sign_in_phone(s, i):
            return timed(lambda: s.expect(201, "POST", "/sessions",
                                          {"login_name": BENCH_PHONE, "password": PASSWORD}))

        def sign_in_email(s, i):
            return timed(lambda: s.expect(201, "POST", "/sessions",
                                          {"login_name": BENCH_EMAIL, "password": PASSWORD}))

        def registration(s, i):
            serial[0] += 1
            n = serial[0]
            phone, email = "186%08d" % n, "new%d@example.com" % n
            body = {}
            t = timed(lambda: body.update(s.register(phone, resident_id(36000000 + n), email)))
            return t + timed(lambda: s.expect(201, "POST", "/accounts", body))

        def recovery(s, i):
            t = timed(lambda: s.expect(201, "POST", "/sms-codes",
                                       {"purpose": "find_username", "name": NAME,
                                        "id_type": "resident_id", "id_number": bench_id}))
            code = s.last_code(BENCH_PHONE)
            return t + timed(lambda: s.expect(200, "POST", "/account/find-username",
                                              {"name": NAME, "id_type": "resident_id",
                                               "id_number": bench_id, "sms_code": code}))

        def get_me(s, i):
            return timed(lambda: s.expect(200, "GET", "/me", token=tokens[services.index(s)]))

        measures = [("sign-in (phone)", sign_in_phone, SAMPLES),
                    ("sign-in (email)", sign_in_email, SAMPLES),
                    ("registration (code + POST /accounts)", registration, SAMPLES),
                    ("recovery (code + find-username)", recovery, CHEAP_SAMPLES),
                    ("GET /me", get_me, CHEAP_SAMPLES)]
        results = []
        for name, function, samples in measures:
            times = [[], []]
            for i in range(2):  # warm-up
                for s in services:
                    function(s, i)
            for i in range(samples):
                # Alternate which size goes first.
                order = [0, 1] if i % 2 == 0 else [1, 0]
                for k in order:
                    times[k].append(function(services[k], i))
            medians = [statistics.median(t) * 1000 for t in times]
            # The median of the paired differences (large - small, the two
            # requests of a pair run back to back) is less sensitive than
            # the medians to load that changes during the run.
            difference = statistics.median(b - a for a, b in zip(*times)) * 1000
            results.append((name, medians, medians[1] / medians[0], difference, samples))
            print("%-38s %8.2f ms %8.2f ms   %.2fx  %+.2f ms"
                  % (name, medians[0], medians[1], medians[1] / medians[0], difference),
                  flush=True)

        print()
        print("== summary: median latency, %d vs %d accounts (goal: ratio <= 1.10)"
              % tuple(SIZES))
        print("| measure | %d accounts | %d accounts | ratio | paired difference "
              "| paired ratio | samples per size |" % tuple(SIZES))
        print("|---|---|---|---|---|---|---|")
        for name, medians, ratio, difference, samples in results:
            print("| %s | %.2f ms | %.2f ms | %.2f× | %+.2f ms | %.2f× | %d |"
                  % (name, medians[0], medians[1], ratio, difference,
                     1 + difference / medians[0], samples))
        worst = max(r[2] for r in results)
        worst_paired = max(1 + r[3] / r[1][0] for r in results)
        print("worst ratio of medians %.2f (%s), worst paired ratio %.2f (%s)"
              % (worst, "met" if worst <= 1.1 else "NOT met",
                 worst_paired, "met" if worst_paired <= 1.1 else "NOT met"))
    finally:
        for service in services:
            if service.process is not None and service.process.poll() is None:
                service.stop()
        if os.environ.get("KEEP") == "1":
            print("work dir kept:", work)
        else:
            shutil.rmtree(work)


main()
