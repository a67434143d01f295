/* plumb-sync-status.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-application.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_SYNC_STATUS (plumb_sync_status_get_type ())

G_DECLARE_FINAL_TYPE (PlumbSyncStatus, plumb_sync_status, PLUMB, SYNC_STATUS, GtkWidget)

void        plumb_sync_status_set_application (PlumbSyncStatus  *self,
                                               PlumbApplication *application);
/* What the header says now, e.g. "Offline, 2 changes waiting". */
const char *plumb_sync_status_get_text        (PlumbSyncStatus  *self);

G_END_DECLS
