/* plumb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_APPLICATION (plumb_application_get_type ())

G_DECLARE_FINAL_TYPE (PlumbApplication, plumb_application, PLUMB, APPLICATION, AdwApplication)

PlumbApplication *plumb_application_new          (void);
GSettings        *plumb_application_get_settings (PlumbApplication *self);

G_END_DECLS
