/* plumb-outbox.c: queueing and reading the outbox, and its pure rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox lives in the store's database (table `outbox`, the row id is
 * the order). Every write commits with synchronous=FULL: when enqueue
 * answers, the operation survives a crash and a power cut. State changes
 * are in plumb-outbox-states.c.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-outbox-private.h"

G_DEFINE_BOXED_TYPE (PlumbOutboxOp, plumb_outbox_op, plumb_outbox_op_copy, plumb_outbox_op_free)

static const char * const kind_names[] = {
  [PLUMB_OUTBOX_EDIT_USER] = "edit-user",
  [PLUMB_OUTBOX_PHOTO] = "photo",
  [PLUMB_OUTBOX_INVITE] = "invite",
  [PLUMB_OUTBOX_CREATE_USER] = "create-user",
};

static const char * const state_names[] = {
  [PLUMB_OUTBOX_PENDING] = "pending",
  [PLUMB_OUTBOX_IN_FLIGHT] = "in-flight",
  [PLUMB_OUTBOX_DONE] = "done",
  [PLUMB_OUTBOX_FAILED] = "failed",
  [PLUMB_OUTBOX_CONFLICT] = "conflict",
};

const char *
plumb_outbox_kind_to_string (PlumbOutboxKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
plumb_outbox_kind_from_string (const char      *text,
                               PlumbOutboxKind *kind)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (text, kind_names[i]))
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
plumb_outbox_state_to_string (PlumbOutboxState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

gboolean
plumb_outbox_state_from_string (const char       *text,
                                PlumbOutboxState *state)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_str_equal (text, state_names[i]))
        {
          *state = i;
          return TRUE;
        }
    }

  return FALSE;
}

PlumbOutboxOp *
plumb_outbox_op_copy (const PlumbOutboxOp *op)
{
  PlumbOutboxOp *copy;

  g_return_val_if_fail (op != NULL, NULL);

  copy = g_memdup2 (op, sizeof *op);
  /* json_node_copy() shares objects; a copy of an operation must not. */
  if (op->payload != NULL)
    {
      g_autofree char *text = plumb_outbox_object_to_text (op->payload);
      g_autoptr(JsonNode) node = json_from_string (text, NULL);

      copy->payload = json_node_dup_object (node);
    }
  copy->photo = op->photo != NULL ? g_bytes_ref (op->photo) : NULL;
  copy->last_error = g_strdup (op->last_error);

  return copy;
}

void
plumb_outbox_op_free (PlumbOutboxOp *op)
{
  if (op == NULL)
    return;

  g_clear_pointer (&op->payload, json_object_unref);
  g_clear_pointer (&op->photo, g_bytes_unref);
  g_free (op->last_error);
  g_free (op);
}

JsonObject *
plumb_outbox_edit_payload_new (JsonObject *fields,
                               JsonObject *base)
{
  JsonObject *payload = json_object_new ();

  g_return_val_if_fail (fields != NULL, NULL);

  json_object_set_object_member (payload, "fields", json_object_ref (fields));
  json_object_set_object_member (payload, "base", base != NULL ? json_object_ref (base) : json_object_new ());

  return payload;
}

guint
plumb_outbox_backoff (guint  attempts,
                      double jitter)
{
  guint delay = 30;

  for (guint i = 1; i < attempts && delay < 3600; i++)
    delay *= 2;
  delay = MIN (delay, 3600);

  jitter = CLAMP (jitter, 0.0, 1.0);

  return delay / 2 + (guint) (jitter * (delay - delay / 2));
}

gboolean
plumb_outbox_invitation_was_sent (gint64      queued_at,
                                  const char *welcome_email_sent_at)
{
  g_autoptr(GDateTime) sent = NULL;

  if (welcome_email_sent_at == NULL || *welcome_email_sent_at == '\0')
    return FALSE;

  sent = g_date_time_new_from_iso8601 (welcome_email_sent_at, g_time_zone_new_utc ());
  if (sent == NULL)
    return FALSE;

  /* The server counts whole seconds: an invitation handled within the
   * second it was queued carries that same second. */
  return g_date_time_to_unix (sent) >= queued_at;
}

OutboxIn *
plumb_outbox_in_new (gint64 op_id)
{
  OutboxIn *in = g_new0 (OutboxIn, 1);

  in->op_id = op_id;

  return in;
}

void
plumb_outbox_in_free (OutboxIn *in)
{
  g_free (in->payload);
  g_clear_pointer (&in->photo, g_bytes_unref);
  g_free (in->text);
  g_strfreev (in->conflicts);
  g_free (in);
}

void
plumb_outbox_run_async (PlumbStore          *store,
                        PlumbStoreJobFunc    func,
                        OutboxIn            *in,
                        gpointer             source_tag,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  plumb_store_run_async (store, plumb_store_job_new (func, in, (GDestroyNotify) plumb_outbox_in_free),
                         source_tag, cancellable, callback, user_data);
}

PlumbStoreJob *
plumb_outbox_run_sync (PlumbStore    *store,
                       PlumbStoreJobFunc func,
                       OutboxIn      *in,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(PlumbStoreJob) job = plumb_store_job_new (func, in, (GDestroyNotify) plumb_outbox_in_free);

  if (!plumb_store_run_sync (store, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&job);
}

char *
plumb_outbox_object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

PlumbOutboxOp *
plumb_outbox_op_from_row (PlumbStoreDb  *db,
                          PlumbStmt     *stmt,
                          GError       **error)
{
  g_autoptr(PlumbOutboxOp) op = g_new0 (PlumbOutboxOp, 1);
  g_autoptr(JsonNode) payload = NULL;

  op->id = sqlite3_column_int64 (stmt, 0);
  op->company_id = sqlite3_column_int64 (stmt, 2);
  op->user_id = sqlite3_column_int64 (stmt, 3);
  op->attempts = sqlite3_column_int (stmt, 7);
  op->next_try = sqlite3_column_int64 (stmt, 8);
  op->queued_at = sqlite3_column_int64 (stmt, 9);
  op->last_error = g_strdup (plumb_stmt_column_text (stmt, 10));
  op->created_at = sqlite3_column_int64 (stmt, 11);

  if (sqlite3_column_type (stmt, 5) == SQLITE_BLOB)
    op->photo = g_bytes_new (sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5));

  payload = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 4), error);
  if (payload == NULL)
    return NULL;

  if (!plumb_outbox_kind_from_string (plumb_stmt_column_text (stmt, 1), &op->kind) ||
      !plumb_outbox_state_from_string (plumb_stmt_column_text (stmt, 6), &op->state) ||
      !JSON_NODE_HOLDS_OBJECT (payload))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                           _("The offline copy holds a damaged change."));
      return NULL;
    }

  op->payload = json_node_dup_object (payload);

  return g_steal_pointer (&op);
}

static gboolean
payload_is_valid (PlumbOutboxKind  kind,
                  gint64           user_id,
                  JsonObject      *payload,
                  GBytes          *photo)
{
  switch (kind)
    {
    case PLUMB_OUTBOX_EDIT_USER:
      {
        JsonNode *fields = json_object_get_member (payload, "fields");
        JsonNode *base = json_object_get_member (payload, "base");

        return user_id != 0 &&
               fields != NULL && JSON_NODE_HOLDS_OBJECT (fields) &&
               json_object_get_size (json_node_get_object (fields)) > 0 &&
               base != NULL && JSON_NODE_HOLDS_OBJECT (base);
      }

    case PLUMB_OUTBOX_PHOTO:
      return user_id != 0 && photo != NULL && g_bytes_get_size (photo) > 0;

    case PLUMB_OUTBOX_INVITE:
      return user_id != 0;

    case PLUMB_OUTBOX_CREATE_USER:
      {
        JsonNode *user = json_object_get_member (payload, "user");

        return user != NULL && JSON_NODE_HOLDS_OBJECT (user);
      }

    default:
      return FALSE;
    }
}

static gboolean
enqueue_func (PlumbStoreDb   *db,
              PlumbStoreJob  *job,
              GError        **error)
{
  OutboxIn *in = job->in;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!plumb_store_db_begin (db, TRUE, error))
    return FALSE;

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db,
                              "INSERT INTO outbox (kind, company_id, user_id, payload, blob, state,"
                              "                    attempts, next_try, queued_at, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, 0, ?6, ?7)",
                              error);

    if (stmt == NULL)
      goto fail;

    plumb_stmt_bind_text (stmt, 1, plumb_outbox_kind_to_string (in->kind));
    sqlite3_bind_int64 (stmt, 2, in->company_id);
    sqlite3_bind_int64 (stmt, 3, in->user_id);
    plumb_stmt_bind_text (stmt, 4, in->payload);
    if (in->photo != NULL)
      sqlite3_bind_blob64 (stmt, 5, g_bytes_get_data (in->photo, NULL), g_bytes_get_size (in->photo),
                           SQLITE_STATIC);
    else
      sqlite3_bind_null (stmt, 5);
    sqlite3_bind_int64 (stmt, 6, now + in->clock_offset);
    sqlite3_bind_int64 (stmt, 7, now);

    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  job->out_int = sqlite3_last_insert_rowid (plumb_store_db_get_handle (db));

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static OutboxIn *
enqueue_in (PlumbOutboxKind  kind,
            gint64           company_id,
            gint64           user_id,
            JsonObject      *payload,
            GBytes          *photo,
            gint64           clock_offset)
{
  OutboxIn *in = plumb_outbox_in_new (0);

  in->kind = kind;
  in->company_id = company_id;
  in->user_id = user_id;
  in->payload = plumb_outbox_object_to_text (payload);
  in->photo = photo != NULL ? g_bytes_ref (photo) : NULL;
  in->clock_offset = clock_offset;

  return in;
}

static gboolean
check_enqueue (PlumbOutboxKind   kind,
               gint64            user_id,
               JsonObject       *payload,
               GBytes           *photo,
               GError          **error)
{
  if (payload_is_valid (kind, user_id, payload, photo))
    return TRUE;

  g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                       _("This change is incomplete and was not saved."));
  return FALSE;
}

void
plumb_outbox_enqueue_async (PlumbStore          *store,
                            PlumbOutboxKind      kind,
                            gint64               company_id,
                            gint64               user_id,
                            JsonObject          *payload,
                            GBytes              *photo,
                            gint64               clock_offset,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (PLUMB_IS_STORE (store));
  g_return_if_fail (payload != NULL);

  if (!check_enqueue (kind, user_id, payload, photo, &error))
    {
      g_task_report_error (store, callback, user_data, plumb_outbox_enqueue_async, error);
      return;
    }

  plumb_outbox_run_async (store, enqueue_func,
                          enqueue_in (kind, company_id, user_id, payload, photo, clock_offset),
                          plumb_outbox_enqueue_async, cancellable, callback, user_data);
}

gint64
plumb_outbox_enqueue_finish (PlumbStore    *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (store, result, plumb_outbox_enqueue_async, error);

  return job != NULL ? job->out_int : 0;
}

gint64
plumb_outbox_enqueue (PlumbStore       *store,
                      PlumbOutboxKind   kind,
                      gint64            company_id,
                      gint64            user_id,
                      JsonObject       *payload,
                      GBytes           *photo,
                      gint64            clock_offset,
                      GCancellable     *cancellable,
                      GError          **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (PLUMB_IS_STORE (store), 0);
  g_return_val_if_fail (payload != NULL, 0);

  if (!check_enqueue (kind, user_id, payload, photo, error))
    return 0;

  job = plumb_outbox_run_sync (store, enqueue_func,
                               enqueue_in (kind, company_id, user_id, payload, photo, clock_offset),
                               cancellable, error);

  return job != NULL ? job->out_int : 0;
}

static gboolean
read_ops (PlumbStoreDb   *db,
          PlumbStmt      *stmt,
          PlumbStoreJob  *job,
          GError        **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_outbox_op_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlumbOutboxOp *op = plumb_outbox_op_from_row (db, stmt, error);

      if (op == NULL)
        return FALSE;
      g_ptr_array_add (ops, op);
    }

  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);

  job->out = g_steal_pointer (&ops);
  job->out_free = (GDestroyNotify) g_ptr_array_unref;

  return TRUE;
}

static gboolean
list_func (PlumbStoreDb   *db,
           PlumbStoreJob  *job,
           GError        **error)
{
  OutboxIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT " PLUMB_OUTBOX_OP_COLUMNS " FROM outbox"
                            " WHERE ?1 OR state != 'done' ORDER BY id",
                            error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, in->flag ? 1 : 0);

  return read_ops (db, stmt, job, error);
}

static OutboxIn *
list_in (gboolean include_done)
{
  OutboxIn *in = plumb_outbox_in_new (0);

  in->flag = include_done;

  return in;
}

void
plumb_outbox_list_async (PlumbStore          *store,
                         gboolean             include_done,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  plumb_outbox_run_async (store, list_func, list_in (include_done),
                          plumb_outbox_list_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_outbox_list_finish (PlumbStore    *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (store, result, plumb_outbox_list_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

GPtrArray *
plumb_outbox_list (PlumbStore    *store,
                   gboolean       include_done,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(PlumbStoreJob) job = plumb_outbox_run_sync (store, list_func, list_in (include_done),
                                                        cancellable, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

static gboolean
next_runnable_func (PlumbStoreDb   *db,
                    PlumbStoreJob  *job,
                    GError        **error)
{
  OutboxIn *in = job->in;
  /* Changes to one person go out in the order they were made: an earlier
   * one still waiting, failed or in conflict holds the later ones back. */
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT " PLUMB_OUTBOX_OP_COLUMNS " FROM outbox AS o"
                            " WHERE o.state = 'pending' AND o.next_try <= ?1"
                            "   AND NOT EXISTS (SELECT 1 FROM outbox AS e"
                            "                   WHERE e.id < o.id AND e.state != 'done'"
                            "                     AND o.user_id != 0"
                            "                     AND e.company_id = o.company_id"
                            "                     AND e.user_id = o.user_id)"
                            " ORDER BY o.id LIMIT 1",
                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, in->now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return plumb_store_db_set_error (db, error);

  job->out = plumb_outbox_op_from_row (db, stmt, error);
  job->out_free = (GDestroyNotify) plumb_outbox_op_free;

  return job->out != NULL;
}

static OutboxIn *
now_in (gint64 now)
{
  OutboxIn *in = plumb_outbox_in_new (0);

  in->now = now;

  return in;
}

void
plumb_outbox_next_runnable_async (PlumbStore          *store,
                                  gint64               now,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  plumb_outbox_run_async (store, next_runnable_func, now_in (now),
                          plumb_outbox_next_runnable_async, cancellable, callback, user_data);
}

PlumbOutboxOp *
plumb_outbox_next_runnable_finish (PlumbStore    *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (store, result, plumb_outbox_next_runnable_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

PlumbOutboxOp *
plumb_outbox_next_runnable (PlumbStore    *store,
                            gint64         now,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(PlumbStoreJob) job = plumb_outbox_run_sync (store, next_runnable_func, now_in (now),
                                                        cancellable, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

static gboolean
recover_func (PlumbStoreDb   *db,
              PlumbStoreJob  *job,
              GError        **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT " PLUMB_OUTBOX_OP_COLUMNS " FROM outbox"
                            " WHERE state = 'in-flight' ORDER BY id",
                            error);

  if (stmt == NULL)
    return FALSE;

  return read_ops (db, stmt, job, error);
}

void
plumb_outbox_recover_in_flight_async (PlumbStore          *store,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  plumb_outbox_run_async (store, recover_func, plumb_outbox_in_new (0),
                          plumb_outbox_recover_in_flight_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_outbox_recover_in_flight_finish (PlumbStore    *store,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (store, result, plumb_outbox_recover_in_flight_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

GPtrArray *
plumb_outbox_recover_in_flight (PlumbStore    *store,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(PlumbStoreJob) job = plumb_outbox_run_sync (store, recover_func, plumb_outbox_in_new (0),
                                                        cancellable, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

static gboolean
count_pending_func (PlumbStoreDb   *db,
                    PlumbStoreJob  *job,
                    GError        **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT count(*) FROM outbox WHERE state IN ('pending', 'in-flight')",
                            error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return plumb_store_db_set_error (db, error);

  job->out_int = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

void
plumb_outbox_count_pending_async (PlumbStore          *store,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  plumb_outbox_run_async (store, count_pending_func, plumb_outbox_in_new (0),
                          plumb_outbox_count_pending_async, cancellable, callback, user_data);
}

gint64
plumb_outbox_count_pending_finish (PlumbStore    *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (store, result, plumb_outbox_count_pending_async, error);

  return job != NULL ? job->out_int : -1;
}

gint64
plumb_outbox_count_pending (PlumbStore    *store,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(PlumbStoreJob) job = plumb_outbox_run_sync (store, count_pending_func, plumb_outbox_in_new (0),
                                                        cancellable, error);

  return job != NULL ? job->out_int : -1;
}
