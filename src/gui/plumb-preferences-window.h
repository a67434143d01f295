/* plumb-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_PREFERENCES_WINDOW (plumb_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PlumbPreferencesWindow, plumb_preferences_window, PLUMB, PREFERENCES_WINDOW, AdwPreferencesWindow)

PlumbPreferencesWindow *plumb_preferences_window_new (GSettings *settings);

G_END_DECLS
