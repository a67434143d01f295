/* plumb-store-snapshot-read.c: the people of a snapshot, read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See plumb-store-snapshot.c for the design.
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

/* Reading a snapshot. A reader may find the file of the generation it
 * looked up already gone: another process committed a newer one. It looks
 * again before it calls the snapshot damaged. */

typedef struct
{
  gint64          company_id;
  PlumbIdSet          *shadowed;
  GBytes         *file;
  PlumbUserRows  *rows;
  GArray         *ids;
  GString        *name;
  gboolean        damaged;
  gint64          wanted;
  gboolean        found;
  PlumbSnapshotPage            page;
  PlumbSnapshotEntry           entry;
} ReadIn;

static gboolean
add_rows_cb (PlumbStoreDb             *db,
             const PlumbSnapshotPage  *page,
             gpointer                  user_data,
             GError                  **error)
{
  ReadIn *in = user_data;
  g_autoptr(PlumbUserPage) read = plumb_snapshot_read_page (in->file, page, PLUMB_USER_PAGE_COLUMNS);
  GArray *records;

  if (read == NULL)
    {
      in->damaged = TRUE;
      return plumb_snapshot_damaged (error);
    }
  records = plumb_user_page_get_records (read);
  for (guint i = 0; i < records->len; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      PlumbUserRow row;

      if (plumb_id_set_contains (in->shadowed, r->id))
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
  g_autoptr(PlumbIdSet) shadowed = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  gboolean missing;
  ReadIn in = { 0 };
  gboolean ok;

  file = plumb_snapshot_map_file (db, company_id, generation, &missing, error);
  if (file == NULL && missing)
    {
      gint64 now = plumb_store_db_snapshot_generation (db, company_id, error);

      if (now < 0)
        return FALSE;
      if (now != generation)
        return now == 0 || plumb_store_db_add_snapshot_rows (db, company_id, now, rows, error);
      return plumb_snapshot_drop_damaged (db, company_id, generation, error);
    }
  if (file == NULL)
    return FALSE;
  shadowed = plumb_snapshot_shadowed_ids (db, company_id, error);
  if (shadowed == NULL)
    return FALSE;

  in.company_id = company_id;
  in.shadowed = shadowed;
  in.file = g_mapped_file_get_bytes (file);
  in.rows = rows;
  in.name = name;
  ok = plumb_snapshot_foreach_page (db, company_id, generation, add_rows_cb, &in, &local_error);
  g_bytes_unref (in.file);
  if (!ok && in.damaged)
    return plumb_snapshot_drop_damaged (db, company_id, generation, error);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

static gboolean
add_ids_cb (PlumbStoreDb             *db,
            const PlumbSnapshotPage  *page,
            gpointer                  user_data,
            GError                  **error)
{
  ReadIn *in = user_data;

  for (guint i = 0; i < page->n; i++)
    {
      PlumbSnapshotEntry e;

      plumb_snapshot_entry_read (page->entries, i, &e);
      if (!plumb_id_set_contains (in->shadowed, e.id))
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
  g_autoptr(PlumbIdSet) shadowed = plumb_snapshot_shadowed_ids (db, company_id, error);
  ReadIn in = { 0 };

  if (shadowed == NULL)
    return FALSE;
  in.shadowed = shadowed;
  in.ids = ids;
  return plumb_snapshot_foreach_page (db, company_id, generation, add_ids_cb, &in, error);
}

static gboolean
find_cb (PlumbStoreDb             *db,
         const PlumbSnapshotPage  *page,
         gpointer                  user_data,
         GError                  **error)
{
  ReadIn *in = user_data;

  for (guint i = 0; i < page->n; i++)
    {
      PlumbSnapshotEntry e;

      plumb_snapshot_entry_read (page->entries, i, &e);
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
read_object (const char               *path,
             const PlumbSnapshotPage  *page,
             const PlumbSnapshotEntry *entry,
             gint64                    id,
             gboolean                 *missing)
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
  if (!plumb_snapshot_foreach_page (db, company_id, generation, find_cb, &in, error) || !in.found)
    return NULL;
  path = plumb_snapshot_path (db, company_id, generation);
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
  plumb_snapshot_drop_damaged (db, company_id, generation, error);
  return NULL;
}
