/* plumb-iso-codes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * iso-codes ships the lists as JSON with English names and their
 * translations as gettext catalogues, one domain per standard.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-iso-codes.h"
#include "plumb-store.h"

struct _PlumbIsoCodes
{
  gatomicrefcount  ref_count;
  GPtrArray       *countries;     /* PlumbIsoCountry, by name */
  GHashTable      *subdivisions;  /* "US" -> GPtrArray of PlumbIsoSubdivision, by name */
};

G_DEFINE_BOXED_TYPE (PlumbIsoCodes, plumb_iso_codes, plumb_iso_codes_ref, plumb_iso_codes_unref)

static void
country_free (PlumbIsoCountry *country)
{
  g_free (country->code);
  g_free (country->name);
  g_free (country->search);
  g_free (country);
}

static void
subdivision_free (PlumbIsoSubdivision *subdivision)
{
  g_free (subdivision->code);
  g_free (subdivision->short_code);
  g_free (subdivision->name);
  g_free (subdivision->type);
  g_free (subdivision->search);
  g_free (subdivision);
}

PlumbIsoCodes *
plumb_iso_codes_ref (PlumbIsoCodes *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
plumb_iso_codes_unref (PlumbIsoCodes *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_ptr_array_unref (self->countries);
  g_hash_table_unref (self->subdivisions);
  g_free (self);
}

static JsonArray *
read_list (const char  *prefix,
           const char  *file,
           const char  *list,
           JsonParser  *parser,
           GError     **error)
{
  g_autofree char *path = g_build_filename (prefix, "share", "iso-codes", "json", file, NULL);
  JsonNode *root;
  JsonNode *member;

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return NULL;
  root = json_parser_get_root (parser);
  member = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
           ? json_object_get_member (json_node_get_object (root), list) : NULL;
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                   _("The list of countries in %s could not be read."), path);
      return NULL;
    }
  return json_node_get_array (member);
}

/* Sorting by a collation key computed once per name. */
typedef struct
{
  char     *key;
  gpointer  item;
} Keyed;

static int
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const Keyed *) a)->key, ((const Keyed *) b)->key);
}

static void
sort_by_name (GPtrArray  *items,
              const char *(*name_of) (gpointer item))
{
  g_autofree Keyed *keyed = g_new0 (Keyed, MAX (items->len, 1));

  for (guint i = 0; i < items->len; i++)
    {
      keyed[i].item = g_ptr_array_index (items, i);
      keyed[i].key = g_utf8_collate_key (name_of (keyed[i].item), -1);
    }
  qsort (keyed, items->len, sizeof (Keyed), compare_keyed);
  for (guint i = 0; i < items->len; i++)
    {
      items->pdata[i] = keyed[i].item;
      g_free (keyed[i].key);
    }
}

static const char *
country_name (gpointer item)
{
  return ((PlumbIsoCountry *) item)->name;
}

static const char *
subdivision_name (gpointer item)
{
  return ((PlumbIsoSubdivision *) item)->name;
}

static char *
search_text (const char *name,
             const char *code)
{
  g_autofree char *folded = plumb_store_fold (name);
  g_autofree char *folded_code = plumb_store_fold (code);

  return g_strconcat (folded, "\n", folded_code, NULL);
}

static void
bind_domains (const char *prefix)
{
  g_autofree char *locale_dir = g_build_filename (prefix, "share", "locale", NULL);

  bindtextdomain ("iso_3166-1", locale_dir);
  bind_textdomain_codeset ("iso_3166-1", "UTF-8");
  bindtextdomain ("iso_3166-2", locale_dir);
  bind_textdomain_codeset ("iso_3166-2", "UTF-8");
}

PlumbIsoCodes *
plumb_iso_codes_load (const char  *prefix,
                      GError     **error)
{
  g_autoptr(JsonParser) countries_parser = json_parser_new_immutable ();
  g_autoptr(JsonParser) subdivisions_parser = json_parser_new_immutable ();
  g_autoptr(PlumbIsoCodes) self = NULL;
  JsonArray *countries;
  JsonArray *subdivisions;
  GHashTableIter iter;
  gpointer value;

  if (prefix == NULL)
    prefix = ISO_CODES_PREFIX;
  countries = read_list (prefix, "iso_3166-1.json", "3166-1", countries_parser, error);
  if (countries == NULL)
    return NULL;
  subdivisions = read_list (prefix, "iso_3166-2.json", "3166-2", subdivisions_parser, error);
  if (subdivisions == NULL)
    return NULL;
  bind_domains (prefix);

  self = g_new0 (PlumbIsoCodes, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->countries = g_ptr_array_new_with_free_func ((GDestroyNotify) country_free);
  self->subdivisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < json_array_get_length (countries); i++)
    {
      JsonObject *entry = json_array_get_object_element (countries, i);
      const char *code = entry ? json_object_get_string_member_with_default (entry, "alpha_2", NULL) : NULL;
      const char *name = entry ? json_object_get_string_member_with_default (entry, "name", NULL) : NULL;
      PlumbIsoCountry *country;

      if (code == NULL || name == NULL || strlen (code) != 2)
        continue;
      country = g_new0 (PlumbIsoCountry, 1);
      country->code = g_strdup (code);
      country->name = g_strdup (dgettext ("iso_3166-1", name));
      country->search = search_text (country->name, code);
      g_ptr_array_add (self->countries, country);
    }
  sort_by_name (self->countries, country_name);

  for (guint i = 0; i < json_array_get_length (subdivisions); i++)
    {
      JsonObject *entry = json_array_get_object_element (subdivisions, i);
      const char *code = entry ? json_object_get_string_member_with_default (entry, "code", NULL) : NULL;
      const char *name = entry ? json_object_get_string_member_with_default (entry, "name", NULL) : NULL;
      const char *type = entry ? json_object_get_string_member_with_default (entry, "type", "") : "";
      const char *dash = code != NULL ? strchr (code, '-') : NULL;
      g_autofree char *country = NULL;
      PlumbIsoSubdivision *subdivision;
      GPtrArray *list;

      if (name == NULL || dash == NULL || dash == code || dash[1] == '\0')
        continue;
      country = g_strndup (code, dash - code);
      list = g_hash_table_lookup (self->subdivisions, country);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) subdivision_free);
          g_hash_table_insert (self->subdivisions, g_strdup (country), list);
        }
      subdivision = g_new0 (PlumbIsoSubdivision, 1);
      subdivision->code = g_strdup (code);
      subdivision->short_code = g_strdup (dash + 1);
      subdivision->name = g_strdup (dgettext ("iso_3166-2", name));
      subdivision->type = g_strdup (*type != '\0' ? dgettext ("iso_3166-2", type) : "");
      subdivision->search = search_text (subdivision->name, subdivision->short_code);
      g_ptr_array_add (list, subdivision);
    }
  g_hash_table_iter_init (&iter, self->subdivisions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sort_by_name (value, subdivision_name);

  return g_steal_pointer (&self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  PlumbIsoCodes *codes = plumb_iso_codes_load (task_data, &error);

  if (codes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, codes, (GDestroyNotify) plumb_iso_codes_unref);
}

void
plumb_iso_codes_load_async (const char          *prefix,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, plumb_iso_codes_load_async);
  g_task_set_task_data (task, g_strdup (prefix), g_free);
  g_task_run_in_thread (task, load_thread);
}

PlumbIsoCodes *
plumb_iso_codes_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
plumb_iso_codes_get_n_countries (PlumbIsoCodes *self)
{
  return self->countries->len;
}

const PlumbIsoCountry *
plumb_iso_codes_get_country (PlumbIsoCodes *self,
                             guint          index)
{
  g_return_val_if_fail (index < self->countries->len, NULL);

  return g_ptr_array_index (self->countries, index);
}

guint
plumb_iso_codes_find_country (PlumbIsoCodes *self,
                              const char    *code)
{
  if (code == NULL)
    return G_MAXUINT;
  for (guint i = 0; i < self->countries->len; i++)
    if (g_ascii_strcasecmp (((PlumbIsoCountry *) g_ptr_array_index (self->countries, i))->code, code) == 0)
      return i;
  return G_MAXUINT;
}

static GPtrArray *
subdivisions_of (PlumbIsoCodes *self,
                 const char    *country)
{
  g_autofree char *upper = NULL;

  if (country == NULL)
    return NULL;
  upper = g_ascii_strup (country, -1);
  return g_hash_table_lookup (self->subdivisions, upper);
}

guint
plumb_iso_codes_get_n_subdivisions (PlumbIsoCodes *self,
                                    const char    *country)
{
  GPtrArray *list = subdivisions_of (self, country);

  return list != NULL ? list->len : 0;
}

const PlumbIsoSubdivision *
plumb_iso_codes_get_subdivision (PlumbIsoCodes *self,
                                 const char    *country,
                                 guint          index)
{
  GPtrArray *list = subdivisions_of (self, country);

  g_return_val_if_fail (list != NULL && index < list->len, NULL);

  return g_ptr_array_index (list, index);
}

guint
plumb_iso_codes_find_subdivision (PlumbIsoCodes *self,
                                  const char    *country,
                                  const char    *code)
{
  GPtrArray *list = subdivisions_of (self, country);

  if (list == NULL || code == NULL)
    return G_MAXUINT;
  for (guint i = 0; i < list->len; i++)
    {
      PlumbIsoSubdivision *subdivision = g_ptr_array_index (list, i);

      if (g_ascii_strcasecmp (subdivision->short_code, code) == 0 ||
          g_ascii_strcasecmp (subdivision->code, code) == 0)
        return i;
    }
  return G_MAXUINT;
}

static gboolean
search_matches (const char *search,
                const char *text)
{
  g_autofree char *folded = NULL;
  const char *newline;

  if (text == NULL || *text == '\0')
    return TRUE;
  folded = plumb_store_fold (text);
  newline = strchr (search, '\n');
  /* A word of the name may start anywhere; the code only matches whole. */
  return strstr (search, folded) != NULL && (newline == NULL || strstr (search, folded) < newline ||
                                             g_str_equal (newline + 1, folded));
}

gboolean
plumb_iso_country_matches (const PlumbIsoCountry *country,
                           const char            *text)
{
  return search_matches (country->search, text);
}

gboolean
plumb_iso_subdivision_matches (const PlumbIsoSubdivision *subdivision,
                               const char                *text)
{
  return search_matches (subdivision->search, text);
}
