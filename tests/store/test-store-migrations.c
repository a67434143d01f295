/* test-store-migrations.c: every earlier schema, with data, opens with the
 * current code and ends as a new database would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schemas below are frozen copies of what earlier versions of Plumbline
 * created. They never change: a new schema version adds a new copy here.
 */

#include "config.h"

#include <sqlite3.h>

#include "plumb-error.h"
#include "plumb-outbox.h"
#include "plumb-store-private.h"
#include "store-test.h"

static const char schema_v1[] =
  "CREATE TABLE companies ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  json TEXT NOT NULL"
  ");"
  "CREATE TABLE permissions ("
  "  company_id INTEGER PRIMARY KEY,"
  "  can_invite INTEGER NOT NULL,"
  "  json TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE users ("
  "  uid INTEGER PRIMARY KEY,"
  "  company_id INTEGER NOT NULL,"
  "  id INTEGER NOT NULL,"
  "  is_active INTEGER NOT NULL,"
  "  first_name TEXT,"
  "  last_name TEXT,"
  "  name TEXT,"
  "  email TEXT,"
  "  job_title TEXT,"
  "  vendor_name TEXT,"
  "  permission_template_name TEXT,"
  "  last_login_at TEXT,"
  "  welcome_email_sent_at TEXT,"
  "  updated_at TEXT,"
  "  avatar TEXT,"
  "  UNIQUE (company_id, id)"
  ");"
  "CREATE TABLE user_json ("
  "  uid INTEGER PRIMARY KEY REFERENCES users (uid) ON DELETE CASCADE,"
  "  json TEXT NOT NULL"
  ");"
  "CREATE TABLE own_record ("
  "  company_id INTEGER PRIMARY KEY,"
  "  user_id INTEGER NOT NULL,"
  "  json TEXT NOT NULL,"
  "  base_json TEXT NOT NULL,"
  "  saved_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE sync_state ("
  "  company_id INTEGER PRIMARY KEY,"
  "  high_water TEXT,"
  "  last_full_sync INTEGER NOT NULL DEFAULT 0,"
  "  last_reconcile INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('edit-user', 'photo', 'invite', 'create-user')),"
  "  company_id INTEGER NOT NULL,"
  "  user_id INTEGER NOT NULL DEFAULT 0,"
  "  payload TEXT NOT NULL,"
  "  blob BLOB,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'in-flight', 'done', 'failed')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_try INTEGER NOT NULL DEFAULT 0,"
  "  queued_at INTEGER NOT NULL,"
  "  last_error TEXT,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX outbox_state ON outbox (state, id);"
  "PRAGMA user_version = 1;";

/* Version 2 added the folded search text to users. */
static const char schema_v2_step[] =
  "ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';"
  "PRAGMA user_version = 2;";

/* Version 3 let edits wait in conflict: the outbox rebuilt with the new
 * state, and a table for the conflicts. */
static const char schema_v3_step[] =
  "CREATE TABLE outbox_new ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('edit-user', 'photo', 'invite', 'create-user')),"
  "  company_id INTEGER NOT NULL,"
  "  user_id INTEGER NOT NULL DEFAULT 0,"
  "  payload TEXT NOT NULL,"
  "  blob BLOB,"
  "  state TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (state IN ('pending', 'in-flight', 'done', 'failed', 'conflict')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_try INTEGER NOT NULL DEFAULT 0,"
  "  queued_at INTEGER NOT NULL,"
  "  last_error TEXT,"
  "  created_at INTEGER NOT NULL"
  ");"
  "DROP TABLE outbox;"
  "ALTER TABLE outbox_new RENAME TO outbox;"
  "CREATE INDEX outbox_state ON outbox (state, id);"
  "CREATE TABLE conflicts ("
  "  op_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,"
  "  field TEXT NOT NULL,"
  "  mine TEXT NOT NULL,"
  "  base TEXT NOT NULL,"
  "  theirs TEXT NOT NULL,"
  "  PRIMARY KEY (op_id, field)"
  ");"
  "PRAGMA user_version = 3;";

#define COMPANY 5001

#define USER_JOSE \
  "{\"id\": 9000000001, \"first_name\": \"José\", \"last_name\": \"Álvarez\", \"name\": \"José Álvarez\"," \
  " \"email_address\": \"jose.alvarez@northwind.example\", \"job_title\": \"Estimator\"," \
  " \"vendor\": {\"id\": 7, \"name\": \"Northwind Builders\"}, \"is_active\": true," \
  " \"welcome_email_sent_at\": \"2026-01-05T10:00:00Z\", \"last_login_at\": null," \
  " \"updated_at\": \"2026-01-06T10:00:00Z\", \"business_phone_extension\": 42}"
#define USER_ANA \
  "{\"id\": 12, \"first_name\": \"Ana\", \"last_name\": \"Brooks\", \"name\": \"Ana Brooks\"," \
  " \"email_address\": \"ana.brooks@northwind.example\", \"job_title\": \"Foreman\"," \
  " \"is_active\": true, \"welcome_email_sent_at\": null, \"last_login_at\": null," \
  " \"updated_at\": \"2026-01-07T10:00:00Z\"}"
#define USER_OLD \
  "{\"id\": 13, \"first_name\": \"Lee\", \"last_name\": \"Young\", \"name\": \"Lee Young\"," \
  " \"email_address\": \"lee.young@northwind.example\", \"job_title\": \"Clerk\"," \
  " \"is_active\": false, \"welcome_email_sent_at\": \"2025-01-05T10:00:00Z\"," \
  " \"last_login_at\": \"2025-02-05T10:00:00Z\", \"updated_at\": \"2026-01-08T10:00:00Z\"}"

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
insert_user (sqlite3    *db,
             int         version,
             gint64      uid,
             gint64      id,
             gboolean    active,
             const char *name,
             const char *email,
             const char *job_title,
             const char *vendor,
             const char *welcome,
             const char *login,
             const char *updated,
             const char *search_text,
             const char *json)
{
  sqlite3_stmt *stmt = NULL;
  const char *sql = version >= 2
    ? "INSERT INTO users (uid, company_id, id, is_active, name, email, job_title, vendor_name,"
      " welcome_email_sent_at, last_login_at, updated_at, search_text)"
      " VALUES (?1, 5001, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    : "INSERT INTO users (uid, company_id, id, is_active, name, email, job_title, vendor_name,"
      " welcome_email_sent_at, last_login_at, updated_at)"
      " VALUES (?1, 5001, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, uid);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_int (stmt, 3, active);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, job_title, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, vendor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, welcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, updated, -1, SQLITE_STATIC);
  if (version >= 2)
    sqlite3_bind_text (stmt, 11, search_text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO user_json (uid, json) VALUES (?1, ?2)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, uid);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* A database as version `version` of Plumbline left it, with some of
 * everything in it. */
static char *
make_old_database (const char *dir,
                   int         version)
{
  char *path = g_build_filename (dir, "store.sqlite3", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, "PRAGMA journal_mode = WAL");
  exec_ok (db, schema_v1);
  if (version >= 2)
    exec_ok (db, schema_v2_step);
  if (version >= 3)
    exec_ok (db, schema_v3_step);

  exec_ok (db,
           "INSERT INTO companies VALUES (5001, 'Northwind Builders', '{\"id\":5001,\"name\":\"Northwind Builders\"}');"
           "INSERT INTO companies VALUES (5002, 'Harbor Civil Works', '{\"id\":5002,\"name\":\"Harbor Civil Works\"}');"
           "INSERT INTO permissions VALUES (5001, 1, '{\"tools\":[{\"name\":\"Directory\"}]}', 1767000000);"
           "INSERT INTO own_record VALUES (5001, 12, '{\"id\":12,\"job_title\":\"Lead Foreman\"}',"
           "                               '{\"id\":12,\"job_title\":\"Foreman\"}', 1767000000);"
           "INSERT INTO sync_state VALUES (5001, '2026-01-08T10:00:00Z', 1767000100, 1767000200);");

  insert_user (db, version, 1, 9000000001, TRUE, "José Álvarez", "jose.alvarez@northwind.example",
               "Estimator", "Northwind Builders", "2026-01-05T10:00:00Z", NULL, "2026-01-06T10:00:00Z",
               "jose alvarez jose.alvarez@northwind.example estimator northwind builders", USER_JOSE);
  insert_user (db, version, 2, 12, TRUE, "Ana Brooks", "ana.brooks@northwind.example",
               "Foreman", NULL, NULL, NULL, "2026-01-07T10:00:00Z",
               "ana brooks ana.brooks@northwind.example foreman", USER_ANA);
  insert_user (db, version, 3, 13, FALSE, "Lee Young", "lee.young@northwind.example",
               "Clerk", NULL, "2025-01-05T10:00:00Z", "2025-02-05T10:00:00Z", "2026-01-08T10:00:00Z",
               "lee young lee.young@northwind.example clerk", USER_OLD);

  exec_ok (db,
           "INSERT INTO outbox (kind, company_id, user_id, payload, state, attempts, next_try, queued_at, created_at)"
           " VALUES ('edit-user', 5001, 12, '{\"fields\":{\"job_title\":\"Lead Foreman\"},\"base\":{\"job_title\":\"Foreman\"}}',"
           "         'pending', 0, 0, 1767000300, 1767000300);"
           "INSERT INTO outbox (kind, company_id, user_id, payload, state, attempts, next_try, queued_at, created_at)"
           " VALUES ('invite', 5001, 13, '{}', 'in-flight', 1, 0, 1767000400, 1767000400);"
           "INSERT INTO outbox (kind, company_id, user_id, payload, blob, state, attempts, next_try, queued_at, last_error, created_at)"
           " VALUES ('photo', 5001, 12, '{\"filename\":\"a.jpg\"}', x'ffd8ffe0', 'failed', 8, 0, 1767000500,"
           "         'The photo is too large.', 1767000500);"
           "INSERT INTO outbox (kind, company_id, user_id, payload, state, attempts, next_try, queued_at, created_at)"
           " VALUES ('invite', 5001, 12, '{}', 'done', 1, 0, 1767000600, 1767000600);"
           "DELETE FROM outbox WHERE id = 4;");

  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, version);
    sqlite3_finalize (stmt);
  }

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  return path;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *text = g_string_new (NULL);
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", value != NULL ? value : "NULL");
        }
      g_string_append_c (text, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (text, FALSE);
}

static char *
schema_of (const char *path)
{
  return query_text (path, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
}

static char *
fresh_schema (void)
{
  g_autofree char *dir = store_test_mkdtemp ();
  g_autoptr(PlumbStore) store = store_test_open (dir);
  g_autofree char *path = g_strdup (plumb_store_get_path (store));
  char *schema;

  g_clear_object (&store);
  schema = schema_of (path);
  store_test_rmdir (dir);

  return schema;
}

static void
check_migrated (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbStore) store = plumb_store_open (path, NULL, &error);
  g_autofree char *schema = NULL;
  g_autofree char *expected_schema = fresh_schema ();
  g_autofree char *version = NULL;
  g_autofree char *checks = NULL;

  g_assert_no_error (error);

  /* Companies, permissions, own record, sync state. */
  {
    g_autoptr(JsonArray) companies = plumb_store_list_companies (store, NULL, &error);
    gboolean can_invite = FALSE;
    g_autoptr(JsonNode) permissions = plumb_store_get_permissions (store, COMPANY, &can_invite, NULL, &error);
    g_autoptr(JsonObject) record = NULL;
    g_autoptr(JsonObject) base = NULL;
    g_autoptr(PlumbSyncState) state = plumb_store_get_sync_state (store, COMPANY, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (companies), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (companies, 0), "name"), ==, "Harbor Civil Works");
    g_assert_true (can_invite);
    g_assert_nonnull (permissions);
    g_assert_true (plumb_store_get_own_record (store, COMPANY, &record, &base, NULL, &error));
    g_assert_cmpstr (json_object_get_string_member (record, "job_title"), ==, "Lead Foreman");
    g_assert_cmpstr (json_object_get_string_member (base, "job_title"), ==, "Foreman");
    g_assert_cmpstr (state->high_water, ==, "2026-01-08T10:00:00Z");
    g_assert_cmpint (state->last_full_sync, ==, 1767000100);
    g_assert_cmpint (state->last_reconcile, ==, 1767000200);
  }

  /* Users: the full record, and found by folded search. */
  {
    g_autoptr(JsonObject) jose = plumb_store_get_user (store, COMPANY, 9000000001, NULL, &error);
    PlumbUserQuery query = { .search = "alvarez JOSE", .include_inactive = TRUE };
    g_autoptr(PlumbUserRows) found = plumb_store_query_users (store, COMPANY, &query, NULL, &error);
    PlumbUserQuery by_vendor = { .search = "northwind", .include_inactive = TRUE };
    g_autoptr(PlumbUserRows) all = plumb_store_query_users (store, COMPANY, &by_vendor, NULL, &error);
    PlumbUserQuery by_job = { .search = "clerk", .include_inactive = TRUE };
    g_autoptr(PlumbUserRows) clerk = plumb_store_query_users (store, COMPANY, &by_job, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (jose);
    g_assert_cmpint (json_object_get_int_member (jose, "business_phone_extension"), ==, 42);
    g_assert_cmpuint (plumb_user_rows_get_n (found), ==, 1);
    g_assert_cmpint (plumb_user_rows_get (found, 0)->id, ==, 9000000001);
    g_assert_cmpuint (plumb_user_rows_get_n (all), ==, 3);
    g_assert_cmpuint (plumb_user_rows_get_n (clerk), ==, 1);
    g_assert_false (plumb_user_rows_get (clerk, 0)->is_active);
  }

  /* The outbox: same ids, order, states and bytes; numbering goes on after
   * the highest id ever used. */
  {
    g_autoptr(GPtrArray) ops = plumb_outbox_list (store, TRUE, NULL, &error);
    g_autoptr(GPtrArray) in_flight = plumb_outbox_recover_in_flight (store, NULL, &error);
    g_autoptr(JsonObject) payload = json_object_new ();
    PlumbOutboxOp *photo;
    gint64 id;

    g_assert_no_error (error);
    g_assert_cmpuint (ops->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpint (((PlumbOutboxOp *) g_ptr_array_index (ops, i))->id, ==, i + 1);
    g_assert_cmpint (((PlumbOutboxOp *) g_ptr_array_index (ops, 0))->state, ==, PLUMB_OUTBOX_PENDING);
    g_assert_cmpint (((PlumbOutboxOp *) g_ptr_array_index (ops, 1))->state, ==, PLUMB_OUTBOX_IN_FLIGHT);
    photo = g_ptr_array_index (ops, 2);
    g_assert_cmpint (photo->state, ==, PLUMB_OUTBOX_FAILED);
    g_assert_cmpuint (photo->attempts, ==, 8);
    g_assert_cmpstr (photo->last_error, ==, "The photo is too large.");
    g_assert_cmpuint (g_bytes_get_size (photo->photo), ==, 4);
    g_assert_cmpint (photo->queued_at, ==, 1767000500);

    g_assert_cmpuint (in_flight->len, ==, 1);
    g_assert_cmpint (((PlumbOutboxOp *) g_ptr_array_index (in_flight, 0))->id, ==, 2);

    id = plumb_outbox_enqueue (store, PLUMB_OUTBOX_INVITE, COMPANY, 12, payload, NULL, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, ==, 5);

    /* The state only the newest schema knows works on an old operation. */
    {
      g_autoptr(JsonObject) server = store_test_object ("{\"id\": 12, \"job_title\": \"Project Engineer\"}");
      PlumbOutboxOp *edit = g_ptr_array_index (ops, 0);
      g_autoptr(GPtrArray) conflicts =
        plumb_conflicts_detect (json_object_get_object_member (edit->payload, "fields"),
                                json_object_get_object_member (edit->payload, "base"), server, NULL);

      g_assert_cmpuint (conflicts->len, ==, 1);
      g_assert_true (plumb_outbox_mark_in_flight (store, 1, NULL, &error));
      g_assert_true (plumb_outbox_mark_conflict (store, 1, conflicts, NULL, &error));
      g_assert_no_error (error);
    }
  }

  /* The first full load after the upgrade takes the place of the rows the
   * old versions wrote. */
  {
    const char *pages[] = {
      "[{\"id\": 12, \"name\": \"Ana Brooks\", \"job_title\": \"Superintendent\", \"is_active\": true}]",
      "[{\"id\": 77, \"name\": \"Kai Okafor\", \"is_active\": false}]",
      NULL
    };
    g_autoptr(GArray) ids = NULL;
    g_autoptr(JsonObject) ana = NULL;
    g_autoptr(JsonObject) jose = NULL;

    g_assert_true (store_test_load_snapshot (store, COMPANY, pages, &error));
    g_assert_no_error (error);
    ids = plumb_store_list_user_ids (store, COMPANY, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 2);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 12);
    g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 77);
    ana = plumb_store_get_user (store, COMPANY, 12, NULL, &error);
    g_assert_cmpstr (json_object_get_string_member (ana, "job_title"), ==, "Superintendent");
    jose = plumb_store_get_user (store, COMPANY, 9000000001, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (jose);
  }

  g_clear_object (&store);

  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, PLUMB_STORE_SCHEMA_VERSION);

  schema = schema_of (path);
  g_assert_cmpstr (schema, ==, expected_schema);

  checks = query_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (checks, ==, "ok\n");
  g_clear_pointer (&checks, g_free);
  checks = query_text (path, "PRAGMA foreign_key_check");
  g_assert_cmpstr (checks, ==, "");
}

static void
test_from_version (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = store_test_mkdtemp ();
  g_autofree char *path = make_old_database (dir, version);

  check_migrated (path);
  store_test_rmdir (dir);
}

static void
test_from_nothing (void)
{
  g_autofree char *dir = store_test_mkdtemp ();
  g_autofree char *empty = g_build_filename (dir, "empty.sqlite3", NULL);
  g_autofree char *nested = g_build_filename (dir, "production", "42", "store.sqlite3", NULL);
  g_autofree char *expected = fresh_schema ();
  g_autoptr(GError) error = NULL;

  /* An empty file, as a crash right after creating it would leave. */
  g_assert_true (g_file_set_contents (empty, "", 0, &error));
  {
    g_autoptr(PlumbStore) store = plumb_store_open (empty, NULL, &error);
    g_autoptr(GPtrArray) ops = NULL;

    g_assert_no_error (error);
    ops = plumb_outbox_list (store, TRUE, NULL, &error);
    g_assert_cmpuint (ops->len, ==, 0);
  }
  {
    g_autofree char *schema = schema_of (empty);

    g_assert_cmpstr (schema, ==, expected);
  }

  /* Folders that do not exist yet. */
  {
    g_autoptr(PlumbStore) store = plumb_store_open (nested, NULL, &error);

    g_assert_no_error (error);
  }
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));

  store_test_rmdir (dir);
}

static void
test_newer_is_refused (void)
{
  g_autofree char *dir = store_test_mkdtemp ();
  g_autofree char *path = make_old_database (dir, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    exec_ok (db, "CREATE TABLE from_the_future (x); PRAGMA user_version = 9;");
    sqlite3_close (db);
  }

  before = schema_of (path);
  store = plumb_store_open (path, NULL, &error);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE);
  g_assert_null (store);

  after = schema_of (path);
  g_assert_cmpstr (before, ==, after);
  g_free (after);
  after = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (after, ==, "9\n");

  store_test_rmdir (dir);
}

static void
test_failed_step_changes_nothing (void)
{
  g_autofree char *dir = store_test_mkdtemp ();
  g_autofree char *path = make_old_database (dir, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *outbox_before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *outbox_after = NULL;

  /* A stray table in the way of step 3 makes it fail half-way. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    exec_ok (db, "CREATE TABLE conflicts (x)");
    sqlite3_close (db);
  }

  before = schema_of (path);
  outbox_before = query_text (path, "SELECT * FROM outbox ORDER BY id");
  store = plumb_store_open (path, NULL, &error);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE);
  g_assert_null (store);

  after = schema_of (path);
  outbox_after = query_text (path, "SELECT * FROM outbox ORDER BY id");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (outbox_before, ==, outbox_after);
  g_free (after);
  after = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (after, ==, "2\n");

  store_test_rmdir (dir);
}

G_STATIC_ASSERT (PLUMB_STORE_SCHEMA_VERSION == 4);

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* One case per earlier schema; a new version adds a line here. */
  g_test_add_data_func ("/store/migrations/from-1", GINT_TO_POINTER (1), test_from_version);
  g_test_add_data_func ("/store/migrations/from-2", GINT_TO_POINTER (2), test_from_version);
  g_test_add_data_func ("/store/migrations/from-3", GINT_TO_POINTER (3), test_from_version);
  g_test_add_func ("/store/migrations/from-nothing", test_from_nothing);
  g_test_add_func ("/store/migrations/newer-is-refused", test_newer_is_refused);
  g_test_add_func ("/store/migrations/failed-step-changes-nothing", test_failed_step_changes_nothing);

  return g_test_run ();
}
