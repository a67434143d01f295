/* plumb-photo-well.h: where a new profile photo is dropped, pasted or attached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_PHOTO_WELL (plumb_photo_well_get_type ())

G_DECLARE_FINAL_TYPE (PlumbPhotoWell, plumb_photo_well, PLUMB, PHOTO_WELL, GtkWidget)

/* Properties: "state" (read-only, notified): "current" (nothing new),
 * "checking", "crop", "accepted" (a new photo is ready), "refused" (the
 * last picture was refused; any earlier new photo is kept), "remove" (the
 * photo is to be removed); "has-change" (read-only, notified). */
GtkWidget     *plumb_photo_well_new            (void);
void           plumb_photo_well_set_name       (PlumbPhotoWell *self,
                                                const char     *name);
/* The photo on the server, or NULL when there is none. */
void           plumb_photo_well_set_current    (PlumbPhotoWell *self,
                                                GdkPaintable   *photo,
                                                gboolean        has_photo);
void           plumb_photo_well_take_file      (PlumbPhotoWell *self,
                                                GFile          *file);
void           plumb_photo_well_take_bytes     (PlumbPhotoWell *self,
                                                GBytes         *bytes);
void           plumb_photo_well_take_texture   (PlumbPhotoWell *self,
                                                GdkTexture     *texture);
/* Forgets the new photo or the removal. */
void           plumb_photo_well_reset          (PlumbPhotoWell *self);

const char    *plumb_photo_well_get_state      (PlumbPhotoWell *self);
gboolean       plumb_photo_well_get_has_change (PlumbPhotoWell *self);
/* The new photo, normalized, or NULL. */
GBytes        *plumb_photo_well_get_photo      (PlumbPhotoWell *self,
                                                const char    **content_type);
gboolean       plumb_photo_well_get_remove     (PlumbPhotoWell *self);
/* What the well says of the last picture. */
const char    *plumb_photo_well_get_verdict    (PlumbPhotoWell *self);
GtkDropTarget *plumb_photo_well_get_drop_target (PlumbPhotoWell *self);

G_END_DECLS
