/* plumb-user-page.c: a page of the user list read without a JSON tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync reads 100,000 people in a first load and the store reads them
 * back for the directory: the text is walked once, eight bytes at a time
 * through strings, and only the values asked for are copied. It accepts
 * exactly JSON (RFC 8259) and only a top-level array of objects, each with
 * an integer id; anything else is refused, and the caller falls back on
 * json-glib, which decides whether the page was garbled.
 */

#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "plumb-user-page.h"

#define MAX_DEPTH 64

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
#define ZERO_BYTES(v) (((v) - ONES) & ~(v) & HIGHS)

typedef enum
{
  FIELD_OTHER,
  FIELD_ID,
  FIELD_IS_ACTIVE,
  FIELD_FIRST_NAME,
  FIELD_LAST_NAME,
  FIELD_NAME,
  FIELD_EMAIL,
  FIELD_JOB_TITLE,
  FIELD_VENDOR,
  FIELD_PERMISSION_TEMPLATE,
  FIELD_LAST_LOGIN,
  FIELD_WELCOME,
  FIELD_UPDATED,
  FIELD_AVATAR,
} Field;

typedef struct
{
  const char   *p;
  const char   *end;
  GString      *buf;       /* scratch for decoded text */
  GStringChunk *strings;   /* NULL in index mode */
  gint64        max_updated;
  char          newest[20];   /* its text, when in the server's own form */
  gsize         newest_len;
} Reader;

struct _PlumbUserPage
{
  GBytes       *body;
  GStringChunk *strings;
  GArray       *records;
  gint64        max_updated;
};

/* Most bytes are no blank at all: one test says so. */
static inline void
skip_ws (Reader *r)
{
  while (r->p < r->end && (guchar) *r->p <= ' ' &&
         (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

/* The servers write compact JSON: the byte looked for comes first. */
static inline gboolean
eat (Reader *r,
     char    c)
{
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
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
read_hex4 (const char  *p,
           const char  *end,
           gunichar    *out)
{
  gunichar value = 0;

  if (end - p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  *out = value;
  return TRUE;
}

/* After a backslash: the end of a valid escape, or NULL. A \u escape must
 * be a whole character (surrogates in pairs) and not NUL, which would cut
 * a stored text short. */
static const char *
check_escape (const char *p,
              const char *end,
              gunichar   *out)
{
  gunichar u;

  if (p >= end)
    return NULL;
  switch (*p)
    {
    case '"': *out = '"'; return p + 1;
    case '\\': *out = '\\'; return p + 1;
    case '/': *out = '/'; return p + 1;
    case 'b': *out = '\b'; return p + 1;
    case 'f': *out = '\f'; return p + 1;
    case 'n': *out = '\n'; return p + 1;
    case 'r': *out = '\r'; return p + 1;
    case 't': *out = '\t'; return p + 1;
    case 'u':
      if (!read_hex4 (p + 1, end, &u))
        return NULL;
      p += 5;
      if (u >= 0xD800 && u <= 0xDBFF)
        {
          gunichar low;

          if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !read_hex4 (p + 2, end, &low) ||
              low < 0xDC00 || low > 0xDFFF)
            return NULL;
          p += 6;
          u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
        }
      else if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0)
        return NULL;
      *out = u;
      return p;
    default:
      return NULL;
    }
}

/* At a byte from 0x80: the end of one well-formed UTF-8 character (no
 * overlong forms, no surrogates, nothing past U+10FFFF), or NULL. */
static const char *
check_utf8 (const char *p,
            const char *end)
{
  guchar c = (guchar) p[0];
  guchar lo = 0x80, hi = 0xBF;
  int more;

  if (c >= 0xC2 && c <= 0xDF)
    more = 1;
  else if (c >= 0xE0 && c <= 0xEF)
    {
      more = 2;
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      more = 3;
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
    }
  else
    return NULL;

  if (end - p <= more || (guchar) p[1] < lo || (guchar) p[1] > hi)
    return NULL;
  for (int i = 2; i <= more; i++)
    if ((p[i] & 0xC0) != 0x80)
      return NULL;
  return p + more + 1;
}

/* The first byte from @q that is a quote, a backslash, a control
 * character or from 0x80, or @end. Most strings are short ASCII without
 * escapes, passed over sixteen (or eight) bytes at a time. */
G_ALWAYS_INLINE static inline const char *
find_special (const char *q,
              const char *end)
{
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8 ('"');
  const __m128i backslash = _mm_set1_epi8 ('\\');
  /* Signed: bytes from 0x80 are below it too. */
  const __m128i space = _mm_set1_epi8 (0x20);

  while (end - q >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const void *) q);
      int mask = _mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, quote),
                                                                _mm_cmpeq_epi8 (v, backslash)),
                                                  _mm_cmplt_epi8 (v, space)));

      if (mask != 0)
        return q + __builtin_ctz ((unsigned) mask);
      q += 16;
    }
#elif G_BYTE_ORDER == G_LITTLE_ENDIAN
  /* The lowest byte flagged is the first special one: the borrows that
   * can flag bytes wrongly only run upwards. */
  while (end - q >= 8)
    {
      guint64 w, special;

      memcpy (&w, q, sizeof w);
      special = ZERO_BYTES (w ^ (ONES * '"')) | ZERO_BYTES (w ^ (ONES * '\\')) |
                ((w - ONES * 0x20) & ~w & HIGHS) | (w & HIGHS);
      if (special != 0)
        return q + (guint) __builtin_ctzll (special) / 8;
      q += 8;
    }
#endif
  while (q < end && *q != '"' && *q != '\\' && (guchar) *q >= 0x20 && (guchar) *q < 0x80)
    q++;
  return q;
}

/* After the opening quote: checks the string and leaves its raw text (as
 * in the page, escapes and all) in @start and @len, and whether it has
 * escapes. */
G_ALWAYS_INLINE static inline gboolean
scan_string (Reader      *r,
             const char **start,
             gsize       *len,
             gboolean    *escaped)
{
  const char *q = r->p;

  *start = q;
  *escaped = FALSE;
  for (;;)
    {
      guchar c;

      q = find_special (q, r->end);
      if (q >= r->end)
        return FALSE;
      c = (guchar) *q;
      if (c == '"')
        {
          *len = (gsize) (q - *start);
          r->p = q + 1;
          return TRUE;
        }
      if (c == '\\')
        {
          gunichar ignored;

          *escaped = TRUE;
          q = check_escape (q + 1, r->end, &ignored);
        }
      else if (c < 0x20)
        return FALSE;
      else
        q = check_utf8 (q, r->end);
      if (q == NULL)
        return FALSE;
    }
}

/* The text of a checked string, escapes decoded, into r->buf. */
static const char *
decode (Reader     *r,
        const char *start,
        gsize       len,
        gboolean    escaped)
{
  const char *end = start + len;

  g_string_truncate (r->buf, 0);
  if (!escaped)
    {
      g_string_append_len (r->buf, start, (gssize) len);
      return r->buf->str;
    }
  while (start < end)
    {
      const char *slash = memchr (start, '\\', (gsize) (end - start));
      gunichar u;

      if (slash == NULL)
        {
          g_string_append_len (r->buf, start, end - start);
          break;
        }
      g_string_append_len (r->buf, start, slash - start);
      start = check_escape (slash + 1, end, &u);
      g_string_append_unichar (r->buf, u);
    }
  return r->buf->str;
}

/* A JSON number; @is_integer tells whether it fits a gint64 exactly. */
static gboolean
read_number (Reader   *r,
             gint64   *value,
             gboolean *is_integer)
{
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

        if (G_UNLIKELY (magnitude > (G_MAXUINT64 - 9) / 10) && magnitude > (G_MAXUINT64 - digit) / 10)
          overflow = TRUE;
        else
          magnitude = magnitude * 10 + digit;
      }
  *is_integer = !overflow && magnitude <= (guint64) G_MAXINT64 + negative;
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
  *value = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word,
              gsize       len)
{
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
          const char *start;
          gsize len;
          gboolean escaped;

          if (!eat (r, '"') || !scan_string (r, &start, &len, &escaped) || !eat (r, ':'))
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
  const char *start;
  gsize len;
  gboolean escaped;
  gint64 number;
  gboolean integer;

  skip_ws (r);
  if (r->p >= r->end)
    return FALSE;
  switch (*r->p)
    {
    case '"':
      r->p++;
      return scan_string (r, &start, &len, &escaped);
    case '{':
      r->p++;
      return skip_container (r, '}', depth);
    case '[':
      r->p++;
      return skip_container (r, ']', depth);
    case 't':
      return read_literal (r, "true", 4);
    case 'f':
      return read_literal (r, "false", 5);
    case 'n':
      return read_literal (r, "null", 4);
    default:
      return read_number (r, &number, &integer);
    }
}

#define KEY_IS(word) (len == sizeof (word) - 1 && memcmp (key, word, sizeof (word) - 1) == 0)

static Field
field_of (const char *key,
          gsize       len)
{
  switch (len)
    {
    case 2: return KEY_IS ("id") ? FIELD_ID : FIELD_OTHER;
    case 4: return KEY_IS ("name") ? FIELD_NAME : FIELD_OTHER;
    case 6: return KEY_IS ("avatar") ? FIELD_AVATAR : KEY_IS ("vendor") ? FIELD_VENDOR : FIELD_OTHER;
    case 9:
      return KEY_IS ("is_active") ? FIELD_IS_ACTIVE :
             KEY_IS ("job_title") ? FIELD_JOB_TITLE :
             KEY_IS ("last_name") ? FIELD_LAST_NAME : FIELD_OTHER;
    case 10: return KEY_IS ("first_name") ? FIELD_FIRST_NAME : KEY_IS ("updated_at") ? FIELD_UPDATED : FIELD_OTHER;
    case 13: return KEY_IS ("email_address") ? FIELD_EMAIL : KEY_IS ("last_login_at") ? FIELD_LAST_LOGIN : FIELD_OTHER;
    case 19: return KEY_IS ("permission_template") ? FIELD_PERMISSION_TEMPLATE : FIELD_OTHER;
    case 21: return KEY_IS ("welcome_email_sent_at") ? FIELD_WELCOME : FIELD_OTHER;
    default: return FIELD_OTHER;
    }
}

#undef KEY_IS

/* A key and its colon; the field it names. */
static gboolean
read_key (Reader *r,
          Field  *field)
{
  const char *start;
  gsize len;
  gboolean escaped;

  if (!eat (r, '"') || !scan_string (r, &start, &len, &escaped) || !eat (r, ':'))
    return FALSE;
  if (escaped)
    {
      decode (r, start, len, escaped);
      *field = field_of (r->buf->str, r->buf->len);
    }
  else
    *field = field_of (start, len);
  skip_ws (r);
  return TRUE;
}

/* A string member's value into the page's strings; NULL for null or any
 * other kind of value. */
static gboolean
read_text (Reader      *r,
           const char **out)
{
  const char *start;
  gsize len;
  gboolean escaped;

  *out = NULL;
  if (r->p < r->end && *r->p == '"')
    {
      r->p++;
      if (!scan_string (r, &start, &len, &escaped))
        return FALSE;
      if (!escaped)
        *out = g_string_chunk_insert_len (r->strings, start, (gssize) len);
      else
        {
          decode (r, start, len, escaped);
          *out = g_string_chunk_insert_len (r->strings, r->buf->str, (gssize) r->buf->len);
        }
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
  if (r->p >= r->end || *r->p != '{')
    return skip_value (r, 1);
  r->p++;
  if (eat (r, '}'))
    return TRUE;
  do
    {
      Field field;

      if (!read_key (r, &field))
        return FALSE;
      if (field == FIELD_NAME ? !read_text (r, out) : !skip_value (r, 2))
        return FALSE;
    }
  while (eat (r, ','));
  return eat (r, '}');
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static gint64
days_from_civil (gint64 year,
                 int    month,
                 int    day)
{
  gint64 era, yoe, doy, doe;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  yoe = year - era * 400;
  doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

gint64
plumb_user_page_parse_time (const char *text,
                            gsize       len)
{
  static const int offsets[6] = { 0, 5, 8, 11, 14, 17 };
  static const int widths[6] = { 4, 2, 2, 2, 2, 2 };
  int v[6];

  if (text == NULL || len == 0)
    return 0;

  /* The server's own form, "YYYY-MM-DDTHH:MM:SSZ", without GLib's parser. */
  if (len == 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' &&
      text[13] == ':' && text[16] == ':' && text[19] == 'Z')
    {
      gboolean digits = TRUE;

      for (int f = 0; f < 6 && digits; f++)
        {
          v[f] = 0;
          for (int i = 0; i < widths[f]; i++)
            {
              char c = text[offsets[f] + i];

              if (!g_ascii_isdigit (c))
                digits = FALSE;
              v[f] = v[f] * 10 + (c - '0');
            }
        }
      if (digits && v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= 31 &&
          v[3] <= 23 && v[4] <= 59 && v[5] <= 59)
        return days_from_civil (v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
    }

  {
    g_autofree char *copy = g_strndup (text, len);
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (copy, utc);

    return when != NULL ? g_date_time_to_unix (when) : 0;
  }
}

/* "YYYY-MM-DDTHH:MM:SSZ". A text of this shape with other than digits
 * where they belong is no time at all (0), so skipping it is harmless. */
static inline gboolean
is_canonical_time (const char *text,
                   gsize       len)
{
  return len == 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' &&
         text[13] == ':' && text[16] == ':' && text[19] == 'Z';
}

/* updated_at: its text in columns mode, and the newest time. */
static gboolean
read_updated (Reader      *r,
              const char **out)
{
  const char *start;
  gsize len;
  gboolean escaped;
  gboolean canonical;
  gint64 seconds;

  *out = NULL;
  if (r->p >= r->end || *r->p != '"')
    return skip_value (r, 1);
  r->p++;
  if (!scan_string (r, &start, &len, &escaped))
    return FALSE;
  if (escaped)
    {
      decode (r, start, len, escaped);
      start = r->buf->str;
      len = r->buf->len;
    }
  if (r->strings != NULL)
    *out = g_string_chunk_insert_len (r->strings, start, (gssize) len);

  /* In the server's own form, a time is no later than another if its text
   * sorts no later: most need no reading. */
  canonical = is_canonical_time (start, len);
  if (canonical && r->newest_len == 20 && memcmp (start, r->newest, 20) <= 0)
    return TRUE;
  seconds = plumb_user_page_parse_time (start, len);
  if (canonical && seconds > r->max_updated)
    {
      memcpy (r->newest, start, 20);
      r->newest_len = 20;
    }
  r->max_updated = MAX (r->max_updated, seconds);
  return TRUE;
}

static gboolean
read_column (Reader          *r,
             Field            field,
             PlumbUserRecord *record)
{
  const char **text = NULL;

  switch (field)
    {
    case FIELD_FIRST_NAME: text = &record->first_name; break;
    case FIELD_LAST_NAME: text = &record->last_name; break;
    case FIELD_NAME: text = &record->name; break;
    case FIELD_EMAIL: text = &record->email_address; break;
    case FIELD_JOB_TITLE: text = &record->job_title; break;
    case FIELD_LAST_LOGIN: text = &record->last_login_at; break;
    case FIELD_WELCOME: text = &record->welcome_email_sent_at; break;
    case FIELD_AVATAR: text = &record->avatar; break;
    case FIELD_VENDOR: return read_name_of (r, &record->vendor_name);
    case FIELD_PERMISSION_TEMPLATE: return read_name_of (r, &record->permission_template_name);
    case FIELD_ID: case FIELD_IS_ACTIVE: case FIELD_UPDATED: case FIELD_OTHER: default:
      return skip_value (r, 1);
    }
  return read_text (r, text);
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
          Field field;

          if (!read_key (r, &field))
            return FALSE;
          if (field == FIELD_ID)
            {
              gboolean integer;

              if (!read_number (r, &record->id, &integer) || !integer)
                return FALSE;
              have_id = TRUE;
            }
          else if (field == FIELD_IS_ACTIVE)
            {
              if (read_literal (r, "true", 4) || read_literal (r, "null", 4))
                record->is_active = TRUE;
              else if (read_literal (r, "false", 5))
                record->is_active = FALSE;
              else
                return FALSE;
            }
          else if (field == FIELD_UPDATED)
            {
              if (!read_updated (r, &record->updated_at))
                return FALSE;
            }
          else if (r->strings == NULL ? !skip_value (r, 1) : !read_column (r, field, record))
            return FALSE;
        }
      while (eat (r, ','));
      if (!eat (r, '}'))
        return FALSE;
    }
  record->json = start;
  record->json_len = (gsize) (r->p - start);
  return have_id;
}

PlumbUserPage *
plumb_user_page_read (GBytes            *body,
                      PlumbUserPageMode  mode)
{
  g_autoptr(GString) buf = g_string_sized_new (256);
  g_autoptr(PlumbUserPage) page = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  Reader r = { 0 };

  if (data == NULL)
    return NULL;

  page = g_new0 (PlumbUserPage, 1);
  page->body = g_bytes_ref (body);
  if (mode == PLUMB_USER_PAGE_COLUMNS)
    page->strings = g_string_chunk_new (64 * 1024);
  /* A page is about 900 bytes a person. */
  page->records = g_array_sized_new (FALSE, FALSE, sizeof (PlumbUserRecord), MIN (len / 512 + 1, 4096));
  r.p = data;
  r.end = data + len;
  r.buf = buf;
  r.strings = page->strings;

  if (!eat (&r, '['))
    return NULL;
  if (!eat (&r, ']'))
    {
      do
        {
          PlumbUserRecord record;

          if (!read_record (&r, &record))
            return NULL;
          g_array_append_val (page->records, record);
        }
      while (eat (&r, ','));
      if (!eat (&r, ']'))
        return NULL;
    }
  skip_ws (&r);
  if (r.p != r.end)
    return NULL;
  page->max_updated = r.max_updated;
  return g_steal_pointer (&page);
}

void
plumb_user_page_free (PlumbUserPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->body, g_bytes_unref);
  g_clear_pointer (&page->strings, g_string_chunk_free);
  g_clear_pointer (&page->records, g_array_unref);
  g_free (page);
}

GBytes *
plumb_user_page_get_body (PlumbUserPage *page)
{
  return page->body;
}

GArray *
plumb_user_page_get_records (PlumbUserPage *page)
{
  return page->records;
}

gint64
plumb_user_page_get_max_updated (PlumbUserPage *page)
{
  return page->max_updated;
}
