/* plumb-store-schema.c: the store's schema, one migration step per version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A step, once released, never changes: databases out there were made by it.
 * A new version appends a step. tests/store/test-store-migrations.c keeps a
 * frozen copy of every earlier schema and checks each one migrates.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-store-private.h"

/* 0 -> 1: the first schema. `users` has no index beyond its key: an index
 * on names or emails, whose keys land all over the tree, made a bulk
 * upsert of 100,000 people twice as slow, while sorting them without one
 * takes a fraction of a second. */
static const char step_1[] =
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

/* 1 -> 2: search without case or accents. Existing rows get their text
 * from the same function the upserts use. */
static const char step_2[] =
  "ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';"
  "UPDATE users SET search_text = plumb_search_text (name, email, job_title, vendor_name);"
  "PRAGMA user_version = 2;";

/* 2 -> 3: offline edits can conflict. The outbox gains the 'conflict' state
 * (a CHECK constraint, so the table is rebuilt with its ids and sequence)
 * and the conflicts wait in their own table for the person's choice. */
static const char step_3[] =
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
  "INSERT INTO outbox_new (id, kind, company_id, user_id, payload, blob, state, attempts,"
  "                        next_try, queued_at, last_error, created_at)"
  "  SELECT id, kind, company_id, user_id, payload, blob, state, attempts,"
  "         next_try, queued_at, last_error, created_at FROM outbox ORDER BY id;"
  "DELETE FROM sqlite_sequence WHERE name = 'outbox_new';"
  "INSERT INTO sqlite_sequence (name, seq)"
  "  SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';"
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

/* 3 -> 4: a full load keeps the pages the server sent, as sent, in a file
 * beside the database, and here the ids and places of the people on each
 * (plumb-store-snapshot.c): written a row or two per person, a company of
 * 100,000 took ten times its download. `users` now holds the people
 * changed since the company's last full load, which shadow its pages, and
 * `users_gone` those removed since. A store without pages reads as before:
 * everyone is in `users`. */
static const char step_4[] =
  "CREATE TABLE user_snapshots ("
  "  company_id INTEGER PRIMARY KEY,"
  "  generation INTEGER NOT NULL,"
  "  size INTEGER NOT NULL"
  ");"
  "CREATE TABLE user_pages ("
  "  id INTEGER PRIMARY KEY,"
  "  company_id INTEGER NOT NULL,"
  "  generation INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  ids BLOB NOT NULL,"
  "  offset INTEGER NOT NULL,"
  "  size INTEGER NOT NULL"
  ");"
  "CREATE UNIQUE INDEX user_pages_order ON user_pages (company_id, generation, seq);"
  "CREATE TABLE users_gone ("
  "  company_id INTEGER NOT NULL,"
  "  id INTEGER NOT NULL,"
  "  PRIMARY KEY (company_id, id)"
  ") WITHOUT ROWID;"
  "PRAGMA user_version = 4;";

static const char * const steps[PLUMB_STORE_SCHEMA_VERSION] = {
  step_1,
  step_2,
  step_3,
  step_4,
};

static int
read_user_version (sqlite3 *handle)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

gboolean
plumb_store_schema_migrate (sqlite3  *handle,
                            GError  **error)
{
  int version = read_user_version (handle);

  if (version < 0)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                   _("The offline copy cannot be read: %s."), sqlite3_errmsg (handle));
      return FALSE;
    }

  if (version > PLUMB_STORE_SCHEMA_VERSION)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                           _("The offline copy was made by a newer version of Plumbline. Update Plumbline to use it."));
      return FALSE;
    }

  for (int v = version; v < PLUMB_STORE_SCHEMA_VERSION;)
    {
      int now = -1;

      /* Each step and its new version number commit together, or not at
       * all. Another connection to the same file (a second process, the
       * CLI) may have taken the step since the version was read: with the
       * write lock held, look again before taking it. */
      if (sqlite3_exec (handle, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
          (now = read_user_version (handle)) < 0 ||
          (now <= v && sqlite3_exec (handle, steps[v], NULL, NULL, NULL) != SQLITE_OK) ||
          sqlite3_exec (handle, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        {
          g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                       _("The offline copy could not be brought up to date: %s."),
                       sqlite3_errmsg (handle));
          if (!sqlite3_get_autocommit (handle))
            sqlite3_exec (handle, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      v = now > v ? now : v + 1;
    }

  return TRUE;
}
