/* plumb-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-profile.h"
#include "plumb-profile-rules.h"

static const struct
{
  const char *api_name;
  const char *label;
} field_info[PLUMB_PROFILE_N_FIELDS] = {
  { "first_name", N_("First Name") },
  { "last_name", N_("Last Name") },
  { "initials", N_("Initials") },
  { "job_title", N_("Job Title") },
  { "address", N_("Address") },
  { "city", N_("City") },
  { "zip", N_("Post Code") },
  { "state_code", N_("State/Province") },
  { "country_code", N_("Country") },
  { "email_address", N_("Email") },
  { "business_phone", N_("Business Phone") },
  { "business_phone_extension", N_("Ext.") },
};

const char *
plumb_profile_field_api_name (PlumbProfileField field)
{
  g_return_val_if_fail (field < PLUMB_PROFILE_N_FIELDS, NULL);

  return field_info[field].api_name;
}

const char *
plumb_profile_field_label (PlumbProfileField field)
{
  g_return_val_if_fail (field < PLUMB_PROFILE_N_FIELDS, NULL);

  return _(field_info[field].label);
}

gboolean
plumb_profile_field_from_name (const char        *api_name,
                               PlumbProfileField *field)
{
  for (guint i = 0; api_name != NULL && i < PLUMB_PROFILE_N_FIELDS; i++)
    if (g_str_equal (field_info[i].api_name, api_name))
      {
        *field = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
plumb_profile_check_field (PlumbProfileField   field,
                           const char         *text,
                           GError            **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  switch (field)
    {
    case PLUMB_PROFILE_LAST_NAME:
      if (*stripped == '\0')
        {
          g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT, _("Enter a last name"));
          return FALSE;
        }
      return TRUE;
    case PLUMB_PROFILE_INITIALS:
      return plumb_profile_check_initials (stripped, error);
    case PLUMB_PROFILE_EMAIL:
      return plumb_profile_check_email (stripped, error);
    case PLUMB_PROFILE_BUSINESS_PHONE:
      return plumb_profile_check_phone (stripped, error);
    case PLUMB_PROFILE_EXTENSION:
      return plumb_profile_check_extension (stripped, NULL, error);
    case PLUMB_PROFILE_FIRST_NAME:
    case PLUMB_PROFILE_JOB_TITLE:
    case PLUMB_PROFILE_ADDRESS:
    case PLUMB_PROFILE_CITY:
    case PLUMB_PROFILE_ZIP:
    case PLUMB_PROFILE_STATE:
    case PLUMB_PROFILE_COUNTRY:
    case PLUMB_PROFILE_N_FIELDS:
    default:
      return TRUE;
    }
}

char *
plumb_profile_field_text (PlumbProfileField  field,
                          JsonObject        *record)
{
  JsonNode *node = record != NULL ? json_object_get_member (record, plumb_profile_field_api_name (field)) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.0f", json_node_get_double (node));
  return g_strdup ("");
}

JsonNode *
plumb_profile_field_value (PlumbProfileField   field,
                           const char         *text,
                           GError            **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  JsonNode *node;

  if (!plumb_profile_check_field (field, stripped, error))
    return NULL;
  if (*stripped == '\0')
    return json_node_new (JSON_NODE_NULL);
  node = json_node_new (JSON_NODE_VALUE);
  if (field == PLUMB_PROFILE_EXTENSION)
    {
      gint64 number = 0;

      plumb_profile_check_extension (stripped, &number, NULL);
      json_node_set_int (node, number);
    }
  else if (field == PLUMB_PROFILE_STATE || field == PLUMB_PROFILE_COUNTRY)
    {
      g_autofree char *upper = g_ascii_strup (stripped, -1);

      json_node_set_string (node, upper);
    }
  else
    json_node_set_string (node, stripped);
  return node;
}

/* json_node_copy() shares an object's members; this copies them. */
static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (object, l->data)));
  return copy;
}

static JsonObject *
payload_object (PlumbOutboxOp *op,
                const char    *name)
{
  JsonNode *node = op->payload != NULL ? json_object_get_member (op->payload, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonObject *
plumb_profile_overlay (JsonObject *record,
                       GPtrArray  *ops,
                       gint64      company_id,
                       gboolean    with_refused)
{
  g_autoptr(JsonObject) empty = json_object_new ();
  JsonObject *shown = copy_object (record != NULL ? record : empty);
  gint64 user_id = json_object_get_int_member_with_default (shown, "id", 0);

  for (guint i = 0; ops != NULL && i < ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, i);
      JsonObject *fields = payload_object (op, "fields");
      g_autoptr(GList) names = NULL;

      if (op->kind != PLUMB_OUTBOX_EDIT_USER || op->company_id != company_id || op->user_id != user_id ||
          fields == NULL || op->state == PLUMB_OUTBOX_DONE ||
          (op->state == PLUMB_OUTBOX_FAILED && !with_refused))
        continue;
      names = json_object_get_members (fields);
      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_member (shown, l->data, json_node_copy (json_object_get_member (fields, l->data)));
    }
  return shown;
}

GHashTable *
plumb_profile_refusal_by_field (JsonObject *fields,
                                const char *refusal)
{
  GHashTable *by_field = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GList) names = fields != NULL ? json_object_get_members (fields) : NULL;
  g_auto(GStrv) parts = NULL;

  if (refusal == NULL || names == NULL)
    return by_field;
  if (names->next == NULL)
    {
      g_hash_table_insert (by_field, g_strdup (names->data), g_strdup (refusal));
      return by_field;
    }

  /* plumb-api-error.c joins the server's messages as "field words message; ..." */
  parts = g_strsplit (refusal, "; ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    for (GList *l = names; l != NULL; l = l->next)
      {
        g_autofree char *readable = g_strdelimit (g_strdup (l->data), "_", ' ');
        gsize len = strlen (readable);

        if (g_ascii_strncasecmp (parts[i], readable, len) == 0 && parts[i][len] == ' ')
          {
            const char *message = parts[i] + len + 1;
            /* The message alone completes the field's label: "has already been taken". */
            g_autofree char *sentence = g_strdup_printf ("%c%s", g_ascii_toupper (*message), message + 1);

            g_hash_table_insert (by_field, g_strdup (l->data), g_steal_pointer (&sentence));
            break;
          }
      }
  return by_field;
}

void
plumb_profile_queued_free (PlumbProfileQueued *queued)
{
  if (queued == NULL)
    return;
  g_clear_pointer (&queued->op_ids, g_array_unref);
  g_free (queued->error);
  g_free (queued);
}

/* The base of the edit in a company other than the one it was made in. */
static JsonObject *
base_from (JsonObject *shown,
           JsonObject *fields)
{
  JsonObject *base = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (fields);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (shown, l->data);

      json_object_set_member (base, l->data, value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
    }
  return base;
}

GPtrArray *
plumb_profile_queue (PlumbStore    *store,
                     const gint64  *company_ids,
                     guint          n_companies,
                     JsonObject    *fields,
                     JsonObject    *base,
                     GBytes        *photo,
                     const char    *photo_type,
                     gint64         clock_offset,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_profile_queued_free);
  g_autoptr(GPtrArray) ops = NULL;
  gboolean any_field = fields != NULL && json_object_get_size (fields) > 0;

  g_return_val_if_fail (PLUMB_IS_STORE (store), NULL);

  ops = plumb_outbox_list (store, FALSE, cancellable, error);
  if (ops == NULL)
    return NULL;

  for (guint c = 0; c < n_companies; c++)
    {
      PlumbProfileQueued *queued = g_new0 (PlumbProfileQueued, 1);
      g_autoptr(JsonObject) record = NULL;
      g_autoptr(JsonObject) record_base = NULL;
      g_autoptr(GError) local = NULL;

      queued->company_id = company_ids[c];
      queued->op_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (results, queued);

      if (!plumb_store_get_own_record (store, company_ids[c], &record, &record_base, cancellable, error))
        return NULL;
      if (record == NULL || json_object_get_int_member_with_default (record, "id", 0) <= 0)
        {
          queued->error = g_strdup (_("Your record in this company has not been fetched yet. It is fetched while My Profile is open and online; then click Update again."));
          continue;
        }
      queued->user_id = json_object_get_int_member (record, "id");

      for (guint i = 0; i < ops->len; i++)
        {
          PlumbOutboxOp *op = g_ptr_array_index (ops, i);

          if (op->state == PLUMB_OUTBOX_FAILED && op->company_id == queued->company_id &&
              op->user_id == queued->user_id &&
              (op->kind == PLUMB_OUTBOX_EDIT_USER || (photo != NULL && op->kind == PLUMB_OUTBOX_PHOTO)) &&
              !plumb_outbox_discard (store, op->id, cancellable, error))
            return NULL;
        }

      if (any_field)
        {
          g_autoptr(JsonObject) shown = NULL;
          g_autoptr(JsonObject) company_base = NULL;
          g_autoptr(JsonObject) payload = NULL;
          gint64 id;

          if (c == 0)
            company_base = json_object_ref (base);
          else
            {
              shown = plumb_profile_overlay (record, ops, queued->company_id, FALSE);
              company_base = base_from (shown, fields);
            }
          payload = plumb_outbox_edit_payload_new (fields, company_base);
          id = plumb_outbox_enqueue (store, PLUMB_OUTBOX_EDIT_USER, queued->company_id, queued->user_id,
                                     payload, NULL, clock_offset, cancellable, &local);
          if (id <= 0)
            {
              queued->error = g_strdup (local->message);
              continue;
            }
          g_array_append_val (queued->op_ids, id);
        }

      if (photo != NULL)
        {
          g_autoptr(JsonObject) payload = json_object_new ();
          gint64 id;

          json_object_set_string_member (payload, "content_type", photo_type);
          json_object_set_string_member (payload, "filename",
                                         g_strcmp0 (photo_type, "image/png") == 0 ? "avatar.png" : "avatar.jpg");
          id = plumb_outbox_enqueue (store, PLUMB_OUTBOX_PHOTO, queued->company_id, queued->user_id,
                                     payload, photo, clock_offset, cancellable, &local);
          if (id <= 0)
            {
              queued->error = g_strdup (local->message);
              continue;
            }
          g_array_append_val (queued->op_ids, id);
        }
    }

  return g_steal_pointer (&results);
}

typedef struct
{
  PlumbStore *store;
  GArray     *company_ids;
  JsonObject *fields;
  JsonObject *base;
  GBytes     *photo;
  char       *photo_type;
  gint64      clock_offset;
} QueueData;

static void
queue_data_free (QueueData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->company_ids, g_array_unref);
  g_clear_pointer (&data->fields, json_object_unref);
  g_clear_pointer (&data->base, json_object_unref);
  g_clear_pointer (&data->photo, g_bytes_unref);
  g_free (data->photo_type);
  g_free (data);
}

static void
queue_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueueData *data = task_data;
  GError *error = NULL;
  GPtrArray *results;

  results = plumb_profile_queue (data->store, (const gint64 *) data->company_ids->data, data->company_ids->len,
                                 data->fields, data->base, data->photo, data->photo_type, data->clock_offset,
                                 cancellable, &error);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
plumb_profile_queue_async (PlumbStore          *store,
                           const gint64        *company_ids,
                           guint                n_companies,
                           JsonObject          *fields,
                           JsonObject          *base,
                           GBytes              *photo,
                           const char          *photo_type,
                           gint64               clock_offset,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  QueueData *data = g_new0 (QueueData, 1);

  g_return_if_fail (PLUMB_IS_STORE (store));

  data->store = g_object_ref (store);
  data->company_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_companies);
  g_array_append_vals (data->company_ids, company_ids, n_companies);
  data->fields = fields != NULL ? copy_object (fields) : json_object_new ();
  data->base = base != NULL ? copy_object (base) : json_object_new ();
  data->photo = photo != NULL ? g_bytes_ref (photo) : NULL;
  data->photo_type = g_strdup (photo_type);
  data->clock_offset = clock_offset;
  g_task_set_source_tag (task, plumb_profile_queue_async);
  g_task_set_task_data (task, data, (GDestroyNotify) queue_data_free);
  g_task_run_in_thread (task, queue_thread);
}

GPtrArray *
plumb_profile_queue_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  PlumbSession *session;
  PlumbStore   *store;
  GArray       *company_ids;
  guint         next;
  guint         stored;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->session);
  g_clear_object (&fetch->store);
  g_clear_pointer (&fetch->company_ids, g_array_unref);
  g_free (fetch);
}

static void fetch_next (GTask *task);

static void
own_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (plumb_store_put_own_record_finish (PLUMB_STORE (source), result, &error))
    fetch->stored++;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fetch_next (g_steal_pointer (&task));
}

static void
own_fetched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) me = plumb_session_call_finish (PLUMB_SESSION (source), result, NULL, &error);
  gint64 company_id = g_array_index (fetch->company_ids, gint64, fetch->next - 1);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (me == NULL || !JSON_NODE_HOLDS_OBJECT (me))
    {
      g_debug ("own record in company %" G_GINT64_FORMAT ": %s", company_id,
               error != NULL ? error->message : "not an object");
      fetch_next (g_steal_pointer (&task));
      return;
    }
  plumb_store_put_own_record_async (fetch->store, company_id, json_node_get_object (me), json_node_get_object (me),
                                    g_task_get_cancellable (task), own_stored_cb, g_object_ref (task));
}

static void
fetch_next (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  gint64 company_id;

  if (fetch->next >= fetch->company_ids->len)
    {
      g_task_return_int (task, fetch->stored);
      g_object_unref (task);
      return;
    }
  company_id = g_array_index (fetch->company_ids, gint64, fetch->next++);
  path = g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/me", company_id);
  plumb_session_call_async (fetch->session, "GET", path, company_id, NULL, PLUMB_REQUEST_DEFAULT,
                            g_task_get_cancellable (task), own_fetched_cb, task);
}

void
plumb_profile_fetch_own_records_async (PlumbSession        *session,
                                       PlumbStore          *store,
                                       const gint64        *company_ids,
                                       guint                n_companies,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_return_if_fail (PLUMB_IS_SESSION (session));
  g_return_if_fail (PLUMB_IS_STORE (store));

  fetch->session = g_object_ref (session);
  fetch->store = g_object_ref (store);
  fetch->company_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_companies);
  g_array_append_vals (fetch->company_ids, company_ids, n_companies);
  g_task_set_source_tag (task, plumb_profile_fetch_own_records_async);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  fetch_next (task);
}

guint
plumb_profile_fetch_own_records_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);

  return (guint) g_task_propagate_int (G_TASK (result), error);
}
