/* plumb-store-account.c: companies, permissions, the person's own record
 * and how far each company has been synced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-store-private.h"

typedef struct
{
  gint64          company_id;
  JsonArray      *array;
  JsonNode       *node;
  JsonObject     *record;
  JsonObject     *base;
  gboolean        flag;
  PlumbSyncState  state;
} AccountIn;

static AccountIn *
account_in_new (gint64 company_id)
{
  AccountIn *in = g_new0 (AccountIn, 1);

  in->company_id = company_id;

  return in;
}

static void
account_in_free (AccountIn *in)
{
  g_clear_pointer (&in->array, json_array_unref);
  g_clear_pointer (&in->node, json_node_unref);
  g_clear_pointer (&in->record, json_object_unref);
  g_clear_pointer (&in->base, json_object_unref);
  g_free (in->state.high_water);
  g_free (in);
}

static PlumbStoreJob *
account_job (PlumbStoreJobFunc  func,
             AccountIn         *in)
{
  return plumb_store_job_new (func, in, (GDestroyNotify) account_in_free);
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return plumb_store_json_to_text (node);
}

static JsonObject *
object_from_text (const char  *text,
                  GError     **error)
{
  g_autoptr(JsonNode) node = plumb_store_json_from_text (text, error);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                           _("The offline copy holds damaged data."));
      return NULL;
    }

  return json_node_dup_object (node);
}

static gboolean
put_companies_func (PlumbStoreDb   *db,
                    PlumbStoreJob  *job,
                    GError        **error)
{
  AccountIn *in = job->in;
  guint n = json_array_get_length (in->array);

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, "DELETE FROM companies", error);

    if (stmt == NULL || !plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (in->array, i);
      JsonObject *company;
      JsonNode *id_node;
      const char *name;
      g_autofree char *json = NULL;
      g_autoptr(PlumbStmt) stmt = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      company = json_node_get_object (element);
      id_node = json_object_get_member (company, "id");
      if (id_node == NULL || !JSON_NODE_HOLDS_VALUE (id_node) || json_node_get_value_type (id_node) != G_TYPE_INT64)
        {
          g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                               _("The server sent a company without an id."));
          goto fail;
        }

      stmt = plumb_store_db_prepare (db,
                                     "INSERT OR REPLACE INTO companies (id, name, json) VALUES (?1, ?2, ?3)",
                                     error);
      if (stmt == NULL)
        goto fail;

      json = plumb_store_json_to_text (element);
      name = json_object_get_string_member_with_default (company, "name", NULL);
      sqlite3_bind_int64 (stmt, 1, json_node_get_int (id_node));
      plumb_stmt_bind_text (stmt, 2, name != NULL ? name : "");
      plumb_stmt_bind_text (stmt, 3, json);
      if (!plumb_store_db_step_done (db, stmt, error))
        goto fail;
    }

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static PlumbStoreJob *
put_companies_job (JsonArray *companies)
{
  AccountIn *in = account_in_new (0);

  in->array = json_array_ref (companies);

  return account_job (put_companies_func, in);
}

void
plumb_store_put_companies_async (PlumbStore          *self,
                                 JsonArray           *companies,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (companies != NULL);

  plumb_store_run_async (self, put_companies_job (companies),
                         plumb_store_put_companies_async, cancellable, callback, user_data);
}

gboolean
plumb_store_put_companies_finish (PlumbStore    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_put_companies_async, error) != NULL;
}

gboolean
plumb_store_put_companies (PlumbStore    *self,
                           JsonArray     *companies,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (companies != NULL, FALSE);

  job = put_companies_job (companies);

  return plumb_store_run_sync (self, job, cancellable, error);
}

static gboolean
list_companies_func (PlumbStoreDb   *db,
                     PlumbStoreJob  *job,
                     GError        **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT json FROM companies ORDER BY name COLLATE NOCASE, id", error);
  g_autoptr(JsonArray) companies = json_array_new ();
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonNode *node = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 0), error);

      if (node == NULL)
        return FALSE;
      json_array_add_element (companies, node);
    }

  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);

  job->out = g_steal_pointer (&companies);
  job->out_free = (GDestroyNotify) json_array_unref;

  return TRUE;
}

void
plumb_store_list_companies_async (PlumbStore          *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  plumb_store_run_async (self, account_job (list_companies_func, account_in_new (0)),
                         plumb_store_list_companies_async, cancellable, callback, user_data);
}

JsonArray *
plumb_store_list_companies_finish (PlumbStore    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_list_companies_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

JsonArray *
plumb_store_list_companies (PlumbStore    *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(PlumbStoreJob) job = account_job (list_companies_func, account_in_new (0));

  if (!plumb_store_run_sync (self, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&job->out);
}

static gboolean
put_permissions_func (PlumbStoreDb   *db,
                      PlumbStoreJob  *job,
                      GError        **error)
{
  AccountIn *in = job->in;
  g_autofree char *json = plumb_store_json_to_text (in->node);

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db,
                              "INSERT OR REPLACE INTO permissions (company_id, can_invite, json, fetched_at)"
                              " VALUES (?1, ?2, ?3, ?4)",
                              error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, in->company_id);
    sqlite3_bind_int (stmt, 2, in->flag ? 1 : 0);
    plumb_stmt_bind_text (stmt, 3, json);
    sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static PlumbStoreJob *
put_permissions_job (gint64    company_id,
                     JsonNode *permissions,
                     gboolean  can_invite)
{
  AccountIn *in = account_in_new (company_id);

  in->node = json_node_ref (permissions);
  in->flag = can_invite;

  return account_job (put_permissions_func, in);
}

void
plumb_store_put_permissions_async (PlumbStore          *self,
                                   gint64               company_id,
                                   JsonNode            *permissions,
                                   gboolean             can_invite,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (permissions != NULL);

  plumb_store_run_async (self, put_permissions_job (company_id, permissions, can_invite),
                         plumb_store_put_permissions_async, cancellable, callback, user_data);
}

gboolean
plumb_store_put_permissions_finish (PlumbStore    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_put_permissions_async, error) != NULL;
}

gboolean
plumb_store_put_permissions (PlumbStore    *self,
                             gint64         company_id,
                             JsonNode      *permissions,
                             gboolean       can_invite,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (permissions != NULL, FALSE);

  job = put_permissions_job (company_id, permissions, can_invite);

  return plumb_store_run_sync (self, job, cancellable, error);
}

static gboolean
get_permissions_func (PlumbStoreDb   *db,
                      PlumbStoreJob  *job,
                      GError        **error)
{
  AccountIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT can_invite, json FROM permissions WHERE company_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, in->company_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return plumb_store_db_set_error (db, error);

  job->out = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 1), error);
  if (job->out == NULL)
    return FALSE;
  job->out_free = (GDestroyNotify) json_node_unref;
  job->out_int = sqlite3_column_int (stmt, 0);

  return TRUE;
}

void
plumb_store_get_permissions_async (PlumbStore          *self,
                                   gint64               company_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  plumb_store_run_async (self, account_job (get_permissions_func, account_in_new (company_id)),
                         plumb_store_get_permissions_async, cancellable, callback, user_data);
}

JsonNode *
plumb_store_get_permissions_finish (PlumbStore    *self,
                                    GAsyncResult  *result,
                                    gboolean      *can_invite,
                                    GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_get_permissions_async, error);

  if (can_invite != NULL)
    *can_invite = job != NULL && job->out_int != 0;

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

JsonNode *
plumb_store_get_permissions (PlumbStore    *self,
                             gint64         company_id,
                             gboolean      *can_invite,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(PlumbStoreJob) job = account_job (get_permissions_func, account_in_new (company_id));
  gboolean ok = plumb_store_run_sync (self, job, cancellable, error);

  if (can_invite != NULL)
    *can_invite = ok && job->out_int != 0;

  return ok ? g_steal_pointer (&job->out) : NULL;
}

static gboolean
put_own_record_func (PlumbStoreDb   *db,
                     PlumbStoreJob  *job,
                     GError        **error)
{
  AccountIn *in = job->in;
  g_autofree char *record = object_to_text (in->record);
  g_autofree char *base = object_to_text (in->base);

  if (!plumb_store_db_begin (db, TRUE, error))
    return FALSE;

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db,
                              "INSERT OR REPLACE INTO own_record (company_id, user_id, json, base_json, saved_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5)",
                              error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, in->company_id);
    sqlite3_bind_int64 (stmt, 2, json_object_get_int_member_with_default (in->base, "id", 0));
    plumb_stmt_bind_text (stmt, 3, record);
    plumb_stmt_bind_text (stmt, 4, base);
    sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static PlumbStoreJob *
put_own_record_job (gint64      company_id,
                    JsonObject *record,
                    JsonObject *base)
{
  AccountIn *in = account_in_new (company_id);

  in->record = json_object_ref (record);
  in->base = json_object_ref (base);

  return account_job (put_own_record_func, in);
}

void
plumb_store_put_own_record_async (PlumbStore          *self,
                                  gint64               company_id,
                                  JsonObject          *record,
                                  JsonObject          *base,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (record != NULL && base != NULL);

  plumb_store_run_async (self, put_own_record_job (company_id, record, base),
                         plumb_store_put_own_record_async, cancellable, callback, user_data);
}

gboolean
plumb_store_put_own_record_finish (PlumbStore    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_put_own_record_async, error) != NULL;
}

gboolean
plumb_store_put_own_record (PlumbStore    *self,
                            gint64         company_id,
                            JsonObject    *record,
                            JsonObject    *base,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (record != NULL && base != NULL, FALSE);

  job = put_own_record_job (company_id, record, base);

  return plumb_store_run_sync (self, job, cancellable, error);
}

typedef struct
{
  JsonObject *record;
  JsonObject *base;
} OwnRecordOut;

static void
own_record_out_free (OwnRecordOut *out)
{
  g_clear_pointer (&out->record, json_object_unref);
  g_clear_pointer (&out->base, json_object_unref);
  g_free (out);
}

static gboolean
get_own_record_func (PlumbStoreDb   *db,
                     PlumbStoreJob  *job,
                     GError        **error)
{
  AccountIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT json, base_json FROM own_record WHERE company_id = ?1", error);
  OwnRecordOut *out;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, in->company_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return plumb_store_db_set_error (db, error);

  out = g_new0 (OwnRecordOut, 1);
  job->out = out;
  job->out_free = (GDestroyNotify) own_record_out_free;

  out->record = object_from_text (plumb_stmt_column_text (stmt, 0), error);
  if (out->record == NULL)
    return FALSE;
  out->base = object_from_text (plumb_stmt_column_text (stmt, 1), error);

  return out->base != NULL;
}

static void
take_own_record (PlumbStoreJob  *job,
                 JsonObject    **record,
                 JsonObject    **base)
{
  OwnRecordOut *out = job != NULL ? job->out : NULL;

  if (record != NULL)
    *record = out != NULL ? g_steal_pointer (&out->record) : NULL;
  if (base != NULL)
    *base = out != NULL ? g_steal_pointer (&out->base) : NULL;
}

void
plumb_store_get_own_record_async (PlumbStore          *self,
                                  gint64               company_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  plumb_store_run_async (self, account_job (get_own_record_func, account_in_new (company_id)),
                         plumb_store_get_own_record_async, cancellable, callback, user_data);
}

gboolean
plumb_store_get_own_record_finish (PlumbStore    *self,
                                   GAsyncResult  *result,
                                   JsonObject   **record,
                                   JsonObject   **base,
                                   GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_get_own_record_async, error);

  take_own_record (job, record, base);

  return job != NULL;
}

gboolean
plumb_store_get_own_record (PlumbStore    *self,
                            gint64         company_id,
                            JsonObject   **record,
                            JsonObject   **base,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(PlumbStoreJob) job = account_job (get_own_record_func, account_in_new (company_id));
  gboolean ok = plumb_store_run_sync (self, job, cancellable, error);

  take_own_record (ok ? job : NULL, record, base);

  return ok;
}

static gboolean
get_sync_state_func (PlumbStoreDb   *db,
                     PlumbStoreJob  *job,
                     GError        **error)
{
  AccountIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT high_water, last_full_sync, last_reconcile FROM sync_state"
                            " WHERE company_id = ?1",
                            error);
  PlumbSyncState *state;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, in->company_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);

  state = g_new0 (PlumbSyncState, 1);
  if (rc == SQLITE_ROW)
    {
      state->high_water = g_strdup (plumb_stmt_column_text (stmt, 0));
      state->last_full_sync = sqlite3_column_int64 (stmt, 1);
      state->last_reconcile = sqlite3_column_int64 (stmt, 2);
    }

  job->out = state;
  job->out_free = (GDestroyNotify) plumb_sync_state_free;

  return TRUE;
}

void
plumb_store_get_sync_state_async (PlumbStore          *self,
                                  gint64               company_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  plumb_store_run_async (self, account_job (get_sync_state_func, account_in_new (company_id)),
                         plumb_store_get_sync_state_async, cancellable, callback, user_data);
}

PlumbSyncState *
plumb_store_get_sync_state_finish (PlumbStore    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_get_sync_state_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

PlumbSyncState *
plumb_store_get_sync_state (PlumbStore    *self,
                            gint64         company_id,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(PlumbStoreJob) job = account_job (get_sync_state_func, account_in_new (company_id));

  if (!plumb_store_run_sync (self, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&job->out);
}

static gboolean
put_sync_state_func (PlumbStoreDb   *db,
                     PlumbStoreJob  *job,
                     GError        **error)
{
  AccountIn *in = job->in;

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db,
                              "INSERT OR REPLACE INTO sync_state (company_id, high_water, last_full_sync, last_reconcile)"
                              " VALUES (?1, ?2, ?3, ?4)",
                              error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, in->company_id);
    plumb_stmt_bind_text (stmt, 2, in->state.high_water);
    sqlite3_bind_int64 (stmt, 3, in->state.last_full_sync);
    sqlite3_bind_int64 (stmt, 4, in->state.last_reconcile);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static PlumbStoreJob *
put_sync_state_job (gint64                company_id,
                    const PlumbSyncState *state)
{
  AccountIn *in = account_in_new (company_id);

  in->state.high_water = g_strdup (state->high_water);
  in->state.last_full_sync = state->last_full_sync;
  in->state.last_reconcile = state->last_reconcile;

  return account_job (put_sync_state_func, in);
}

void
plumb_store_put_sync_state_async (PlumbStore           *self,
                                  gint64                company_id,
                                  const PlumbSyncState *state,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_return_if_fail (state != NULL);

  plumb_store_run_async (self, put_sync_state_job (company_id, state),
                         plumb_store_put_sync_state_async, cancellable, callback, user_data);
}

gboolean
plumb_store_put_sync_state_finish (PlumbStore    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_put_sync_state_async, error) != NULL;
}

gboolean
plumb_store_put_sync_state (PlumbStore            *self,
                            gint64                 company_id,
                            const PlumbSyncState  *state,
                            GCancellable          *cancellable,
                            GError               **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (state != NULL, FALSE);

  job = put_sync_state_job (company_id, state);

  return plumb_store_run_sync (self, job, cancellable, error);
}
