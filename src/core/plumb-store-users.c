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
  PlumbUserQuery  query;
  char           *needle;
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
  g_free (in->needle);
  g_free (in);
}

static PlumbStoreJob *
users_job (PlumbStoreJobFunc  func,
           UsersIn           *in)
{
  return plumb_store_job_new (func, in, (GDestroyNotify) users_in_free);
}

static const char upsert_user_sql[] =
  "INSERT INTO users (company_id, id, is_active, first_name, last_name, name, email,"
  "                   job_title, vendor_name, permission_template_name, last_login_at,"
  "                   welcome_email_sent_at, updated_at, avatar, search_text)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
  " ON CONFLICT (company_id, id) DO UPDATE SET"
  "   is_active = excluded.is_active, first_name = excluded.first_name,"
  "   last_name = excluded.last_name, name = excluded.name, email = excluded.email,"
  "   job_title = excluded.job_title, vendor_name = excluded.vendor_name,"
  "   permission_template_name = excluded.permission_template_name,"
  "   last_login_at = excluded.last_login_at,"
  "   welcome_email_sent_at = excluded.welcome_email_sent_at,"
  "   updated_at = excluded.updated_at, avatar = excluded.avatar,"
  "   search_text = excluded.search_text"
  " RETURNING uid";

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

static void
bind_static (PlumbStmt  *stmt,
             int         index,
             const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static gboolean
upsert_one (PlumbStoreDb   *db,
            gint64          company_id,
            JsonNode       *node,
            JsonGenerator  *generator,
            GError        **error)
{
  JsonObject *user;
  JsonNode *id_node;
  JsonNode *active_node;
  g_autofree char *name = NULL;
  g_autofree char *search_text = NULL;
  g_autofree char *json = NULL;
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
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, upsert_user_sql, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, company_id);
    sqlite3_bind_int64 (stmt, 2, json_node_get_int (id_node));
    sqlite3_bind_int (stmt, 3, active_node == NULL || !JSON_NODE_HOLDS_VALUE (active_node) ||
                               json_node_get_boolean (active_node));
    bind_static (stmt, 4, first_name);
    bind_static (stmt, 5, last_name);
    bind_static (stmt, 6, name);
    bind_static (stmt, 7, email);
    bind_static (stmt, 8, job_title);
    bind_static (stmt, 9, vendor_name);
    bind_static (stmt, 10, member_name (user, "permission_template"));
    bind_static (stmt, 11, member_string (user, "last_login_at"));
    bind_static (stmt, 12, member_string (user, "welcome_email_sent_at"));
    bind_static (stmt, 13, member_string (user, "updated_at"));
    bind_static (stmt, 14, member_string (user, "avatar"));
    bind_static (stmt, 15, search_text);

    if (sqlite3_step (stmt) != SQLITE_ROW)
      return plumb_store_db_set_error (db, error);
    uid = sqlite3_column_int64 (stmt, 0);
  }

  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, upsert_json_sql, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, uid);
    bind_static (stmt, 2, json);

    return plumb_store_db_step_done (db, stmt, error);
  }
}

static gboolean
upsert_array (PlumbStoreDb   *db,
              gint64          company_id,
              JsonArray      *users,
              GError        **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  guint n = json_array_get_length (users);

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (!upsert_one (db, company_id, json_array_get_element (users, i), generator, error))
        {
          plumb_store_db_rollback (db);
          return FALSE;
        }
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

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;

  for (guint i = 0; i < in->ids->len; i++)
    {
      g_autoptr(PlumbStmt) stmt =
        plumb_store_db_prepare (db, "DELETE FROM users WHERE company_id = ?1 AND id = ?2", error);

      if (stmt == NULL)
        {
          plumb_store_db_rollback (db);
          return FALSE;
        }

      sqlite3_bind_int64 (stmt, 1, in->company_id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (in->ids, gint64, i));
      if (!plumb_store_db_step_done (db, stmt, error))
        {
          plumb_store_db_rollback (db);
          return FALSE;
        }
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

static gboolean
list_user_ids_func (PlumbStoreDb   *db,
                    PlumbStoreJob  *job,
                    GError        **error)
{
  UsersIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT id FROM users WHERE company_id = ?1 ORDER BY id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
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
    return TRUE;
  if (rc != SQLITE_ROW)
    return plumb_store_db_set_error (db, error);

  node = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 0), error);
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

#define ROW_COLUMNS \
  "SELECT id, company_id, is_active, first_name, last_name, name, email, job_title," \
  " vendor_name, permission_template_name, last_login_at, welcome_email_sent_at," \
  " updated_at, avatar FROM users"

/* ?2 inactive too, ?3 the folded search or NULL, ?4 a PlumbInvitationFilter */
#define QUERY_WHERE \
  " WHERE company_id = ?1" \
  " AND (?2 OR is_active)" \
  " AND (?3 IS NULL OR plumb_match (search_text, ?3))" \
  " AND CASE ?4" \
  "   WHEN 1 THEN welcome_email_sent_at IS NULL AND last_login_at IS NULL" \
  "   WHEN 2 THEN welcome_email_sent_at IS NOT NULL AND last_login_at IS NULL" \
  "   WHEN 3 THEN last_login_at IS NOT NULL" \
  "   ELSE 1 END"

/* People without the value sort last either way; the id breaks ties so that
 * pages never overlap. */
#define SORTED(column, collation) { \
  ROW_COLUMNS QUERY_WHERE " ORDER BY " column " IS NULL, " column collation " ASC, id ASC LIMIT ?5 OFFSET ?6", \
  ROW_COLUMNS QUERY_WHERE " ORDER BY " column " IS NULL, " column collation " DESC, id DESC LIMIT ?5 OFFSET ?6" }

static const char * const query_sql[PLUMB_N_USER_SORTS][2] = {
  [PLUMB_USER_SORT_NAME] = SORTED ("name", " COLLATE NOCASE"),
  [PLUMB_USER_SORT_EMAIL] = SORTED ("email", " COLLATE NOCASE"),
  [PLUMB_USER_SORT_JOB_TITLE] = SORTED ("job_title", " COLLATE NOCASE"),
  [PLUMB_USER_SORT_VENDOR] = SORTED ("vendor_name", " COLLATE NOCASE"),
  [PLUMB_USER_SORT_LAST_LOGIN] = SORTED ("last_login_at", ""),
  [PLUMB_USER_SORT_INVITED] = SORTED ("welcome_email_sent_at", ""),
  [PLUMB_USER_SORT_UPDATED] = SORTED ("updated_at", ""),
};

static const char count_sql[] = "SELECT count(*) FROM users" QUERY_WHERE;

static const char list_sql[] =
  ROW_COLUMNS " WHERE company_id = ?1 ORDER BY name COLLATE NOCASE, id";

static gboolean
read_rows (PlumbStoreDb   *db,
           PlumbStmt      *stmt,
           PlumbUserRows  *rows,
           GError        **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlumbUserRow row;

      row.id = sqlite3_column_int64 (stmt, 0);
      row.company_id = sqlite3_column_int64 (stmt, 1);
      row.is_active = sqlite3_column_int (stmt, 2) != 0;
      row.first_name = plumb_stmt_column_text (stmt, 3);
      row.last_name = plumb_stmt_column_text (stmt, 4);
      row.name = plumb_stmt_column_text (stmt, 5);
      row.email = plumb_stmt_column_text (stmt, 6);
      row.job_title = plumb_stmt_column_text (stmt, 7);
      row.vendor_name = plumb_stmt_column_text (stmt, 8);
      row.permission_template_name = plumb_stmt_column_text (stmt, 9);
      row.last_login_at = plumb_stmt_column_text (stmt, 10);
      row.welcome_email_sent_at = plumb_stmt_column_text (stmt, 11);
      row.updated_at = plumb_stmt_column_text (stmt, 12);
      row.avatar = plumb_stmt_column_text (stmt, 13);

      plumb_user_rows_add (rows, &row);
    }

  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);

  return TRUE;
}

static gboolean
list_users_func (PlumbStoreDb   *db,
                 PlumbStoreJob  *job,
                 GError        **error)
{
  UsersIn *in = job->in;
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, list_sql, error);
  g_autoptr(PlumbUserRows) rows = plumb_user_rows_new ();

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, in->company_id);
  if (!read_rows (db, stmt, rows, error))
    return FALSE;

  job->out = g_steal_pointer (&rows);
  job->out_free = (GDestroyNotify) plumb_user_rows_unref;

  return TRUE;
}

void
plumb_store_list_users_async (PlumbStore          *self,
                              gint64               company_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  plumb_store_run_async (self, users_job (list_users_func, users_in_new (company_id)),
                         plumb_store_list_users_async, cancellable, callback, user_data);
}

PlumbUserRows *
plumb_store_list_users_finish (PlumbStore    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_list_users_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

PlumbUserRows *
plumb_store_list_users (PlumbStore    *self,
                        gint64         company_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(PlumbStoreJob) job = users_job (list_users_func, users_in_new (company_id));

  if (!plumb_store_run_sync (self, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&job->out);
}

static void
bind_query (PlumbStmt *stmt,
            UsersIn   *in)
{
  sqlite3_bind_int64 (stmt, 1, in->company_id);
  sqlite3_bind_int (stmt, 2, in->query.include_inactive ? 1 : 0);
  bind_static (stmt, 3, in->needle);
  sqlite3_bind_int (stmt, 4, in->query.invitation);
}

static gboolean
query_users_func (PlumbStoreDb   *db,
                  PlumbStoreJob  *job,
                  GError        **error)
{
  UsersIn *in = job->in;
  const char *sql = query_sql[in->query.sort][in->query.descending ? 1 : 0];
  g_autoptr(PlumbUserRows) rows = plumb_user_rows_new ();
  guint total;

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);

    if (stmt == NULL)
      return FALSE;

    bind_query (stmt, in);
    sqlite3_bind_int64 (stmt, 5, in->query.limit > 0 ? (gint64) in->query.limit : -1);
    sqlite3_bind_int64 (stmt, 6, in->query.offset);
    if (!read_rows (db, stmt, rows, error))
      return FALSE;
  }

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, count_sql, error);

    if (stmt == NULL)
      return FALSE;

    bind_query (stmt, in);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      return plumb_store_db_set_error (db, error);
    total = sqlite3_column_int (stmt, 0);
  }

  plumb_user_rows_set_total (rows, total);
  job->out = g_steal_pointer (&rows);
  job->out_free = (GDestroyNotify) plumb_user_rows_unref;

  return TRUE;
}

static PlumbStoreJob *
query_users_job (gint64                company_id,
                 const PlumbUserQuery *query)
{
  UsersIn *in = users_in_new (company_id);

  in->query = *query;
  in->query.search = NULL;
  if (in->query.sort >= PLUMB_N_USER_SORTS)
    in->query.sort = PLUMB_USER_SORT_NAME;

  if (query->search != NULL)
    {
      g_autofree char *folded = plumb_store_fold (query->search);

      /* Words are separated by single spaces; a search of only blanks finds everyone. */
      g_strdelimit (folded, "\t\n\r\f\v", ' ');
      g_strstrip (folded);
      if (*folded != '\0')
        in->needle = g_steal_pointer (&folded);
    }

  return users_job (query_users_func, in);
}

void
plumb_store_query_users_async (PlumbStore           *self,
                               gint64                company_id,
                               const PlumbUserQuery *query,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_return_if_fail (query != NULL);

  plumb_store_run_async (self, query_users_job (company_id, query),
                         plumb_store_query_users_async, cancellable, callback, user_data);
}

PlumbUserRows *
plumb_store_query_users_finish (PlumbStore    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_query_users_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

PlumbUserRows *
plumb_store_query_users (PlumbStore            *self,
                         gint64                 company_id,
                         const PlumbUserQuery  *query,
                         GCancellable          *cancellable,
                         GError               **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (query != NULL, NULL);

  job = query_users_job (company_id, query);
  if (!plumb_store_run_sync (self, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&job->out);
}
