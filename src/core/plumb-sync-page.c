/* plumb-sync-page.c: a page of the user list read without a JSON tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads exactly JSON (RFC 8259) and only a top-level array of objects, each
 * with an integer id; anything else is refused, and the caller falls back
 * on json-glib, which decides whether the page was garbled. What is kept
 * per person: the columns the store indexes and the text of the object.
 */

#include "config.h"

#include <string.h>

#include "plumb-sync-private.h"

#define MAX_DEPTH 64

typedef struct
{
  const char   *p;
  const char   *end;
  GString      *buf;
  GStringChunk *strings;
} Reader;

struct _PlumbSyncPage
{
  GBytes       *body;
  GStringChunk *strings;
  GArray       *records;
};

static void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static gboolean
eat (Reader *r,
     char    c)
{
  skip_ws (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader   *r,
           gunichar *out)
{
  gunichar value = 0;

  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (r->p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  r->p += 4;
  *out = value;
  return TRUE;
}

/* At the opening quote. With @out, the decoded text is left in r->buf. */
static gboolean
read_string (Reader   *r,
             gboolean  decode)
{
  r->p++;
  if (decode)
    g_string_truncate (r->buf, 0);

  for (;;)
    {
      const char *run = r->p;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      if (decode)
        g_string_append_len (r->buf, run, r->p - run);
      if (r->p >= r->end || (guchar) *r->p < 0x20)
        return FALSE;
      if (*r->p == '"')
        {
          r->p++;
          return TRUE;
        }

      /* An escape. */
      r->p++;
      if (r->p >= r->end)
        return FALSE;
      {
        char c = *r->p++;
        gunichar u;

        switch (c)
          {
          case '"': case '\\': case '/':
            if (decode)
              g_string_append_c (r->buf, c);
            break;
          case 'b': if (decode) g_string_append_c (r->buf, '\b'); break;
          case 'f': if (decode) g_string_append_c (r->buf, '\f'); break;
          case 'n': if (decode) g_string_append_c (r->buf, '\n'); break;
          case 'r': if (decode) g_string_append_c (r->buf, '\r'); break;
          case 't': if (decode) g_string_append_c (r->buf, '\t'); break;
          case 'u':
            if (!read_hex4 (r, &u))
              return FALSE;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                gunichar low;

                if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                  return FALSE;
                r->p += 2;
                if (!read_hex4 (r, &low) || low < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (u >= 0xDC00 && u <= 0xDFFF)
              return FALSE;
            if (u == 0)
              return FALSE;   /* a NUL would cut the stored text short */
            if (decode)
              g_string_append_unichar (r->buf, u);
            break;
          default:
            return FALSE;
          }
      }
    }
}

static gboolean
read_digits (Reader *r)
{
  const char *start = r->p;

  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;
  return r->p > start;
}

/* Returns whether the number was an integer (no fraction, no exponent). */
static gboolean
read_number (Reader   *r,
             gboolean *integer)
{
  *integer = TRUE;
  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (!read_digits (r))
    return FALSE;
  if (r->p < r->end && *r->p == '.')
    {
      r->p++;
      *integer = FALSE;
      if (!read_digits (r))
        return FALSE;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      *integer = FALSE;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!read_digits (r))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  return TRUE;
}

static gboolean skip_value (Reader *r,
                            guint   depth);

static gboolean
skip_container (Reader *r,
                guint   depth,
                char    close)
{
  if (depth > MAX_DEPTH)
    return FALSE;
  r->p++;
  if (eat (r, close))
    return TRUE;
  do
    {
      if (close == '}')
        {
          skip_ws (r);
          if (r->p >= r->end || *r->p != '"' || !read_string (r, FALSE) || !eat (r, ':'))
            return FALSE;
        }
      if (!skip_value (r, depth + 1))
        return FALSE;
    }
  while (eat (r, ','));
  return eat (r, close);
}

static gboolean
skip_value (Reader *r,
            guint   depth)
{
  gboolean integer;

  skip_ws (r);
  if (r->p >= r->end)
    return FALSE;
  switch (*r->p)
    {
    case '"': return read_string (r, FALSE);
    case '{': return skip_container (r, depth, '}');
    case '[': return skip_container (r, depth, ']');
    case 't': return read_literal (r, "true");
    case 'f': return read_literal (r, "false");
    case 'n': return read_literal (r, "null");
    default:  return read_number (r, &integer);
    }
}

/* A string member's value; NULL for null or any other kind of value. */
static gboolean
read_text (Reader      *r,
           const char **out)
{
  skip_ws (r);
  *out = NULL;
  if (r->p < r->end && *r->p == '"')
    {
      if (!read_string (r, TRUE))
        return FALSE;
      *out = g_string_chunk_insert_len (r->strings, r->buf->str, (gssize) r->buf->len);
      return TRUE;
    }
  return skip_value (r, 1);
}

/* {"id":..,"name":".."}: the name, when the value is an object. */
static gboolean
read_name_of (Reader      *r,
              const char **out)
{
  *out = NULL;
  skip_ws (r);
  if (r->p >= r->end || *r->p != '{')
    return skip_value (r, 1);
  r->p++;
  if (eat (r, '}'))
    return TRUE;
  do
    {
      gboolean is_name;

      skip_ws (r);
      if (r->p >= r->end || *r->p != '"' || !read_string (r, TRUE) || !eat (r, ':'))
        return FALSE;
      is_name = strcmp (r->buf->str, "name") == 0;
      if (is_name ? !read_text (r, out) : !skip_value (r, 2))
        return FALSE;
    }
  while (eat (r, ','));
  return eat (r, '}');
}

static gboolean
read_record (Reader          *r,
             PlumbUserRecord *record)
{
  const char *start;
  gboolean have_id = FALSE;

  memset (record, 0, sizeof *record);
  record->is_active = TRUE;
  skip_ws (r);
  if (r->p >= r->end || *r->p != '{')
    return FALSE;
  start = r->p++;
  if (!eat (r, '}'))
    {
      do
        {
          const char *key;

          skip_ws (r);
          if (r->p >= r->end || *r->p != '"' || !read_string (r, TRUE) || !eat (r, ':'))
            return FALSE;
          key = r->buf->str;
          skip_ws (r);

          if (strcmp (key, "id") == 0)
            {
              const char *number = r->p;
              gboolean integer;
              g_autofree char *text = NULL;

              if (!read_number (r, &integer) || !integer)
                return FALSE;
              text = g_strndup (number, r->p - number);
              if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &record->id, NULL))
                return FALSE;
              have_id = TRUE;
            }
          else if (strcmp (key, "is_active") == 0)
            {
              if (read_literal (r, "true"))
                record->is_active = TRUE;
              else if (read_literal (r, "false"))
                record->is_active = FALSE;
              else if (read_literal (r, "null"))
                record->is_active = TRUE;
              else
                return FALSE;
            }
#define TEXT(field) else if (strcmp (key, #field) == 0) { if (!read_text (r, &record->field)) return FALSE; }
          TEXT (first_name)
          TEXT (last_name)
          TEXT (name)
          TEXT (email_address)
          TEXT (job_title)
          TEXT (last_login_at)
          TEXT (welcome_email_sent_at)
          TEXT (updated_at)
          TEXT (avatar)
#undef TEXT
          else if (strcmp (key, "vendor") == 0)
            {
              if (!read_name_of (r, &record->vendor_name))
                return FALSE;
            }
          else if (strcmp (key, "permission_template") == 0)
            {
              if (!read_name_of (r, &record->permission_template_name))
                return FALSE;
            }
          else if (!skip_value (r, 1))
            return FALSE;
        }
      while (eat (r, ','));
      if (!eat (r, '}'))
        return FALSE;
    }
  record->json = start;
  record->json_len = r->p - start;
  return have_id;
}

PlumbSyncPage *
plumb_sync_page_read (GBytes *body)
{
  g_autoptr(GString) buf = g_string_sized_new (256);
  PlumbSyncPage *page;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  Reader r;

  if (data == NULL || !g_utf8_validate_len (data, len, NULL))
    return NULL;

  page = g_new0 (PlumbSyncPage, 1);
  page->body = g_bytes_ref (body);
  page->strings = g_string_chunk_new (64 * 1024);
  page->records = g_array_sized_new (FALSE, FALSE, sizeof (PlumbUserRecord), 1000);
  r.p = data;
  r.end = data + len;
  r.buf = buf;
  r.strings = page->strings;

  if (!eat (&r, '['))
    goto bad;
  if (!eat (&r, ']'))
    {
      do
        {
          PlumbUserRecord record;

          if (!read_record (&r, &record))
            goto bad;
          g_array_append_val (page->records, record);
        }
      while (eat (&r, ','));
      if (!eat (&r, ']'))
        goto bad;
    }
  skip_ws (&r);
  if (r.p != r.end)
    goto bad;
  return page;

bad:
  plumb_sync_page_free (page);
  return NULL;
}

void
plumb_sync_page_free (PlumbSyncPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->body, g_bytes_unref);
  g_clear_pointer (&page->strings, g_string_chunk_free);
  g_clear_pointer (&page->records, g_array_unref);
  g_free (page);
}

GArray *
plumb_sync_page_get_records (PlumbSyncPage *page)
{
  return page->records;
}
