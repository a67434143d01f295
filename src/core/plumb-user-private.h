/* plumb-user-private.h: the field table of PlumbUser, for its fast reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-user.h"

G_BEGIN_DECLS

typedef enum
{
  PLUMB_USER_FIELD_STRING,
  PLUMB_USER_FIELD_ID,          /* gint64, 0 = absent */
  PLUMB_USER_FIELD_OPT_INT,     /* gint64, -1 = null */
  PLUMB_USER_FIELD_BOOL,
  PLUMB_USER_FIELD_TIME,
  PLUMB_USER_FIELD_REF_ID,      /* {"id","name"}: the id; the name is the next field */
  PLUMB_USER_FIELD_REF_NAME,
} PlumbUserFieldKind;

/* The index of the field whose JSON name is @key (for a reference, its id
 * entry), or -1. @hint is where to look first: the fields of a list come in
 * the same order in every record. */
int                plumb_user_field_lookup      (const char  *key,
                                                 gsize        len,
                                                 int          hint);
guint              plumb_user_n_fields          (void);
const char        *plumb_user_field_name        (int          index,
                                                 gsize       *len);
PlumbUserFieldKind plumb_user_field_kind        (int          index);
void               plumb_user_field_take_string (PlumbUser   *self,
                                                 int          index,
                                                 char        *value);
void               plumb_user_field_set_int     (PlumbUser   *self,
                                                 int          index,
                                                 gint64       value);
void               plumb_user_field_set_seconds (PlumbUser   *self,
                                                 int          index,
                                                 gint64       seconds);
void               plumb_user_field_set_arena   (PlumbUser   *self,
                                                 char        *arena,
                                                 const int   *indexes,
                                                 const gsize *offsets,
                                                 guint        n);
void               plumb_user_fill_name         (PlumbUser   *self);

/* Every record of one page of the user list (a JSON array), read straight
 * into PlumbUser objects with no tree in between. Thread-safe. */
gboolean           plumb_user_read_list         (const char  *data,
                                                 gsize        len,
                                                 GPtrArray   *users,
                                                 GError     **error);

/* One JSON object into a new PlumbUser, or NULL if it is not one. */
PlumbUser         *plumb_user_read_record       (const char  *data,
                                                 gsize        len);

/* Where one record of a list page is, and its id (0 if it has none). */
typedef struct
{
  gsize  offset;
  gsize  len;
  gint64 id;
} PlumbUserSpan;

/* Checks that a page is a JSON array of objects and finds each object,
 * without reading its fields. Thread-safe. */
gboolean           plumb_user_scan_list         (const char  *data,
                                                 gsize        len,
                                                 GArray      *records,
                                                 GError     **error);

G_END_DECLS
