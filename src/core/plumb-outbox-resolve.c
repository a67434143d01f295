/* plumb-outbox-resolve.c: the conflicts an edit meets, and the person's
 * choice for each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-error.h"
#include "plumb-outbox-private.h"

/* Reads an operation's kind, state and payload inside a transaction. */
static JsonObject *
read_payload (PlumbStoreDb      *db,
              gint64             op_id,
              PlumbOutboxState   expected,
              GError           **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT kind, state, payload FROM outbox WHERE id = ?1", error);
  g_autoptr(JsonNode) node = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, op_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      plumb_store_db_set_error (db, error);
      return NULL;
    }

  if (rc == SQLITE_DONE ||
      g_strcmp0 (plumb_stmt_column_text (stmt, 0), plumb_outbox_kind_to_string (PLUMB_OUTBOX_EDIT_USER)) != 0 ||
      g_strcmp0 (plumb_stmt_column_text (stmt, 1), plumb_outbox_state_to_string (expected)) != 0)
    {
      plumb_outbox_wrong_state (error);
      return NULL;
    }

  node = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 2), error);
  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      plumb_outbox_wrong_state (error);
      return NULL;
    }

  return json_node_dup_object (node);
}

static JsonObject *
payload_part (JsonObject *payload,
              const char *name)
{
  JsonNode *node = json_object_get_member (payload, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *part = json_object_new ();

      json_object_set_object_member (payload, name, part);
      return part;
    }

  return json_node_get_object (node);
}

static gboolean
write_payload (PlumbStoreDb     *db,
               gint64            op_id,
               JsonObject       *payload,
               PlumbOutboxState  state,
               GError          **error)
{
  g_autofree char *text = plumb_outbox_object_to_text (payload);
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "UPDATE outbox SET payload = ?2, state = ?3, next_try = 0 WHERE id = ?1",
                            error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op_id);
  plumb_stmt_bind_text (stmt, 2, text);
  plumb_stmt_bind_text (stmt, 3, plumb_outbox_state_to_string (state));

  return plumb_store_db_step_done (db, stmt, error);
}

static gboolean
conflict_func (PlumbStoreDb   *db,
               PlumbStoreJob  *job,
               GError        **error)
{
  OutboxIn *in = job->in;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  JsonObject *old_fields;
  JsonObject *old_base;

  if (!plumb_store_db_begin (db, TRUE, error))
    return FALSE;

  payload = read_payload (db, in->op_id, PLUMB_OUTBOX_IN_FLIGHT, error);
  if (payload == NULL)
    goto fail;

  old_fields = payload_part (payload, "fields");
  old_base = payload_part (payload, "base");

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "DELETE FROM conflicts WHERE op_id = ?1", error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, in->op_id);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  for (guint i = 0; in->conflicts[i] != NULL; i += 4)
    {
      const char *field = in->conflicts[i];
      g_autoptr(PlumbStmt) stmt =
        plumb_store_db_prepare (db,
                                "INSERT INTO conflicts (op_id, field, mine, base, theirs)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)",
                                error);

      if (stmt == NULL)
        goto fail;

      if (!json_object_has_member (old_fields, field))
        {
          plumb_outbox_wrong_state (error);
          goto fail;
        }

      json_object_set_member (fields, field, json_node_copy (json_object_get_member (old_fields, field)));
      if (json_object_has_member (old_base, field))
        json_object_set_member (base, field, json_node_copy (json_object_get_member (old_base, field)));

      sqlite3_bind_int64 (stmt, 1, in->op_id);
      for (guint k = 0; k < 4; k++)
        plumb_stmt_bind_text (stmt, 2 + k, in->conflicts[i + k]);
      if (!plumb_store_db_step_done (db, stmt, error))
        goto fail;
    }

  /* The fields that went through are no longer part of the change. */
  json_object_set_object_member (payload, "fields", g_steal_pointer (&fields));
  json_object_set_object_member (payload, "base", g_steal_pointer (&base));

  if (!write_payload (db, in->op_id, payload, PLUMB_OUTBOX_CONFLICT, error))
    goto fail;

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static gboolean
list_conflicts_func (PlumbStoreDb   *db,
                     PlumbStoreJob  *job,
                     GError        **error)
{
  OutboxIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT field, mine, base, theirs FROM conflicts WHERE op_id = ?1 ORDER BY field",
                            error);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_conflict_free);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, in->op_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) mine = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 1), error);
      g_autoptr(JsonNode) base = mine != NULL ? plumb_store_json_from_text (plumb_stmt_column_text (stmt, 2), error) : NULL;
      g_autoptr(JsonNode) theirs = base != NULL ? plumb_store_json_from_text (plumb_stmt_column_text (stmt, 3), error) : NULL;

      if (theirs == NULL)
        return FALSE;

      g_ptr_array_add (conflicts, plumb_conflict_new (plumb_stmt_column_text (stmt, 0), mine, base, theirs));
    }

  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);

  job->out = g_steal_pointer (&conflicts);
  job->out_free = (GDestroyNotify) g_ptr_array_unref;

  return TRUE;
}

static gboolean
resolve_func (PlumbStoreDb   *db,
              PlumbStoreJob  *job,
              GError        **error)
{
  OutboxIn *in = job->in;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  JsonObject *fields;
  JsonObject *base;
  gint64 left;

  if (!plumb_store_db_begin (db, TRUE, error))
    return FALSE;

  payload = read_payload (db, in->op_id, PLUMB_OUTBOX_CONFLICT, error);
  if (payload == NULL)
    goto fail;

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "SELECT theirs FROM conflicts WHERE op_id = ?1 AND field = ?2", error);
    int rc;

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, in->op_id);
    plumb_stmt_bind_text (stmt, 2, in->text);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        plumb_outbox_wrong_state (error);
        goto fail;
      }
    if (rc != SQLITE_ROW)
      {
        plumb_store_db_set_error (db, error);
        goto fail;
      }

    theirs = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 0), error);
    if (theirs == NULL)
      goto fail;
  }

  fields = payload_part (payload, "fields");
  base = payload_part (payload, "base");

  switch (in->choice)
    {
    case PLUMB_CONFLICT_KEEP_MINE:
      /* The edit now knowingly replaces the server's value. */
      json_object_set_member (base, in->text, g_steal_pointer (&theirs));
      break;

    case PLUMB_CONFLICT_TAKE_SERVER:
      if (json_object_has_member (fields, in->text))
        json_object_remove_member (fields, in->text);
      if (json_object_has_member (base, in->text))
        json_object_remove_member (base, in->text);
      break;

    default:
      plumb_outbox_wrong_state (error);
      goto fail;
    }

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "DELETE FROM conflicts WHERE op_id = ?1 AND field = ?2", error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, in->op_id);
    plumb_stmt_bind_text (stmt, 2, in->text);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "SELECT count(*) FROM conflicts WHERE op_id = ?1", error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, in->op_id);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        plumb_store_db_set_error (db, error);
        goto fail;
      }
    left = sqlite3_column_int64 (stmt, 0);
  }

  if (!write_payload (db, in->op_id, payload,
                      left > 0 ? PLUMB_OUTBOX_CONFLICT
                               : json_object_get_size (fields) > 0 ? PLUMB_OUTBOX_PENDING
                                                                   : PLUMB_OUTBOX_DONE,
                      error))
    goto fail;

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static char *
node_text (JsonNode *node)
{
  g_autoptr(JsonNode) null_node = NULL;

  if (node == NULL)
    node = null_node = json_node_new (JSON_NODE_NULL);

  return json_to_string (node, FALSE);
}

static OutboxIn *
conflict_in (gint64     op_id,
             GPtrArray *conflicts)
{
  OutboxIn *in = plumb_outbox_in_new (op_id);
  GPtrArray *texts = g_ptr_array_new ();

  for (guint i = 0; i < conflicts->len; i++)
    {
      PlumbConflict *conflict = g_ptr_array_index (conflicts, i);

      g_ptr_array_add (texts, g_strdup (conflict->field));
      g_ptr_array_add (texts, node_text (conflict->mine));
      g_ptr_array_add (texts, node_text (conflict->base));
      g_ptr_array_add (texts, node_text (conflict->theirs));
    }
  g_ptr_array_add (texts, NULL);

  in->conflicts = (GStrv) g_ptr_array_free (texts, FALSE);

  return in;
}

void
plumb_outbox_mark_conflict_async (PlumbStore          *store,
                                  gint64               op_id,
                                  GPtrArray           *conflicts,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (conflicts != NULL && conflicts->len > 0);

  plumb_outbox_run_async (store, conflict_func, conflict_in (op_id, conflicts),
                          plumb_outbox_mark_conflict_async, cancellable, callback, user_data);
}

gboolean
plumb_outbox_mark_conflict_finish (PlumbStore    *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return plumb_outbox_finish_boolean (store, result, plumb_outbox_mark_conflict_async, error);
}

gboolean
plumb_outbox_mark_conflict (PlumbStore    *store,
                            gint64         op_id,
                            GPtrArray     *conflicts,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (conflicts != NULL && conflicts->len > 0, FALSE);

  return plumb_outbox_run_boolean (store, conflict_func, conflict_in (op_id, conflicts), cancellable, error);
}

void
plumb_outbox_list_conflicts_async (PlumbStore          *store,
                                   gint64               op_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  plumb_outbox_run_async (store, list_conflicts_func, plumb_outbox_in_new (op_id),
                          plumb_outbox_list_conflicts_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_outbox_list_conflicts_finish (PlumbStore    *store,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (store, result, plumb_outbox_list_conflicts_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

GPtrArray *
plumb_outbox_list_conflicts (PlumbStore    *store,
                             gint64         op_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(PlumbStoreJob) job = plumb_outbox_run_sync (store, list_conflicts_func, plumb_outbox_in_new (op_id),
                                                        cancellable, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

static OutboxIn *
resolve_in (gint64               op_id,
            const char          *field,
            PlumbConflictChoice  choice)
{
  OutboxIn *in = plumb_outbox_in_new (op_id);

  in->text = g_strdup (field);
  in->choice = choice;

  return in;
}

void
plumb_outbox_resolve_conflict_async (PlumbStore          *store,
                                     gint64               op_id,
                                     const char          *field,
                                     PlumbConflictChoice  choice,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (field != NULL);

  plumb_outbox_run_async (store, resolve_func, resolve_in (op_id, field, choice),
                          plumb_outbox_resolve_conflict_async, cancellable, callback, user_data);
}

gboolean
plumb_outbox_resolve_conflict_finish (PlumbStore    *store,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return plumb_outbox_finish_boolean (store, result, plumb_outbox_resolve_conflict_async, error);
}

gboolean
plumb_outbox_resolve_conflict (PlumbStore           *store,
                               gint64                op_id,
                               const char           *field,
                               PlumbConflictChoice   choice,
                               GCancellable         *cancellable,
                               GError              **error)
{
  g_return_val_if_fail (field != NULL, FALSE);

  return plumb_outbox_run_boolean (store, resolve_func, resolve_in (op_id, field, choice), cancellable, error);
}

