/* plumb-cli-profile.c: plumb profile, profile set and profile photo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The person's own directory record, as last synced from
 * GET /rest/v1.3/companies/{id}/me, with the changes still in the outbox
 * shown over it. Changes go through the outbox like any other.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "plumb-cli-sync.h"
#include "plumb-error.h"
#include "plumb-photo.h"

typedef enum
{
  FIELD_TEXT,
  FIELD_INTEGER,
} FieldType;

typedef struct
{
  const char *name;
  const char *label;
  FieldType   type;
} ProfileField;

/* The fields a person may edit on their own record, in the order shown. */
static const ProfileField profile_fields[] = {
  { "first_name", N_("First name"), FIELD_TEXT },
  { "last_name", N_("Last name"), FIELD_TEXT },
  { "initials", N_("Initials"), FIELD_TEXT },
  { "email_address", N_("Email"), FIELD_TEXT },
  { "job_title", N_("Job title"), FIELD_TEXT },
  { "business_phone", N_("Business phone"), FIELD_TEXT },
  { "business_phone_extension", N_("Extension"), FIELD_INTEGER },
  { "mobile_phone", N_("Mobile phone"), FIELD_TEXT },
  { "fax_number", N_("Fax"), FIELD_TEXT },
  { "address", N_("Address"), FIELD_TEXT },
  { "city", N_("City"), FIELD_TEXT },
  { "zip", N_("ZIP code"), FIELD_TEXT },
  { "state_code", N_("State"), FIELD_TEXT },
  { "country_code", N_("Country"), FIELD_TEXT },
};

static const ProfileField *
find_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (profile_fields); i++)
    if (g_str_equal (profile_fields[i].name, name))
      return &profile_fields[i];
  return NULL;
}

static gboolean
load_own (PlumbCliSync  *sync,
          JsonObject   **record,
          GError       **error)
{
  g_autoptr(JsonObject) base = NULL;

  if (!plumb_store_get_own_record (sync->store, sync->company_id, record, &base, NULL, error))
    return FALSE;
  if (*record == NULL)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                   _("Your profile in company %" G_GINT64_FORMAT " is not stored yet. Run “plumb sync” first."),
                   sync->company_id);
      return FALSE;
    }
  return TRUE;
}

/* The record with the edits still waiting in the outbox laid over it. */
static JsonObject *
overlay_pending (PlumbCliSync *sync,
                 JsonObject   *record,
                 GHashTable   *pending)
{
  g_autoptr(GPtrArray) left = plumb_cli_sync_left (sync, NULL);
  gint64 own_id = json_object_get_int_member_with_default (record, "id", 0);
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonNode) wrapped = json_node_new (JSON_NODE_OBJECT);
  JsonObject *shown;

  json_node_set_object (wrapped, record);
  copy = json_node_copy (wrapped);
  shown = json_node_get_object (copy);
  for (guint i = 0; left != NULL && i < left->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (left, i);
      JsonNode *fields;

      if (op->user_id != own_id || op->company_id != sync->company_id)
        continue;
      if (op->kind == PLUMB_OUTBOX_PHOTO)
        g_hash_table_add (pending, g_strdup ("avatar"));
      if (op->kind != PLUMB_OUTBOX_EDIT_USER || op->payload == NULL ||
          op->state == PLUMB_OUTBOX_FAILED)
        continue;
      fields = json_object_get_member (op->payload, "fields");
      if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
        continue;
      {
        g_autoptr(GList) names = json_object_get_members (json_node_get_object (fields));

        for (GList *l = names; l != NULL; l = l->next)
          {
            json_object_set_member (shown, l->data,
                                    json_node_copy (json_object_get_member (json_node_get_object (fields), l->data)));
            g_hash_table_add (pending, g_strdup (l->data));
          }
      }
    }
  return json_object_ref (shown);
}

static int
profile_show (PlumbCliOptions *options,
              PlumbCliSync    *sync)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(GHashTable) pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!load_own (sync, &record, &error))
    return plumb_cli_fail (error);
  shown = overlay_pending (sync, record, pending);

  if (options->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonArray *names = json_array_new ();
      g_autoptr(GList) keys = g_hash_table_get_keys (pending);

      keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
      for (GList *l = keys; l != NULL; l = l->next)
        json_array_add_string_element (names, l->data);
      json_object_set_array_member (shown, "pending_fields", names);
      json_node_set_object (root, shown);
      plumb_cli_print_json (root);
      return 0;
    }

  printf ("%s <%s>\n", json_object_get_string_member_with_default (shown, "name", ""),
          json_object_get_string_member_with_default (shown, "email_address", ""));
  for (guint i = 0; i < G_N_ELEMENTS (profile_fields); i++)
    {
      JsonNode *value = json_object_get_member (shown, profile_fields[i].name);
      g_autofree char *text = NULL;

      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        text = g_strdup ("");
      else if (json_node_get_value_type (value) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (value));
      else
        text = json_to_string (value, FALSE);
      printf ("  %-16s %s%s\n", _(profile_fields[i].label), text,
              g_hash_table_contains (pending, profile_fields[i].name) ? _("  (not yet on the server)") : "");
    }
  printf ("  %-16s %s%s\n", _("Photo"), json_object_get_string_member_with_default (shown, "avatar", ""),
          g_hash_table_contains (pending, "avatar") ? _("  (a new one is waiting to be sent)") : "");
  return 0;
}

static int
profile_set (PlumbCliSync  *sync,
             int            argc,
             char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) base_record = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gint64 op_id;

  if (argc < 2)
    {
      plumb_cli_error (_("usage: plumb profile set FIELD=VALUE…"));
      return 2;
    }
  if (!plumb_store_get_own_record (sync->store, sync->company_id, &record, &base_record, NULL, &error))
    return plumb_cli_fail (error);
  if (record == NULL)
    {
      plumb_cli_error (_("Your profile in company %" G_GINT64_FORMAT " is not stored yet. Run “plumb sync” first."),
                       sync->company_id);
      return 1;
    }
  /* The base of each field is what the person sees: the server's value
   * with the earlier changes still in the outbox over it, so that two
   * edits of one field made offline follow each other without conflict. */
  {
    g_autoptr(GHashTable) pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    g_clear_pointer (&base_record, json_object_unref);
    base_record = overlay_pending (sync, record, pending);
  }

  for (int i = 1; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *name = eq != NULL ? g_strndup (argv[i], eq - argv[i]) : NULL;
      const ProfileField *field = name != NULL ? find_field (name) : NULL;
      const char *value = eq != NULL ? eq + 1 : NULL;
      JsonNode *old;

      if (field == NULL)
        {
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint k = 0; k < G_N_ELEMENTS (profile_fields); k++)
            g_string_append_printf (names, "%s%s", k > 0 ? ", " : "", profile_fields[k].name);
          plumb_cli_error (_("profile set: “%s” is not FIELD=VALUE with one of the fields %s"), argv[i], names->str);
          return 2;
        }
      if (*value == '\0')
        json_object_set_null_member (fields, field->name);
      else if (field->type == FIELD_INTEGER)
        {
          gint64 number;

          if (!g_ascii_string_to_signed (value, 10, 0, G_MAXINT32, &number, NULL))
            {
              plumb_cli_error (_("profile set: %s takes a whole number, not “%s”"), field->name, value);
              return 2;
            }
          json_object_set_int_member (fields, field->name, number);
        }
      else
        json_object_set_string_member (fields, field->name, value);

      old = json_object_get_member (base_record, field->name);
      json_object_set_member (base, field->name, old != NULL ? json_node_copy (old) : json_node_new (JSON_NODE_NULL));
    }

  plumb_sync_engine_queue_edit_async (sync->engine, json_object_get_int_member_with_default (record, "id", 0),
                                      fields, base, NULL, plumb_cli_store_result, &result);
  plumb_cli_wait (&result);
  op_id = plumb_sync_engine_queue_finish (sync->engine, result, &error);
  if (op_id == 0)
    return plumb_cli_fail (error);
  printf (_("Queued as change #%" G_GINT64_FORMAT ". Run “plumb sync” to send it.\n"), op_id);
  return 0;
}

static int
profile_photo (PlumbCliSync  *sync,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 op_id;

  if (argc != 2)
    {
      plumb_cli_error (_("usage: plumb profile photo FILE"));
      return 2;
    }
  if (!load_own (sync, &record, &error))
    return plumb_cli_fail (error);

  file = g_file_new_for_commandline_arg (argv[1]);
  judgement = plumb_photo_judge_file (file, NULL, &error);
  if (judgement == NULL)
    return plumb_cli_fail (error);
  if (judgement->verdict == PLUMB_PHOTO_REFUSED)
    {
      plumb_cli_error ("%s: %s", argv[1], judgement->reason);
      return 1;
    }
  photo = plumb_photo_normalize_file (file, NULL, PLUMB_PHOTO_OUTPUT_JPEG, NULL, &error);
  if (photo == NULL)
    return plumb_cli_fail (error);

  plumb_sync_engine_queue_photo_async (sync->engine, json_object_get_int_member_with_default (record, "id", 0),
                                       photo, "image/jpeg", NULL, plumb_cli_store_result, &result);
  plumb_cli_wait (&result);
  op_id = plumb_sync_engine_queue_finish (sync->engine, result, &error);
  if (op_id == 0)
    return plumb_cli_fail (error);
  if (judgement->verdict == PLUMB_PHOTO_NEEDS_CROP)
    printf ("%s\n", judgement->reason);
  printf (_("Queued the photo as change #%" G_GINT64_FORMAT ". Run “plumb sync” to send it.\n"), op_id);
  return 0;
}

int
plumb_cli_profile (PlumbCliOptions  *options,
                   int               argc,
                   char            **argv)
{
  g_auto(PlumbCliSync) sync = { 0 };
  g_autoptr(GError) error = NULL;
  const char *sub = argc > 1 ? argv[1] : NULL;

  if (sub != NULL && (g_str_equal (sub, "--help") || g_str_equal (sub, "-h")))
    {
      printf ("%s\n", _("Usage: plumb profile [--json]\n"
                        "       plumb profile set FIELD=VALUE…\n"
                        "       plumb profile photo FILE"));
      return 0;
    }
  if (sub != NULL && !g_str_equal (sub, "set") && !g_str_equal (sub, "photo") &&
      !plumb_cli_parse_plain (options, argc, argv))
    return 2;
  if (!plumb_cli_sync_open (options, FALSE, &sync, &error))
    return plumb_cli_fail (error);
  if (sub != NULL && g_str_equal (sub, "set"))
    return profile_set (&sync, argc - 1, argv + 1);
  if (sub != NULL && g_str_equal (sub, "photo"))
    return profile_photo (&sync, argc - 1, argv + 1);
  return profile_show (options, &sync);
}
