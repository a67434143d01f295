/* plumb-store-rows.h: compact directory rows read from the store in bulk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The columns the directory lists, sorts and filters on. Strings are NULL
 * when the server gave none; timestamps are the server's ISO 8601 text. */
typedef struct
{
  gint64      id;
  gint64      company_id;
  gboolean    is_active;
  const char *first_name;
  const char *last_name;
  const char *name;
  const char *email;
  const char *job_title;
  const char *vendor_name;
  const char *permission_template_name;
  const char *last_login_at;
  const char *welcome_email_sent_at;
  const char *updated_at;
  const char *avatar;
} PlumbUserRow;

/* Which invitation state to show. It has no field of its own on the
 * server: it comes from welcome_email_sent_at and last_login_at. */
typedef enum
{
  PLUMB_INVITATION_FILTER_ALL,
  PLUMB_INVITATION_FILTER_NOT_INVITED,   /* welcome_email_sent_at is null */
  PLUMB_INVITATION_FILTER_INVITED,       /* invited, has not signed in yet */
  PLUMB_INVITATION_FILTER_SIGNED_IN,     /* last_login_at is set */
} PlumbInvitationFilter;

typedef enum
{
  PLUMB_USER_SORT_NAME,
  PLUMB_USER_SORT_EMAIL,
  PLUMB_USER_SORT_JOB_TITLE,
  PLUMB_USER_SORT_VENDOR,
  PLUMB_USER_SORT_LAST_LOGIN,
  PLUMB_USER_SORT_INVITED,
  PLUMB_USER_SORT_UPDATED,
  PLUMB_N_USER_SORTS
} PlumbUserSort;

typedef struct
{
  const char            *search;      /* words that must all appear, any case and accents; NULL for all */
  PlumbInvitationFilter  invitation;
  gboolean               include_inactive;
  PlumbUserSort          sort;
  gboolean               descending;
  guint                  offset;
  guint                  limit;       /* 0 for no limit */
} PlumbUserQuery;

/* A read-only, reference-counted set of rows whose strings live in one
 * block, so that 100,000 rows cost a handful of allocations. */
typedef struct _PlumbUserRows PlumbUserRows;

#define PLUMB_TYPE_USER_ROWS (plumb_user_rows_get_type ())

GType               plumb_user_rows_get_type  (void) G_GNUC_CONST;
PlumbUserRows      *plumb_user_rows_ref       (PlumbUserRows *rows);
void                plumb_user_rows_unref     (PlumbUserRows *rows);
guint               plumb_user_rows_get_n     (PlumbUserRows *rows);
const PlumbUserRow *plumb_user_rows_get       (PlumbUserRows *rows,
                                               guint          index);
/* How many rows matched before offset and limit were applied. */
guint               plumb_user_rows_get_total (PlumbUserRows *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbUserRows, plumb_user_rows_unref)

/* For the store: build a set row by row. */
PlumbUserRows      *plumb_user_rows_new       (void);
void                plumb_user_rows_add       (PlumbUserRows      *rows,
                                               const PlumbUserRow *row);
void                plumb_user_rows_set_total (PlumbUserRows      *rows,
                                               guint               total);
/* In the order of PLUMB_USER_SORT_NAME: names compared as SQLite's NOCASE
 * does, people without a name last, ties by id. */
void                plumb_user_rows_sort_by_name (PlumbUserRows   *rows);

G_END_DECLS
