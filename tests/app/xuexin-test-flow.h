/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Driving the main window's flows (register, recovery, identity) the
 * way a person does, for every UI test program. */

const char *xuexin_test_visible_page_name   (GtkWidget  *window);
void        xuexin_test_wait_for_stack      (GtkWidget  *window,
                                             const char *name);
GtkWidget  *xuexin_test_current_page        (GtkWidget  *window);
gboolean    xuexin_test_spinning            (GtkWidget  *window);
GtkWidget  *xuexin_test_wait_for_page       (GtkWidget  *window,
                                             const char *type_name);
const char *xuexin_test_page_error_text     (GtkWidget  *window);
void        xuexin_test_wait_for_page_error (GtkWidget  *window);
void        xuexin_test_click_next          (GtkWidget  *window);
void        xuexin_test_render_settled      (GtkWidget  *window,
                                             const char *name);
GtkWidget  *xuexin_test_find_toplevel       (GType       type);
GtkWidget  *xuexin_test_wait_for_toplevel   (GType       type);
void        xuexin_test_wait_for_toplevel_gone (GType    type);
void        xuexin_test_sign_in_window      (GtkWidget  *window,
                                             const char *login_name,
                                             const char *password);
void        xuexin_test_sign_in_window_to   (GtkWidget  *window,
                                             const char *login_name,
                                             const char *password,
                                             const char *page);
void        xuexin_test_sign_out_and_close  (GtkWidget  *window);
gboolean    xuexin_test_shows_text          (GtkWidget  *root,
                                             const char *text);
GtkWidget  *xuexin_test_start_identity_path (GtkWidget  *window,
                                             const char *path,
                                             const char *first_page_type);

G_END_DECLS
