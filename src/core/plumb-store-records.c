/* plumb-store-records.c: people written to the store without a JSON tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A first sync writes a whole company: building a json-glib tree for each
 * page only to read a dozen columns from it and print it back as text cost
 * more than the download. The sync engine reads the columns and the
 * object's text straight from the page and hands them over here; the rows
 * are the same as plumb_store_upsert_users() makes.
 */

#include "config.h"

#include "plumb-store-private.h"
#include "plumb-store-records.h"

/* Looked up, then inserted or updated: an UPSERT with RETURNING uid cost
 * SQLite more than twice the CPU of the whole insert. ?1 and ?2 are bound
 * for the update too, which leaves them unused. Every write of a person,
 * from a page or from a JSON list, comes through here. */
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

typedef struct
{
  gint64          company_id;
  GArray         *records;
  gpointer        owner;
  GDestroyNotify  owner_free;
} RecordsIn;

static void
records_in_free (RecordsIn *in)
{
  g_clear_pointer (&in->records, g_array_unref);
  if (in->owner_free != NULL && in->owner != NULL)
    in->owner_free (in->owner);
  g_free (in);
}

gboolean
plumb_store_db_upsert_record (PlumbStoreDb           *db,
                              gint64                  company_id,
                              const PlumbUserRecord  *r,
                              GError                **error)
{
  g_autofree char *name = g_strdup (r->name);
  g_autofree char *search_text = NULL;
  gint64 uid;

  if (name == NULL && (r->first_name != NULL || r->last_name != NULL))
    name = g_strstrip (g_strdup_printf ("%s %s", r->first_name ? r->first_name : "",
                                        r->last_name ? r->last_name : ""));
  search_text = plumb_store_search_text (name, r->email_address, r->job_title, r->vendor_name);

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, find_user_sql, error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, company_id);
    sqlite3_bind_int64 (stmt, 2, r->id);
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
    sqlite3_bind_int64 (stmt, 2, r->id);
    sqlite3_bind_int (stmt, 3, r->is_active);
    plumb_stmt_bind_static (stmt, 4, r->first_name);
    plumb_stmt_bind_static (stmt, 5, r->last_name);
    plumb_stmt_bind_static (stmt, 6, name);
    plumb_stmt_bind_static (stmt, 7, r->email_address);
    plumb_stmt_bind_static (stmt, 8, r->job_title);
    plumb_stmt_bind_static (stmt, 9, r->vendor_name);
    plumb_stmt_bind_static (stmt, 10, r->permission_template_name);
    plumb_stmt_bind_static (stmt, 11, r->last_login_at);
    plumb_stmt_bind_static (stmt, 12, r->welcome_email_sent_at);
    plumb_stmt_bind_static (stmt, 13, r->updated_at);
    plumb_stmt_bind_static (stmt, 14, r->avatar);
    plumb_stmt_bind_static (stmt, 15, search_text);
    if (uid != 0)
      sqlite3_bind_int64 (stmt, 16, uid);
    if (!plumb_store_db_step_done (db, stmt, error))
      return FALSE;
    if (uid == 0)
      uid = sqlite3_last_insert_rowid (plumb_store_db_get_handle (db));
  }

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, upsert_json_sql, error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, uid);
    sqlite3_bind_text (stmt, 2, r->json, (int) r->json_len, SQLITE_STATIC);
    return plumb_store_db_step_done (db, stmt, error);
  }
}

static gboolean
upsert_records_func (PlumbStoreDb   *db,
                     PlumbStoreJob  *job,
                     GError        **error)
{
  RecordsIn *in = job->in;
  int hidden;

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;
  hidden = plumb_store_db_has_hidden (db, in->company_id, error);
  for (guint i = 0; i < in->records->len && hidden >= 0; i++)
    {
      const PlumbUserRecord *r = &g_array_index (in->records, PlumbUserRecord, i);

      if (!plumb_store_db_upsert_record (db, in->company_id, r, error) ||
          (hidden && !plumb_store_db_unhide (db, in->company_id, r->id, error)))
        hidden = -1;
    }
  if (hidden < 0)
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  return plumb_store_db_commit (db, error);
}

void
plumb_store_upsert_records_async (PlumbStore          *self,
                                  gint64               company_id,
                                  GArray              *records,
                                  gpointer             owner,
                                  GDestroyNotify       owner_free,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RecordsIn *in;

  g_return_if_fail (PLUMB_IS_STORE (self));
  g_return_if_fail (records != NULL);

  in = g_new0 (RecordsIn, 1);
  in->company_id = company_id;
  in->records = g_array_ref (records);
  in->owner = owner;
  in->owner_free = owner_free;
  plumb_store_run_async (self, plumb_store_job_new (upsert_records_func, in, (GDestroyNotify) records_in_free),
                         plumb_store_upsert_records_async, cancellable, callback, user_data);
}

gboolean
plumb_store_upsert_records_finish (PlumbStore    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_upsert_records_async, error) != NULL;
}
