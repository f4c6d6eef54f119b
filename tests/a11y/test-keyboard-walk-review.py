#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyboard-only walk of the help desk's review console, with the helpers
of test-keyboard-walk.py and test-keyboard-walk-identity.py (imported, not
copied): real key events through AT-SPI on Xvfb, everything read back
through AT-SPI.

Three re-registered (pending) accounts each upload three ID photos and
submit their case over HTTP. The demo reviewer signs in by keyboard, the
console opens on the first case, and:

1. a asks “Approve the Photos?” on its default (Cancel); Tab to Approve,
   Enter; the next case opens;
2. j moves to the third case, k back to the second; r opens the reject
   dialog, a reason is picked by Tab and Space, a note typed, Enter
   rejects; the third case opens;
3. j says it is the last case; a, Tab, Enter approves it.

At the end, over HTTP: the first and third applicants are active, the
second still pending with a rejected case that carries the reason.

Usage (meson runs it): test-keyboard-walk-review.py APP_BINARY ACCOUNTD_BINARY
"""

import importlib.util
import os
import subprocess
import sys
import tempfile


def _load(name, file):
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(os.path.dirname(os.path.abspath(__file__)), file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The walk's helpers; importing it also takes G_DEBUG out of this client
# (see there) before GLib loads.
kw = _load("keyboard_walk", "test-keyboard-walk.py")
iw = _load("keyboard_walk_identity", "test-keyboard-walk-identity.py")
# Its helpers count their steps with this script's module, not a copy.
iw.kw = kw
iw.ok, iw.not_ok, iw.key, iw.wait_for, iw.Stop = kw.ok, kw.not_ok, kw.key, kw.wait_for, kw.Stop

import gi  # noqa: E402

gi.require_version("GdkPixbuf", "2.0")
from gi.repository import Atspi, GdkPixbuf  # noqa: E402

R, S = kw.R, kw.S
ok, not_ok, key, wait_for, Stop = kw.ok, kw.not_ok, kw.key, kw.wait_for, kw.Stop

REVIEWER, REVIEWER_PASSWORD = "19900009999", "Review#2024pass"
# Demo registry persons whose ID numbers have active accounts: registered
# again, each is pending with one other account of the same ID.
APPLICANTS = (("13800000021", "陈思远", "110101199805120316"),
              ("13800000022", "林雨桐", "310104199808230429"),
              ("13800000023", "赵明哲", "440305199703010514"))
SIDES = ("handheld", "front", "back")


def photo(account, side):
    """A JPEG of 640×420 with pixels of its own: a gradient, and stripes
    whose width and angle depend on the account and the side."""
    width, height = 640, 420
    pixels = bytearray(width * height * 3)
    period = 8 + 5 * account + 3 * side
    for y in range(height):
        row = y * width * 3
        for x in range(width):
            stripe = 90 if ((x + (side + 1) * y) // period) % 2 else 0
            i = row + 3 * x
            pixels[i] = (x * 255 // width + stripe) % 256
            pixels[i + 1] = (y * 255 // height + 40 * account) % 256
            pixels[i + 2] = (120 + 60 * side + stripe) % 256
    pixbuf = GdkPixbuf.Pixbuf.new_from_bytes(kw.GLib.Bytes.new(bytes(pixels)), GdkPixbuf.Colorspace.RGB,
                                             False, 8, width, height, width * 3)
    saved, data = pixbuf.save_to_bufferv("jpeg", ["quality"], ["85"])
    assert saved and len(data) < 300 * 1024, len(data)
    return bytes(data)


class Service(iw.Service):
    def put(self, path, data, token):
        request = iw.urllib.request.Request(self.url + path, method="PUT", data=data)
        request.add_header("Content-Type", "image/jpeg")
        request.add_header("Authorization", "Bearer " + token)
        try:
            with iw.urllib.request.urlopen(request, timeout=30) as response:
                return response.status, iw.json.loads(response.read() or b"null")
        except iw.urllib.error.HTTPError as e:
            return e.code, iw.json.loads(e.read() or b"null")


def submit_case(service, n, token):
    for s, side in enumerate(SIDES):
        status, answer = service.put("/me/identity/case/photos/" + side, photo(n, s), token)
        if status != 200:
            raise RuntimeError("PUT photos/%s → %d %s" % (side, status, answer))
    return service.must("POST", "/me/identity/case/submit", {}, token=token)["case"]


class Walk(kw.Walk):
    """Under Xvfb with no window manager, GTK 4.8 marks no window active
    over AT-SPI once a dialog over it has closed (the keys still go to it):
    then the main window is the one read."""

    def windows(self):
        # A dialog being destroyed is gone while it is read.
        out = []
        try:
            n = self.app.get_child_count()
        except kw.GLib.Error:
            return out
        for i in range(n):
            try:
                x = self.app.get_child_at_index(i)
                if x is not None:
                    x.get_state_set()
                    out.append(x)
            except kw.GLib.Error:
                pass
        return out

    def active_window(self):
        found = None
        frames = []
        for x in self.windows():
            try:
                states = x.get_state_set()
                if states.contains(S.ACTIVE):
                    found = found or x
                elif x.get_role() == R.FRAME and states.contains(S.VISIBLE):
                    frames.append(x)
            except kw.GLib.Error:
                pass
        return found or (frames[0] if frames else None)


def visible(x):
    try:
        return x.get_state_set().contains(S.VISIBLE)
    except kw.GLib.Error:
        return False


def dialog_named(w, heading):
    """The shown window (dialog) “@heading”, or None."""
    for x in w.windows():
        try:
            if x.get_name() == heading and x.get_state_set().contains(S.VISIBLE):
                return x
        except kw.GLib.Error:
            pass
    return None


def focused_in(window):
    for o in kw.walk(window):
        try:
            if o.get_state_set().contains(S.FOCUSED):
                return o
        except kw.GLib.Error:
            pass
    return None


def describe_focus(window):
    f = focused_in(window) if window is not None else None
    return ("nothing", "") if f is None else (f.get_role_name(), f.get_name() or "")


def tab_in(window, role, name, what, shift=False, limit=20):
    """Tab (Shift+Tab) in @window until @role “@name” has focus."""
    seen = []
    for _ in range(limit):
        key("Tab", shift=shift)
        got = describe_focus(window)
        seen.append("%s “%s”" % got)
        if got == (role, name):
            ok("%s: reached %s “%s” by %sTab (%d stops)" % (what, role, name, "Shift+" if shift else "", len(seen)))
            return focused_in(window)
    not_ok("%s: %s “%s” not reached by %sTab; stops were: %s" % (
        what, role, name, "Shift+" if shift else "", ", ".join(seen)))
    raise Stop()


def open_applicant(w, T):
    """The applicant of the case on screen, from its Name row."""
    prefix = T("Name: ", "姓名：")
    rows = w.matching(lambda o: o.get_role() == R.LIST_ITEM and (o.get_name() or "").startswith(prefix))
    return rows[0].get_name()[len(prefix):] if len(rows) == 1 else None


def case_open(w, T, name, what):
    """The case of @name is open and the focus is in it, on a named object."""
    got = wait_for(lambda: (lambda n: n if n == name else None)(open_applicant(w, T)), 20)
    if got:
        ok("%s: the case of %s is open" % (what, name))
    else:
        not_ok("%s: expected the case of %s open, it is %s's" % (what, name, open_applicant(w, T)))
        raise Stop()
    focus = wait_for(lambda: (lambda f: f if f[1].strip() else None)(w.focus(probe=False)), 5) or w.focus(probe=False)
    if focus[1].strip() and focus[0] != "nothing":
        ok("%s: focus on %s “%s”" % (what, focus[0], focus[1]))
    else:
        not_ok("%s: expected focus on a named object in the case, focus is on %s “%s”" % ((what,) + focus))
    return focus


def approve(w, T, name, what):
    heading = T("Approve the Photos?", "批准这些照片？")
    key("a")
    dialog = wait_for(lambda: dialog_named(w, heading), 10)
    if not dialog:
        not_ok("%s: a did not ask “%s”" % (what, heading))
        raise Stop()
    ok("%s: a asks “%s”" % (what, heading))
    iw.expect_in(dialog, "push button", T("Cancel", "取消"), what + ": the confirmation opens on its default")
    key("Tab")
    iw.expect_in(dialog, "push button", T("Approve", "批准"), what + ": Tab from Cancel")
    key("Return")
    if wait_for(lambda: dialog_named(w, heading) is None, 10):
        ok("%s: Enter on Approve closes the confirmation" % what)
    else:
        not_ok("%s: the confirmation is still open after Enter on Approve" % what)
        raise Stop()


def announced(w, words):
    return iw.alert_reading(w, words)


def walk(w, T, service, tokens):
    what = "sign-in"
    login_row = T("Phone number, ID number or email", "手机号、身份证号或邮箱")
    w.expect("text", login_row, what + ": the sign-in page")
    w.type_into(login_row, REVIEWER, what)
    key("Tab")
    w.expect("text", T("Password", "密码"), what + ": Tab from the login name")
    w.type_into(T("Password", "密码"), REVIEWER_PASSWORD, what)
    key("Return")
    w.expect("list", T("Review Queue", "审核队列"), what + ": the review console opens on its queue")
    first, second, third = (a[1] for a in APPLICANTS)
    # ----- 1: j opens the first case; approve it
    key("j")
    case_open(w, T, first, "j opens case 1")
    approve(w, T, first, "case 1")
    # ----- 2: j, k, then reject
    case_open(w, T, second, "case 2 opens after the approval")
    key("j")
    case_open(w, T, third, "j")
    key("k")
    case_open(w, T, second, "k")
    key("r")
    heading = T("Reject the Photos", "驳回这些照片")
    main_window = w.windows()[0]
    dialog = wait_for(lambda: [x for x in w.windows() if x != main_window and visible(x)
                               and any(o.get_role() in (R.CHECK_BOX, R.RADIO_BUTTON) for o in kw.walk(x))], 10)
    if not dialog:
        not_ok("case 2: r did not open the reject dialog")
        raise Stop()
    dialog = dialog[0]
    ok("case 2: r opens the reject dialog “%s”, focus on %s “%s”" % ((dialog.get_name(),) + describe_focus(dialog)))
    # Grouped check buttons in activatable rows: the row or its button
    # takes the focus, both named by the reason.
    reason = T("Information covered", "信息被遮挡")
    seen = []
    for _ in range(12):
        key("Tab")
        got = describe_focus(dialog)
        seen.append("%s “%s”" % got)
        if got[1] == reason:
            break
    else:
        not_ok("case 2: the reason “%s” not reached by Tab; stops were: %s" % (reason, ", ".join(seen)))
        raise Stop()
    ok("case 2: reached %s “%s” by Tab (%s)" % (got[0], reason, ", ".join(seen)))
    key("space")
    check = lambda: [o for o in kw.walk(dialog) if o.get_role() == R.CHECK_BOX and o.get_name() == reason
                     and o.get_state_set().contains(S.CHECKED)]
    if wait_for(check, 5):
        ok("case 2: Space picks the reason “%s”" % reason)
    else:
        not_ok("case 2: Space did not pick the reason “%s”" % reason)
        raise Stop()
    tab_in(dialog, "push button", T("Reject", "驳回"), "case 2: back to Reject", shift=True)
    key("Return")
    if wait_for(lambda: dialog not in w.windows() or not visible(dialog), 15):
        ok("case 2: Enter on Reject closes the dialog")
    else:
        not_ok("case 2: the reject dialog is still open after Enter on Reject")
        raise Stop()

    # ----- 3: the third opens; j says it is the last; approve it
    case_open(w, T, third, "case 3 opens after the rejection")
    key("j")
    words = T("This is the last case in the queue.", "这是队列中的最后一个案例。")
    said = wait_for(lambda: announced(w, words), 5)
    if said:
        ok("case 3: j announces “%s”" % said)
    else:
        not_ok("case 3: j on the last case announced nothing like “%s”" % words)
    case_open(w, T, third, "case 3 after j")
    approve(w, T, third, "case 3")
    counts = wait_for(lambda: w.matching(lambda o: o.get_role() == R.LABEL and (o.get_name() or "").startswith("0 open")), 20)
    if counts:
        ok("the console: the queue reads “%s”" % counts[0].get_name())
    else:
        not_ok("the console: the queue does not read “0 open …” after three decisions")
    got = w.focus(probe=False)
    if got[0] != "nothing" and got[1].strip():
        ok("the console: after the last decision, focus on %s “%s”" % got)
    else:
        not_ok("the console: after the last decision, expected focus on a named object, focus is on %s “%s”" % got)

    # ----- the service agrees
    for (phone, name, _), token, want in zip(APPLICANTS, tokens, ("active", "pending_identity", "active")):
        identity = service.must("GET", "/me/identity", token=token)
        case = identity.get("review_case") or {}
        if identity.get("state") == want and case.get("state") == ("approved" if want == "active" else "rejected"):
            ok("service: %s is %s, the case %s" % (name, want, case.get("state")))
        else:
            not_ok("service: %s is %s with the case %s, expected %s" % (name, identity.get("state"), case.get("state"), want))
    rejection = (service.must("GET", "/me/identity/case", token=tokens[1])["case"] or {}).get("rejection") or {}
    if rejection.get("reason") == "obscured" and rejection.get("reason_text") == "信息被遮挡":
        ok("service: %s's case carries the reason obscured (%s)" % (second, rejection["reason_text"]))
    else:
        not_ok("service: %s's case carries %s, expected the reason obscured" % (second, rejection))


def main():
    app_binary, accountd_binary = sys.argv[1], sys.argv[2]
    zh = os.environ.get("LANG", "").startswith("zh")
    T = (lambda en, cn: cn if zh else en)
    home = tempfile.mkdtemp(prefix="xuexin-walk-review-")
    data_dir = os.path.join(home, "accountd")
    os.makedirs(data_dir)
    service = Service(accountd_binary, data_dir)
    app_process = None
    try:
        tokens = []
        for n, (phone, name, id_number) in enumerate(APPLICANTS):
            tokens.append(service.reregister(phone, name, id_number))
            case = submit_case(service, n, tokens[-1])
            if case.get("state") == "submitted":
                ok("setup: %s registered again, uploaded three photos and submitted (case %s)" % (name, case["id"]))
            else:
                not_ok("setup: %s's case is %s after submit" % (name, case.get("state")))
                raise Stop()
        env = dict(os.environ, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, XDG_CACHE_HOME=home,
                   GTK_A11Y="atspi", NO_AT_BRIDGE="0", GSETTINGS_BACKEND="memory")
        if kw.APP_G_DEBUG is not None:
            env["G_DEBUG"] = kw.APP_G_DEBUG
        app_process = subprocess.Popen([app_binary, "--server-url", service.url], env=env)
        Atspi.init()
        app = wait_for(lambda: kw.find_app(app_process.pid), 30)
        if app is None:
            not_ok("the app is not on the AT-SPI bus after 30 s")
            raise Stop()
        w = Walk(app)
        if wait_for(lambda: w.active_window() and w.field(T("Phone number, ID number or email", "手机号、身份证号或邮箱")), 30):
            ok("the app is on the AT-SPI bus with its sign-in page")
        else:
            not_ok("the sign-in page did not show within 30 s")
            raise Stop()
        walk(w, T, service, tokens)
    except Stop:
        pass
    finally:
        if app_process is not None:
            app_process.terminate()
            app_process.wait(10)
        service.stop()
    print("1..%d" % kw.steps)
    return 1 if kw.failed else 0


if __name__ == "__main__":
    sys.exit(main())
