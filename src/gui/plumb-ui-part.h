/* plumb-ui-part.h: parts of a widget built from a UI file of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkBuilder *plumb_ui_part_builder_new (GObject    *owner,
                                       const char *first_handler_name,
                                       ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
