/* plumb-crop-area.h: a picture with a square the person moves and resizes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "plumb-photo.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_CROP_AREA (plumb_crop_area_get_type ())

G_DECLARE_FINAL_TYPE (PlumbCropArea, plumb_crop_area, PLUMB, CROP_AREA, GtkWidget)

/* The "crop" property is notified when the square moves; read it with
 * plumb_crop_area_get_crop(). */
GtkWidget *plumb_crop_area_new         (void);
/* @preview is the picture as shown, of any size; the crop is in the
 * coordinates of the full picture, @width × @height. Starts with the
 * largest centred square. */
void       plumb_crop_area_set_picture (PlumbCropArea        *self,
                                        GdkPaintable         *preview,
                                        guint                 width,
                                        guint                 height);
void       plumb_crop_area_get_crop    (PlumbCropArea        *self,
                                        PlumbPhotoCrop       *crop);
void       plumb_crop_area_set_crop    (PlumbCropArea        *self,
                                        const PlumbPhotoCrop *crop);
/* Moves the square by a fraction of its size, or grows it (negative
 * shrinks) about its centre: what the keys do. */
void       plumb_crop_area_nudge       (PlumbCropArea        *self,
                                        double                dx,
                                        double                dy,
                                        double                grow);

G_END_DECLS
