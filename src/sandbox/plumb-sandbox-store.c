/* plumb-sandbox-store.c: the state file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file holds what cannot be regenerated: the seed and size the people
 * were generated from, the records that changed since, the mailbox, the
 * clock and each module's own part. Tokens appear only as hashes. It is
 * replaced whole (temporary file + rename), so a kill at any moment leaves
 * the old state or the new one.
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-private.h"

#define STATE_VERSION 1

gboolean
plumb_sandbox_store_save (PlumbSandboxState  *state,
                          GError            **error)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *companies = json_object_new ();
  JsonArray *mailbox = json_array_new ();
  JsonObject *modules = json_object_new ();
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, state->seed);
  g_autofree char *text = NULL;
  gsize len;

  json_object_set_int_member (root, "version", STATE_VERSION);
  json_object_set_string_member (root, "seed", seed);
  json_object_set_int_member (root, "users", state->n_users);
  json_object_set_int_member (root, "generated_at", state->generated_at);
  json_object_set_int_member (root, "clock_offset", state->clock_offset);
  json_object_set_int_member (root, "next_mail_id", state->next_mail_id);

  for (guint i = 0; i < state->companies->len; i++)
    {
      PlumbSandboxCompany *company = g_ptr_array_index (state->companies, i);
      JsonObject *c = json_object_new ();
      JsonArray *users = json_array_new ();
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, company->id);

      for (guint j = 0; j < company->users->len; j++)
        {
          PlumbSandboxUser *user = g_ptr_array_index (company->users, j);

          if (user->dirty)
            json_array_add_element (users, plumb_sandbox_user_save (user));
        }
      json_object_set_int_member (c, "next_user_id", company->next_user_id);
      json_object_set_array_member (c, "users", users);
      json_object_set_object_member (companies, key, c);
    }
  json_object_set_object_member (root, "companies", companies);

  for (guint i = 0; i < state->mailbox->len; i++)
    json_array_add_element (mailbox, plumb_sandbox_mail_to_json (g_ptr_array_index (state->mailbox, i)));
  json_object_set_array_member (root, "mailbox", mailbox);

  for (guint i = 0; i < plumb_sandbox_n_modules; i++)
    {
      const PlumbSandboxModule *module = plumb_sandbox_modules[i];
      JsonNode *part;

      if (module->save == NULL || (part = module->save (state)) == NULL)
        continue;
      json_object_set_member (modules, module->name, part);
    }
  json_object_set_object_member (root, "modules", modules);

  json_node_set_object (node, root);
  text = json_to_string (node, FALSE);
  len = strlen (text);
  return g_file_set_contents_full (state->state_file, text, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static JsonObject *
object_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *o,
              const char *name)
{
  JsonNode *node = json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
plumb_sandbox_store_load (PlumbSandboxState  *state,
                          GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *companies;
  JsonArray *mailbox;
  JsonObject *modules;
  guint64 seed = 0;

  if (!json_parser_load_from_file (parser, state->state_file, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not a sandbox state file", state->state_file);
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (root, "version", 0) != STATE_VERSION ||
      !g_ascii_string_to_unsigned (json_object_get_string_member_with_default (root, "seed", ""),
                                   10, 0, G_MAXUINT64, &seed, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not a sandbox state file of this version", state->state_file);
      return FALSE;
    }

  /* The file wins over the options: its records only make sense against
   * the people they were saved with. */
  state->seed = seed;
  state->n_users = (guint) json_object_get_int_member_with_default (root, "users", 0);
  state->generated_at = json_object_get_int_member_with_default (root, "generated_at",
                                                                 plumb_sandbox_state_now (state));
  state->clock_offset = json_object_get_int_member_with_default (root, "clock_offset", 0);
  state->next_mail_id = json_object_get_int_member_with_default (root, "next_mail_id", 1);
  plumb_sandbox_generate (state);

  companies = object_member (root, "companies");
  for (guint i = 0; companies != NULL && i < state->companies->len; i++)
    {
      PlumbSandboxCompany *company = g_ptr_array_index (state->companies, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, company->id);
      JsonObject *c = object_member (companies, key);
      JsonArray *users = c != NULL ? array_member (c, "users") : NULL;

      for (guint j = 0; users != NULL && j < json_array_get_length (users); j++)
        {
          PlumbSandboxUser *user = plumb_sandbox_user_load (json_array_get_object_element (users, j));
          PlumbSandboxUser *old = plumb_sandbox_company_find (company, user->id);

          if (old != NULL)
            g_hash_table_remove (state->pending_followups, old);
          plumb_sandbox_company_add (company, user);
          plumb_sandbox_track_followups (state, user);
        }
      if (c != NULL)
        company->next_user_id = MAX (company->next_user_id,
                                     json_object_get_int_member_with_default (c, "next_user_id", 0));
    }

  mailbox = array_member (root, "mailbox");
  for (guint i = 0; mailbox != NULL && i < json_array_get_length (mailbox); i++)
    g_ptr_array_add (state->mailbox,
                     plumb_sandbox_mail_from_json (json_array_get_object_element (mailbox, i)));

  modules = object_member (root, "modules");
  for (guint i = 0; modules != NULL && i < plumb_sandbox_n_modules; i++)
    {
      const PlumbSandboxModule *module = plumb_sandbox_modules[i];
      JsonNode *part = json_object_has_member (modules, module->name)
                       ? json_object_get_member (modules, module->name) : NULL;

      if (module->load != NULL && part != NULL)
        module->load (state, part);
    }
  return TRUE;
}
