/* plumb-profile.h: the person's own record, as an editor sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "plumb-outbox.h"
#include "plumb-session.h"
#include "plumb-store.h"

G_BEGIN_DECLS

/* The fields of My Profile, in the order Procore's help page lists them. */
typedef enum
{
  PLUMB_PROFILE_FIRST_NAME,
  PLUMB_PROFILE_LAST_NAME,
  PLUMB_PROFILE_INITIALS,
  PLUMB_PROFILE_JOB_TITLE,
  PLUMB_PROFILE_ADDRESS,
  PLUMB_PROFILE_CITY,
  PLUMB_PROFILE_ZIP,
  PLUMB_PROFILE_STATE,
  PLUMB_PROFILE_COUNTRY,
  PLUMB_PROFILE_EMAIL,
  PLUMB_PROFILE_BUSINESS_PHONE,
  PLUMB_PROFILE_EXTENSION,
  PLUMB_PROFILE_N_FIELDS
} PlumbProfileField;

/* The photo is not one of the fields above: it goes as a file, and its
 * removal as this field set to null. */
#define PLUMB_PROFILE_AVATAR "avatar"

const char *plumb_profile_field_api_name   (PlumbProfileField  field);
const char *plumb_profile_field_label      (PlumbProfileField  field);
gboolean    plumb_profile_field_from_name  (const char        *api_name,
                                            PlumbProfileField *field);

/* What a person typed, judged as the editor shows it: empty optional
 * fields are fine, Last Name and Email are not. */
gboolean    plumb_profile_check_field      (PlumbProfileField  field,
                                            const char        *text,
                                            GError           **error);
/* The text an entry shows for a record's value ("" for none). */
char       *plumb_profile_field_text       (PlumbProfileField  field,
                                            JsonObject        *record);
/* The value to send for a text: null when empty, a number for Ext. */
JsonNode   *plumb_profile_field_value      (PlumbProfileField  field,
                                            const char        *text,
                                            GError           **error);

/* The record with the person's own changes still in the outbox laid over
 * it, in queue order; those refused by the server only if @with_refused. */
JsonObject *plumb_profile_overlay          (JsonObject        *record,
                                            GPtrArray         *ops,
                                            gint64             company_id,
                                            gboolean           with_refused);

/* Which edited field a refusal from the server is about: Procore's
 * messages start with the field's name ("email address has already been
 * taken"); an edit of one field owns the whole sentence. Returns API field
 * name -> message. */
GHashTable *plumb_profile_refusal_by_field (JsonObject        *fields,
                                            const char        *refusal);

/* The outcome of queueing a profile change in one company. */
typedef struct
{
  gint64  company_id;
  gint64  user_id;      /* 0 when the person's record there is not known yet */
  GArray *op_ids;       /* gint64, in queue order */
  char   *error;        /* a sentence when nothing could be queued there */
} PlumbProfileQueued;

void        plumb_profile_queued_free      (PlumbProfileQueued *queued);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbProfileQueued, plumb_profile_queued_free)

/* Queues, in each company of @company_ids (the first is the one the edit
 * was made in, whose base is @base), the @fields as an edit of the
 * person's own record, and @photo (a normalized picture) when given. In
 * the other companies the base is the record stored there, so a field that
 * differs there was changed there and comes back as a conflict. Refused
 * edits of the person's record in those companies are discarded: this one
 * replaces them. Returns a GPtrArray of PlumbProfileQueued. */
void        plumb_profile_queue_async      (PlumbStore          *store,
                                            const gint64        *company_ids,
                                            guint                n_companies,
                                            JsonObject          *fields,
                                            JsonObject          *base,
                                            GBytes              *photo,
                                            const char          *photo_type,
                                            gint64               clock_offset,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *plumb_profile_queue_finish     (GAsyncResult        *result,
                                            GError             **error);
GPtrArray  *plumb_profile_queue            (PlumbStore          *store,
                                            const gint64        *company_ids,
                                            guint                n_companies,
                                            JsonObject          *fields,
                                            JsonObject          *base,
                                            GBytes              *photo,
                                            const char          *photo_type,
                                            gint64               clock_offset,
                                            GCancellable        *cancellable,
                                            GError             **error);

/* Fetches the person's own record in each company (GET
 * /rest/v1.3/companies/{id}/me) and stores it, so that an Update can apply
 * to companies the sync engine does not follow. A company that fails is
 * skipped; the count stored is returned. */
void        plumb_profile_fetch_own_records_async  (PlumbSession        *session,
                                                    PlumbStore          *store,
                                                    const gint64        *company_ids,
                                                    guint                n_companies,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
guint       plumb_profile_fetch_own_records_finish (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
