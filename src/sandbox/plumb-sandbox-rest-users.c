/* plumb-sandbox-rest-users.c: a company's directory, read side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET users (paged, filtered, sorted), users/inactive, users/{id} and me;
 * the changes go to plumb-sandbox-rest-edit.c.
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-private.h"
#include "plumb-sandbox-rest-private.h"

#define DEFAULT_PER_PAGE 100
/* Procore's documentation recommends pages of at most this many. */
#define MAX_PER_PAGE 2000

typedef struct
{
  const char       *name;
  PlumbSandboxSort  sort;
} SortName;

static const SortName sort_names[] = {
  { "id", PLUMB_SANDBOX_SORT_ID },
  { "name", PLUMB_SANDBOX_SORT_NAME },
  { "last_name", PLUMB_SANDBOX_SORT_NAME },
  { "email", PLUMB_SANDBOX_SORT_EMAIL },
  { "email_address", PLUMB_SANDBOX_SORT_EMAIL },
  { "job_title", PLUMB_SANDBOX_SORT_JOB_TITLE },
  { "updated_at", PLUMB_SANDBOX_SORT_UPDATED_AT },
  { "created_at", PLUMB_SANDBOX_SORT_CREATED_AT },
};

void
plumb_sandbox_respond_user (PlumbSandboxRequest *req,
                            guint                status,
                            PlumbSandboxCompany *company,
                            PlumbSandboxUser    *user)
{
  const char *json = plumb_sandbox_user_json (req->state, company, user);

  plumb_sandbox_respond_text (req->msg, status, "application/json; charset=utf-8", json, -1);
}

static gboolean
parse_range (const char *text,
             gint64     *from,
             gint64     *to)
{
  g_auto(GStrv) ends = NULL;

  if (text == NULL)
    return FALSE;
  ends = g_strsplit (text, "...", 2);
  if (g_strv_length (ends) != 2)
    return FALSE;
  return plumb_sandbox_parse_time (g_strstrip (ends[0]), from) &&
         plumb_sandbox_parse_time (g_strstrip (ends[1]), to);
}

static GStrv
raw_query_parts (PlumbSandboxRequest *req)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (req->msg));

  return g_strsplit (query != NULL ? query : "", "&", -1);
}

/* Every filters[vendor_id][]= (or the single filters[vendor_id]=) of the
 * query, which the decoded query table keeps only one of. */
static GArray *
vendor_filter (PlumbSandboxRequest *req,
               gboolean            *bad)
{
  g_auto(GStrv) parts = raw_query_parts (req);
  GArray *ids = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *decoded = g_uri_unescape_string (parts[i], NULL);
      const char *value;
      guint64 id;

      if (decoded == NULL)
        continue;
      if (g_str_has_prefix (decoded, "filters[vendor_id][]="))
        value = decoded + strlen ("filters[vendor_id][]=");
      else if (g_str_has_prefix (decoded, "filters[vendor_id]="))
        value = decoded + strlen ("filters[vendor_id]=");
      else
        continue;
      if (ids == NULL)
        ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &id, NULL))
        {
          *bad = TRUE;
          continue;
        }
      g_array_append_val (ids, id);
    }
  return ids;
}

static char *
page_link_on (PlumbSandboxRequest *req,
              const char          *base_url,
              guint                page)
{
  g_auto(GStrv) parts = raw_query_parts (req);
  GString *url = g_string_new (base_url);

  g_string_append (url, req->path);
  g_string_append_c (url, '?');
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || g_str_has_prefix (parts[i], "page="))
        continue;
      g_string_append (url, parts[i]);
      g_string_append_c (url, '&');
    }
  g_string_append_printf (url, "page=%u", page);
  return g_string_free (url, FALSE);
}

static char *
page_link (PlumbSandboxRequest *req,
           guint                page)
{
  return page_link_on (req, req->state->base_url, page);
}

static void
add_link (GString    *links,
          char       *url,
          const char *rel)
{
  if (links->len > 0)
    g_string_append (links, ", ");
  g_string_append_printf (links, "<%s>; rel=\"%s\"", url, rel);
  g_free (url);
}

static gboolean
read_count (GHashTable *query,
            const char *name,
            guint       fallback,
            guint      *value)
{
  const char *text = g_hash_table_lookup (query, name);
  guint64 parsed;

  if (text == NULL || *text == '\0')
    {
      *value = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &parsed, NULL))
    return FALSE;
  *value = (guint) parsed;
  return TRUE;
}

static void
list_users (PlumbSandboxRequest *req,
            PlumbSandboxCompany *company,
            gboolean             active)
{
  const char *sort_text = g_hash_table_lookup (req->query, "sort");
  const char *search = g_hash_table_lookup (req->query, "filters[search]");
  const char *updated = g_hash_table_lookup (req->query, "filters[updated_at]");
  const char *created = g_hash_table_lookup (req->query, "filters[created_at]");
  g_autoptr(JsonObject) errors = json_object_new ();
  g_autoptr(GArray) vendors = NULL;
  g_autoptr(GPtrArray) filtered = NULL;
  g_autofree char *needle = NULL;
  PlumbSandboxSort sort = PLUMB_SANDBOX_SORT_ID;
  gboolean descending = FALSE;
  gboolean bad_vendor = FALSE;
  gint64 updated_from = 0, updated_to = 0, created_from = 0, created_to = 0;
  GPtrArray *sorted;
  guint page, per_page, total, last_page, first, count;
  g_autoptr(GString) body = NULL;
  g_autoptr(GString) links = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  char number[32];

  if (!read_count (req->query, "page", 1, &page))
    plumb_sandbox_add_field_error (errors, "page", "is not a number");
  if (!read_count (req->query, "per_page", DEFAULT_PER_PAGE, &per_page))
    plumb_sandbox_add_field_error (errors, "per_page", "is not a number");
  page = MAX (page, 1);
  per_page = CLAMP (per_page, 1, MAX_PER_PAGE);

  if (sort_text != NULL && *sort_text != '\0')
    {
      const char *key = sort_text;
      gboolean found = FALSE;

      if (*key == '-')
        {
          descending = TRUE;
          key++;
        }
      for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
        if (strcmp (key, sort_names[i].name) == 0)
          {
            sort = sort_names[i].sort;
            found = TRUE;
          }
      if (!found)
        plumb_sandbox_add_field_error (errors, "sort", "is not included in the list");
    }
  if (updated != NULL && !parse_range (updated, &updated_from, &updated_to))
    plumb_sandbox_add_field_error (errors, "filters[updated_at]",
                                   "must be a range of ISO 8601 times, FROM...TO");
  if (created != NULL && !parse_range (created, &created_from, &created_to))
    plumb_sandbox_add_field_error (errors, "filters[created_at]",
                                   "must be a range of ISO 8601 times, FROM...TO");
  vendors = vendor_filter (req, &bad_vendor);
  if (bad_vendor)
    plumb_sandbox_add_field_error (errors, "filters[vendor_id]", "is not a number");
  if (json_object_get_size (errors) > 0)
    {
      plumb_sandbox_respond_field_errors (req->msg, errors);
      return;
    }

  sorted = plumb_sandbox_company_sorted (company, sort, active);
  if (search != NULL && *search != '\0')
    {
      g_autofree char *normal = g_utf8_normalize (search, -1, G_NORMALIZE_ALL);

      needle = g_utf8_casefold (normal != NULL ? normal : search, -1);
    }

  if (needle != NULL || updated != NULL || created != NULL || vendors != NULL)
    {
      filtered = g_ptr_array_new ();
      for (guint i = 0; i < sorted->len; i++)
        {
          PlumbSandboxUser *user = g_ptr_array_index (sorted, i);
          gboolean keep = TRUE;

          if (updated != NULL)
            keep = user->updated_at >= updated_from && user->updated_at <= updated_to;
          if (keep && created != NULL)
            keep = user->created_at >= created_from && user->created_at <= created_to;
          if (keep && vendors != NULL)
            {
              keep = FALSE;
              for (guint v = 0; v < vendors->len; v++)
                keep = keep || g_array_index (vendors, gint64, v) == user->vendor_id;
            }
          if (keep && needle != NULL)
            keep = strstr (plumb_sandbox_user_search_key (company, user), needle) != NULL;
          if (keep)
            g_ptr_array_add (filtered, user);
        }
      sorted = filtered;
    }

  total = sorted->len;
  last_page = MAX (1, (total + per_page - 1) / per_page);
  first = (guint) MIN ((guint64) (page - 1) * per_page, (guint64) total);
  count = MIN (per_page, total - first);

  body = g_string_sized_new (count * 900 + 2);
  g_string_append_c (body, '[');
  for (guint i = 0; i < count; i++)
    {
      guint index = descending ? total - 1 - (first + i) : first + i;

      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, plumb_sandbox_user_json (req->state, company,
                                                      g_ptr_array_index (sorted, index)));
    }
  g_string_append_c (body, ']');

  links = g_string_new (NULL);
  add_link (links, page_link (req, 1), "first");
  if (page > 1)
    add_link (links, page_link (req, MIN (page - 1, last_page)), "prev");
  if (page < last_page || req->state->link_loop)
    add_link (links, page_link_on (req,
                                   req->state->next_link_base != NULL ? req->state->next_link_base
                                                                      : req->state->base_url,
                                   page < last_page ? page + 1 : 1),
              "next");
  add_link (links, page_link (req, last_page), "last");

  g_snprintf (number, sizeof number, "%u", total);
  if (!req->state->omit_total)
    soup_message_headers_replace (headers, "Total", number);
  g_snprintf (number, sizeof number, "%u", per_page);
  soup_message_headers_replace (headers, "Per-Page", number);
  soup_message_headers_replace (headers, "Link", links->str);
  plumb_sandbox_respond_text (req->msg, 200, "application/json; charset=utf-8", body->str, body->len);
}

void
plumb_sandbox_add_field_error (JsonObject *errors,
                               const char *field,
                               const char *message)
{
  JsonArray *list;

  if (!json_object_has_member (errors, field))
    json_object_set_array_member (errors, field, json_array_new ());
  list = json_object_get_array_member (errors, field);
  json_array_add_string_element (list, message);
}

void
plumb_sandbox_respond_forbidden (PlumbSandboxRequest *req,
                                 const char          *message)
{
  plumb_sandbox_respond_error (req->msg, 403, "forbidden", message);
}

static void
respond_not_found (PlumbSandboxRequest *req)
{
  plumb_sandbox_respond_error (req->msg, 404, "not_found", "The resource could not be found.");
}

static void
respond_method (PlumbSandboxRequest *req)
{
  plumb_sandbox_respond_message (req->msg, 405, "Method Not Allowed", "method_not_allowed");
}

static gboolean
method_is (PlumbSandboxRequest *req,
           const char          *method)
{
  return strcmp (req->method, method) == 0;
}

static PlumbSandboxUser *
find_target (PlumbSandboxCompany *company,
             const char          *text)
{
  guint64 id;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    return NULL;
  return plumb_sandbox_company_find (company, (gint64) id);
}

void
plumb_sandbox_rest_users (PlumbSandboxRequest *req,
                          PlumbSandboxCompany *company,
                          PlumbSandboxUser    *caller,
                          char               **parts,
                          guint                n_parts)
{
  PlumbSandboxUser *target;
  gboolean patch = method_is (req, "PATCH") || method_is (req, "PUT");

  if (n_parts == 1 && strcmp (parts[0], "me") == 0)
    {
      if (method_is (req, "GET"))
        plumb_sandbox_respond_user (req, 200, company, caller);
      else
        respond_method (req);
      return;
    }
  if (n_parts == 0 || strcmp (parts[0], "users") != 0)
    {
      plumb_sandbox_respond_message (req->msg, 404, "Not Found", "not_found");
      return;
    }

  if (n_parts == 1)
    {
      if (method_is (req, "GET"))
        list_users (req, company, TRUE);
      else if (method_is (req, "POST"))
        plumb_sandbox_rest_create_user (req, company, caller);
      else
        respond_method (req);
      return;
    }

  if (strcmp (parts[1], "inactive") == 0)
    {
      if (n_parts == 2 && method_is (req, "GET"))
        list_users (req, company, FALSE);
      else if (n_parts == 3 && patch)
        {
          target = find_target (company, parts[2]);
          if (target == NULL || target->is_active)
            respond_not_found (req);
          else
            plumb_sandbox_rest_reactivate_user (req, company, caller, target);
        }
      else if (n_parts <= 3)
        respond_method (req);
      else
        plumb_sandbox_respond_message (req->msg, 404, "Not Found", "not_found");
      return;
    }

  target = find_target (company, parts[1]);
  if (n_parts > 3 || (n_parts == 3 && strcmp (parts[2], "invite") != 0))
    {
      plumb_sandbox_respond_message (req->msg, 404, "Not Found", "not_found");
      return;
    }
  if (target == NULL)
    {
      respond_not_found (req);
      return;
    }
  if (n_parts == 3)
    {
      if (patch || method_is (req, "POST"))
        plumb_sandbox_rest_invite_user (req, company, caller, target);
      else
        respond_method (req);
      return;
    }
  if (method_is (req, "GET"))
    plumb_sandbox_respond_user (req, 200, company, target);
  else if (patch)
    plumb_sandbox_rest_update_user (req, company, caller, target);
  else
    respond_method (req);
}
