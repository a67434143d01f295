/* plumb-cli-sync.h: what the commands on the offline store share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-cli-account.h"
#include "plumb-store.h"
#include "plumb-sync-engine.h"

G_BEGIN_DECLS

typedef struct
{
  PlumbCliState   *state;
  PlumbAccount    *account;
  PlumbStore      *store;
  PlumbSyncEngine *engine;
  gint64           company_id;
} PlumbCliSync;

void      plumb_cli_sync_clear       (PlumbCliSync     *sync);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlumbCliSync, plumb_cli_sync_clear)

/* Opens the store of the remembered sign-in and an engine on the chosen
 * company. With @online the tokens are restored for network calls;
 * without, nothing leaves this computer. */
gboolean  plumb_cli_sync_open        (PlumbCliOptions  *options,
                                      gboolean          online,
                                      PlumbCliSync     *sync,
                                      GError          **error);
/* Runs the engine's sync to its end. */
gboolean  plumb_cli_sync_run         (PlumbCliSync     *sync,
                                      GError          **error);
/* The changes not yet on the server, in order. */
GPtrArray *plumb_cli_sync_left       (PlumbCliSync     *sync,
                                      GError          **error);
/* A person's stored record, or an error that says to sync first. */
JsonObject *plumb_cli_sync_user      (PlumbCliSync     *sync,
                                      gint64            user_id,
                                      GError          **error);
const char *plumb_cli_op_state_words (PlumbOutboxState  state);
const char *plumb_cli_op_kind_words  (PlumbOutboxKind   kind);
JsonNode   *plumb_cli_op_to_json     (PlumbCliSync     *sync,
                                      PlumbOutboxOp    *op);
char       *plumb_cli_time_text      (gint64            unix_seconds);

G_END_DECLS
