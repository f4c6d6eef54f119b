/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The client library of the account API: include this one header. */

#include "xuexin-account.h"
#include "xuexin-affected-entry.h"
#include "xuexin-assistance-request.h"
#include "xuexin-case-photo.h"
#include "xuexin-client-error.h"
#include "xuexin-client-identity.h"
#include "xuexin-client-review.h"
#include "xuexin-client.h"
#include "xuexin-degree-record.h"
#include "xuexin-enrollment-record.h"
#include "xuexin-identity-path.h"
#include "xuexin-identity-state.h"
#include "xuexin-identity.h"
#include "xuexin-other-account.h"
#include "xuexin-photo-handoff.h"
#include "xuexin-platform.h"
#include "xuexin-provider-ticket.h"
#include "xuexin-provider.h"
#include "xuexin-record.h"
#include "xuexin-review-case.h"
