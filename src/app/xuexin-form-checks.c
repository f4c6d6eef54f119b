/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-common.h"
#include "xuexin-form-checks.h"

/**
 * xuexin_check_other_id_number:
 *
 * Other documents (passports, permits…) have no checksum: the service
 * accepts 4 to 32 letters, digits, '-' and parentheses.
 *
 * Returns: (nullable): a translated sentence saying what to fix, or %NULL
 */
const char *
xuexin_check_other_id_number (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize length = strlen (trimmed);

  if (length == 0)
    return _("Enter the number of your ID document.");
  if (length < 4 || length > 32)
    return _("A document number has 4 to 32 characters. Check the number on your document.");
  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '(' && *p != ')')
        return _("A document number may contain only letters, digits, hyphens and parentheses.");
    }

  return NULL;
}

static const char *
check_id_number (const char   *text,
                 XuexinIdKind  kind)
{
  XuexinIdNumberResult result = xuexin_id_number_validate (text, NULL, NULL);

  if (kind == XUEXIN_ID_KIND_RESIDENT)
    return xuexin_id_number_result_to_message (result);

  /* The form does not ask the kind: a valid resident ID number is
   * taken as one (its check also forgives full-width spaces). */
  if (kind == XUEXIN_ID_KIND_EITHER && result == XUEXIN_ID_NUMBER_OK)
    return NULL;

  return xuexin_check_other_id_number (text);
}

/**
 * xuexin_normalize_id_number:
 *
 * Returns: (transfer full): the ID number as the service stores it
 *   (upper-case `X`, no spaces around)
 */
char *
xuexin_normalize_id_number (const char   *text,
                            XuexinIdKind  kind)
{
  char *normalized = NULL;

  if (kind != XUEXIN_ID_KIND_OTHER &&
      xuexin_id_number_validate (text, NULL, &normalized) == XUEXIN_ID_NUMBER_OK)
    return normalized;

  return g_ascii_strup (g_strstrip (g_strdup (text != NULL ? text : "")), -1);
}

/**
 * xuexin_check_identity:
 * @hint: (out): a translated sentence about the first problem worth
 *   showing yet, or %NULL
 * @wrong_field: (out): the field @hint is about
 *
 * Name problems show as soon as they can't be a typing prefix; resident
 * ID problems once all 18 characters are there.
 *
 * Returns: whether the name and ID number may be sent
 */
gboolean
xuexin_check_identity (const char       *name,
                       XuexinIdKind      kind,
                       const char       *id_number,
                       const char      **hint,
                       XuexinFormField  *wrong_field)
{
  XuexinNameResult name_result = xuexin_name_validate (name, NULL);
  const char *id_problem = check_id_number (id_number, kind);
  g_autofree char *trimmed_id = g_strstrip (g_strdup (id_number != NULL ? id_number : ""));

  if (id_number == NULL)
    id_number = "";

  *hint = NULL;
  *wrong_field = XUEXIN_FORM_FIELD_NONE;

  if (name_result != XUEXIN_NAME_OK && name_result != XUEXIN_NAME_EMPTY &&
      (name_result != XUEXIN_NAME_TOO_SHORT || *id_number != '\0'))
    {
      *hint = xuexin_name_result_to_message (name_result);
      *wrong_field = XUEXIN_FORM_FIELD_NAME;
    }
  else if (id_problem != NULL && *id_number != '\0' &&
           (kind != XUEXIN_ID_KIND_RESIDENT || strlen (trimmed_id) >= 18))
    {
      *hint = id_problem;
      *wrong_field = XUEXIN_FORM_FIELD_ID_NUMBER;
    }

  return name_result == XUEXIN_NAME_OK && id_problem == NULL;
}

/**
 * xuexin_check_new_password:
 * @hint: (out): a translated sentence about the first problem worth
 *   showing yet, or %NULL
 * @wrong_field: (out): the field @hint is about
 *
 * A password too short is named only once the user moves on to the
 * confirmation; a differing confirmation once it is as long as the
 * password.
 *
 * Returns: whether the password may be sent
 */
gboolean
xuexin_check_new_password (const char       *password,
                           const char       *confirmation,
                           const char      **hint,
                           XuexinFormField  *wrong_field)
{
  XuexinPasswordResult result = xuexin_password_validate (password);

  if (password == NULL)
    password = "";
  if (confirmation == NULL)
    confirmation = "";

  *hint = NULL;
  *wrong_field = XUEXIN_FORM_FIELD_NONE;

  if (*password != '\0' && result != XUEXIN_PASSWORD_OK &&
      (result != XUEXIN_PASSWORD_TOO_SHORT || *confirmation != '\0'))
    {
      *hint = xuexin_password_result_to_message (result);
      *wrong_field = XUEXIN_FORM_FIELD_PASSWORD;
    }
  else if (result == XUEXIN_PASSWORD_OK && xuexin_password_is_weak (password))
    {
      *hint = _("This password is too easy to guess. Mix letters, digits and special characters, and avoid sequences such as 123456.");
      *wrong_field = XUEXIN_FORM_FIELD_PASSWORD;
    }
  else if (*confirmation != '\0' && g_strcmp0 (password, confirmation) != 0 &&
           strlen (confirmation) >= strlen (password))
    {
      *hint = _("The two passwords are different. Type the same password twice.");
      *wrong_field = XUEXIN_FORM_FIELD_CONFIRMATION;
    }

  return result == XUEXIN_PASSWORD_OK && !xuexin_password_is_weak (password) &&
         g_strcmp0 (password, confirmation) == 0;
}
