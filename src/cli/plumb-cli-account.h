/* plumb-cli-account.h: what every networked `plumb` command shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-account.h"
#include "plumb-cli.h"

G_BEGIN_DECLS

/* The non-secret facts about the sign-in, kept in a small key file so the
 * next command knows where and as whom to work. Tokens are never here:
 * they are in the keyring under (api_url, account_key). */
typedef struct
{
  char   *api_url;
  char   *login_url;
  char   *client_id;
  char   *account_key;
  char   *login;
  char   *grant;
  gint64  account_id;
  gint64  expires_at;
  gint64  company_id;
} PlumbCliState;

void           plumb_cli_state_free        (PlumbCliState    *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbCliState, plumb_cli_state_free)

char          *plumb_cli_state_path        (PlumbCliOptions  *options);
PlumbCliState *plumb_cli_state_load        (PlumbCliOptions  *options);
gboolean       plumb_cli_state_save        (PlumbCliOptions  *options,
                                            PlumbCliState    *state,
                                            GError          **error);
gboolean       plumb_cli_state_remove      (PlumbCliOptions  *options,
                                            GError          **error);

gboolean       plumb_cli_resolve_server    (PlumbCliOptions  *options,
                                            PlumbCliState    *state,
                                            char            **api_url,
                                            char            **login_url,
                                            GError          **error);
/* The signed-in account of the remembered (or --server) server. */
PlumbAccount  *plumb_cli_open_account      (PlumbCliOptions  *options,
                                            PlumbCliState   **state,
                                            GError          **error);
/* Writes back what may have changed (a refreshed token's expiry). */
void           plumb_cli_remember          (PlumbCliOptions  *options,
                                            PlumbCliState    *state,
                                            PlumbAccount     *account);
gint64         plumb_cli_company_id        (PlumbCliOptions  *options,
                                            PlumbCliState    *state);
/* Runs the main context until *result is set by an async callback. */
void           plumb_cli_wait              (GAsyncResult    **result);
void           plumb_cli_store_result      (GObject          *source,
                                            GAsyncResult     *result,
                                            gpointer          user_data);
gboolean       plumb_cli_parse_plain       (PlumbCliOptions  *options,
                                            int               argc,
                                            char            **argv);
int            plumb_cli_fail              (const GError     *error);
void           plumb_cli_print_json        (JsonNode         *node);

G_END_DECLS
