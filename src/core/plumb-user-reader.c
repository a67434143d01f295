/* plumb-user-reader.c: a page of the user list, straight into PlumbUser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A company can have 100,000 people; building a json-glib tree for each page
 * and then copying it into objects cost most of the time of a full fetch.
 * This reader walks the text once and fills the objects' fields in place.
 * It accepts exactly JSON (RFC 8259); anything else is an error, so a
 * garbled page is noticed and fetched again.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-user-private.h"

#define MAX_DEPTH 32

#define MAX_ARENA_STRINGS 64

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
#define ZERO_BYTES(v) (((v) - ONES) & ~(v) & HIGHS)

typedef struct
{
  const char *p;
  const char *end;
  /* The strings of the record being read, one after another with their
   * NULs, and which field each belongs to. */
  GString    *strings;
  int         fields[MAX_ARENA_STRINGS];
  gsize       offsets[MAX_ARENA_STRINGS];
  guint       n_strings;
} Reader;

static inline void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static inline gboolean
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

/* After the opening quote: appends the text to @out (if not NULL). The
 * common case, no escapes, is one scan and one copy. */
static gboolean
read_string (Reader  *r,
             GString *out)
{
  const char *start = r->p;
  const char *q = start;
  gboolean ascii = TRUE;
  gsize out_start = out != NULL ? out->len : 0;

  /* Eight bytes at a time: the lowest byte flagged is the first quote,
   * backslash or control character (the borrows that can flag bytes
   * wrongly only run upwards); bytes from 0x80 mean UTF-8 to check. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  while (r->end - q >= 8)
    {
      guint64 w, special;

      memcpy (&w, q, sizeof w);
      special = ZERO_BYTES (w ^ (ONES * '"')) | ZERO_BYTES (w ^ (ONES * '\\')) |
                ((w - ONES * 0x20) & ~w & HIGHS);
      if (special != 0)
        {
          guint at = (guint) __builtin_ctzll (special) / 8;

          if (at > 0 && (w & HIGHS & ((G_GUINT64_CONSTANT (1) << (8 * at)) - 1)) != 0)
            ascii = FALSE;
          q += at;
          break;
        }
      if ((w & HIGHS) != 0)
        ascii = FALSE;
      q += 8;
    }
#endif
  while (q < r->end && *q != '"' && *q != '\\' && (guchar) *q >= 0x20)
    {
      ascii = ascii && (guchar) *q < 0x80;
      q++;
    }
  if (q >= r->end || (guchar) *q < 0x20)
    return FALSE;
  if (!ascii && !g_utf8_validate_len (start, q - start, NULL))
    return FALSE;
  if (out != NULL)
    g_string_append_len (out, start, q - start);
  r->p = q;
  if (*q == '"')
    {
      r->p++;
      return TRUE;
    }

  /* Escapes: decode into @out, or into a scratch string to check. */
  {
    g_autoptr(GString) scratch = out == NULL ? g_string_new (NULL) : NULL;
    GString *text = out != NULL ? out : scratch;

    while (r->p < r->end && *r->p != '"')
      {
        char c = *r->p++;

        if ((guchar) c < 0x20)
          return FALSE;
        if (c != '\\')
          {
            g_string_append_c (text, c);
            continue;
          }
        if (r->p >= r->end)
          return FALSE;
        c = *r->p++;
        switch (c)
          {
          case '"': g_string_append_c (text, '"'); break;
          case '\\': g_string_append_c (text, '\\'); break;
          case '/': g_string_append_c (text, '/'); break;
          case 'b': g_string_append_c (text, '\b'); break;
          case 'f': g_string_append_c (text, '\f'); break;
          case 'n': g_string_append_c (text, '\n'); break;
          case 'r': g_string_append_c (text, '\r'); break;
          case 't': g_string_append_c (text, '\t'); break;
          case 'u':
            {
              gunichar unit;

              if (!read_hex4 (r, &unit))
                return FALSE;
              if (unit >= 0xD800 && unit < 0xDC00)
                {
                  gunichar low;

                  if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u')
                    return FALSE;
                  r->p += 2;
                  if (!read_hex4 (r, &low) || low < 0xDC00 || low > 0xDFFF)
                    return FALSE;
                  unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                }
              else if (unit >= 0xDC00 && unit <= 0xDFFF)
                return FALSE;
              if (unit == 0)
                return FALSE;
              g_string_append_unichar (text, unit);
            }
            break;
          default:
            return FALSE;
          }
      }
    if (r->p >= r->end || !g_utf8_validate_len (text->str + out_start, text->len - out_start, NULL))
      return FALSE;
    r->p++;
    return TRUE;
  }
}

/* After the opening quote, a string only to be checked. Keys and values
 * are mostly ASCII text without escapes: words are tested here until the
 * closing quote, anything else goes to read_string(). */
static inline gboolean
skip_string (Reader *r)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  const char *q = r->p;

  while (r->end - q >= 8)
    {
      guint64 w, special;

      memcpy (&w, q, sizeof w);
      special = ZERO_BYTES (w ^ (ONES * '"')) | ZERO_BYTES (w ^ (ONES * '\\')) |
                ((w - ONES * 0x20) & ~w & HIGHS) | (w & HIGHS);
      if (special != 0)
        {
          q += (guint) __builtin_ctzll (special) / 8;
          if (*q != '"')
            break;
          r->p = q + 1;
          return TRUE;
        }
      q += 8;
    }
#endif
  return read_string (r, NULL);
}

/* A string value into the record's block of strings, for field @index. */
static gboolean
read_field_string (Reader    *r,
                   PlumbUser *user,
                   int        index)
{
  gsize offset = r->strings->len;

  if (!read_string (r, r->strings))
    return FALSE;
  g_string_append_c (r->strings, '\0');
  if (r->n_strings == MAX_ARENA_STRINGS)
    {
      /* A record that repeats its keys: the rest get a copy of their own. */
      plumb_user_field_take_string (user, index, g_strdup (r->strings->str + offset));
      return TRUE;
    }
  r->fields[r->n_strings] = index;
  r->offsets[r->n_strings] = offset;
  r->n_strings++;
  return TRUE;
}

/* A JSON number; @is_integer tells whether it fits a gint64 exactly. */
static gboolean
read_number (Reader   *r,
             gint64   *value,
             gboolean *is_integer)
{
  const char *start = r->p;
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  gboolean overflow = FALSE;

  if (r->p < r->end && *r->p == '-')
    {
      negative = TRUE;
      r->p++;
    }
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      {
        guint digit = (guint) (*r->p++ - '0');

        if (magnitude > (G_MAXUINT64 - digit) / 10)
          overflow = TRUE;
        else
          magnitude = magnitude * 10 + digit;
      }
  *is_integer = !overflow && magnitude <= (guint64) G_MAXINT64;
  if (r->p < r->end && *r->p == '.')
    {
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
      *is_integer = FALSE;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
      *is_integer = FALSE;
    }
  *value = negative ? -(gint64) magnitude : (gint64) magnitude;
  return r->p > start;
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
                char    close,
                guint   depth)
{
  if (depth > MAX_DEPTH)
    return FALSE;
  if (eat (r, close))
    return TRUE;
  do
    {
      if (close == '}')
        {
          if (!eat (r, '"') || !skip_string (r) || !eat (r, ':'))
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
  gint64 number;
  gboolean integer;

  skip_ws (r);
  if (r->p >= r->end)
    return FALSE;
  switch (*r->p)
    {
    case '"':
      r->p++;
      return skip_string (r);
    case '{':
      r->p++;
      return skip_container (r, '}', depth);
    case '[':
      r->p++;
      return skip_container (r, ']', depth);
    case 't':
      return read_literal (r, "true");
    case 'f':
      return read_literal (r, "false");
    case 'n':
      return read_literal (r, "null");
    default:
      return read_number (r, &number, &integer);
    }
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static gint64
days_from_civil (gint64 year,
                 int    month,
                 int    day)
{
  gint64 era;
  gint64 yoe, doy, doe;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  yoe = year - era * 400;
  doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* "YYYY-MM-DDTHH:MM:SSZ" without GLib's general parser; anything else goes
 * to g_date_time_new_from_iso8601(). */
static gboolean
parse_time (const char *text,
            gsize       len,
            gint64     *seconds)
{
  static const int offsets[6] = { 0, 5, 8, 11, 14, 17 };
  static const int widths[6] = { 4, 2, 2, 2, 2, 2 };
  int v[6];

  if (len != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

      if (time == NULL)
        return FALSE;
      *seconds = g_date_time_to_unix (time);
      return TRUE;
    }
  for (int i = 0; i < 6; i++)
    {
      v[i] = 0;
      for (int j = 0; j < widths[i]; j++)
        {
          char c = text[offsets[i] + j];

          if (!g_ascii_isdigit (c))
            return FALSE;
          v[i] = v[i] * 10 + (c - '0');
        }
    }
  if (v[0] < 1 || !g_date_valid_dmy ((GDateDay) v[2], (GDateMonth) v[1], (GDateYear) v[0]) ||
      v[3] > 23 || v[4] > 59 || v[5] > 59)
    return FALSE;
  *seconds = days_from_civil (v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
  return TRUE;
}

/* {"id": .., "name": ..} or null, into fields @index (id) and @index + 1. */
static gboolean
read_reference (Reader    *r,
                PlumbUser *user,
                int        index)
{
  skip_ws (r);
  if (r->p < r->end && *r->p == 'n')
    return read_literal (r, "null");
  if (!eat (r, '{'))
    return FALSE;
  if (eat (r, '}'))
    return TRUE;
  do
    {
      const char *key;
      gsize key_len;

      if (!eat (r, '"'))
        return FALSE;
      key = r->p;
      if (!skip_string (r))
        return FALSE;
      key_len = (gsize) (r->p - 1 - key);
      if (!eat (r, ':'))
        return FALSE;
      skip_ws (r);
      if (key_len == 2 && memcmp (key, "id", 2) == 0)
        {
          gint64 id;
          gboolean integer;

          if (r->p < r->end && *r->p == 'n')
            {
              if (!read_literal (r, "null"))
                return FALSE;
            }
          else if (!read_number (r, &id, &integer))
            return FALSE;
          else if (integer)
            plumb_user_field_set_int (user, index, id);
        }
      else if (key_len == 4 && memcmp (key, "name", 4) == 0 && r->p < r->end && *r->p == '"')
        {
          r->p++;
          if (!read_field_string (r, user, index + 1))
            return FALSE;
        }
      else if (!skip_value (r, 1))
        return FALSE;
    }
  while (eat (r, ','));
  return eat (r, '}');
}

static gboolean
read_field (Reader    *r,
            PlumbUser *user,
            int        index)
{
  PlumbUserFieldKind kind = plumb_user_field_kind (index);

  skip_ws (r);
  if (r->p >= r->end)
    return FALSE;

  if (kind == PLUMB_USER_FIELD_REF_ID)
    return read_reference (r, user, index);

  if (*r->p == 'n')
    return read_literal (r, "null");

  switch (kind)
    {
    case PLUMB_USER_FIELD_STRING:
      if (*r->p != '"')
        return skip_value (r, 1);
      r->p++;
      return read_field_string (r, user, index);
    case PLUMB_USER_FIELD_TIME:
      {
        g_autoptr(GString) text = g_string_new (NULL);
        gint64 seconds;

        if (*r->p != '"')
          return skip_value (r, 1);
        r->p++;
        if (!read_string (r, text))
          return FALSE;
        if (parse_time (text->str, text->len, &seconds))
          plumb_user_field_set_seconds (user, index, seconds);
        return TRUE;
      }
    case PLUMB_USER_FIELD_ID:
    case PLUMB_USER_FIELD_OPT_INT:
      {
        gint64 value;
        gboolean integer;

        if (*r->p == '"')
          {
            /* Some endpoints quote numbers. */
            g_autoptr(GString) text = g_string_new (NULL);

            r->p++;
            if (!read_string (r, text))
              return FALSE;
            if (g_ascii_string_to_signed (text->str, 10, 0, G_MAXINT64, &value, NULL))
              plumb_user_field_set_int (user, index, value);
            return TRUE;
          }
        if (*r->p != '-' && !g_ascii_isdigit (*r->p))
          return skip_value (r, 1);
        if (!read_number (r, &value, &integer))
          return FALSE;
        if (integer)
          plumb_user_field_set_int (user, index, value);
        return TRUE;
      }
    case PLUMB_USER_FIELD_BOOL:
      if (*r->p == 't')
        {
          plumb_user_field_set_int (user, index, TRUE);
          return read_literal (r, "true");
        }
      if (*r->p == 'f')
        {
          plumb_user_field_set_int (user, index, FALSE);
          return read_literal (r, "false");
        }
      return skip_value (r, 1);
    case PLUMB_USER_FIELD_REF_ID:
    case PLUMB_USER_FIELD_REF_NAME:
    default:
      return skip_value (r, 1);
    }
}

static PlumbUser *
read_user (Reader *r)
{
  g_autoptr(PlumbUser) user = plumb_user_new ();
  int hint = 0;

  g_string_truncate (r->strings, 0);
  r->n_strings = 0;
  if (!eat (r, '{'))
    return NULL;
  if (eat (r, '}'))
    return g_steal_pointer (&user);
  do
    {
      const char *key;
      const char *expected;
      gsize expected_len = 0;
      int index;

      if (!eat (r, '"'))
        return NULL;
      key = r->p;
      /* Records of a list name their fields in the same order: try the
       * expected name before scanning the key. */
      expected = hint < (int) plumb_user_n_fields () ? plumb_user_field_name (hint, &expected_len) : NULL;
      if (expected != NULL && (gsize) (r->end - key) > expected_len &&
          memcmp (key, expected, expected_len) == 0 && key[expected_len] == '"')
        {
          r->p = key + expected_len + 1;
          index = hint;
        }
      else
        {
          if (!skip_string (r))
            return NULL;
          /* Keys with escapes match no field, as the table has none. */
          index = plumb_user_field_lookup (key, (gsize) (r->p - 1 - key), hint);
        }
      if (!eat (r, ':'))
        return NULL;
      if (index < 0)
        {
          if (!skip_value (r, 1))
            return NULL;
          continue;
        }
      if (!read_field (r, user, index))
        return NULL;
      hint = index + (plumb_user_field_kind (index) == PLUMB_USER_FIELD_REF_ID ? 2 : 1);
    }
  while (eat (r, ','));
  if (!eat (r, '}'))
    return NULL;

  if (r->n_strings > 0)
    plumb_user_field_set_arena (user, g_memdup2 (r->strings->str, r->strings->len),
                                r->fields, r->offsets, r->n_strings);
  plumb_user_fill_name (user);
  return g_steal_pointer (&user);
}

gboolean
plumb_user_read_list (const char  *data,
                      gsize        len,
                      GPtrArray   *users,
                      GError     **error)
{
  Reader r = { data, data + len, NULL, { 0 }, { 0 }, 0 };
  g_autoptr(GString) strings = g_string_sized_new (1024);
  guint first = users->len;

  r.strings = strings;

  if (data == NULL || !eat (&r, '['))
    goto bad;
  if (!eat (&r, ']'))
    {
      do
        {
          PlumbUser *user = read_user (&r);

          if (user == NULL)
            goto bad;
          g_ptr_array_add (users, user);
        }
      while (eat (&r, ','));
      if (!eat (&r, ']'))
        goto bad;
    }
  skip_ws (&r);
  if (r.p != r.end)
    goto bad;
  return TRUE;

bad:
  g_ptr_array_remove_range (users, first, users->len - first);
  g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                       _("Procore sent a page of the list that could not be read. Try again."));
  return FALSE;
}

PlumbUser *
plumb_user_read_record (const char *data,
                        gsize       len)
{
  Reader r = { data, data + len, NULL, { 0 }, { 0 }, 0 };
  g_autoptr(GString) strings = g_string_sized_new (512);
  g_autoptr(PlumbUser) user = NULL;

  r.strings = strings;
  user = read_user (&r);
  if (user == NULL)
    return NULL;
  skip_ws (&r);
  return r.p == r.end ? g_steal_pointer (&user) : NULL;
}

/* The first key of a Procore record is its id: read it on the way past,
 * so a list can be searched by id without reading the records. */
static gboolean
scan_record (Reader *r,
             gint64 *id)
{
  *id = 0;
  if (!eat (r, '{'))
    return FALSE;
  if (eat (r, '}'))
    return TRUE;
  skip_ws (r);
  if (r->end - r->p > 5 && memcmp (r->p, "\"id\"", 4) == 0)
    {
      gint64 value;
      gboolean integer;

      r->p += 4;
      if (!eat (r, ':'))
        return FALSE;
      skip_ws (r);
      if (r->p < r->end && (*r->p == '-' || g_ascii_isdigit (*r->p)))
        {
          if (!read_number (r, &value, &integer))
            return FALSE;
          if (integer)
            *id = value;
        }
      else if (!skip_value (r, 1))
        return FALSE;
      if (!eat (r, ','))
        return eat (r, '}');
    }
  do
    {
      const char *key;

      if (!eat (r, '"'))
        return FALSE;
      key = r->p;
      if (!skip_string (r) || !eat (r, ':') || !skip_value (r, 1))
        return FALSE;
      /* A second "id" would be the one the reader keeps: leave it to it. */
      if (key[0] == 'i' && key[1] == 'd' && key[2] == '"')
        *id = 0;
    }
  while (eat (r, ','));
  return eat (r, '}');
}

gboolean
plumb_user_scan_list (const char  *data,
                      gsize        len,
                      GArray      *records,
                      GError     **error)
{
  Reader r = { data, data + len, NULL, { 0 }, { 0 }, 0 };
  guint first = records->len;

  if (data == NULL || !eat (&r, '['))
    goto bad;
  if (!eat (&r, ']'))
    {
      do
        {
          PlumbUserSpan record;

          skip_ws (&r);
          record.offset = (gsize) (r.p - data);
          if (!scan_record (&r, &record.id))
            goto bad;
          record.len = (gsize) (r.p - data) - record.offset;
          g_array_append_val (records, record);
        }
      while (eat (&r, ','));
      if (!eat (&r, ']'))
        goto bad;
    }
  skip_ws (&r);
  if (r.p != r.end)
    goto bad;
  return TRUE;

bad:
  g_array_set_size (records, first);
  g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                       _("Procore sent a page of the list that could not be read. Try again."));
  return FALSE;
}
