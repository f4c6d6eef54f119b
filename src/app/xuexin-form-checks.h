/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The inline checks that several flows' forms share, so that the same
 * field says the same thing, at the same moment, wherever it appears. */

/**
 * XuexinIdKind:
 * @XUEXIN_ID_KIND_RESIDENT: a resident ID card number (checksum, birth date)
 * @XUEXIN_ID_KIND_OTHER: another document: passport, permit… (no checksum)
 * @XUEXIN_ID_KIND_EITHER: the account's own kind, which the form does not ask
 */
typedef enum {
  XUEXIN_ID_KIND_RESIDENT,
  XUEXIN_ID_KIND_OTHER,
  XUEXIN_ID_KIND_EITHER,
} XuexinIdKind;

/**
 * XuexinFormField:
 *
 * The field a hint is about, so the page can mark its row.
 */
typedef enum {
  XUEXIN_FORM_FIELD_NONE,
  XUEXIN_FORM_FIELD_NAME,
  XUEXIN_FORM_FIELD_ID_NUMBER,
  XUEXIN_FORM_FIELD_PASSWORD,
  XUEXIN_FORM_FIELD_CONFIRMATION,
} XuexinFormField;

const char *xuexin_check_other_id_number (const char       *text);
char       *xuexin_normalize_id_number   (const char       *text,
                                          XuexinIdKind      kind);
gboolean    xuexin_check_identity        (const char       *name,
                                          XuexinIdKind      kind,
                                          const char       *id_number,
                                          const char      **hint,
                                          XuexinFormField  *wrong_field);
gboolean    xuexin_check_new_password    (const char       *password,
                                          const char       *confirmation,
                                          const char      **hint,
                                          XuexinFormField  *wrong_field);

G_END_DECLS
