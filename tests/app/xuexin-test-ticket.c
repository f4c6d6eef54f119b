/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include "xuexin-test-ticket.h"
#include "xuexin-test-ui.h"

XuexinQrCode *
xuexin_test_ticket_code (GtkWidget *dialog)
{
  return XUEXIN_QR_CODE (xuexin_test_require_child (dialog, "ticket_code"));
}

const char *
xuexin_test_ticket_label (GtkWidget  *dialog,
                          const char *id)
{
  GtkWidget *label = xuexin_test_require_child (dialog, id);

  if (!gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (label));
}

const char *
xuexin_test_ticket_status (GtkWidget *dialog)
{
  return xuexin_test_ticket_label (dialog, "ticket_status_label");
}

const char *
xuexin_test_ticket_error (GtkWidget *dialog)
{
  if (!xuexin_test_ticket_shows (dialog, "ticket_error_box"))
    return NULL;
  return xuexin_test_ticket_label (dialog, "ticket_error_label");
}

gboolean
xuexin_test_ticket_shows (GtkWidget  *dialog,
                          const char *id)
{
  return gtk_widget_get_visible (xuexin_test_require_child (dialog, id));
}

typedef struct
{
  GtkWidget  *dialog;
  const char *previous;
} CodeWait;

static gboolean
code_shown (gpointer user_data)
{
  CodeWait *wait = user_data;
  GtkStack *stack = GTK_STACK (xuexin_test_require_child (wait->dialog, "ticket_code_stack"));
  XuexinQrCode *code = xuexin_test_ticket_code (wait->dialog);

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "code") == 0 &&
         xuexin_qr_code_get_modules (code) > 0 &&
         !xuexin_qr_code_get_expired (code) &&
         g_strcmp0 (xuexin_qr_code_get_text (code), wait->previous) != 0;
}

const char *
xuexin_test_ticket_wait_for_code (GtkWidget  *dialog,
                                  const char *previous,
                                  const char *url_prefix)
{
  CodeWait wait = { dialog, previous };
  XuexinQrCode *code;
  const char *text;

  xuexin_test_wait_for (code_shown, &wait, "the QR code");

  code = xuexin_test_ticket_code (dialog);
  text = xuexin_qr_code_get_text (code);
  g_assert_cmpint (xuexin_qr_code_get_modules (code), >, 20);
  g_assert_true (g_str_has_prefix (text, url_prefix));
  g_assert_cmpuint (strlen (text), >, strlen (url_prefix));

  return text;
}

typedef struct
{
  GtkWidget  *dialog;
  const char *text;
  gboolean    error;
} TextWait;

static gboolean
text_is (gpointer user_data)
{
  TextWait *wait = user_data;

  return g_strcmp0 (wait->error ? xuexin_test_ticket_error (wait->dialog)
                                : xuexin_test_ticket_status (wait->dialog), wait->text) == 0;
}

void
xuexin_test_ticket_wait_for_status (GtkWidget  *dialog,
                                    const char *text)
{
  TextWait wait = { dialog, text, FALSE };

  xuexin_test_wait_for (text_is, &wait, text);
}

void
xuexin_test_ticket_wait_for_error (GtkWidget  *dialog,
                                   const char *text)
{
  TextWait wait = { dialog, text, TRUE };

  xuexin_test_wait_for (text_is, &wait, text);
}
