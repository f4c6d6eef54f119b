/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-education-level.h"
#include "xuexin-error-code.h"
#include "xuexin-id-number.h"
#include "xuexin-json-text.h"
#include "xuexin-validators.h"
