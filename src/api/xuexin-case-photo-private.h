/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-case-photo.h"

G_BEGIN_DECLS

/* (nullable) (transfer none): the photo of @side in @photos, a list of
 * XuexinCasePhoto (the owner's case and the staff case share it). */
XuexinCasePhoto *xuexin_case_photo_list_find (GListModel *photos,
                                              const char *side);

G_END_DECLS
