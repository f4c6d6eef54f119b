/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-application.h"
#include "xuexin-test-service.h"

G_BEGIN_DECLS

/* One UI test program: init, add the tests, run. */
void               xuexin_test_ui_init              (int          *argc,
                                                     char       ***argv);
XuexinTestService *xuexin_test_ui_init_with_service (int          *argc,
                                                     char       ***argv);
int                xuexin_test_ui_run               (void);
XuexinApplication *xuexin_test_ui_get_application   (void);
GtkWidget         *xuexin_test_open_window          (int           width,
                                                     int           height);

/* Fresh identities, so that no two accounts of a test program clash. */
guint              xuexin_test_next_serial          (void);
char              *xuexin_test_next_phone           (void);
char              *xuexin_test_next_id_number       (void);
char              *xuexin_test_next_email           (void);

GtkWidget *xuexin_test_find_child           (GtkWidget  *root,
                                             const char *buildable_id);
void       xuexin_test_wait_until_mapped    (GtkWidget  *widget);
void       xuexin_test_click                (GtkWidget  *button);
void       xuexin_test_iterate              (guint       milliseconds);
void       xuexin_test_render_png           (GtkWidget  *widget,
                                             const char *name);
void       xuexin_test_expect_focus         (GtkWidget  *widget);
void       xuexin_test_expect_alert         (const char *text);
void       xuexin_test_expect_alert_of      (GtkWidget  *root,
                                             const char *label_id);
void       xuexin_test_check_a11y           (GtkWidget  *widget,
                                             const char *name);
void       xuexin_test_assert_qr_decodes    (GtkWidget  *qr_code,
                                             const char *expected);
gboolean   xuexin_test_locale_is_chinese    (void);
void       xuexin_test_use_temporary_home   (void);
void       xuexin_test_ignore_known_warnings (void);
void       xuexin_test_close_window         (GtkWidget  *window);
GtkWidget *xuexin_test_find_label           (GtkWidget  *root,
                                             const char *text);
void       xuexin_test_set_text             (GtkWidget  *root,
                                             const char *buildable_id,
                                             const char *text);
GtkWidget *xuexin_test_require_child        (GtkWidget  *root,
                                             const char *buildable_id);

/* What a keyboard or screen-reader user is told, checked in-process. */
gboolean   xuexin_test_has_focus            (GtkWidget  *widget);
void       xuexin_test_assert_focus_in      (GtkWidget  *widget);
void       xuexin_test_assert_alert         (GtkWidget  *label,
                                             const char *text);
void       xuexin_test_assert_field_error   (GtkWidget  *field,
                                             GtkWidget  *message);
void       xuexin_test_assert_field_ok      (GtkWidget  *field);

typedef gboolean (*XuexinTestCondition) (gpointer user_data);
void       xuexin_test_wait_for             (XuexinTestCondition  condition,
                                             gpointer             user_data,
                                             const char          *what);
void       xuexin_test_store_result_cb      (GObject             *source_object,
                                             GAsyncResult        *result,
                                             gpointer             user_data);
void       xuexin_test_wait_for_result      (GAsyncResult       **result,
                                             const char          *what);

G_END_DECLS
