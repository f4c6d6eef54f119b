#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kiosk from the command line, as a deployer starts it.

`xuexin-assistant --kiosk` without a server refuses to start and says
why; `--kiosk --demo` runs its demo service in a temporary directory
that is gone after SIGTERM (how cage, GNOME Kiosk and systemd end it),
so no visitor's account outlives the app.  TAP output.
"""

import glob
import os
import signal
import subprocess
import sys
import tempfile
import time

app = sys.argv[1]
failures = 0
count = 0


def check(ok, what):
    global failures, count
    count += 1
    print(("ok %d %s" if ok else "not ok %d %s") % (count, what), flush=True)
    if not ok:
        failures += 1


def wait_for(condition, what, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    print("# timed out waiting for %s" % what)
    return False


print("1..4")
with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, TMPDIR=tmp, LANGUAGE="", LC_ALL="C.UTF-8", LANG="C.UTF-8",
               XDG_DATA_HOME=os.path.join(tmp, "data"), XDG_CONFIG_HOME=os.path.join(tmp, "config"),
               XDG_CACHE_HOME=os.path.join(tmp, "cache"))

    refused = subprocess.run([app, "--kiosk"], env=env, capture_output=True, text=True, timeout=60)
    check(refused.returncode == 1 and "Kiosk mode needs an account server" in refused.stderr
          and "--demo" in refused.stderr,
          "--kiosk without a server refuses to start, and says what to do")

    kiosk = subprocess.Popen([app, "--kiosk", "--demo"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        found = wait_for(lambda: glob.glob(os.path.join(tmp, "xuexin-kiosk-demo-*", "accounts.sqlite3")),
                         "the demo service's database")
        check(found and not glob.glob(os.path.join(tmp, "data", "*", "demo-service")),
              "--kiosk --demo keeps its demo service in a temporary directory, not the data directory")
        kiosk.send_signal(signal.SIGTERM)
        code = kiosk.wait(timeout=60)
        output = kiosk.stdout.read()
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
    check(code == 0, "SIGTERM quits cleanly (exit %s)" % code)
    leftover = glob.glob(os.path.join(tmp, "xuexin-kiosk-demo-*"))
    check(not leftover, "the demo directory is gone after the kiosk ends: %s" % leftover)
    if failures:
        print("# " + output.replace("\n", "\n# "))

sys.exit(1 if failures else 0)
