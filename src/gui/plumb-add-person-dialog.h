/* plumb-add-person-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-application.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_ADD_PERSON_DIALOG (plumb_add_person_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PlumbAddPersonDialog, plumb_add_person_dialog, PLUMB, ADD_PERSON_DIALOG, AdwMessageDialog)

GtkWindow *plumb_add_person_dialog_new (PlumbApplication *application);

G_END_DECLS
