/* plumb-store.h: the offline copy of one account's data in one environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "plumb-store-rows.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_STORE (plumb_store_get_type ())

G_DECLARE_FINAL_TYPE (PlumbStore, plumb_store, PLUMB, STORE, GObject)

/* Where an account's store lives; see the comment at the top of
 * plumb-store.c. `data_dir` overrides $XDG_DATA_HOME/plumbline. */
char          *plumb_store_build_path       (const char  *data_dir,
                                             const char  *base_url,
                                             const char  *account_id,
                                             GError     **error);

/* The form of a text the search compares: lower case, without accents. */
char          *plumb_store_fold             (const char  *text);

/* What a company's last syncs reached. */
typedef struct
{
  char   *high_water;       /* the largest updated_at seen, ISO 8601; NULL before the first sync */
  gint64  last_full_sync;   /* Unix seconds, 0 never */
  gint64  last_reconcile;   /* Unix seconds, 0 never */
} PlumbSyncState;

#define PLUMB_TYPE_SYNC_STATE (plumb_sync_state_get_type ())

GType           plumb_sync_state_get_type   (void) G_GNUC_CONST;
PlumbSyncState *plumb_sync_state_copy       (const PlumbSyncState *state);
void            plumb_sync_state_free       (PlumbSyncState       *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbSyncState, plumb_sync_state_free)

/* Every operation has an _async/_finish pair for the UI and a blocking form
 * without suffix for the command line and tests. The blocking forms wait
 * for the store's worker thread: never call them on the UI thread.
 * JSON handed to the store must not be changed until the operation ends. */

void            plumb_store_open_async      (const char          *path,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
PlumbStore     *plumb_store_open_finish     (GAsyncResult        *result,
                                             GError             **error);
PlumbStore     *plumb_store_open            (const char          *path,
                                             GCancellable        *cancellable,
                                             GError             **error);

const char     *plumb_store_get_path        (PlumbStore          *self);

/* Companies: the whole list the person belongs to, replaced at once. */
void            plumb_store_put_companies_async  (PlumbStore          *self,
                                                  JsonArray           *companies,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        plumb_store_put_companies_finish (PlumbStore          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
gboolean        plumb_store_put_companies        (PlumbStore          *self,
                                                  JsonArray           *companies,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

void            plumb_store_list_companies_async  (PlumbStore          *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonArray      *plumb_store_list_companies_finish (PlumbStore          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
JsonArray      *plumb_store_list_companies        (PlumbStore          *self,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

/* Permissions: the server's answer for one company and whether it lets the
 * person invite. */
void            plumb_store_put_permissions_async  (PlumbStore          *self,
                                                    gint64               company_id,
                                                    JsonNode            *permissions,
                                                    gboolean             can_invite,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        plumb_store_put_permissions_finish (PlumbStore          *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
gboolean        plumb_store_put_permissions        (PlumbStore          *self,
                                                    gint64               company_id,
                                                    JsonNode            *permissions,
                                                    gboolean             can_invite,
                                                    GCancellable        *cancellable,
                                                    GError             **error);

/* Returns NULL, and no error, when nothing is stored for the company. */
void            plumb_store_get_permissions_async  (PlumbStore          *self,
                                                    gint64               company_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode       *plumb_store_get_permissions_finish (PlumbStore          *self,
                                                    GAsyncResult        *result,
                                                    gboolean            *can_invite,
                                                    GError             **error);
JsonNode       *plumb_store_get_permissions        (PlumbStore          *self,
                                                    gint64               company_id,
                                                    gboolean            *can_invite,
                                                    GCancellable        *cancellable,
                                                    GError             **error);

/* Users: each element is a user object as the API gives it. One call is
 * one transaction; hand over pages of about a thousand. */
void            plumb_store_upsert_users_async  (PlumbStore          *self,
                                                 gint64               company_id,
                                                 JsonArray           *users,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        plumb_store_upsert_users_finish (PlumbStore          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean        plumb_store_upsert_users        (PlumbStore          *self,
                                                 gint64               company_id,
                                                 JsonArray           *users,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* The same from the text of a JSON array, parsed on the worker thread. */
void            plumb_store_upsert_users_json_async  (PlumbStore          *self,
                                                      gint64               company_id,
                                                      const char          *json,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        plumb_store_upsert_users_json_finish (PlumbStore          *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
gboolean        plumb_store_upsert_users_json        (PlumbStore          *self,
                                                      gint64               company_id,
                                                      const char          *json,
                                                      GCancellable        *cancellable,
                                                      GError             **error);

void            plumb_store_delete_users_async  (PlumbStore          *self,
                                                 gint64               company_id,
                                                 const gint64        *ids,
                                                 guint                n_ids,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        plumb_store_delete_users_finish (PlumbStore          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean        plumb_store_delete_users        (PlumbStore          *self,
                                                 gint64               company_id,
                                                 const gint64        *ids,
                                                 guint                n_ids,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* The ids of every stored user of a company, ascending, as a GArray of
 * gint64: what reconciliation compares with the server's list. */
void            plumb_store_list_user_ids_async  (PlumbStore          *self,
                                                  gint64               company_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GArray         *plumb_store_list_user_ids_finish (PlumbStore          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
GArray         *plumb_store_list_user_ids        (PlumbStore          *self,
                                                  gint64               company_id,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

/* The full record as the server gave it; NULL, without error, if unknown. */
void            plumb_store_get_user_async  (PlumbStore          *self,
                                             gint64               company_id,
                                             gint64               user_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
JsonObject     *plumb_store_get_user_finish (PlumbStore          *self,
                                             GAsyncResult        *result,
                                             GError             **error);
JsonObject     *plumb_store_get_user        (PlumbStore          *self,
                                             gint64               company_id,
                                             gint64               user_id,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* Every user of a company, active or not, by name: the directory's model. */
void            plumb_store_list_users_async  (PlumbStore          *self,
                                               gint64               company_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
PlumbUserRows  *plumb_store_list_users_finish (PlumbStore          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
PlumbUserRows  *plumb_store_list_users        (PlumbStore          *self,
                                               gint64               company_id,
                                               GCancellable        *cancellable,
                                               GError             **error);

void            plumb_store_query_users_async  (PlumbStore           *self,
                                                gint64                company_id,
                                                const PlumbUserQuery *query,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
PlumbUserRows  *plumb_store_query_users_finish (PlumbStore           *self,
                                                GAsyncResult         *result,
                                                GError              **error);
PlumbUserRows  *plumb_store_query_users        (PlumbStore           *self,
                                                gint64                company_id,
                                                const PlumbUserQuery *query,
                                                GCancellable         *cancellable,
                                                GError              **error);

/* The person's own record in a company as edited here, and `base`, the
 * server's copy the edits started from. */
void            plumb_store_put_own_record_async  (PlumbStore          *self,
                                                   gint64               company_id,
                                                   JsonObject          *record,
                                                   JsonObject          *base,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        plumb_store_put_own_record_finish (PlumbStore          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
gboolean        plumb_store_put_own_record        (PlumbStore          *self,
                                                   gint64               company_id,
                                                   JsonObject          *record,
                                                   JsonObject          *base,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

/* FALSE with an error on failure; TRUE with NULLs when nothing is stored. */
void            plumb_store_get_own_record_async  (PlumbStore          *self,
                                                   gint64               company_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        plumb_store_get_own_record_finish (PlumbStore          *self,
                                                   GAsyncResult        *result,
                                                   JsonObject         **record,
                                                   JsonObject         **base,
                                                   GError             **error);
gboolean        plumb_store_get_own_record        (PlumbStore          *self,
                                                   gint64               company_id,
                                                   JsonObject         **record,
                                                   JsonObject         **base,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

/* A company never synced has a state of NULL and zeros. */
void            plumb_store_get_sync_state_async  (PlumbStore          *self,
                                                   gint64               company_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
PlumbSyncState *plumb_store_get_sync_state_finish (PlumbStore          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
PlumbSyncState *plumb_store_get_sync_state        (PlumbStore          *self,
                                                   gint64               company_id,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

void            plumb_store_put_sync_state_async  (PlumbStore           *self,
                                                   gint64                company_id,
                                                   const PlumbSyncState *state,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        plumb_store_put_sync_state_finish (PlumbStore           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
gboolean        plumb_store_put_sync_state        (PlumbStore           *self,
                                                   gint64                company_id,
                                                   const PlumbSyncState *state,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

G_END_DECLS
