#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks what a screen reader sees of one window of a running app.

Finds the app by PID on the AT-SPI bus, walks the tree of its window once
and prints a JSON report: unnamed or badly named interactive controls,
unnamed meaningful images, the focused object, the alerts on screen and
password fields whose text can be read back.  The UI tests run it at
every state they render (XUEXIN_TEST_A11Y=1) and decide what fails.

GTK 4.8 sets STATE_SHOWING on windows only, and STATE_VISIBLE from the
widget's own visible flag, so the pages a GtkStack does not show are
VISIBLE too.  What is really on screen is told apart by its extents:
widgets GTK has not allocated (unmapped stack pages, closed revealers)
report a width or height of 0.  Objects without the Component interface
(stack pages) are walked through.
"""

import argparse
import json
import re
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

R = Atspi.Role
S = Atspi.StateType

INTERACTIVE = {
    R.PUSH_BUTTON, R.TOGGLE_BUTTON, R.CHECK_BOX, R.RADIO_BUTTON, R.COMBO_BOX,
    R.TEXT, R.ENTRY, R.PASSWORD_TEXT, R.SPIN_BUTTON, R.LINK, R.MENU_ITEM,
    R.CHECK_MENU_ITEM, R.RADIO_MENU_ITEM, R.SLIDER, R.PAGE_TAB,
}
# Switches have their own role in newer AT-SPI; GTK 4.8 uses toggle button.
if hasattr(R, "SWITCH"):
    INTERACTIVE.add(R.SWITCH)
LIST_ITEMS = {R.LIST_ITEM, R.TABLE_CELL, R.TREE_ITEM}
IMAGES = {R.IMAGE, R.ICON}
QUIET = {R.REDUNDANT_OBJECT}
ALERTS = {R.ALERT, R.NOTIFICATION} if hasattr(R, "NOTIFICATION") else {R.ALERT}
WINDOWS = {R.FRAME, R.DIALOG, R.WINDOW, R.ALERT, R.FILE_CHOOSER}

# What GTK 4.8 reports as the name of a widget that has none.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Xuexin)[A-Za-z]*$")
# A mnemonic GTK did not strip: "_Next Next", "登录(_S) 登录(S)".
MNEMONIC = re.compile(r"_[^\W_]|\(_.\)")


def role_name(obj):
    try:
        return obj.get_role_name()
    except GLib.Error:
        return "?"


def describe(obj, role, name):
    return {"role": role_name(obj), "name": name}


def find_application(pid, deadline):
    """The app registers with the registry some time after it starts."""
    while True:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except GLib.Error:
                continue
        if time.monotonic() > deadline:
            return None
        time.sleep(0.05)


def pick_window(app, title):
    """The window the test rendered: by title when given, else the active one,
    else the last one that shows."""
    windows = []
    for i in range(app.get_child_count()):
        win = app.get_child_at_index(i)
        if win is None:
            continue
        states = win.get_state_set()
        if not states.contains(S.SHOWING) and not states.contains(S.VISIBLE):
            continue
        windows.append(win)
    if title:
        titled = [w for w in windows if w.get_name() == title]
        if titled:
            active = [w for w in titled if w.get_state_set().contains(S.ACTIVE)]
            return (active or titled)[-1]
    active = [w for w in windows if w.get_state_set().contains(S.ACTIVE)]
    if active:
        return active[-1]
    return windows[-1] if windows else None


def on_screen(obj):
    """None when the object has no Component interface (walk through it)."""
    try:
        ext = obj.get_extents(Atspi.CoordType.WINDOW)
    except GLib.Error:
        return None, None
    return ext.width > 0 and ext.height > 0, [ext.x, ext.y, ext.width, ext.height]


def text_of(obj):
    try:
        return Atspi.Text.get_text(obj, 0, Atspi.Text.get_character_count(obj))
    except (GLib.Error, AttributeError, TypeError):
        return None


def contains(extents, point):
    return (extents is not None and point is not None
            and extents[0] <= point[0] < extents[0] + extents[2]
            and extents[1] <= point[1] < extents[1] + extents[3])


def check(window, secrets, focus_point):
    report = {
        "window": {"role": role_name(window), "name": window.get_name()},
        "objects": 0,
        "unnamed_controls": [],
        "unnamed_images": [],
        "focused": None,
        "at_focus_point": None,
        "alerts": [],
        "password_leaks": [],
    }
    stack = [window]
    while stack:
        obj = stack.pop()
        try:
            states = obj.get_state_set()
            if obj is not window and not states.contains(S.VISIBLE):
                continue
            showing, extents = on_screen(obj)
            if showing is False:
                continue
            role = obj.get_role()
            name = obj.get_name() or ""
        except GLib.Error:
            continue  # it went away while we looked
        report["objects"] += 1
        entry = None

        bad = None
        if role in INTERACTIVE or (role in LIST_ITEMS and (states.contains(S.FOCUSABLE)
                                                          or "activate" in actions_of(obj))):
            if name.strip() == "":
                bad = "empty name"
            elif TYPE_NAME.match(name.strip()):
                bad = "type name instead of a name"
            elif MNEMONIC.search(name):
                bad = "mnemonic not stripped"
            if bad:
                entry = describe(obj, role, name)
                entry["problem"] = bad
                entry["extents"] = extents
                entry["path"] = path_of(obj, window)
                report["unnamed_controls"].append(entry)
        elif role in IMAGES:
            if name.strip() == "" or TYPE_NAME.match(name.strip()):
                entry = describe(obj, role, name)
                entry["extents"] = extents
                entry["path"] = path_of(obj, window)
                report["unnamed_images"].append(entry)

        if role in ALERTS and obj is not window:
            report["alerts"].append(name)

        if states.contains(S.FOCUSED):
            focused = describe(obj, role, name)
            focused["extents"] = extents
            focused["showing"] = bool(showing) or showing is None
            focused["named"] = name.strip() != "" and not TYPE_NAME.match(name.strip())
            report["focused"] = focused

        # The innermost text field under GTK's focus widget: what AT-SPI
        # should report as focused when an entry row reports nothing.
        if (role in (R.TEXT, R.ENTRY, R.PASSWORD_TEXT) and states.contains(S.FOCUSABLE)
                and contains(extents, focus_point)):
            candidate = describe(obj, role, name)
            candidate["extents"] = extents
            candidate["showing"] = True
            candidate["named"] = name.strip() != "" and not TYPE_NAME.match(name.strip())
            report["at_focus_point"] = candidate

        if secrets and role in (R.TEXT, R.ENTRY, R.PASSWORD_TEXT):
            text = text_of(obj)
            if any(secret and ((text and secret in text) or secret in name) for secret in secrets):
                leak = describe(obj, role, name)
                leak["path"] = path_of(obj, window)
                report["password_leaks"].append(leak)

        # Children in reverse, so they are visited in order.
        try:
            count = obj.get_child_count()
        except GLib.Error:
            count = 0
        for i in range(count - 1, -1, -1):
            try:
                child = obj.get_child_at_index(i)
            except GLib.Error:
                child = None
            if child is not None:
                stack.append(child)
    return report


def actions_of(obj):
    try:
        return [Atspi.Action.get_action_name(obj, i)
                for i in range(Atspi.Action.get_n_actions(obj))]
    except (GLib.Error, AttributeError, TypeError):
        return []


def path_of(obj, window):
    """Role and name of the named ancestors, so an offender can be found."""
    parts = []
    node = obj.get_parent()
    while node is not None and node != window and len(parts) < 4:
        try:
            name = node.get_name()
            if name and not TYPE_NAME.match(name):
                parts.append("%s “%s”" % (role_name(node), name))
            node = node.get_parent()
        except GLib.Error:
            break
    return " < ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--state", default="", help="name of the state, for messages")
    parser.add_argument("--window", default="", help="title of the window to check")
    parser.add_argument("--secret", action="append", default=[],
                        help="text typed into a password field; must not be readable")
    parser.add_argument("--focus-point", default="",
                        help="x,y in window coordinates of GTK's focus widget")
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()

    start = time.monotonic()
    Atspi.init()
    app = find_application(args.pid, start + args.timeout)
    if app is None:
        print(json.dumps({"state": args.state, "error": "no application with PID %d on the AT-SPI bus" % args.pid}))
        return 2
    window = pick_window(app, args.window)
    if window is None:
        print(json.dumps({"state": args.state, "error": "the application has no window that shows"}))
        return 2
    point = [int(v) for v in args.focus_point.split(",")] if args.focus_point else None
    report = check(window, args.secret, point)
    report["state"] = args.state
    report["seconds"] = round(time.monotonic() - start, 3)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
