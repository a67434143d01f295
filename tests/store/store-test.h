/* store-test.h: what the store's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plumb-store.h"

G_BEGIN_DECLS

/* A fresh temporary folder, removed with its contents by store_test_rmdir(). */
char       *store_test_mkdtemp       (void);
void        store_test_rmdir         (const char *path);

/* A store in a new temporary folder; `dir` receives the folder. */
PlumbStore *store_test_open_new      (char      **dir);
PlumbStore *store_test_open          (const char *dir);

JsonObject *store_test_object        (const char *json);
JsonArray  *store_test_array         (const char *json);

/* Iterates the default main context until *flag is TRUE, at most 30 s. */
void        store_test_wait          (gboolean   *flag);

/* A full load of @company: each text of @pages (NULL-terminated) a page of
 * the server's list, in order. Returns whether it was committed. */
gboolean    store_test_load_snapshot (PlumbStore         *store,
                                      gint64              company_id,
                                      const char * const *pages,
                                      GError            **error);

G_END_DECLS
