/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* json-glib 1.6 (Debian 12) reads text after the root value as more
 * values: "{…}{…}" and "7{…}" load without error, the root is the first
 * value and every later one is leaked. Whoever loads JSON from a peer
 * checks with this first that the text holds at most one top-level value
 * (and no comment, single-quoted string or escape that JSON lacks, which
 * json-glib would read differently from this check, nor a surrogate
 * escape followed by one that does not pair with it, on which json-glib
 * leaks the string), so that trailing
 * values are refused rather than ignored and leaked. It does not check
 * the syntax otherwise; the parser does that. @length -1: @data is NUL-terminated. */
gboolean xuexin_json_text_is_one_value (const char *data,
                                        gssize      length);

G_END_DECLS
