/* plumb-screenshot.h: render widgets to PNG files, for reviews and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void      plumb_screenshot_wait_for_frames (GtkWidget   *widget,
                                            guint        n_frames);
gboolean  plumb_screenshot_save            (GtkWidget   *widget,
                                            const char  *path,
                                            GError     **error);

G_END_DECLS
