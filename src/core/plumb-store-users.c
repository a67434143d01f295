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

/* Looked up, then inserted or updated: an UPSERT with RETURNING uid cost
 * SQLite more than twice the CPU of the whole insert. ?1 and ?2 are bound
 * for the update too, which leaves them unused. */
static const char find_user_sql[] =
  "SELECT uid FROM users WHERE company_id = ?1 AND id = ?2";

static const char insert_user_sql[] =
  "INSERT INTO users (company_id, id, is_active, first_name, last_name, name, email,"
  "                   job_title, vendor_name, permission_template_name, last_login_at,"
  "                   welcome_email_sent_at, updated_at, avatar, search_text)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

static const char update_user_sql[] =
  "UPDATE users SET"
  "   is_active = ?3, first_name = ?4, last_name = ?5, name = ?6, email = ?7,"
  "   job_title = ?8, vendor_name = ?9, permission_template_name = ?10,"
  "   last_login_at = ?11, welcome_email_sent_at = ?12, updated_at = ?13,"
  "   avatar = ?14, search_text = ?15"
  " WHERE uid = ?16";

static const char upsert_json_sql[] =
  "INSERT INTO user_json (uid, json) VALUES (?1, ?2)"
  " ON CONFLICT (uid) DO UPDATE SET json = excluded.json";

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

static gboolean
upsert_one (PlumbStoreDb   *db,
            gint64          company_id,
            JsonNode       *node,
            GString        *json,
            gint64         *id,
            GError        **error)
{
  JsonObject *user;
  JsonNode *id_node;
  JsonNode *active_node;
  g_autofree char *name = NULL;
  g_autofree char *search_text = NULL;
  const char *first_name;
  const char *last_name;
  const char *email;
  const char *job_title;
  const char *vendor_name;
  gint64 uid;

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
  first_name = member_string (user, "first_name");
  last_name = member_string (user, "last_name");
  email = member_string (user, "email_address");
  job_title = member_string (user, "job_title");
  vendor_name = member_name (user, "vendor");
  name = g_strdup (member_string (user, "name"));
  if (name == NULL && (first_name != NULL || last_name != NULL))
    name = g_strstrip (g_strdup_printf ("%s %s", first_name ? first_name : "", last_name ? last_name : ""));
  search_text = plumb_store_search_text (name, email, job_title, vendor_name);

  active_node = json_object_get_member (user, "is_active");

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, find_user_sql, error);
    int rc;

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, company_id);
    sqlite3_bind_int64 (stmt, 2, json_node_get_int (id_node));
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      return plumb_store_db_set_error (db, error);
    uid = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  }

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, uid != 0 ? update_user_sql : insert_user_sql, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, company_id);
    sqlite3_bind_int64 (stmt, 2, json_node_get_int (id_node));
    sqlite3_bind_int (stmt, 3, active_node == NULL || !JSON_NODE_HOLDS_VALUE (active_node) ||
                               json_node_get_boolean (active_node));
    plumb_stmt_bind_static (stmt, 4, first_name);
    plumb_stmt_bind_static (stmt, 5, last_name);
    plumb_stmt_bind_static (stmt, 6, name);
    plumb_stmt_bind_static (stmt, 7, email);
    plumb_stmt_bind_static (stmt, 8, job_title);
    plumb_stmt_bind_static (stmt, 9, vendor_name);
    plumb_stmt_bind_static (stmt, 10, member_name (user, "permission_template"));
    plumb_stmt_bind_static (stmt, 11, member_string (user, "last_login_at"));
    plumb_stmt_bind_static (stmt, 12, member_string (user, "welcome_email_sent_at"));
    plumb_stmt_bind_static (stmt, 13, member_string (user, "updated_at"));
    plumb_stmt_bind_static (stmt, 14, member_string (user, "avatar"));
    plumb_stmt_bind_static (stmt, 15, search_text);
    if (uid != 0)
      sqlite3_bind_int64 (stmt, 16, uid);

    if (!plumb_store_db_step_done (db, stmt, error))
      return FALSE;
    if (uid == 0)
      uid = sqlite3_last_insert_rowid (plumb_store_db_get_handle (db));
  }

  g_string_truncate (json, 0);
  plumb_store_json_append (json, node);

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, upsert_json_sql, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, uid);
    plumb_stmt_bind_static (stmt, 2, json->str);

    return plumb_store_db_step_done (db, stmt, error);
  }
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
