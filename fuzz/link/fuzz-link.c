/* fuzz-link.c: the Link header of Procore's answers
 *
 * Whatever the header, what the parser takes is what its grammar allows,
 * written back it reads the same, and a next page is only ever on the API's
 * own scheme, host and port.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-error.h"
#include "plumb-link-header.h"

#include "../fuzz-json.h"

#define API_URL     "https://api.procore.com"
#define REQUEST_URL API_URL "/rest/v1.3/companies/5001/users?page=1&per_page=100"

/* The links as a header again, every rel quoted. */
static char *
write_links (GPtrArray *links)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < links->len; i++)
    {
      PlumbLink *link = g_ptr_array_index (links, i);

      g_string_append_printf (out, "%s<%s>", i > 0 ? ", " : "", link->target);
      if (link->rels[0] == NULL)
        continue;
      g_string_append (out, "; rel=\"");
      for (guint j = 0; link->rels[j] != NULL; j++)
        {
          if (j > 0)
            g_string_append_c (out, ' ');
          for (const char *c = link->rels[j]; *c != '\0'; c++)
            {
              if (*c == '"' || *c == '\\')
                g_string_append_c (out, '\\');
              g_string_append_c (out, *c);
            }
        }
      g_string_append_c (out, '"');
    }

  return g_string_free (out, FALSE);
}

static void
check_link (PlumbLink *link)
{
  for (const char *c = link->target; *c != '\0'; c++)
    g_assert_true (g_ascii_isgraph (*c) && strchr ("<>\"\\ ", *c) == NULL);
  for (guint j = 0; link->rels[j] != NULL; j++)
    {
      g_assert_cmpstr (link->rels[j], !=, "");
      for (const char *c = link->rels[j]; *c != '\0'; c++)
        g_assert_true (*c != ' ' && *c != '\t' && !g_ascii_isupper (*c) && (guchar) *c >= 0x20);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* A header value is text up to its end; libsoup never gives a NUL. */
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) next_error = NULL;
  g_autoptr(GPtrArray) links = plumb_link_header_parse (text, &error);
  g_autofree char *next = NULL;

  g_assert_true ((links == NULL) != (error == NULL));
  if (links == NULL)
    {
      g_assert_true (error->domain == PLUMB_ERROR && error->code == PLUMB_ERROR_BAD_RESPONSE);
      g_assert_true (*error->message != '\0' && g_utf8_validate (error->message, -1, NULL));
    }
  else
    {
      g_autofree char *written = write_links (links);

      g_assert_cmpuint (strlen (text), <=, PLUMB_LINK_HEADER_MAX_LENGTH);
      g_assert_cmpuint (links->len, <=, PLUMB_LINK_HEADER_MAX_LINKS);
      for (guint i = 0; i < links->len; i++)
        check_link (g_ptr_array_index (links, i));

      if (strlen (written) <= PLUMB_LINK_HEADER_MAX_LENGTH)
        {
          g_autoptr(GError) again_error = NULL;
          g_autoptr(GPtrArray) again = plumb_link_header_parse (written, &again_error);

          g_assert_no_error (again_error);
          g_assert_cmpuint (again->len, ==, links->len);
          for (guint i = 0; i < links->len; i++)
            {
              PlumbLink *a = g_ptr_array_index (links, i);
              PlumbLink *b = g_ptr_array_index (again, i);

              g_assert_cmpstr (a->target, ==, b->target);
              g_assert_true (g_strv_equal ((const char * const *) a->rels, (const char * const *) b->rels));
            }
        }
    }

  next = plumb_link_header_next_url (text, REQUEST_URL, API_URL, &next_error);
  g_assert_true (next == NULL || next_error == NULL);
  if (links == NULL || plumb_link_header_find (links, "next") == NULL)
    g_assert_null (next);
  if (links != NULL && plumb_link_header_find (links, "next") == NULL)
    g_assert_no_error (next_error);
  if (next_error != NULL)
    g_assert_true (*next_error->message != '\0' && g_utf8_validate (next_error->message, -1, NULL));
  if (next != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (next, G_URI_FLAGS_ENCODED, NULL);
      g_autofree char *host = NULL;

      g_assert_nonnull (uri);
      host = g_ascii_strdown (g_uri_get_host (uri), -1);
      g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
      g_assert_cmpstr (host, ==, "api.procore.com");
      g_assert_true (g_uri_get_port (uri) == -1 || g_uri_get_port (uri) == 443);
      g_assert_null (g_uri_get_userinfo (uri));
    }

  return 0;
}
