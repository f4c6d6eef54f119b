#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyboard-only walk: the app driven by real key events (XTest through
AT-SPI's generate_keyboard_event, on Xvfb) and read back through AT-SPI
only, as a blind user would. After every key the focused object (role and
name) is asserted. Entry rows of libadwaita 1.2 never report focus over
AT-SPI, so focus in a field is asserted by typing into it and reading the
text back from that field (what a screen reader echoes).

Usage (meson runs it): test-keyboard-walk.py APP_BINARY
Prints TAP.
"""

import os
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

R = Atspi.Role
S = Atspi.StateType
KEYSYM = {"Tab": 0xff09, "Return": 0xff0d, "Escape": 0xff1b, "space": 0x20,
          "Shift_L": 0xffe1, "Alt_L": 0xffe9, "BackSpace": 0xff08}

steps = 0


def ok(what):
    global steps
    steps += 1
    print("ok %d %s" % (steps, what), flush=True)


def fail(what):
    global steps
    steps += 1
    print("not ok %d %s" % (steps, what), flush=True)
    print("1..%d" % steps)
    sys.exit(1)


def wait_for(condition, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            fail("timed out waiting for " + what)
        time.sleep(0.05)


def key(name, shift=False, alt=False):
    mods = [KEYSYM["Shift_L"]] if shift else []
    mods += [KEYSYM["Alt_L"]] if alt else []
    for m in mods:
        Atspi.generate_keyboard_event(m, None, Atspi.KeySynthType.PRESS | Atspi.KeySynthType.SYM)
    Atspi.generate_keyboard_event(KEYSYM.get(name, ord(name[0]) if len(name) == 1 else 0), None,
                                  Atspi.KeySynthType.PRESSRELEASE | Atspi.KeySynthType.SYM)
    for m in reversed(mods):
        Atspi.generate_keyboard_event(m, None, Atspi.KeySynthType.RELEASE | Atspi.KeySynthType.SYM)


def type_text(text):
    # KEY_STRING goes through XTest keysyms one character at a time, CJK too.
    Atspi.generate_keyboard_event(0, text, Atspi.KeySynthType.STRING)


def find_app(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except GLib.Error:
            pass
    return None


def walk(obj):
    """Objects of @obj's tree that are on screen (see xuexin-a11y-check.py)."""
    stack = [obj]
    while stack:
        o = stack.pop()
        try:
            if not o.get_state_set().contains(S.VISIBLE):
                continue
            try:
                e = o.get_extents(Atspi.CoordType.WINDOW)
                if e.width <= 0 or e.height <= 0:
                    continue
            except GLib.Error:
                pass
            yield o
            n = o.get_child_count()
        except GLib.Error:
            continue
        for i in range(n - 1, -1, -1):
            c = o.get_child_at_index(i)
            if c is not None:
                stack.append(c)


def active_window(app):
    for i in range(app.get_child_count()):
        w = app.get_child_at_index(i)
        if w is not None and w.get_state_set().contains(S.ACTIVE):
            return w
    return None


def focused(app):
    win = active_window(app)
    if win is None:
        return None
    for o in walk(win):
        if o.get_state_set().contains(S.FOCUSED):
            return o
    return None


def field(app, name):
    win = active_window(app)
    for o in walk(win) if win else []:
        if o.get_role() in (R.TEXT, R.ENTRY, R.PASSWORD_TEXT) and o.get_name() == name:
            return o
    return None


def text(obj):
    return Atspi.Text.get_text(obj, 0, Atspi.Text.get_character_count(obj))


def expect_focus(app, role, name, what):
    def matches():
        f = focused(app)
        return f if f is not None and f.get_role() == role and f.get_name() == name else None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if matches():
            ok("%s: focus on %s “%s”" % (what, Atspi.role_get_name(role), name))
            return
        time.sleep(0.05)
    f = focused(app)
    fail("%s: focus on %s, expected %s “%s”" % (
        what, "nothing" if f is None else "%s “%s”" % (f.get_role_name(), f.get_name()),
        Atspi.role_get_name(role), name))


def expect_typing_into(app, name, typed, what):
    """The focus is in the field @name: what is typed lands there."""
    row = wait_for(lambda: field(app, name), "the field “%s”" % name)
    before = text(row)
    type_text(typed)
    if wait_for(lambda: text(row) == before + typed or None, "“%s” to reach “%s”" % (typed, name), 5):
        ok("%s: typing lands in “%s”" % (what, name))


def main():
    binary = sys.argv[1]
    zh = os.environ.get("LANG", "").startswith("zh")
    T = (lambda en, cn: cn if zh else en)
    home = tempfile.mkdtemp(prefix="xuexin-walk-")
    env = dict(os.environ, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, XDG_CACHE_HOME=home,
               GTK_A11Y="atspi", NO_AT_BRIDGE="0")
    app_process = subprocess.Popen([binary], env=env)
    try:
        Atspi.init()
        app = wait_for(lambda: find_app(app_process.pid), "the app on the AT-SPI bus", 30)
        wait_for(lambda: active_window(app), "the main window")
        wait_for(lambda: field(app, T("Phone number, ID number or email", "手机号、身份证号或邮箱")),
                 "the sign-in page")
        ok("the app is on the AT-SPI bus")

        # The first window starts in the login field.
        expect_typing_into(app, T("Phone number, ID number or email", "手机号、身份证号或邮箱"),
                           "13900000001", "app start")
        key("Tab")
        expect_typing_into(app, T("Password", "密码"), "x", "Tab from the login field")

        # Tab through the rest of the page: every stop is named.
        seen = []
        for _ in range(12):
            key("Tab")
            time.sleep(0.15)
            f = focused(app)
            if f is None:
                continue  # an entry row or its eye button (see above)
            name = f.get_name() or ""
            if name.strip() == "" or name.startswith(("Gtk", "Adw", "Xuexin")):
                fail("Tab stop %s has no name (“%s”)" % (f.get_role_name(), name))
            seen.append(name)
            if name == T("Register", "注册"):
                break
        ok("Tab stops on the sign-in page are named: " + ", ".join(seen))
        expect_focus(app, R.PUSH_BUTTON, T("Register", "注册"), "Tab to Register")

        # Register starts in the phone field; Cancel returns to the opener.
        key("Return")
        expect_typing_into(app, T("Mobile phone number", "手机号码"), "13900000002", "Register opened")
        key("Escape")
        time.sleep(0.3)
        if field(app, T("Mobile phone number", "手机号码")) is not None:
            key("c", alt=True)  # Cancel's mnemonic, when Escape does not cancel
        expect_focus(app, R.PUSH_BUTTON, T("Register", "注册"), "Register cancelled")
    finally:
        app_process.terminate()
        app_process.wait(10)
    print("1..%d" % steps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
