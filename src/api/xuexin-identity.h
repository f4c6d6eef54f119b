/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "xuexin-account.h"
#include "xuexin-affected-entry.h"
#include "xuexin-assistance-request.h"
#include "xuexin-case-photo.h"
#include "xuexin-identity-path.h"
#include "xuexin-identity-state.h"
#include "xuexin-other-account.h"
#include "xuexin-provider-ticket.h"
#include "xuexin-review-case.h"

G_BEGIN_DECLS

/*
 * The models of identity verification (docs/api.md, "Identity
 * verification (FAQ 5)", "Identity path 2: review cases", "The
 * classmate's inbox"). Each is made from its JSON object by
 * _new_from_json(), which fails with XUEXIN_CLIENT_ERROR_PROTOCOL on a
 * missing or mistyped required member. Strings are never NULL unless
 * marked nullable; times are UTC GDateTimes owned by the object.
 */

/* The photo sides of a review case, in the order they are asked for. */
#define XUEXIN_CASE_SIDE_HANDHELD "handheld"
#define XUEXIN_CASE_SIDE_FRONT    "front"
#define XUEXIN_CASE_SIDE_BACK     "back"

G_END_DECLS
