/* plumb-store-users.c: the cached company directory
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
  gint64          user_id;
  JsonArray      *users;
  char           *text;
  GArray         *ids;
} UsersIn;

static UsersIn *
users_in_new (gint64 company_id)
{
  UsersIn *in = g_new0 (UsersIn, 1);

  in->company_id = company_id;

  return in;
}

static void
users_in_free (UsersIn *in)
{
  g_clear_pointer (&in->users, json_array_unref);
  g_clear_pointer (&in->ids, g_array_unref);
  g_free (in->text);
  g_free (in);
}

static PlumbStoreJob *
users_job (PlumbStoreJobFunc  func,
           UsersIn           *in)
{
  return plumb_store_job_new (func, in, (GDestroyNotify) users_in_free);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* vendor{name} and permission_template{name} */
static const char *
member_name (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return member_string (json_node_get_object (node), "name");
}

/* One person of a JSON list, written as plumb_store_db_upsert_record
 * writes what the page reader found. */
static gboolean
upsert_one (PlumbStoreDb   *db,
            gint64          company_id,
            JsonNode       *node,
            GString        *json,
            gint64         *id,
            GError        **error)
{
  PlumbUserRecord record = { 0, };
  JsonObject *user;
  JsonNode *id_node;
  JsonNode *active_node;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("The server sent a directory entry that is not a person."));
      return FALSE;
    }

  user = json_node_get_object (node);
  id_node = json_object_get_member (user, "id");
  if (id_node == NULL || !JSON_NODE_HOLDS_VALUE (id_node) || json_node_get_value_type (id_node) != G_TYPE_INT64)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("The server sent a person without an id."));
      return FALSE;
    }

  *id = json_node_get_int (id_node);
  active_node = json_object_get_member (user, "is_active");
  g_string_truncate (json, 0);
  plumb_store_json_append (json, node);

  record.id = *id;
  record.is_active = active_node == NULL || !JSON_NODE_HOLDS_VALUE (active_node) ||
                     json_node_get_boolean (active_node);
  record.first_name = member_string (user, "first_name");
  record.last_name = member_string (user, "last_name");
  record.name = member_string (user, "name");
  record.email_address = member_string (user, "email_address");
  record.job_title = member_string (user, "job_title");
  record.vendor_name = member_name (user, "vendor");
  record.permission_template_name = member_name (user, "permission_template");
  record.last_login_at = member_string (user, "last_login_at");
  record.welcome_email_sent_at = member_string (user, "welcome_email_sent_at");
  record.updated_at = member_string (user, "updated_at");
  record.avatar = member_string (user, "avatar");
  record.json = json->str;
  record.json_len = json->len;

  return plumb_store_db_upsert_record (db, company_id, &record, error);
}

static gboolean
upsert_array (PlumbStoreDb   *db,
              gint64          company_id,
              JsonArray      *users,
              GError        **error)
{
  g_autoptr(GString) json = g_string_sized_new (4096);
  guint n = json_array_get_length (users);
  int hidden;

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;

  hidden = plumb_store_db_has_hidden (db, company_id, error);
  for (guint i = 0; i < n && hidden >= 0; i++)
    {
      gint64 id;

      if (!upsert_one (db, company_id, json_array_get_element (users, i), json, &id, error) ||
          (hidden && !plumb_store_db_unhide (db, company_id, id, error)))
        hidden = -1;
    }
  if (hidden < 0)
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }

  return plumb_store_db_commit (db, error);
}

static gboolean
upsert_users_func (PlumbStoreDb   *db,
                   PlumbStoreJob  *job,
                   GError        **error)
{
  UsersIn *in = job->in;

  return upsert_array (db, in->company_id, in->users, error);
}

static gboolean
upsert_users_json_func (PlumbStoreDb   *db,
                        PlumbStoreJob  *job,
                        GError        **error)
{
  UsersIn *in = job->in;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, in->text, -1, &parse_error))
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                   _("The server’s list of people could not be read: %s."), parse_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("The server sent something other than a list of people."));
      return FALSE;
    }

  return upsert_array (db, in->company_id, json_node_get_array (root), error);
}

static PlumbStoreJob *
upsert_users_job (gint64     company_id,
                  JsonArray *users)
{
  UsersIn *in = users_in_new (company_id);

  in->users = json_array_ref (users);

  return users_job (upsert_users_func, in);
}

void
plumb_store_upsert_users_async (PlumbStore          *self,
                                gint64               company_id,
                                JsonArray           *users,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (users != NULL);

  plumb_store_run_async (self, upsert_users_job (company_id, users),
                         plumb_store_upsert_users_async, cancellable, callback, user_data);
}

gboolean
plumb_store_upsert_users_finish (PlumbStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_upsert_users_async, error) != NULL;
}

gboolean
plumb_store_upsert_users (PlumbStore    *self,
                          gint64         company_id,
                          JsonArray     *users,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (users != NULL, FALSE);

  job = upsert_users_job (company_id, users);

  return plumb_store_run_sync (self, job, cancellable, error);
}

static PlumbStoreJob *
upsert_users_json_job (gint64      company_id,
                       const char *json)
{
  UsersIn *in = users_in_new (company_id);

  in->text = g_strdup (json);

  return users_job (upsert_users_json_func, in);
}

void
plumb_store_upsert_users_json_async (PlumbStore          *self,
                                     gint64               company_id,
                                     const char          *json,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (json != NULL);

  plumb_store_run_async (self, upsert_users_json_job (company_id, json),
                         plumb_store_upsert_users_json_async, cancellable, callback, user_data);
}

gboolean
plumb_store_upsert_users_json_finish (PlumbStore    *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_upsert_users_json_async, error) != NULL;
}

gboolean
plumb_store_upsert_users_json (PlumbStore    *self,
                               gint64         company_id,
                               const char    *json,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (json != NULL, FALSE);

  job = upsert_users_json_job (company_id, json);

  return plumb_store_run_sync (self, job, cancellable, error);
}

static gboolean
delete_users_func (PlumbStoreDb   *db,
                   PlumbStoreJob  *job,
                   GError        **error)
{
  UsersIn *in = job->in;
  gint64 generation;

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;

  generation = plumb_store_db_snapshot_generation (db, in->company_id, error);
  for (guint i = 0; i < in->ids->len && generation >= 0; i++)
    {
      gint64 id = g_array_index (in->ids, gint64, i);
      g_autoptr(PlumbStmt) stmt =
        plumb_store_db_prepare (db, "DELETE FROM users WHERE company_id = ?1 AND id = ?2", error);

      if (stmt == NULL)
        {
          generation = -1;
          break;
        }

      sqlite3_bind_int64 (stmt, 1, in->company_id);
      sqlite3_bind_int64 (stmt, 2, id);
      /* Whoever is on the company's snapshot stays there, hidden. */
      if (!plumb_store_db_step_done (db, stmt, error) ||
          (generation > 0 && !plumb_store_db_hide (db, in->company_id, id, error)))
        generation = -1;
    }
  if (generation < 0)
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }

  return plumb_store_db_commit (db, error);
}

static PlumbStoreJob *
delete_users_job (gint64        company_id,
                  const gint64 *ids,
                  guint         n_ids)
{
  UsersIn *in = users_in_new (company_id);

  in->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (in->ids, ids, n_ids);

  return users_job (delete_users_func, in);
}

void
plumb_store_delete_users_async (PlumbStore          *self,
                                gint64               company_id,
                                const gint64        *ids,
                                guint                n_ids,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (ids != NULL || n_ids == 0);

  plumb_store_run_async (self, delete_users_job (company_id, ids, n_ids),
                         plumb_store_delete_users_async, cancellable, callback, user_data);
}

gboolean
plumb_store_delete_users_finish (PlumbStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_delete_users_async, error) != NULL;
}

gboolean
plumb_store_delete_users (PlumbStore    *self,
                          gint64         company_id,
                          const gint64  *ids,
                          guint          n_ids,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  job = delete_users_job (company_id, ids, n_ids);

  return plumb_store_run_sync (self, job, cancellable, error);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
list_user_ids_func (PlumbStoreDb   *db,
                    PlumbStoreJob  *job,
                    GError        **error)
{
  UsersIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT id FROM users WHERE company_id = ?1 ORDER BY id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 generation;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, in->company_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);

  generation = plumb_store_db_snapshot_generation (db, in->company_id, error);
  if (generation < 0)
    return FALSE;
  if (generation > 0)
    {
      gboolean sorted = TRUE;

      if (!plumb_store_db_add_snapshot_ids (db, in->company_id, generation, ids, error))
        return FALSE;
      /* Pages mostly list people by id: sort only if need be. */
      for (guint i = 1; i < ids->len && sorted; i++)
        sorted = g_array_index (ids, gint64, i - 1) < g_array_index (ids, gint64, i);
      if (!sorted)
        g_array_sort (ids, compare_ids);
    }

  job->out = g_steal_pointer (&ids);
  job->out_free = (GDestroyNotify) g_array_unref;

  return TRUE;
}

void
plumb_store_list_user_ids_async (PlumbStore          *self,
                                 gint64               company_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  plumb_store_run_async (self, users_job (list_user_ids_func, users_in_new (company_id)),
                         plumb_store_list_user_ids_async, cancellable, callback, user_data);
}

GArray *
plumb_store_list_user_ids_finish (PlumbStore    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_list_user_ids_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

GArray *
plumb_store_list_user_ids (PlumbStore    *self,
                           gint64         company_id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(PlumbStoreJob) job = users_job (list_user_ids_func, users_in_new (company_id));

  if (!plumb_store_run_sync (self, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&job->out);
}

static gboolean
get_user_func (PlumbStoreDb   *db,
               PlumbStoreJob  *job,
               GError        **error)
{
  UsersIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT j.json FROM users u JOIN user_json j ON j.uid = u.uid"
                            " WHERE u.company_id = ?1 AND u.id = ?2",
                            error);
  g_autoptr(JsonNode) node = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, in->company_id);
  sqlite3_bind_int64 (stmt, 2, in->user_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *text = NULL;
      gint64 generation = plumb_store_db_snapshot_generation (db, in->company_id, error);

      if (generation <= 0)
        return generation == 0;
      text = plumb_store_db_snapshot_user_json (db, in->company_id, generation, in->user_id, &local_error);
      if (text == NULL)
        {
          if (local_error == NULL)
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      node = plumb_store_json_from_text (text, error);
    }
  else if (rc == SQLITE_ROW)
    node = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 0), error);
  else
    return plumb_store_db_set_error (db, error);
  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      job->out = json_node_dup_object (node);
      job->out_free = (GDestroyNotify) json_object_unref;
    }

  return TRUE;
}

static PlumbStoreJob *
get_user_job (gint64 company_id,
              gint64 user_id)
{
  UsersIn *in = users_in_new (company_id);

  in->user_id = user_id;

  return users_job (get_user_func, in);
}

void
plumb_store_get_user_async (PlumbStore          *self,
                            gint64               company_id,
                            gint64               user_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  plumb_store_run_async (self, get_user_job (company_id, user_id),
                         plumb_store_get_user_async, cancellable, callback, user_data);
}

JsonObject *
plumb_store_get_user_finish (PlumbStore    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_get_user_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

JsonObject *
plumb_store_get_user (PlumbStore    *self,
                      gint64         company_id,
                      gint64         user_id,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(PlumbStoreJob) job = get_user_job (company_id, user_id);

  if (!plumb_store_run_sync (self, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&job->out);
}
