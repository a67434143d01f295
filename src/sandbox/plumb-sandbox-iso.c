/* plumb-sandbox-iso.c: ISO 3166 countries and subdivisions from iso-codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "plumb-sandbox-private.h"

typedef struct
{
  GHashTable *countries;      /* "US" */
  GHashTable *subdivisions;   /* "US-CA" */
} IsoCodes;

static void
load_codes (GHashTable *set,
            const char *file,
            const char *list,
            const char *member)
{
  g_autofree char *path = g_build_filename (ISO_CODES_PREFIX, "share", "iso-codes", "json", file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *entries;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_warning ("Could not read %s: %s", path, error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;
  entries = json_object_get_array_member (json_node_get_object (root), list);
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *code = entry != NULL ? json_object_get_string_member_with_default (entry, member, NULL)
                                       : NULL;

      if (code != NULL)
        g_hash_table_add (set, g_strdup (code));
    }
}

/* Loaded once, on first use, and shared by every server in the process. */
static IsoCodes *
iso_codes (void)
{
  static IsoCodes *codes;

  if (g_once_init_enter (&codes))
    {
      IsoCodes *c = g_new0 (IsoCodes, 1);

      c->countries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      c->subdivisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      load_codes (c->countries, "iso_3166-1.json", "3166-1", "alpha_2");
      load_codes (c->subdivisions, "iso_3166-2.json", "3166-2", "code");
      g_once_init_leave (&codes, c);
    }
  return codes;
}

gboolean
plumb_sandbox_iso_country_valid (const char *alpha2)
{
  return alpha2 != NULL && g_hash_table_contains (iso_codes ()->countries, alpha2);
}

gboolean
plumb_sandbox_iso_subdivision_valid (const char *alpha2,
                                     const char *code)
{
  g_autofree char *full = NULL;

  if (alpha2 == NULL || code == NULL)
    return FALSE;
  full = g_strconcat (alpha2, "-", code, NULL);
  return g_hash_table_contains (iso_codes ()->subdivisions, full);
}
