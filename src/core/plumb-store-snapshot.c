/* plumb-store-snapshot.c: a company's directory as the pages the server sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A first sync, and each reconciliation, loads a company's whole directory:
 * some 90 MB of JSON at 100,000 people. Written a row or two per person it
 * cost ten times the download, and even as a row per page SQLite's journal
 * and checkpoints copied it three times over. So a full load appends the
 * pages as the server sent them to a file of their own beside the database,
 * <database>-users-<company>-<generation>, and keeps here (`user_pages`)
 * where each page lies in it and the id and place of every person on it.
 * The file is written once and never changed; the commit, one transaction,
 * makes the new generation the company's directory (`user_snapshots`),
 * drops what changed before it (the rows of `users` and `users_gone`) and
 * then removes the older files. A load that stops halfway leaves the old
 * directory whole; the next load clears away what it wrote.
 *
 * Between full loads, deltas and single changes go to `users` as before; a
 * row there shadows the person's entry on a page, and `users_gone` hides
 * people removed since. Someone on two pages of one load (they moved from
 * the active list to the inactive one while it ran) is read from the later
 * page, as when rows were written over each other: the commit puts that
 * entry in `users`.
 *
 * Like the cached rows, the file is not synced to disk: it survives a
 * crash of the program, and a power cut can at worst cost a snapshot,
 * never the outbox, which is in the database. Every read checks what it
 * reads; a damaged snapshot is dropped and the next sync loads it again.
 *
 * An entry of `ids` is 16 bytes, little-endian: the id (64 bits), then the
 * offset and the length of the person's object in the page (32 bits each).
 *
 * A load is written by plumb-store-snapshot-write.c and read back by
 * plumb-store-snapshot-read.c; here is what both use, and `users_gone`.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plumb-error.h"
#include "plumb-store-snapshot-private.h"

/* A set of ids, open addressing. */
struct _PlumbIdSet
{
  gint64   *keys;
  guint8   *used;
  gsize     mask;
  gsize     n;
};

PlumbIdSet *
plumb_id_set_new (gsize expected)
{
  PlumbIdSet *set = g_new0 (PlumbIdSet, 1);
  gsize size = 64;

  while (size < expected * 2)
    size *= 2;
  set->keys = g_new (gint64, size);
  set->used = g_new0 (guint8, size);
  set->mask = size - 1;
  return set;
}

void
plumb_id_set_free (PlumbIdSet *set)
{
  if (set == NULL)
    return;
  g_free (set->keys);
  g_free (set->used);
  g_free (set);
}

static inline gsize
id_hash (gint64 id)
{
  return (gsize) (((guint64) id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 20);
}

static void
id_set_grow (PlumbIdSet *set)
{
  gint64 *keys = set->keys;
  guint8 *used = set->used;
  gsize old_size = set->mask + 1;

  set->keys = g_new (gint64, old_size * 2);
  set->used = g_new0 (guint8, old_size * 2);
  set->mask = old_size * 2 - 1;
  set->n = 0;
  for (gsize i = 0; i < old_size; i++)
    if (used[i])
      plumb_id_set_add (set, keys[i]);
  g_free (keys);
  g_free (used);
}

/* Whether @id was new to the set. */
gboolean
plumb_id_set_add (PlumbIdSet *set,
                  gint64      id)
{
  gsize i;

  if ((set->n + 1) * 2 > set->mask + 1)
    id_set_grow (set);
  for (i = id_hash (id) & set->mask; set->used[i]; i = (i + 1) & set->mask)
    if (set->keys[i] == id)
      return FALSE;
  set->used[i] = 1;
  set->keys[i] = id;
  set->n++;
  return TRUE;
}

gsize
plumb_id_set_size (PlumbIdSet *set)
{
  return set->n;
}

gboolean
plumb_id_set_contains (PlumbIdSet *set,
                       gint64      id)
{
  if (set == NULL || set->n == 0)
    return FALSE;
  for (gsize i = id_hash (id) & set->mask; set->used[i]; i = (i + 1) & set->mask)
    if (set->keys[i] == id)
      return TRUE;
  return FALSE;
}

void
plumb_snapshot_entry_read (const guint8       *entries,
                           guint               index,
                           PlumbSnapshotEntry *entry)
{
  const guint8 *at = entries + (gsize) index * PLUMB_SNAPSHOT_ENTRY_SIZE;
  guint64 id;
  guint32 offset, length;

  memcpy (&id, at, 8);
  memcpy (&offset, at + 8, 4);
  memcpy (&length, at + 12, 4);
  entry->id = (gint64) GUINT64_FROM_LE (id);
  entry->offset = GUINT32_FROM_LE (offset);
  entry->length = GUINT32_FROM_LE (length);
}

char *
plumb_snapshot_path (PlumbStoreDb *db,
                     gint64        company_id,
                     gint64        generation)
{
  return g_strdup_printf ("%s-users-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                          plumb_store_db_get_path (db), company_id, generation);
}

gboolean
plumb_snapshot_damaged (GError **error)
{
  g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                       _("The offline copy of the directory was damaged. It is loaded again at the next sync."));
  return FALSE;
}

gboolean
plumb_snapshot_file_failed (const char  *path,
                            int          saved_errno,
                            GError     **error)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                         _("The disk is full, so the offline copy could not be saved. Free some space and try again."));
  else
    g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                 _("The offline copy “%s” could not be read or saved: %s."), path, g_strerror (saved_errno));
  return FALSE;
}

gint64
plumb_store_db_snapshot_generation (PlumbStoreDb  *db,
                                    gint64         company_id,
                                    GError       **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT generation FROM user_snapshots WHERE company_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, company_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      plumb_store_db_set_error (db, error);
      return -1;
    }
  return 0;
}

/* ?1 the company, ?2 (if the statement has it) a generation. */
gboolean
plumb_snapshot_exec_company (PlumbStoreDb  *db,
                             const char    *sql,
                             gint64         company_id,
                             gint64         generation,
                             GError       **error)
{
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, generation);
  return plumb_store_db_step_done (db, stmt, error);
}

/* The files of the company's snapshots but @keep's. Returns the largest
 * generation a file had, so that no number is used twice. */
gint64
plumb_snapshot_remove_files (PlumbStoreDb *db,
                             gint64        company_id,
                             gint64        keep)
{
  g_autofree char *dir_path = g_path_get_dirname (plumb_store_db_get_path (db));
  g_autofree char *base = g_path_get_basename (plumb_store_db_get_path (db));
  g_autofree char *prefix = g_strdup_printf ("%s-users-%" G_GINT64_FORMAT "-", base, company_id);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  gint64 largest = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 generation;

      if (!g_str_has_prefix (name, prefix) ||
          !g_ascii_string_to_unsigned (name + strlen (prefix), 10, 1, G_MAXINT64, &generation, NULL))
        continue;
      largest = MAX (largest, (gint64) generation);
      if ((gint64) generation != keep)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);

          g_unlink (path);
        }
    }
  return largest;
}

/* A damaged snapshot (a power cut came before its file reached the disk)
 * is dropped with what shadowed it, and the next sync loads the whole
 * directory again. Always returns FALSE. */
gboolean
plumb_snapshot_drop_damaged (PlumbStoreDb  *db,
                             gint64         company_id,
                             gint64         generation,
                             GError       **error)
{
  plumb_snapshot_damaged (error);
  /* Inside a transaction (a commit reading its own pages) the caller
   * rolls back instead. */
  if (!sqlite3_get_autocommit (plumb_store_db_get_handle (db)))
    return FALSE;
  g_message ("The directory snapshot %" G_GINT64_FORMAT " of company %" G_GINT64_FORMAT " is damaged; dropping it",
             generation, company_id);
  if (!plumb_store_db_begin (db, FALSE, NULL))
    return FALSE;
  if (plumb_store_db_snapshot_generation (db, company_id, NULL) != generation ||
      !plumb_snapshot_exec_company (db, "DELETE FROM user_snapshots WHERE company_id = ?1", company_id, 0, NULL) ||
      !plumb_snapshot_exec_company (db, "DELETE FROM user_pages WHERE company_id = ?1", company_id, 0, NULL) ||
      !plumb_snapshot_exec_company (db, "DELETE FROM users WHERE company_id = ?1", company_id, 0, NULL) ||
      !plumb_snapshot_exec_company (db, "DELETE FROM users_gone WHERE company_id = ?1", company_id, 0, NULL) ||
      !plumb_snapshot_exec_company (db, "UPDATE sync_state SET last_full_sync = 0 WHERE company_id = ?1", company_id, 0, NULL) ||
      !plumb_store_db_commit (db, NULL))
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  plumb_snapshot_remove_files (db, company_id, 0);
  return FALSE;
}

/* The pages of a generation. */

gboolean
plumb_snapshot_foreach_page (PlumbStoreDb           *db,
                             gint64                  company_id,
                             gint64                  generation,
                             PlumbSnapshotPageFunc   func,
                             gpointer                user_data,
                             GError                **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT seq, n, ids, offset, size FROM user_pages"
                            " WHERE company_id = ?1 AND generation = ?2 ORDER BY seq",
                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_int64 (stmt, 2, generation);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlumbSnapshotPage page;

      page.seq = sqlite3_column_int64 (stmt, 0);
      page.n = (guint) sqlite3_column_int (stmt, 1);
      page.entries = sqlite3_column_blob (stmt, 2);
      page.offset = sqlite3_column_int64 (stmt, 3);
      page.size = sqlite3_column_int64 (stmt, 4);
      if ((gsize) sqlite3_column_bytes (stmt, 2) != (gsize) page.n * PLUMB_SNAPSHOT_ENTRY_SIZE ||
          page.offset < 0 || page.size < 0)
        return plumb_snapshot_damaged (error);
      if (!func (db, &page, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);
  return TRUE;
}

/* The generation's file, mapped: NULL with @missing set if it is not there. */
GMappedFile *
plumb_snapshot_map_file (PlumbStoreDb  *db,
                         gint64         company_id,
                         gint64         generation,
                         gboolean      *missing,
                         GError       **error)
{
  g_autofree char *path = plumb_snapshot_path (db, company_id, generation);
  g_autoptr(GError) local_error = NULL;
  GMappedFile *file = g_mapped_file_new (path, FALSE, &local_error);

  *missing = file == NULL && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  if (file == NULL && !*missing)
    g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                 _("The offline copy “%s” could not be read: %s."), path, local_error->message);
  return file;
}

/* One page of a mapped file, read in @mode and checked against its
 * entries; NULL if it is damaged. */
PlumbUserPage *
plumb_snapshot_read_page (GBytes                  *file,
                          const PlumbSnapshotPage *page,
                          PlumbUserPageMode        mode)
{
  g_autoptr(GBytes) text = NULL;
  g_autoptr(PlumbUserPage) read = NULL;
  GArray *records;
  const char *start;

  if ((guint64) page->offset + (guint64) page->size > g_bytes_get_size (file))
    return NULL;
  text = g_bytes_new_from_bytes (file, (gsize) page->offset, (gsize) page->size);
  read = plumb_user_page_read (text, mode);
  if (read == NULL)
    return NULL;
  records = plumb_user_page_get_records (read);
  if (records->len != page->n)
    return NULL;
  start = g_bytes_get_data (text, NULL);
  for (guint i = 0; i < page->n; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      PlumbSnapshotEntry e;

      plumb_snapshot_entry_read (page->entries, i, &e);
      if (e.id != r->id || e.offset != (gsize) (r->json - start) || e.length != r->json_len)
        return NULL;
    }
  return g_steal_pointer (&read);
}

static gboolean
add_ids (PlumbStoreDb  *db,
         const char    *sql,
         gint64         company_id,
         PlumbIdSet    *set,
         GError       **error)
{
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    plumb_id_set_add (set, sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);
  return TRUE;
}

/* The ids of `users` and `users_gone` for the company. */
PlumbIdSet *
plumb_snapshot_shadowed_ids (PlumbStoreDb  *db,
                             gint64         company_id,
                             GError       **error)
{
  g_autoptr(PlumbIdSet) set = plumb_id_set_new (64);

  if (!add_ids (db, "SELECT id FROM users WHERE company_id = ?1", company_id, set, error) ||
      !add_ids (db, "SELECT id FROM users_gone WHERE company_id = ?1", company_id, set, error))
    return NULL;
  return g_steal_pointer (&set);
}

/* People removed since the last full load. */

int
plumb_store_db_has_hidden (PlumbStoreDb  *db,
                           gint64         company_id,
                           GError       **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM users_gone WHERE company_id = ?1)", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, company_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      plumb_store_db_set_error (db, error);
      return -1;
    }
  return sqlite3_column_int (stmt, 0) != 0;
}

static gboolean
exec_person (PlumbStoreDb  *db,
             const char    *sql,
             gint64         company_id,
             gint64         user_id,
             GError       **error)
{
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  return plumb_store_db_step_done (db, stmt, error);
}

gboolean
plumb_store_db_unhide (PlumbStoreDb  *db,
                       gint64         company_id,
                       gint64         user_id,
                       GError       **error)
{
  return exec_person (db, "DELETE FROM users_gone WHERE company_id = ?1 AND id = ?2", company_id, user_id, error);
}

gboolean
plumb_store_db_hide (PlumbStoreDb  *db,
                     gint64         company_id,
                     gint64         user_id,
                     GError       **error)
{
  return exec_person (db, "INSERT OR IGNORE INTO users_gone (company_id, id) VALUES (?1, ?2)",
                      company_id, user_id, error);
}
