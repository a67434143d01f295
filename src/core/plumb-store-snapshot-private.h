/* plumb-store-snapshot-private.h: what the snapshot's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-store-private.h"
#include "plumb-user-page.h"

G_BEGIN_DECLS

/* A set of ids. */
typedef struct _PlumbIdSet PlumbIdSet;

PlumbIdSet    *plumb_id_set_new      (gsize       expected);
void           plumb_id_set_free     (PlumbIdSet *set);
/* Whether @id was new to the set. */
gboolean       plumb_id_set_add      (PlumbIdSet *set,
                                      gint64      id);
gboolean       plumb_id_set_contains (PlumbIdSet *set,
                                      gint64      id);
gsize          plumb_id_set_size     (PlumbIdSet *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbIdSet, plumb_id_set_free)

/* An entry of `user_pages.ids`: 16 bytes, little-endian. */
#define PLUMB_SNAPSHOT_ENTRY_SIZE 16

typedef struct
{
  gint64  id;
  guint32 offset;   /* of the person's object in the page */
  guint32 length;
} PlumbSnapshotEntry;

void           plumb_snapshot_entry_read (const guint8        *entries,
                                          guint                index,
                                          PlumbSnapshotEntry  *entry);

/* A row of `user_pages`. */
typedef struct
{
  gint64        seq;
  guint         n;
  const guint8 *entries;   /* n packed entries */
  gint64        offset;    /* in the file */
  gint64        size;
} PlumbSnapshotPage;

typedef gboolean (*PlumbSnapshotPageFunc) (PlumbStoreDb             *db,
                                           const PlumbSnapshotPage  *page,
                                           gpointer                  user_data,
                                           GError                  **error);

/* The pages of a generation, in order. */
gboolean       plumb_snapshot_foreach_page (PlumbStoreDb           *db,
                                            gint64                  company_id,
                                            gint64                  generation,
                                            PlumbSnapshotPageFunc   func,
                                            gpointer                user_data,
                                            GError                **error);
/* <database>-users-<company>-<generation> */
char          *plumb_snapshot_path         (PlumbStoreDb           *db,
                                            gint64                  company_id,
                                            gint64                  generation);
/* The generation's file, mapped: NULL with @missing set if it is not there. */
GMappedFile   *plumb_snapshot_map_file     (PlumbStoreDb           *db,
                                            gint64                  company_id,
                                            gint64                  generation,
                                            gboolean               *missing,
                                            GError                **error);
/* One page of a mapped file, read in @mode and checked against its
 * entries; NULL if it is damaged. */
PlumbUserPage *plumb_snapshot_read_page    (GBytes                 *file,
                                            const PlumbSnapshotPage *page,
                                            PlumbUserPageMode       mode);
/* The files of the company's snapshots but @keep's; the largest
 * generation a file had. */
gint64         plumb_snapshot_remove_files (PlumbStoreDb           *db,
                                            gint64                  company_id,
                                            gint64                  keep);
/* ?1 the company, ?2 (if the statement has it) a generation. */
gboolean       plumb_snapshot_exec_company (PlumbStoreDb           *db,
                                            const char             *sql,
                                            gint64                  company_id,
                                            gint64                  generation,
                                            GError                **error);
/* The ids of `users` and `users_gone` for the company. */
PlumbIdSet    *plumb_snapshot_shadowed_ids (PlumbStoreDb           *db,
                                            gint64                  company_id,
                                            GError                **error);

/* Errors. Each returns FALSE. drop_damaged also drops the snapshot, and
 * what shadowed it, so that the next sync loads the directory again. */
gboolean       plumb_snapshot_damaged      (GError                **error);
gboolean       plumb_snapshot_file_failed  (const char             *path,
                                            int                     saved_errno,
                                            GError                **error);
gboolean       plumb_snapshot_drop_damaged (PlumbStoreDb           *db,
                                            gint64                  company_id,
                                            gint64                  generation,
                                            GError                **error);

G_END_DECLS
