/* plumb-link-header.c: the HTTP Link header (RFC 8288), read strictly
 *
 * Link       = #link-value
 * link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
 * link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
 *
 * The header comes from the network: anything off the grammar is refused
 * rather than guessed at, since a guessed link would be followed with the
 * person's token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-link-header.h"

typedef struct
{
  const char *p;
  const char *end;
} Scanner;

void
plumb_link_free (PlumbLink *link)
{
  if (link == NULL)
    return;
  g_free (link->target);
  g_strfreev (link->rels);
  g_free (link);
}

static gboolean
is_ows (char c)
{
  return c == ' ' || c == '\t';
}

static void
skip_ows (Scanner *s)
{
  while (s->p < s->end && is_ows (*s->p))
    s->p++;
}

/* RFC 9110 tchar. */
static gboolean
is_tchar (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 3986: the characters a URI reference is written with. */
static gboolean
is_uri_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("-._~:/?#[]@!$&'()*+,;=%", c) != NULL);
}

static char *
read_token (Scanner *s)
{
  const char *start = s->p;

  while (s->p < s->end && is_tchar (*s->p))
    s->p++;
  if (s->p == start)
    return NULL;
  return g_strndup (start, s->p - start);
}

/* quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE, unescaped. */
static char *
read_quoted (Scanner *s)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (s->p >= s->end || *s->p != '"')
    return NULL;
  s->p++;
  while (s->p < s->end)
    {
      guchar c = *s->p++;

      if (c == '"')
        return g_string_free (g_steal_pointer (&out), FALSE);
      if (c == '\\')
        {
          if (s->p >= s->end)
            return NULL;
          c = *s->p++;
          if (c != '\t' && (c < 0x20 || c == 0x7f))
            return NULL;
        }
      else if (c != '\t' && (c < 0x20 || c == 0x7f))
        {
          return NULL;
        }
      g_string_append_c (out, c);
    }

  return NULL;
}

/* A rel value is a space-separated list of relation types, compared
 * without regard to case. */
static char **
split_rels (const char *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = value;

  while (*p != '\0')
    {
      const char *start;

      while (is_ows (*p))
        p++;
      start = p;
      while (*p != '\0' && !is_ows (*p))
        p++;
      if (p > start)
        {
          g_autofree char *rel = g_ascii_strdown (start, p - start);

          g_strv_builder_add (builder, rel);
        }
    }

  return g_strv_builder_end (builder);
}

static PlumbLink *
read_link (Scanner *s)
{
  g_autoptr(PlumbLink) link = g_new0 (PlumbLink, 1);
  const char *start;

  if (s->p >= s->end || *s->p != '<')
    return NULL;
  start = ++s->p;
  while (s->p < s->end && is_uri_char (*s->p))
    s->p++;
  if (s->p >= s->end || *s->p != '>')
    return NULL;
  link->target = g_strndup (start, s->p - start);
  s->p++;

  for (;;)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      skip_ows (s);
      if (s->p >= s->end || *s->p == ',')
        break;
      if (*s->p != ';')
        return NULL;
      s->p++;
      skip_ows (s);

      name = read_token (s);
      if (name == NULL)
        return NULL;
      skip_ows (s);
      if (s->p < s->end && *s->p == '=')
        {
          s->p++;
          skip_ows (s);
          value = s->p < s->end && *s->p == '"' ? read_quoted (s) : read_token (s);
          if (value == NULL)
            return NULL;
        }

      /* Only the first rel counts (RFC 8288, 3.3); it must say something. */
      if (g_ascii_strcasecmp (name, "rel") == 0 && link->rels == NULL)
        {
          if (value == NULL)
            return NULL;
          link->rels = split_rels (value);
        }
    }

  if (link->rels == NULL)
    link->rels = g_new0 (char *, 1);

  return g_steal_pointer (&link);
}

static void
set_unreadable (GError **error)
{
  g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                       _("Procore sent a list whose links to its other pages could not be read. Try again later."));
}

GPtrArray *
plumb_link_header_parse (const char  *value,
                         GError     **error)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_link_free);
  gsize len;
  Scanner s;

  g_return_val_if_fail (value != NULL, NULL);

  len = strnlen (value, PLUMB_LINK_HEADER_MAX_LENGTH + 1);
  if (len > PLUMB_LINK_HEADER_MAX_LENGTH)
    {
      set_unreadable (error);
      return NULL;
    }
  s.p = value;
  s.end = value + len;

  for (;;)
    {
      PlumbLink *link;

      /* Empty elements of the list are allowed (RFC 9110, 5.6.1). */
      skip_ows (&s);
      if (s.p >= s.end)
        break;
      if (*s.p == ',')
        {
          s.p++;
          continue;
        }

      link = read_link (&s);
      if (link == NULL || links->len >= PLUMB_LINK_HEADER_MAX_LINKS)
        {
          plumb_link_free (link);
          set_unreadable (error);
          return NULL;
        }
      g_ptr_array_add (links, link);
    }

  return g_steal_pointer (&links);
}

const char *
plumb_link_header_find (GPtrArray  *links,
                        const char *rel)
{
  g_return_val_if_fail (links != NULL && rel != NULL, NULL);

  for (guint i = 0; i < links->len; i++)
    {
      PlumbLink *link = g_ptr_array_index (links, i);

      for (guint j = 0; link->rels[j] != NULL; j++)
        if (g_ascii_strcasecmp (link->rels[j], rel) == 0)
          return link->target;
    }

  return NULL;
}

/* The port a URI reaches: one written out is taken as written, port 0
 * included, so that only the scheme's own may stand for it. */
static int
uri_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port >= 0)
    return port;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return 443;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    return 80;
  return -1;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_uri_get_host (a) != NULL && g_uri_get_host (b) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         uri_port (a) > 0 && uri_port (a) == uri_port (b);
}

char *
plumb_link_header_next_url (const char  *value,
                            const char  *request_url,
                            const char  *api_url,
                            GError     **error)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) api = NULL;
  g_autoptr(GUri) next = NULL;
  const char *target;

  g_return_val_if_fail (value != NULL && request_url != NULL && api_url != NULL, NULL);

  links = plumb_link_header_parse (value, error);
  if (links == NULL)
    return NULL;
  target = plumb_link_header_find (links, "next");
  if (target == NULL)
    return NULL;

  base = g_uri_parse (request_url, G_URI_FLAGS_ENCODED, NULL);
  api = g_uri_parse (api_url, G_URI_FLAGS_ENCODED, NULL);
  if (base == NULL || api == NULL)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid address."), base == NULL ? request_url : api_url);
      return NULL;
    }

  next = g_uri_parse_relative (base, target, G_URI_FLAGS_ENCODED, NULL);
  if (next == NULL)
    {
      set_unreadable (error);
      return NULL;
    }
  if (!same_origin (next, api) || g_uri_get_userinfo (next) != NULL)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                   _("Procore sent the next page of the list to another address (%s), which was not "
                     "followed so that your sign-in is not sent there. Try again later."),
                   g_uri_get_host (next) != NULL ? g_uri_get_host (next) : g_uri_get_scheme (next));
      return NULL;
    }

  return g_uri_to_string_partial (next, G_URI_HIDE_FRAGMENT);
}

struct _PlumbLinkTrail
{
  GHashTable *urls;
};

PlumbLinkTrail *
plumb_link_trail_new (void)
{
  PlumbLinkTrail *trail = g_new0 (PlumbLinkTrail, 1);

  trail->urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return trail;
}

void
plumb_link_trail_free (PlumbLinkTrail *trail)
{
  if (trail == NULL)
    return;
  g_hash_table_unref (trail->urls);
  g_free (trail);
}

void
plumb_link_trail_add (PlumbLinkTrail *trail,
                      const char     *url)
{
  g_hash_table_add (trail->urls, g_strdup (url));
}

char *
plumb_link_trail_next (PlumbLinkTrail  *trail,
                       const char      *value,
                       const char      *request_url,
                       const char      *api_url,
                       GError         **error)
{
  g_autofree char *next = NULL;

  if (value == NULL)
    return NULL;
  next = plumb_link_header_next_url (value, request_url, api_url, error);
  if (next == NULL)
    return NULL;

  if (g_hash_table_contains (trail->urls, next))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore's pages of the list lead back to a page already read, so the "
                             "list cannot be read to its end. Try again later."));
      return NULL;
    }
  if (g_hash_table_size (trail->urls) >= PLUMB_LINK_TRAIL_MAX_PAGES)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                   _("Procore's list goes on past %u pages, more than Plumbline reads. Try again later."),
                   PLUMB_LINK_TRAIL_MAX_PAGES);
      return NULL;
    }

  plumb_link_trail_add (trail, next);
  return g_steal_pointer (&next);
}
