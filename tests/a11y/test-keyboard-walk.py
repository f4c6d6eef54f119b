#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyboard-only walk: the app driven by real key events (XTest through
AT-SPI's generate_keyboard_event, on Xvfb) and read back through AT-SPI
only, as a blind user would: register an account, sign out, sign in, sign
out and find the username. The SMS codes are read from the Demo Messages
popover, opened by keyboard. After every step the focused object (role and
name) is asserted; every failure says what was expected and what had focus.

Entry rows of libadwaita 1.2 never report focus over AT-SPI (README, known
limitations), so focus in a field is found by typing End and one digit and
seeing which field it reached (then erasing it): what a screen reader echoes.

CJK text is typed with KeySynthType.STRING: at-spi2-core remaps a spare
keycode to each character's keysym, which GTK takes under Xvfb, one
character at a time (GTK reads the remapped key when it handles the event;
the middle dot U+00B7 did not come through, so names here have none).

Usage (meson runs it): test-keyboard-walk.py APP_BINARY
Prints TAP; a failed step is "not ok" and the walk goes on where it can.
"""

import os
import re
import subprocess
import sys
import tempfile
import time

# The app runs with the suite's G_DEBUG (fatal warnings); this client must
# not: libatspi warns when it asks a GTK 4.8 app for the cache interface it
# does not have, which would abort the walk. Taken out before GLib loads.
APP_G_DEBUG = os.environ.pop("G_DEBUG", None)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

R = Atspi.Role
S = Atspi.StateType
KEYSYM = {"Tab": 0xff09, "Return": 0xff0d, "Escape": 0xff1b, "space": 0x20,
          "Shift_L": 0xffe1, "Alt_L": 0xffe9, "Control_L": 0xffe3, "BackSpace": 0xff08,
          "Down": 0xff54, "Up": 0xff52, "End": 0xff57}
TEXT_ROLES = (R.TEXT, R.ENTRY, R.PASSWORD_TEXT)

steps = 0
failed = 0


class Stop(Exception):
    """A step failed in a way the walk cannot go on from."""


def ok(what):
    global steps
    steps += 1
    print("ok %d %s" % (steps, what), flush=True)


def not_ok(what):
    global steps, failed
    steps += 1
    failed += 1
    print("not ok %d %s" % (steps, what), flush=True)


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def key(name, shift=False, alt=False, ctrl=False):
    # Shift, Control and Alt as locked modifiers: neither a pressed
    # Control_L nor a pressed Shift_L keysym reaches GTK through XTest here
    # (Shift+Tab went forward).
    mask = (1 if shift else 0) | (4 if ctrl else 0) | (8 if alt else 0)
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(KEYSYM.get(name, ord(name[0]) if len(name) == 1 else 0), None,
                                  Atspi.KeySynthType.PRESSRELEASE | Atspi.KeySynthType.SYM)
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    # Let GTK take the key and move the focus before anything is read.
    time.sleep(0.12)


def type_text(text):
    Atspi.generate_keyboard_event(0, text, Atspi.KeySynthType.STRING)


def find_app(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        try:
            if app is not None and app.get_process_id() == pid:
                # libatspi updates its cache from events, which this loop
                # never dispatches: read every state and name afresh.
                app.set_cache_mask(Atspi.Cache.NONE)
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
            try:
                c = o.get_child_at_index(i)
            except GLib.Error:
                c = None
            if c is not None:
                stack.append(c)


class Walk:
    def __init__(self, app):
        self.app = app

    def windows(self):
        out = []
        for i in range(self.app.get_child_count()):
            w = self.app.get_child_at_index(i)
            if w is not None:
                out.append(w)
        return out

    def active_window(self):
        for w in self.windows():
            if w.get_state_set().contains(S.ACTIVE):
                return w
        return None

    def objects(self):
        win = self.active_window()
        return list(walk(win)) if win is not None else []

    def focused(self):
        """The object AT-SPI reports focused in the active window (popovers
        are part of their button's window in GTK 4.8)."""
        w = self.active_window()
        for o in walk(w) if w is not None else []:
            try:
                if o.get_state_set().contains(S.FOCUSED):
                    return o
            except GLib.Error:
                pass
        return None

    def matching(self, predicate):
        """Objects on screen for which @predicate holds; objects that go
        away while they are read (a page being replaced) are skipped."""
        out = []
        for o in self.objects():
            try:
                if predicate(o):
                    out.append(o)
            except GLib.Error:
                pass
        return out

    def fields(self):
        return self.matching(lambda o: o.get_role() in TEXT_ROLES)

    def field(self, name):
        found = self.matching(lambda o: o.get_role() in TEXT_ROLES and o.get_name() == name)
        return found[0] if found else None

    def find(self, role, name):
        found = self.matching(lambda o: o.get_role() == role and o.get_name() == name)
        return found[0] if found else None

    def focus(self, probe=True):
        """("role", "name") of the focus; a field is found by typing."""
        f = self.focused()
        if f is not None:
            return (f.get_role_name(), f.get_name() or "")
        if not probe:
            return ("nothing", "")
        before = {id(o): (o, text(o)) for o in self.fields()}
        # A field entered by Tab has its text selected: End keeps it.
        key("End")
        type_text("1")
        changed = wait_for(lambda: [o for o, t in before.values() if text(o) != t], 1.5)
        if changed:
            key("BackSpace")
            wait_for(lambda: text(changed[0]) == before[id(changed[0])][1], 2)
            return ("text", changed[0].get_name() or "")
        return ("nothing reported (not a text field either)", "")

    def expect(self, role, name, what, recover=True):
        """Focus is on @role “@name” (role "text": in the field @name).
        When it is not, the step fails and the walk moves the focus there
        by Tab, as a user would, to check the rest."""
        want = (role, name)
        got = wait_for(lambda: (lambda f: f if f == want else None)(self.focus(probe=(role == "text"))), 5)
        if got:
            ok("%s: focus on %s “%s”" % (what, role, name))
            return True
        got = self.focus()
        not_ok("%s: expected focus on %s “%s”, focus is on %s “%s”" % (what, role, name, got[0], got[1]))
        if recover:
            # Back first: the field is usually just before the wrong one.
            if not self.tab_to(role, name, what + " (going on from there)", shift=True, limit=6, must=False):
                self.tab_to(role, name, what + " (going on from there)")
        return False

    def tab_to(self, role, name, what, shift=False, limit=30, must=True):
        """Moves on with Tab (Shift+Tab) until @role “@name” has focus; every
        stop on the way must have a name."""
        want = (role, name)
        seen = []
        for _ in range(limit):
            key("Tab", shift=shift)
            got = self.focus(probe=(role == "text"))
            if got[0] not in ("text",) and not got[0].startswith("nothing") and got[1].strip() == "":
                not_ok("%s: Tab stop %s has no name" % (what, got[0]))
            seen.append("%s “%s”" % got)
            if got == want:
                ok("%s: reached %s “%s” by %sTab (%d stops)" % (what, role, name, "Shift+" if shift else "", len(seen)))
                return True
            if len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]:
                break  # a keyboard trap: Tab no longer moves the focus
        if not must:
            return False
        not_ok("%s: %s “%s” not reached by %sTab; stops were: %s" % (
            what, role, name, "Shift+" if shift else "", ", ".join(seen)))
        raise Stop()

    def type_into(self, name, value, what):
        """Types @value where the focus is: it must land in the field @name.
        (A stack page GTK 4.8 has hidden keeps its extents, so a field of
        the sign-in page may still be listed: any field of that name.)"""
        rows = [o for o in self.fields() if o.get_name() == name]
        if not rows:
            not_ok("%s: no field “%s” on screen" % (what, name))
            raise Stop()
        before = [text(o) for o in rows]
        if value.isascii():
            type_text(value)
        else:
            # Each CJK character gets the same spare keycode remapped; GTK
            # reads the map when it handles the key, so wait for each one.
            for i in range(len(value)):
                type_text(value[i])
                wait_for(lambda: any(text(o) == b + value[:i + 1] for o, b in zip(rows, before)), 3)
        if wait_for(lambda: any(text(o) == b + value for o, b in zip(rows, before)), 5):
            ok("%s: “%s” typed into “%s”" % (what, value, name))
            return
        got = self.focus(probe=False)
        not_ok("%s: typed “%s”, no field “%s” holds it (%s); focus is on %s “%s”" % (
            what, value, name, ", ".join("“%s”" % text(o) for o in rows), got[0], got[1]))
        raise Stop()

    def read_code(self, phone, T, what):
        """Opens Demo Messages by keyboard, reads the newest code sent to
        @phone from the focused message row (name and description, what a
        screen reader reads), closes it with Escape."""
        before = self.focus()
        key("m", ctrl=True)
        row = wait_for(lambda: (lambda f: f if f is not None and f.get_role() in (R.LIST_ITEM, R.PUSH_BUTTON)
                                and phone in (f.get_name() or "") + (f.get_description() or "") else None)(self.focused()), 5)
        if row is None:
            got = self.focus(probe=False)
            not_ok("%s: Ctrl+M should open Demo Messages with focus on the newest message to %s; focus is on %s “%s”" % (
                what, phone, got[0], got[1]))
            raise Stop()
        spoken = "%s %s" % (row.get_name() or "", row.get_description() or "")
        code = re.search(r"\b(\d{6})\b", spoken)
        if code is None:
            not_ok("%s: the focused message row reads “%s”, with no 6-digit code" % (what, spoken))
            raise Stop()
        ok("%s: Demo Messages opened by Ctrl+M, the focused row reads “%s”" % (what, spoken.strip()))
        key("Escape")
        self.expect(before[0], before[1], what + ", Demo Messages closed with Escape: back where it was")
        return code.group(1)


def text(obj):
    try:
        return Atspi.Text.get_text(obj, 0, Atspi.Text.get_character_count(obj))
    except GLib.Error:
        return None


def check_digit(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def run(w, T):
    serial = "%03d" % (os.getpid() % 1000)
    phone = "1390000" + "%04d" % (os.getpid() % 10000)
    password = "Walk#2026pass"
    name = T("王小明", "王小明")
    first17 = "11010519900101" + serial
    id_number = first17 + check_digit(first17)
    login_row = T("Phone number, ID number or email", "手机号、身份证号或邮箱")
    password_row = T("Password", "密码")

    # ----- the first window starts in the login field
    w.expect("text", login_row, "app start")
    w.tab_to("push button", T("Register", "注册"), "sign-in page to Register")
    key("Return")

    # ----- register: phone
    w.expect("text", T("Mobile phone number", "手机号码"), "Register opened")
    w.type_into(T("Mobile phone number", "手机号码"), phone, "Register, phone step")
    w.tab_to("push button", T("Send Code", "发送验证码"), "phone step to Send Code")
    key("space")
    w.expect("text", T("SMS verification code", "短信验证码"), "code sent")
    code = w.read_code(phone, T, "register code")
    w.type_into(T("SMS verification code", "短信验证码"), code, "register code")
    key("Return")

    # ----- password
    w.expect("text", password_row, "password step")
    w.type_into(password_row, password, "password step")
    key("Tab")
    w.expect("push button", T("Show Password", "显示密码"), "Tab from the password")
    key("Tab")
    w.expect("text", T("Repeat password", "重复密码"), "Tab from the eye button")
    w.type_into(T("Repeat password", "重复密码"), password, "password step")
    key("Return")

    # ----- identity
    w.expect("text", T("Full name", "姓名"), "identity step")
    w.type_into(T("Full name", "姓名"), name, "identity step (CJK through XTest)")
    w.tab_to("text", T("ID number", "证件号码"), "identity step to ID number")
    w.type_into(T("ID number", "证件号码"), id_number, "identity step")
    key("Return")

    # ----- email (optional): skipped with Return
    w.expect("text", T("Security email (optional)", "安全邮箱（选填）"), "email step")
    key("Return")

    # ----- review
    review_focus = w.focus()
    if review_focus[1].strip():
        ok("review step: focus on %s “%s”" % review_focus)
    else:
        not_ok("review step: focus on %s with no name" % review_focus[0])
    w.tab_to("push button", T("Register Now", "立即注册"), "review step to Register Now")
    key("Return")

    # ----- the account page: focus on its heading or first action
    sign_out = T("Sign Out", "退出登录")
    if wait_for(lambda: w.find(R.PUSH_BUTTON, sign_out), 15) is None:
        not_ok("registered: no “%s” button, the account page did not show" % sign_out)
        raise Stop()
    got = w.focus()
    if got[0].startswith("nothing") or got[0] == "text" or not got[1].strip():
        not_ok("registered: expected focus on the account page's heading or first action, focus is on %s “%s”" % got)
    else:
        ok("registered: focus on %s “%s”" % got)

    # ----- sign out: focus back in the login field
    w.tab_to("push button", sign_out, "account page to Sign Out")
    key("Return")
    w.expect("text", login_row, "signed out")

    # ----- sign in by phone
    w.type_into(login_row, phone, "sign in")
    key("Tab")
    w.expect("text", password_row, "Tab from the login name")
    w.type_into(password_row, password, "sign in")
    key("Return")
    if wait_for(lambda: w.find(R.PUSH_BUTTON, sign_out), 15) is None:
        not_ok("signed in: the account page did not show")
        raise Stop()
    got = w.focus()
    if got[0].startswith("nothing") or got[0] == "text" or not got[1].strip():
        not_ok("signed in: expected focus on the account page's heading or first action, focus is on %s “%s”" % got)
    else:
        ok("signed in: focus on %s “%s”" % got)
    w.tab_to("push button", sign_out, "account page to Sign Out")
    key("Return")
    w.expect("text", login_row, "signed out again")

    # ----- find the username: of a demo account, whose phone has had no
    # code yet (the one just registered got one less than the resend
    # interval ago when the walk runs fast, and the service would rightly
    # answer rate_limited).
    phone, name, id_number = DEMO_PERSON
    w.tab_to("push button", T("Find Username", "找回用户名"), "sign-in page to Find Username")
    key("Return")
    w.expect("text", T("Full name", "姓名"), "Find Username opened")
    w.type_into(T("Full name", "姓名"), name, "Find Username")
    w.tab_to("text", T("ID number", "证件号码"), "Find Username to ID number")
    w.type_into(T("ID number", "证件号码"), id_number, "Find Username")
    key("Return")
    w.expect("text", T("SMS verification code", "短信验证码"), "Find Username, code step")
    code = w.read_code(phone, T, "Find Username code")
    w.type_into(T("SMS verification code", "短信验证码"), code, "Find Username code")
    key("Return")
    # The result names the login names; the phone is one of them.
    found = wait_for(lambda: w.matching(lambda o: o.get_role() not in TEXT_ROLES
                                        and phone in (o.get_name() or "") + (o.get_description() or "")), 15)
    if found:
        ok("Find Username: the result reads “%s”" % (found[0].get_name() or found[0].get_description()))
    else:
        not_ok("Find Username: no object on the result page names the phone number %s" % phone)
    got = w.focus()
    if got[0].startswith("nothing") or not got[1].strip():
        not_ok("Find Username result: expected focus on a named object, focus is on %s “%s”" % got)
    else:
        ok("Find Username result: focus on %s “%s”" % got)


# An active account of the embedded demo service (docs/api.md, "Demo:
# paths 4 and 3"): phone, name, ID number.
DEMO_PERSON = ("19900000003", "赵明哲", "440305199703010514")


def main():
    binary = sys.argv[1]
    zh = os.environ.get("LANG", "").startswith("zh")
    T = (lambda en, cn: cn if zh else en)
    home = tempfile.mkdtemp(prefix="xuexin-walk-")
    env = dict(os.environ, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, XDG_CACHE_HOME=home,
               GTK_A11Y="atspi", NO_AT_BRIDGE="0")
    if APP_G_DEBUG is not None:
        env["G_DEBUG"] = APP_G_DEBUG
    app_process = subprocess.Popen([binary], env=env)
    try:
        Atspi.init()
        app = wait_for(lambda: find_app(app_process.pid), 30)
        if app is None:
            not_ok("the app is not on the AT-SPI bus after 30 s")
            raise Stop()
        w = Walk(app)
        if wait_for(lambda: w.active_window() and w.field(T("Phone number, ID number or email", "手机号、身份证号或邮箱")), 30):
            ok("the app is on the AT-SPI bus with its sign-in page")
        else:
            not_ok("the sign-in page did not show within 30 s")
            raise Stop()
        run(w, T)
    except Stop:
        pass
    finally:
        app_process.terminate()
        app_process.wait(10)
    print("1..%d" % steps)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
