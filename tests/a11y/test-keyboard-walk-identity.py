#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyboard-only walks of identity verification, with the helpers of
test-keyboard-walk.py (imported, not copied; read its docstring): real key
events through AT-SPI on Xvfb, everything read back through AT-SPI.

1. Path 4: a re-registered (pending) account signs in, opens Verify My
   Identity…, chooses "Student status or degree records", ticks the
   warning's confirmation, fills the records form (the school from its
   suggestions: Down, Enter), first with a wrong student number (the alert
   is read and focus stays in the form), then the right one, and goes from
   the success page to the account page.
2. The classmate's confirmation: an active account with a request in its
   inbox opens the inbox with Ctrl+I, Enter on the request's Confirm…
   button, the message dialog's default (Cancel) does nothing, Confirm by
   keyboard, the row reads confirmed.

The accounts and the request are set up over HTTP against a demo account
service this script starts (xuexin-accountd --demo, codes from its
outbox); the app is pointed at it with --server-url. Only the setup and
a final check of the requester's state use HTTP; the walks are keys only.

Usage (meson runs it): test-keyboard-walk-identity.py APP_BINARY ACCOUNTD_BINARY
"""

import importlib.util
import json
import os
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

# The walk's helpers; importing it also takes G_DEBUG out of this client
# (see there) before GLib loads.
_spec = importlib.util.spec_from_file_location(
    "keyboard_walk", os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-keyboard-walk.py"))
kw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kw)

from gi.repository import Atspi  # noqa: E402

R, S = kw.R, kw.S
ok, not_ok, key, wait_for, Stop = kw.ok, kw.not_ok, kw.key, kw.wait_for, kw.Stop

DEMO_PASSWORD = "Demo#2024pass"
PASSWORD = "Walk#2026pass"


class Service:
    """The demo account service, over HTTP."""

    def __init__(self, binary, data_dir):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.data_dir = data_dir
        self.url = "http://127.0.0.1:%d/api/v1" % port
        self.log = open(os.path.join(data_dir, "accountd.log"), "w")
        self.process = subprocess.Popen([binary, "--demo", "-d", data_dir, "-p", str(port),
                                         "--delivery", "outbox", "--hash-threads", "1"],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        if not wait_for(lambda: self.call("GET", "/health")[0] == 200, 30):
            raise RuntimeError("the demo service did not answer on %s" % self.url)

    def call(self, method, path, body=None, token=None):
        request = urllib.request.Request(self.url + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")
        except (urllib.error.URLError, ConnectionError):
            return 0, None

    def must(self, method, path, body=None, token=None):
        status, answer = self.call(method, path, body, token)
        if status // 100 != 2:
            raise RuntimeError("%s %s → %d %s" % (method, path, status, answer))
        return answer

    def code(self, phone):
        with open(os.path.join(self.data_dir, "outbox.jsonl")) as f:
            codes = [m["code"] for m in map(json.loads, f) if m.get("recipient") == phone and m.get("code")]
        return codes[-1]

    def reregister(self, phone, name, id_number):
        self.must("POST", "/sms-codes", {"purpose": "register", "phone": phone})
        self.must("POST", "/accounts", {"phone": phone, "sms_code": self.code(phone), "password": PASSWORD,
                                        "password_confirmation": PASSWORD, "name": name,
                                        "id_number": id_number, "reregister": True})
        return self.token(phone, PASSWORD)

    def token(self, login, password):
        return self.must("POST", "/sessions", {"login_name": login, "password": password})["token"]

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


def describe(o):
    try:
        return "%s “%s”" % (o.get_role_name(), o.get_name() or "")
    except Exception:  # noqa: BLE001 — gone while read
        return "(gone)"


def shown_text(o):
    """What a screen reader reads of @o: its name, else its text."""
    return (o.get_name() or "") or (kw.text(o) or "")


def reach(w, role, name, what):
    """Focus on @role “@name”: where it already is, else by Tab."""
    if w.focus(probe=(role == "text")) == (role, name):
        ok("%s: focus already on %s “%s”" % (what, role, name))
    else:
        w.tab_to(role, name, what)


def sign_in(w, T, login, password, name, what):
    login_row = T("Phone number, ID number or email", "手机号、身份证号或邮箱")
    w.expect("text", login_row, what + ": the sign-in page")
    # The field keeps the login name of the last sign-in: cleared first.
    field = w.field(login_row)
    if kw.text(field):
        key("a", ctrl=True)
        key("BackSpace")
        if wait_for(lambda: kw.text(field) == "", 5):
            ok("%s: the last login name cleared with Ctrl+A, BackSpace" % what)
        else:
            not_ok("%s: the login field still holds “%s”" % (what, kw.text(field)))
    w.type_into(login_row, login, what)
    key("Tab")
    w.expect("text", T("Password", "密码"), what + ": Tab from the login name")
    w.type_into(T("Password", "密码"), password, what)
    key("Return")
    # The greeting, not Sign Out: the page of an earlier account, hidden,
    # may still be listed (see Walk.type_into).
    hello = T("Hello, %s", "%s，您好") % name
    if wait_for(lambda: w.matching(lambda o: o.get_role() == R.LABEL and o.get_name() == hello), 20):
        ok("%s: the account page shows “%s”" % (what, hello))
    else:
        not_ok("%s: the account page (“%s”) did not show; alerts: %s; labels: %s" % (
            what, hello, "; ".join(shown_text(o) for o in w.matching(lambda o: o.get_role() in (R.ALERT, R.NOTIFICATION))),
            "; ".join(shown_text(o) for o in w.matching(lambda o: o.get_role() == R.LABEL and "Hello" in shown_text(o)))))
        raise Stop()


def sign_out(w, T, what):
    w.tab_to("push button", T("Sign Out", "退出登录"), what + ": to Sign Out")
    key("Return")
    w.expect("text", T("Phone number, ID number or email", "手机号、身份证号或邮箱"), what + ": signed out")


def alert_reading(w, words):
    """The text of a shown alert that contains @words, or None."""
    found = w.matching(lambda o: o.get_role() in (R.ALERT, R.NOTIFICATION) and words in shown_text(o))
    return shown_text(found[0]) if found else None


def walk_records(w, T, service, token):
    """Identity path 4 by keyboard."""
    what = "path 4"
    sign_in(w, T, "13800000011", PASSWORD, "陈思远", what)
    w.tab_to("push button", T("Verify My Identity…", "验证我的身份…"), what + ": account page to Verify My Identity…")
    key("Return")

    records = T("4. Student status or degree records", "4. 学籍或学历信息")
    # The chooser puts the focus on the first way; the fourth is further on.
    got = wait_for(lambda: (lambda f: f if f[0] in ("radio button", "check box") else None)(w.focus(probe=False)), 10)
    if got:
        ok("%s: the chooser shows, focus on %s “%s”" % (what, got[0], got[1]))
    else:
        not_ok("%s: expected focus on the first way in the chooser, focus is on %s “%s”" % ((what,) + w.focus()))
    # The four ways are radio buttons (accessible-role in the .ui).
    w.tab_to("radio button", records, what + ": chooser to way 4", limit=12)
    key("space")
    check = wait_for(lambda: (lambda f: f if f is not None and f.get_state_set().contains(S.CHECKED) else None)(w.focused()), 3)
    if check:
        ok("%s: Space checks way 4" % what)
    else:
        not_ok("%s: Space did not check way 4" % what)
    w.tab_to("push button", T("Next", "下一步"), what + ": chooser to Next")
    key("Return")

    # ----- the warning: its confirmation must be ticked before Next
    confirm = T("I understand that the accounts listed above will be cancelled", "我已了解上面列出的账号将被注销")
    if wait_for(lambda: w.find(R.CHECK_BOX, confirm), 10) is None:
        not_ok("%s: the warning page did not show its confirmation “%s”" % (what, confirm))
        raise Stop()
    got = w.focus(probe=False)
    ok("%s: the warning shows, focus on %s “%s”" % (what, got[0], got[1]))
    reach(w, "check box", confirm, what + ": warning to its confirmation")
    key("space")
    if wait_for(lambda: w.focused() is not None and w.focused().get_state_set().contains(S.CHECKED), 3):
        ok("%s: Space ticks the confirmation" % what)
    else:
        not_ok("%s: Space did not tick the confirmation" % what)
    w.tab_to("push button", T("Next", "下一步"), what + ": warning to Next")
    key("Return")

    # ----- the records form
    school = T("School", "学校")
    if wait_for(lambda: w.field(school), 10) is None:
        not_ok("%s: the records form did not show" % what)
        raise Stop()
    got = w.focus()
    ok("%s: the records form shows, focus on %s “%s”" % (what, got[0], got[1]))
    w.tab_to("text", school, what + ": records form to School")
    w.type_into(school, "海川", what + ", School")
    suggestion = wait_for(lambda: w.find(R.LIST_ITEM, "海川大学"), 10)
    if suggestion is None:
        not_ok("%s: no suggestion “海川大学” under the School field" % what)
        raise Stop()
    ok("%s: the School field suggests “海川大学”" % what)
    key("Down")
    w.expect("list item", "海川大学", what + ": Down from School into the suggestions")
    key("Return")
    if wait_for(lambda: kw.text(w.field(school)) == "海川大学", 5):
        ok("%s: Enter on the suggestion puts “海川大学” into School" % what)
    else:
        not_ok("%s: after Enter on the suggestion, School holds “%s”" % (what, kw.text(w.field(school))))
    w.expect("text", school, what + ": back in School after picking")
    number = T("Student number", "学号")
    year = T("Enrollment year", "入学年份")
    w.tab_to("text", number, what + ": School to Student number")
    w.type_into(number, "H20169999", what + " (a wrong student number)")
    w.tab_to("text", year, what + ": Student number to Enrollment year")
    w.type_into(year, "2016", what)
    # The level stays at its default, 本科.
    key("Return")

    # ----- the refusal is announced, and the focus stays in the form
    words = T("do not match the records", "与")
    said = wait_for(lambda: alert_reading(w, words), 15)
    if said:
        ok("%s: the refusal is announced: “%s”" % (what, said))
    else:
        not_ok("%s: no alert reading “…%s…” after a wrong student number" % (what, words))
    got = w.focus()
    form = (school, number, year, T("Level", "层次"))
    if got[0] == "text" and got[1] in form or got[0] != "text" and not got[0].startswith("nothing") and got[1].strip():
        ok("%s: after the refusal, focus on %s “%s”" % (what, got[0], got[1]))
    else:
        not_ok("%s: after the refusal, expected focus in the form, focus is on %s “%s”" % (what, got[0], got[1]))
    if not (got[0] == "text" and got[1] == number):
        w.tab_to("text", number, what + ": back to Student number", shift=True, limit=8)
    key("End")
    for _ in range(len("H20169999")):
        key("BackSpace")
    if wait_for(lambda: kw.text(w.field(number)) == "", 5):
        ok("%s: the wrong student number erased with BackSpace" % what)
    else:
        not_ok("%s: Student number still holds “%s”" % (what, kw.text(w.field(number))))
    w.type_into(number, "H20160101", what + " (the right student number)")
    key("Return")

    # ----- success, then the account page
    verified = T("Identity Verified", "身份核验已通过")
    if wait_for(lambda: w.matching(lambda o: (o.get_name() or "") == verified or kw.text(o) == verified), 20):
        ok("%s: the success page reads “%s”" % (what, verified))
    else:
        not_ok("%s: no “%s” after the right student number; alerts: %s; focus on %s “%s”" % (
            (what, verified, "; ".join(describe(o) + " " + (kw.text(o) or "") for o in w.objects() if o.get_role() in (R.ALERT, R.NOTIFICATION)))
            + w.focus()))
        raise Stop()
    w.expect("push button", T("Go to My Account", "前往我的账号"), what + ": success page")
    key("Return")
    if wait_for(lambda: w.find(R.PUSH_BUTTON, T("Sign Out", "退出登录"))
                and not w.find(R.PUSH_BUTTON, T("Verify My Identity…", "验证我的身份…")), 15):
        ok("%s: Enter leads to the account page, with no Verify My Identity… any more" % what)
    else:
        not_ok("%s: the account page (without Verify My Identity…) did not show" % what)
    got = w.focus()
    if got[0].startswith("nothing") or not got[1].strip():
        not_ok("%s: on the account page, expected focus on a named object, focus is on %s “%s”" % (what, got[0], got[1]))
    else:
        ok("%s: on the account page, focus on %s “%s”" % (what, got[0], got[1]))
    state = service.must("GET", "/me/identity", token=token).get("state")
    if state == "active":
        ok("%s: the service has the account active" % what)
    else:
        not_ok("%s: the service has the account %s" % (what, state))
    sign_out(w, T, what)


def row_named(w, prefix):
    """The name of the shown inbox row that begins with @prefix, or None."""
    rows = w.matching(lambda o: o.get_role() == R.LIST_ITEM and (o.get_name() or "").startswith(prefix))
    return rows[0].get_name() if rows else None


def confirmation(w, heading):
    """The message dialog “@heading”, while it is shown."""
    for x in w.windows():
        try:
            if x.get_role() == R.DIALOG and x.get_name() == heading and x.get_state_set().contains(S.VISIBLE):
                return x
        except kw.GLib.Error:
            pass
    return None


def expect_in(window, role, name, what):
    """Focus on @role “@name” in @window. (Under Xvfb with no window
    manager, GTK 4.8 does not mark a newly presented dialog active over
    AT-SPI although it takes the keys, so the Walk's active window does
    not see it.)"""
    def focused():
        for o in kw.walk(window):
            try:
                if o.get_state_set().contains(S.FOCUSED):
                    return (o.get_role_name(), o.get_name() or "")
            except kw.GLib.Error:
                pass
        return None
    got = wait_for(lambda: (lambda f: f if f == (role, name) else None)(focused()), 5)
    if got:
        ok("%s: focus on %s “%s”" % (what, role, name))
        return True
    got = focused() or ("nothing", "")
    not_ok("%s: expected focus on %s “%s”, focus is on %s “%s”" % (what, role, name, got[0], got[1]))
    return False


def walk_classmate(w, T, service, requester_token):
    """The classmate's confirmation from the inbox, by keyboard."""
    what = "inbox"
    sign_in(w, T, "19900000004", DEMO_PASSWORD, "孙若曦", what)
    confirm_button = T("Confirm 赵明哲’s request…", "确认赵明哲的请求…")
    pending_row = T("赵明哲, Waiting for your answer", "赵明哲，等待您的答复")
    key("i", ctrl=True)
    w.expect("push button", confirm_button, what + ": Ctrl+I opens the inbox")
    got = row_named(w, "赵明哲")
    if got == pending_row:
        ok("%s: the request's row reads “%s”" % (what, got))
    else:
        not_ok("%s: expected a row “%s”, found %s" % (what, pending_row, got))

    heading = T("Confirm 赵明哲?", "确认赵明哲？")
    cancel = T("Cancel", "取消")
    # Twice: Enter on the default response, then Escape; neither confirms.
    for leave, how in (("Return", "Enter on the default"), ("Escape", "Escape")):
        key("Return")
        dialog = wait_for(lambda: confirmation(w, heading), 10)
        if dialog:
            ok("%s: Enter on %s asks “%s”" % (what, confirm_button, heading))
        else:
            not_ok("%s: Enter on %s did not open the confirmation “%s”" % (what, confirm_button, heading))
            raise Stop()
        expect_in(dialog, "push button", cancel, what + ": the confirmation opens on its default")
        key(leave)
        if wait_for(lambda: confirmation(w, heading) is None, 5):
            ok("%s: %s closes the confirmation" % (what, how))
        else:
            not_ok("%s: %s did not close the confirmation" % (what, how))
            raise Stop()
        w.expect("push button", confirm_button, what + ": after %s, back on the button" % how)
        still = service.must("GET", "/me/identity", token=requester_token).get("state")
        got = row_named(w, "赵明哲")
        if got == pending_row and still == "pending_identity":
            ok("%s: %s confirmed nothing (the row reads “%s”, the requester is %s)" % (what, how, got, still))
        else:
            not_ok("%s: after %s the row reads “%s” and the requester is %s" % (what, how, got, still))

    key("Return")
    dialog = wait_for(lambda: confirmation(w, heading), 10)
    if not dialog:
        not_ok("%s: Enter on %s did not open the confirmation again" % (what, confirm_button))
        raise Stop()
    expect_in(dialog, "push button", cancel, what + ": the confirmation again, on its default")
    key("Tab")
    expect_in(dialog, "push button", T("Confirm", "确认"), what + ": Tab from Cancel")
    key("Return")
    confirmed_row = T("赵明哲, Confirmed by you", "赵明哲，已由您确认")
    got = wait_for(lambda: (lambda n: n if n == confirmed_row else None)(row_named(w, "赵明哲")), 15)
    if got:
        ok("%s: the row reads “%s”" % (what, got))
    else:
        not_ok("%s: expected the row to read “%s”, it reads “%s”" % (what, confirmed_row, row_named(w, "赵明哲")))
    got = w.focus()
    if got[0].startswith("nothing") or not got[1].strip():
        not_ok("%s: after confirming, expected focus on a named object, focus is on %s “%s”" % (what, got[0], got[1]))
    else:
        ok("%s: after confirming, focus on %s “%s”" % (what, got[0], got[1]))
    state = service.must("GET", "/me/identity", token=requester_token).get("state")
    if state == "active":
        ok("%s: the requester's account is active" % what)
    else:
        not_ok("%s: the requester's account is %s" % (what, state))


def main():
    app_binary, accountd_binary = sys.argv[1], sys.argv[2]
    zh = os.environ.get("LANG", "").startswith("zh")
    T = (lambda en, cn: cn if zh else en)
    home = tempfile.mkdtemp(prefix="xuexin-walk-identity-")
    data_dir = os.path.join(home, "accountd")
    os.makedirs(data_dir)
    service = Service(accountd_binary, data_dir)
    app_process = None
    try:
        chen = service.reregister("13800000011", "陈思远", "110101199805120316")
        ok("setup: 陈思远 registered again over HTTP (pending)")
        zhao = service.reregister("13800000013", "赵明哲", "440305199703010514")
        service.must("POST", "/me/identity/assistance-requests",
                     {"classmate_name": "孙若曦", "classmate_login_name": "19900000004",
                      "school": "明德理工大学", "enrollment_year": 2019}, token=zhao)
        ok("setup: 赵明哲 registered again and asked 孙若曦 over HTTP")
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
        w = kw.Walk(app)
        if wait_for(lambda: w.active_window() and w.field(T("Phone number, ID number or email", "手机号、身份证号或邮箱")), 30):
            ok("the app is on the AT-SPI bus with its sign-in page")
        else:
            not_ok("the sign-in page did not show within 30 s")
            raise Stop()
        try:
            walk_records(w, T, service, chen)
        except Stop:
            pass
        # From the sign-in page, wherever the first walk stopped.
        if w.field(T("Phone number, ID number or email", "手机号、身份证号或邮箱")) is None:
            not_ok("the inbox walk cannot start: the sign-in page is not showing")
            raise Stop()
        walk_classmate(w, T, service, zhao)
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
