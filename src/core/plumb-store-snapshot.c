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
#include "plumb-store-private.h"
#include "plumb-user-page.h"

#define ENTRY_SIZE 16

/* A set of ids, open addressing. */
typedef struct
{
  gint64   *keys;
  guint8   *used;
  gsize     mask;
  gsize     n;
} IdSet;

static IdSet *
id_set_new (gsize expected)
{
  IdSet *set = g_new0 (IdSet, 1);
  gsize size = 64;

  while (size < expected * 2)
    size *= 2;
  set->keys = g_new (gint64, size);
  set->used = g_new0 (guint8, size);
  set->mask = size - 1;
  return set;
}

static void
id_set_free (IdSet *set)
{
  if (set == NULL)
    return;
  g_free (set->keys);
  g_free (set->used);
  g_free (set);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IdSet, id_set_free)

static inline gsize
id_hash (gint64 id)
{
  return (gsize) (((guint64) id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 20);
}

static gboolean id_set_add (IdSet  *set,
                            gint64  id);

static void
id_set_grow (IdSet *set)
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
      id_set_add (set, keys[i]);
  g_free (keys);
  g_free (used);
}

/* Whether @id was new to the set. */
static gboolean
id_set_add (IdSet  *set,
            gint64  id)
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

static gboolean
id_set_contains (IdSet  *set,
                 gint64  id)
{
  if (set == NULL || set->n == 0)
    return FALSE;
  for (gsize i = id_hash (id) & set->mask; set->used[i]; i = (i + 1) & set->mask)
    if (set->keys[i] == id)
      return TRUE;
  return FALSE;
}

typedef struct
{
  gint64  id;
  guint32 offset;   /* of the person's object in the page */
  guint32 length;
} Entry;

static void
entry_read (const guint8 *entries,
            guint         index,
            Entry        *entry)
{
  const guint8 *at = entries + (gsize) index * ENTRY_SIZE;
  guint64 id;
  guint32 offset, length;

  memcpy (&id, at, 8);
  memcpy (&offset, at + 8, 4);
  memcpy (&length, at + 12, 4);
  entry->id = (gint64) GUINT64_FROM_LE (id);
  entry->offset = GUINT32_FROM_LE (offset);
  entry->length = GUINT32_FROM_LE (length);
}

static char *
snapshot_path (PlumbStoreDb *db,
               gint64        company_id,
               gint64        generation)
{
  return g_strdup_printf ("%s-users-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                          plumb_store_db_get_path (db), company_id, generation);
}

static gboolean
damaged (GError **error)
{
  g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                       _("The offline copy of the directory was damaged. It is loaded again at the next sync."));
  return FALSE;
}

static gboolean
file_failed (const char  *path,
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
static gboolean
exec_company (PlumbStoreDb  *db,
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
static gint64
remove_files (PlumbStoreDb *db,
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
static gboolean
drop_damaged (PlumbStoreDb  *db,
              gint64         company_id,
              gint64         generation,
              GError       **error)
{
  damaged (error);
  /* Inside a transaction (a commit reading its own pages) the caller
   * rolls back instead. */
  if (!sqlite3_get_autocommit (plumb_store_db_get_handle (db)))
    return FALSE;
  g_message ("The directory snapshot %" G_GINT64_FORMAT " of company %" G_GINT64_FORMAT " is damaged; dropping it",
             generation, company_id);
  if (!plumb_store_db_begin (db, FALSE, NULL))
    return FALSE;
  if (plumb_store_db_snapshot_generation (db, company_id, NULL) != generation ||
      !exec_company (db, "DELETE FROM user_snapshots WHERE company_id = ?1", company_id, 0, NULL) ||
      !exec_company (db, "DELETE FROM user_pages WHERE company_id = ?1", company_id, 0, NULL) ||
      !exec_company (db, "DELETE FROM users WHERE company_id = ?1", company_id, 0, NULL) ||
      !exec_company (db, "DELETE FROM users_gone WHERE company_id = ?1", company_id, 0, NULL) ||
      !exec_company (db, "UPDATE sync_state SET last_full_sync = 0 WHERE company_id = ?1", company_id, 0, NULL) ||
      !plumb_store_db_commit (db, NULL))
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  remove_files (db, company_id, 0);
  return FALSE;
}

/* The pages of a generation. */

typedef struct
{
  gint64        seq;
  guint         n;
  const guint8 *entries;   /* n packed entries */
  gint64        offset;    /* in the file */
  gint64        size;
} Page;

typedef gboolean (*PageFunc) (PlumbStoreDb  *db,
                              const Page    *page,
                              gpointer       user_data,
                              GError       **error);

static gboolean
foreach_page (PlumbStoreDb  *db,
              gint64         company_id,
              gint64         generation,
              PageFunc       func,
              gpointer       user_data,
              GError       **error)
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
      Page page;

      page.seq = sqlite3_column_int64 (stmt, 0);
      page.n = (guint) sqlite3_column_int (stmt, 1);
      page.entries = sqlite3_column_blob (stmt, 2);
      page.offset = sqlite3_column_int64 (stmt, 3);
      page.size = sqlite3_column_int64 (stmt, 4);
      if ((gsize) sqlite3_column_bytes (stmt, 2) != (gsize) page.n * ENTRY_SIZE ||
          page.offset < 0 || page.size < 0)
        return damaged (error);
      if (!func (db, &page, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);
  return TRUE;
}

/* The generation's file, mapped: NULL with @missing set if it is not there. */
static GMappedFile *
map_file (PlumbStoreDb  *db,
          gint64         company_id,
          gint64         generation,
          gboolean      *missing,
          GError       **error)
{
  g_autofree char *path = snapshot_path (db, company_id, generation);
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
static PlumbUserPage *
read_page (GBytes            *file,
           const Page        *page,
           PlumbUserPageMode  mode)
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
      Entry e;

      entry_read (page->entries, i, &e);
      if (e.id != r->id || e.offset != (gsize) (r->json - start) || e.length != r->json_len)
        return NULL;
    }
  return g_steal_pointer (&read);
}

static gboolean
add_ids (PlumbStoreDb  *db,
         const char    *sql,
         gint64         company_id,
         IdSet         *set,
         GError       **error)
{
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    id_set_add (set, sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);
  return TRUE;
}

/* The ids of `users` and `users_gone` for the company. */
static IdSet *
shadowed_ids (PlumbStoreDb  *db,
              gint64         company_id,
              GError       **error)
{
  g_autoptr(IdSet) set = id_set_new (64);

  if (!add_ids (db, "SELECT id FROM users WHERE company_id = ?1", company_id, set, error) ||
      !add_ids (db, "SELECT id FROM users_gone WHERE company_id = ?1", company_id, set, error))
    return NULL;
  return g_steal_pointer (&set);
}

/* Writing a snapshot. */

typedef struct
{
  gint64          company_id;
  gint64          generation;
  guint           seq;        /* of the page; the number of pages for a commit */
  PlumbUserPage  *page;
} SnapshotIn;

static void
snapshot_in_free (SnapshotIn *in)
{
  g_clear_pointer (&in->page, plumb_user_page_free);
  g_free (in);
}

static PlumbStoreJob *
snapshot_job (PlumbStoreJobFunc  func,
              gint64             company_id,
              gint64             generation,
              guint              seq)
{
  SnapshotIn *in = g_new0 (SnapshotIn, 1);

  in->company_id = company_id;
  in->generation = generation;
  in->seq = seq;
  return plumb_store_job_new (func, in, (GDestroyNotify) snapshot_in_free);
}

/* A number no load has used, its file made empty. What loads that never
 * ended left behind goes first, or a company that keeps losing its network
 * halfway would fill the disk. A load of the same company in another
 * process (the app and `plumb sync`) loses its pages with it, and fails. */
static gboolean
begin_func (PlumbStoreDb   *db,
            PlumbStoreJob  *job,
            GError        **error)
{
  SnapshotIn *in = job->in;
  g_autoptr(PlumbStmt) stmt = NULL;
  gint64 current;
  gint64 generation;
  gint64 largest_file;

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;
  current = plumb_store_db_snapshot_generation (db, in->company_id, error);
  if (current < 0 ||
      !exec_company (db, "DELETE FROM user_pages WHERE company_id = ?1 AND generation <> ?2",
                     in->company_id, current, error) ||
      !plumb_store_db_commit (db, error))
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  largest_file = remove_files (db, in->company_id, current);

  stmt = plumb_store_db_prepare (db,
                                 "SELECT max ((SELECT coalesce (max (generation), 0) FROM user_pages),"
                                 "            (SELECT coalesce (max (generation), 0) FROM user_snapshots))",
                                 error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return plumb_store_db_set_error (db, error);
  generation = MAX (sqlite3_column_int64 (stmt, 0), largest_file) + 1;

  /* Another process may have taken the number meanwhile. */
  for (guint tries = 0;; tries++, generation++)
    {
      g_autofree char *path = snapshot_path (db, in->company_id, generation);
      int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd >= 0)
        {
          close (fd);
          break;
        }
      if (errno != EEXIST || tries >= 100)
        return file_failed (path, errno, error);
    }
  job->out_int = generation;
  return TRUE;
}

gint64
plumb_store_begin_user_snapshot (PlumbStore    *self,
                                 gint64         company_id,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(PlumbStoreJob) job = snapshot_job (begin_func, company_id, 0, 0);

  g_return_val_if_fail (PLUMB_IS_STORE (self), 0);

  if (!plumb_store_run_sync (self, job, cancellable, error))
    return 0;
  return job->out_int;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* The page goes to the end of the file, then its place into the database. */
static gboolean
add_page_func (PlumbStoreDb   *db,
               PlumbStoreJob  *job,
               GError        **error)
{
  SnapshotIn *in = job->in;
  GArray *records = plumb_user_page_get_records (in->page);
  gsize size = 0;
  const char *text = g_bytes_get_data (plumb_user_page_get_body (in->page), &size);
  g_autofree char *path = snapshot_path (db, in->company_id, in->generation);
  g_autofree guint8 *entries = g_malloc ((gsize) MAX (records->len, 1) * ENTRY_SIZE);
  g_autoptr(PlumbStmt) stmt = NULL;
  off_t offset;
  int fd;

  if (size > G_MAXUINT32)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore sent a page of the directory too large to keep."));
      return FALSE;
    }
  for (guint i = 0; i < records->len; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      guint64 id = GUINT64_TO_LE ((guint64) r->id);
      guint32 at_offset = GUINT32_TO_LE ((guint32) (r->json - text));
      guint32 length = GUINT32_TO_LE ((guint32) r->json_len);
      guint8 *at = entries + (gsize) i * ENTRY_SIZE;

      memcpy (at, &id, 8);
      memcpy (at + 8, &at_offset, 4);
      memcpy (at + 12, &length, 4);
    }

  fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0)
    return file_failed (path, errno, error);
  offset = lseek (fd, 0, SEEK_END);
  if (offset < 0 || !write_all (fd, text, size))
    {
      int saved_errno = errno;

      close (fd);
      return file_failed (path, saved_errno, error);
    }
  close (fd);

  stmt = plumb_store_db_prepare (db,
                                 "INSERT INTO user_pages (company_id, generation, seq, n, ids, offset, size)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                 error);
  if (stmt == NULL || !plumb_store_db_begin (db, FALSE, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, in->company_id);
  sqlite3_bind_int64 (stmt, 2, in->generation);
  sqlite3_bind_int64 (stmt, 3, in->seq);
  sqlite3_bind_int64 (stmt, 4, records->len);
  sqlite3_bind_blob (stmt, 5, entries, (int) (records->len * ENTRY_SIZE), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, (gint64) offset);
  sqlite3_bind_int64 (stmt, 7, (gint64) size);
  if (!plumb_store_db_step_done (db, stmt, error))
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  return plumb_store_db_commit (db, error);
}

void
plumb_store_add_user_page_async (PlumbStore          *self,
                                 gint64               company_id,
                                 gint64               generation,
                                 guint                seq,
                                 PlumbUserPage       *page,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  PlumbStoreJob *job;

  g_return_if_fail (PLUMB_IS_STORE (self));
  g_return_if_fail (page != NULL);

  job = snapshot_job (add_page_func, company_id, generation, seq);
  ((SnapshotIn *) job->in)->page = page;
  plumb_store_run_async (self, job, plumb_store_add_user_page_async, cancellable, callback, user_data);
}

gboolean
plumb_store_add_user_page_finish (PlumbStore    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_add_user_page_async, error) != NULL;
}

/* What a commit finds in the pages of its generation. */
typedef struct
{
  gint64       company_id;
  guint        n_pages;
  gint64       size;        /* the pages end to end */
  gboolean     in_order;
  IdSet       *seen;
  IdSet       *repeated;
  GHashTable  *latest;      /* gint64 id -> Latest, for the repeated */
  GBytes      *file;
} Check;

/* Where someone on two pages of one load was seen last. */
typedef struct
{
  gint64  id;
  gint64  seq;
  guint   index;
} Latest;

static gboolean
check_page_cb (PlumbStoreDb  *db,
               const Page    *page,
               gpointer       user_data,
               GError       **error)
{
  Check *c = user_data;

  if (page->offset != c->size)
    c->in_order = FALSE;
  c->size += page->size;
  c->n_pages++;
  for (guint i = 0; i < page->n; i++)
    {
      Entry e;

      entry_read (page->entries, i, &e);
      if (!id_set_add (c->seen, e.id))
        id_set_add (c->repeated, e.id);
    }
  return TRUE;
}

static gboolean
find_latest_cb (PlumbStoreDb  *db,
                const Page    *page,
                gpointer       user_data,
                GError       **error)
{
  Check *c = user_data;

  for (guint i = 0; i < page->n; i++)
    {
      Entry e;
      Latest *latest;

      entry_read (page->entries, i, &e);
      if (!id_set_contains (c->repeated, e.id))
        continue;
      latest = g_hash_table_lookup (c->latest, &e.id);
      if (latest == NULL)
        {
          latest = g_new0 (Latest, 1);
          latest->id = e.id;
          g_hash_table_insert (c->latest, &latest->id, latest);
        }
      latest->seq = page->seq;
      latest->index = i;
    }
  return TRUE;
}

static gboolean
shadow_latest_cb (PlumbStoreDb  *db,
                  const Page    *page,
                  gpointer       user_data,
                  GError       **error)
{
  Check *c = user_data;
  g_autoptr(PlumbUserPage) read = NULL;
  GArray *records;
  gboolean wanted = FALSE;

  for (guint i = 0; i < page->n && !wanted; i++)
    {
      Entry e;
      Latest *latest;

      entry_read (page->entries, i, &e);
      latest = g_hash_table_lookup (c->latest, &e.id);
      wanted = latest != NULL && latest->seq == page->seq && latest->index == i;
    }
  if (!wanted)
    return TRUE;

  read = read_page (c->file, page, PLUMB_USER_PAGE_COLUMNS);
  if (read == NULL)
    return damaged (error);
  records = plumb_user_page_get_records (read);
  for (guint i = 0; i < page->n; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      Latest *latest = g_hash_table_lookup (c->latest, &r->id);

      if (latest != NULL && latest->seq == page->seq && latest->index == i &&
          !plumb_store_db_upsert_record (db, c->company_id, r, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
commit_pages (PlumbStoreDb  *db,
              SnapshotIn    *in,
              Check         *c,
              GError       **error)
{
  g_autofree char *path = snapshot_path (db, in->company_id, in->generation);
  GStatBuf st;

  if (!foreach_page (db, in->company_id, in->generation, check_page_cb, c, error))
    return FALSE;
  if (g_stat (path, &st) != 0)
    return file_failed (path, errno, error);
  if (c->n_pages != in->seq || !c->in_order || (gint64) st.st_size != c->size)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                           _("The directory was being loaded twice at once. Sync again."));
      return FALSE;
    }

  if (!exec_company (db, "DELETE FROM users WHERE company_id = ?1", in->company_id, 0, error) ||
      !exec_company (db, "DELETE FROM users_gone WHERE company_id = ?1", in->company_id, 0, error))
    return FALSE;

  if (c->repeated->n > 0)
    {
      g_autoptr(GMappedFile) file = NULL;
      gboolean missing;

      file = map_file (db, in->company_id, in->generation, &missing, error);
      if (file == NULL)
        return missing ? damaged (error) : FALSE;
      c->file = g_mapped_file_get_bytes (file);
      c->latest = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
      if (!foreach_page (db, in->company_id, in->generation, find_latest_cb, c, error) ||
          !foreach_page (db, in->company_id, in->generation, shadow_latest_cb, c, error))
        return FALSE;
    }

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db,
                              "INSERT OR REPLACE INTO user_snapshots (company_id, generation, size)"
                              " VALUES (?1, ?2, ?3)",
                              error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, in->company_id);
    sqlite3_bind_int64 (stmt, 2, in->generation);
    sqlite3_bind_int64 (stmt, 3, c->size);
    if (!plumb_store_db_step_done (db, stmt, error))
      return FALSE;
  }
  return exec_company (db, "DELETE FROM user_pages WHERE company_id = ?1 AND generation <> ?2",
                       in->company_id, in->generation, error);
}

static gboolean
commit_func (PlumbStoreDb   *db,
             PlumbStoreJob  *job,
             GError        **error)
{
  SnapshotIn *in = job->in;
  Check c = { in->company_id, 0, 0, TRUE, NULL, NULL, NULL, NULL };
  gboolean ok;

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;
  c.seen = id_set_new (100000);
  c.repeated = id_set_new (16);
  ok = commit_pages (db, in, &c, error);
  id_set_free (c.seen);
  id_set_free (c.repeated);
  g_clear_pointer (&c.latest, g_hash_table_unref);
  g_clear_pointer (&c.file, g_bytes_unref);
  if (!ok)
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  if (!plumb_store_db_commit (db, error))
    return FALSE;
  remove_files (db, in->company_id, in->generation);
  return TRUE;
}

gboolean
plumb_store_commit_user_snapshot (PlumbStore    *self,
                                  gint64         company_id,
                                  gint64         generation,
                                  guint          n_pages,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(PlumbStoreJob) job = snapshot_job (commit_func, company_id, generation, n_pages);

  g_return_val_if_fail (PLUMB_IS_STORE (self), FALSE);

  return plumb_store_run_sync (self, job, cancellable, error);
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

/* Reading a snapshot. A reader may find the file of the generation it
 * looked up already gone: another process committed a newer one. It looks
 * again before it calls the snapshot damaged. */

typedef struct
{
  gint64          company_id;
  IdSet          *shadowed;
  GBytes         *file;
  PlumbUserRows  *rows;
  GArray         *ids;
  GString        *name;
  gboolean        damaged;
  gint64          wanted;
  gboolean        found;
  Page            page;
  Entry           entry;
} ReadIn;

static gboolean
add_rows_cb (PlumbStoreDb  *db,
             const Page    *page,
             gpointer       user_data,
             GError       **error)
{
  ReadIn *in = user_data;
  g_autoptr(PlumbUserPage) read = read_page (in->file, page, PLUMB_USER_PAGE_COLUMNS);
  GArray *records;

  if (read == NULL)
    {
      in->damaged = TRUE;
      return damaged (error);
    }
  records = plumb_user_page_get_records (read);
  for (guint i = 0; i < records->len; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      PlumbUserRow row;

      if (id_set_contains (in->shadowed, r->id))
        continue;
      row.id = r->id;
      row.company_id = in->company_id;
      row.is_active = r->is_active;
      row.first_name = r->first_name;
      row.last_name = r->last_name;
      row.name = r->name;
      /* As the rows of `users` are written. */
      if (row.name == NULL && (r->first_name != NULL || r->last_name != NULL))
        {
          g_string_printf (in->name, "%s %s", r->first_name ? r->first_name : "", r->last_name ? r->last_name : "");
          row.name = g_strstrip (in->name->str);
        }
      row.email = r->email_address;
      row.job_title = r->job_title;
      row.vendor_name = r->vendor_name;
      row.permission_template_name = r->permission_template_name;
      row.last_login_at = r->last_login_at;
      row.welcome_email_sent_at = r->welcome_email_sent_at;
      row.updated_at = r->updated_at;
      row.avatar = r->avatar;
      plumb_user_rows_add (in->rows, &row);
    }
  return TRUE;
}

gboolean
plumb_store_db_add_snapshot_rows (PlumbStoreDb   *db,
                                  gint64          company_id,
                                  gint64          generation,
                                  PlumbUserRows  *rows,
                                  GError        **error)
{
  g_autoptr(IdSet) shadowed = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  gboolean missing;
  ReadIn in = { 0 };
  gboolean ok;

  file = map_file (db, company_id, generation, &missing, error);
  if (file == NULL && missing)
    {
      gint64 now = plumb_store_db_snapshot_generation (db, company_id, error);

      if (now < 0)
        return FALSE;
      if (now != generation)
        return now == 0 || plumb_store_db_add_snapshot_rows (db, company_id, now, rows, error);
      return drop_damaged (db, company_id, generation, error);
    }
  if (file == NULL)
    return FALSE;
  shadowed = shadowed_ids (db, company_id, error);
  if (shadowed == NULL)
    return FALSE;

  in.company_id = company_id;
  in.shadowed = shadowed;
  in.file = g_mapped_file_get_bytes (file);
  in.rows = rows;
  in.name = name;
  ok = foreach_page (db, company_id, generation, add_rows_cb, &in, &local_error);
  g_bytes_unref (in.file);
  if (!ok && in.damaged)
    return drop_damaged (db, company_id, generation, error);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

static gboolean
add_ids_cb (PlumbStoreDb  *db,
            const Page    *page,
            gpointer       user_data,
            GError       **error)
{
  ReadIn *in = user_data;

  for (guint i = 0; i < page->n; i++)
    {
      Entry e;

      entry_read (page->entries, i, &e);
      if (!id_set_contains (in->shadowed, e.id))
        g_array_append_val (in->ids, e.id);
    }
  return TRUE;
}

gboolean
plumb_store_db_add_snapshot_ids (PlumbStoreDb  *db,
                                 gint64         company_id,
                                 gint64         generation,
                                 GArray        *ids,
                                 GError       **error)
{
  g_autoptr(IdSet) shadowed = shadowed_ids (db, company_id, error);
  ReadIn in = { 0 };

  if (shadowed == NULL)
    return FALSE;
  in.shadowed = shadowed;
  in.ids = ids;
  return foreach_page (db, company_id, generation, add_ids_cb, &in, error);
}

static gboolean
find_cb (PlumbStoreDb  *db,
         const Page    *page,
         gpointer       user_data,
         GError       **error)
{
  ReadIn *in = user_data;

  for (guint i = 0; i < page->n; i++)
    {
      Entry e;

      entry_read (page->entries, i, &e);
      if (e.id == in->wanted)
        {
          in->found = TRUE;
          in->page = *page;
          in->page.entries = NULL;
          in->entry = e;
        }
    }
  return TRUE;
}

/* The person's object as the file holds it; NULL if it is damaged. */
static char *
read_object (const char  *path,
             const Page  *page,
             const Entry *entry,
             gint64       id,
             gboolean    *missing)
{
  g_autofree char *text = NULL;
  g_autoptr(GBytes) list = NULL;
  g_autoptr(PlumbUserPage) read = NULL;
  gsize len = entry->length;
  gssize got = 0;
  int fd;

  *missing = FALSE;
  if ((guint64) entry->offset + entry->length > (guint64) page->size)
    return NULL;
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      *missing = errno == ENOENT;
      return NULL;
    }
  /* Read as a list of one, to be checked as the pages are. */
  text = g_malloc (len + 3);
  text[0] = '[';
  while ((gsize) got < len)
    {
      gssize n = pread (fd, text + 1 + got, len - (gsize) got, page->offset + entry->offset + got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += n;
    }
  close (fd);
  if ((gsize) got != len)
    return NULL;
  text[len + 1] = ']';
  text[len + 2] = '\0';
  list = g_bytes_new_static (text, len + 2);
  read = plumb_user_page_read (list, PLUMB_USER_PAGE_INDEX);
  if (read == NULL || plumb_user_page_get_records (read)->len != 1 ||
      g_array_index (plumb_user_page_get_records (read), PlumbUserRecord, 0).id != id)
    return NULL;
  text[len + 1] = '\0';
  return g_strdup (text + 1);
}

char *
plumb_store_db_snapshot_user_json (PlumbStoreDb  *db,
                                   gint64         company_id,
                                   gint64         generation,
                                   gint64         user_id,
                                   GError       **error)
{
  g_autoptr(PlumbStmt) gone =
    plumb_store_db_prepare (db, "SELECT 1 FROM users_gone WHERE company_id = ?1 AND id = ?2", error);
  g_autofree char *path = NULL;
  ReadIn in = { 0 };
  gboolean missing;
  char *object;
  int rc;

  if (gone == NULL)
    return NULL;
  sqlite3_bind_int64 (gone, 1, company_id);
  sqlite3_bind_int64 (gone, 2, user_id);
  rc = sqlite3_step (gone);
  if (rc == SQLITE_ROW)
    return NULL;
  if (rc != SQLITE_DONE)
    {
      plumb_store_db_set_error (db, error);
      return NULL;
    }

  in.wanted = user_id;
  if (!foreach_page (db, company_id, generation, find_cb, &in, error) || !in.found)
    return NULL;
  path = snapshot_path (db, company_id, generation);
  object = read_object (path, &in.page, &in.entry, user_id, &missing);
  if (object != NULL)
    return object;
  if (missing)
    {
      gint64 now = plumb_store_db_snapshot_generation (db, company_id, error);

      if (now < 0)
        return NULL;
      if (now != generation)
        return now == 0 ? NULL : plumb_store_db_snapshot_user_json (db, company_id, now, user_id, error);
    }
  drop_damaged (db, company_id, generation, error);
  return NULL;
}
