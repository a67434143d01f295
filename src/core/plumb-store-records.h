/* plumb-store-records.h: people written to the store without a JSON tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-store.h"

G_BEGIN_DECLS

/* One person as a reader of the API's list found it: the columns the
 * directory indexes (NULL for a missing or null value) and the text of
 * the whole object, which must be valid JSON. The strings belong to the
 * caller, who keeps them until the write ends. */
typedef struct
{
  gint64      id;
  gboolean    is_active;
  const char *first_name;
  const char *last_name;
  const char *name;
  const char *email_address;
  const char *job_title;
  const char *vendor_name;
  const char *permission_template_name;
  const char *last_login_at;
  const char *welcome_email_sent_at;
  const char *updated_at;
  const char *avatar;
  const char *json;
  gsize       json_len;
} PlumbUserRecord;

/* Upserts @records (a GArray of PlumbUserRecord) in one transaction, as
 * plumb_store_upsert_users() would the same objects. @owner holds the
 * memory the records point into; the store frees it with @owner_free
 * after the write, on whichever thread. */
void      plumb_store_upsert_records_async  (PlumbStore          *self,
                                             gint64               company_id,
                                             GArray              *records,
                                             gpointer             owner,
                                             GDestroyNotify       owner_free,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  plumb_store_upsert_records_finish (PlumbStore          *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* A full load (plumb-store-snapshot.c): the pages go into a new
 * generation, numbered from 0 in the server's order, which the commit
 * makes the company's directory in place of everything stored before. A
 * load that is not committed changes nothing. */
typedef struct _PlumbUserPage PlumbUserPage;

gint64    plumb_store_begin_user_snapshot   (PlumbStore          *self,
                                             gint64               company_id,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* Takes @page. */
void      plumb_store_add_user_page_async   (PlumbStore          *self,
                                             gint64               company_id,
                                             gint64               generation,
                                             guint                seq,
                                             PlumbUserPage       *page,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  plumb_store_add_user_page_finish  (PlumbStore          *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Fails if the generation does not hold @n_pages pages: another load
 * ended meanwhile and took their place. */
gboolean  plumb_store_commit_user_snapshot  (PlumbStore          *self,
                                             gint64               company_id,
                                             gint64               generation,
                                             guint                n_pages,
                                             GCancellable        *cancellable,
                                             GError             **error);

G_END_DECLS
