/* plumb-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-application.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_WINDOW (plumb_window_get_type ())

G_DECLARE_FINAL_TYPE (PlumbWindow, plumb_window, PLUMB, WINDOW, AdwApplicationWindow)

PlumbWindow *plumb_window_new             (PlumbApplication *application);
void         plumb_window_add_section     (PlumbWindow      *self,
                                           const char       *name,
                                           const char       *title,
                                           const char       *icon_name,
                                           GtkWidget        *page);
void         plumb_window_show_section    (PlumbWindow      *self,
                                           const char       *name);
const char  *plumb_window_get_section     (PlumbWindow      *self);
void         plumb_window_add_toast       (PlumbWindow      *self,
                                           AdwToast         *toast);

G_END_DECLS
