/* plumb-outbox-conflict.h: when an offline edit meets a changed server record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One field edited here whose server value changed, since the edit's base,
 * to something else than the edit. Missing values are JSON nulls. */
typedef struct
{
  char     *field;
  JsonNode *mine;
  JsonNode *base;
  JsonNode *theirs;
} PlumbConflict;

typedef enum
{
  PLUMB_CONFLICT_KEEP_MINE,    /* send the edit again, over the server's value */
  PLUMB_CONFLICT_TAKE_SERVER,  /* drop the edit of this field */
} PlumbConflictChoice;

#define PLUMB_TYPE_CONFLICT (plumb_conflict_get_type ())

GType          plumb_conflict_get_type (void) G_GNUC_CONST;
PlumbConflict *plumb_conflict_new      (const char          *field,
                                        JsonNode            *mine,
                                        JsonNode            *base,
                                        JsonNode            *theirs);
PlumbConflict *plumb_conflict_copy     (const PlumbConflict *conflict);
void           plumb_conflict_free     (PlumbConflict       *conflict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbConflict, plumb_conflict_free)

/* Whether two JSON values are the same; NULL stands for a JSON null. */
gboolean       plumb_json_values_equal (JsonNode            *a,
                                        JsonNode            *b);

/* Splits an edit (field -> my value) made on `base` (field -> the value
 * when the edit was made) against the server's current record. Returns the
 * conflicts as PlumbConflict; `clean`, if given, receives the names of the
 * fields that can go through, in the edit's order. A field whose server
 * value already equals mine is clean. */
GPtrArray     *plumb_conflicts_detect  (JsonObject          *edits,
                                        JsonObject          *base,
                                        JsonObject          *server,
                                        GPtrArray          **clean);

G_END_DECLS
