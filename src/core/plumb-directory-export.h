/* plumb-directory-export.h: the directory as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char  *plumb_directory_csv_field         (const char          *text);
/* @model: PlumbDirectoryItems, read now; the file is written in a thread. */
void   plumb_directory_export_csv_async  (GListModel          *model,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
guint  plumb_directory_export_csv_finish (GAsyncResult        *result,
                                          GError             **error);
/* The text of the CSV for @model, for the CLI and tests. */
char  *plumb_directory_to_csv            (GListModel          *model,
                                          guint               *n_rows);

G_END_DECLS
