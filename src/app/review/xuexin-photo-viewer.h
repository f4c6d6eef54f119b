/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * XuexinPhotoViewer: one ID photo of a review case, large, for a reviewer.
 * Fits the photo to the widget at first; zoom by scroll, pinch and the keys
 * `+` `-` `0` (fit), pan by dragging and by the arrow keys while zoomed,
 * rotate in quarter turns for viewing (`[` and `]`, and the two buttons of
 * its toolbar). It is focusable and its accessible name says which photo
 * it is and the zoom ("手持身份证, 150 %"). It offers no copy, save or
 * drag-out: the photo only exists as the texture it is given.
 */

#define XUEXIN_TYPE_PHOTO_VIEWER (xuexin_photo_viewer_get_type ())
G_DECLARE_FINAL_TYPE (XuexinPhotoViewer, xuexin_photo_viewer, XUEXIN, PHOTO_VIEWER, GtkWidget)

GtkWidget  *xuexin_photo_viewer_new          (void);
/* The photo's name, e.g. _("Holding the ID card"); used in the
 * accessible name and the placeholder. Property "title". */
void        xuexin_photo_viewer_set_title    (XuexinPhotoViewer *self,
                                              const char        *title);
/* (nullable): NULL shows the placeholder (property "status" text, e.g.
 * "Loading…" or an error) and drops the viewer's reference to the
 * texture. Setting a texture resets zoom, pan and rotation. */
void        xuexin_photo_viewer_set_texture  (XuexinPhotoViewer *self,
                                              GdkTexture        *texture);
GdkTexture *xuexin_photo_viewer_get_texture  (XuexinPhotoViewer *self);
void        xuexin_photo_viewer_set_status   (XuexinPhotoViewer *self,
                                              const char        *status);
/* 1.0 is "fit"; property "zoom", between 1.0 and 8.0. */
double      xuexin_photo_viewer_get_zoom     (XuexinPhotoViewer *self);
void        xuexin_photo_viewer_zoom_in      (XuexinPhotoViewer *self);
void        xuexin_photo_viewer_zoom_out     (XuexinPhotoViewer *self);
void        xuexin_photo_viewer_reset        (XuexinPhotoViewer *self);  /* fit, no pan, no rotation */
/* Quarter turns clockwise, 0–3; property "rotation". */
guint       xuexin_photo_viewer_get_rotation (XuexinPhotoViewer *self);
void        xuexin_photo_viewer_rotate       (XuexinPhotoViewer *self,
                                              gboolean           clockwise);

G_END_DECLS
