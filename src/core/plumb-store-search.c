/* plumb-store-search.c: how text is folded, and matched, for the search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-store-private.h"

static gboolean
fold_is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;

  return TRUE;
}

char *
plumb_store_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) bare = NULL;
  gboolean ascii = TRUE;

  if (text == NULL)
    return g_strdup ("");

  if (fold_is_ascii (text))
    return g_ascii_strdown (text, -1);

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  /* Decompose each character on its own (NFKD, without the reordering a
   * whole-string normalisation does, which only moves the marks dropped
   * here) and keep the base letters: a search for "jose" finds "José". */
  bare = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n;

      if (c < 0x80)
        {
          g_string_append_c (bare, g_ascii_tolower ((char) c));
          continue;
        }

      /* Letters with a stroke or ligatures have no decomposition, yet a
       * person types them as their plain letters: "Lukasiewicz". */
      switch (c)
        {
        case 0x0141: case 0x0142: g_string_append_c (bare, 'l'); continue;   /* Ł ł */
        case 0x00D8: case 0x00F8: g_string_append_c (bare, 'o'); continue;   /* Ø ø */
        case 0x0110: case 0x0111: g_string_append_c (bare, 'd'); continue;   /* Đ đ */
        case 0x0126: case 0x0127: g_string_append_c (bare, 'h'); continue;   /* Ħ ħ */
        case 0x0131: g_string_append_c (bare, 'i'); continue;                /* ı */
        case 0x00DF: g_string_append (bare, "ss"); continue;                 /* ß */
        case 0x00C6: case 0x00E6: g_string_append (bare, "ae"); continue;    /* Æ æ */
        case 0x0152: case 0x0153: g_string_append (bare, "oe"); continue;    /* Œ œ */
        case 0x00DE: case 0x00FE: g_string_append (bare, "th"); continue;    /* Þ þ */
        default: break;
        }

      n = g_unichar_fully_decompose (c, TRUE, parts, G_N_ELEMENTS (parts));
      for (gsize i = 0; i < n; i++)
        {
          if (g_unichar_ismark (parts[i]))
            continue;
          if (parts[i] < 0x80)
            {
              g_string_append_c (bare, g_ascii_tolower ((char) parts[i]));
              continue;
            }
          ascii = FALSE;
          g_string_append_unichar (bare, parts[i]);
        }
    }

  if (ascii)
    return g_string_free (g_steal_pointer (&bare), FALSE);

  return g_utf8_casefold (bare->str, bare->len);
}

char *
plumb_store_search_text (const char *name,
                         const char *email,
                         const char *job_title,
                         const char *vendor_name)
{
  const char *parts[] = { name, email, job_title, vendor_name };
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, parts[i]);
    }

  return plumb_store_fold (joined->str);
}

static gboolean
contains_word (const char *haystack,
               const char *word,
               gsize       len)
{
  for (const char *h = haystack; *h != '\0'; h++)
    if (strncmp (h, word, len) == 0)
      return TRUE;

  return len == 0;
}

gboolean
plumb_store_search_matches (const char *haystack,
                            const char *needle)
{
  const char *p = needle;

  if (haystack == NULL)
    haystack = "";
  if (needle == NULL)
    return TRUE;

  /* Every word of the needle, already folded, must appear somewhere. */
  while (*p != '\0')
    {
      gsize len;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;

      len = strcspn (p, " ");
      if (!contains_word (haystack, p, len))
        return FALSE;

      p += len;
    }

  return TRUE;
}

static const char *
arg_text (sqlite3_value *value)
{
  return (const char *) sqlite3_value_text (value);
}

static void
fold_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  char *folded = plumb_store_fold (arg_text (argv[0]));

  sqlite3_result_text (context, folded, -1, g_free);
}

static void
search_text_function (sqlite3_context  *context,
                      int               argc,
                      sqlite3_value   **argv)
{
  char *text = plumb_store_search_text (arg_text (argv[0]), arg_text (argv[1]),
                                        arg_text (argv[2]), arg_text (argv[3]));

  sqlite3_result_text (context, text, -1, g_free);
}

static void
match_function (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  sqlite3_result_int (context, plumb_store_search_matches (arg_text (argv[0]), arg_text (argv[1])));
}

void
plumb_store_register_functions (sqlite3 *handle)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  sqlite3_create_function_v2 (handle, "plumb_fold", 1, flags, NULL, fold_function, NULL, NULL, NULL);
  sqlite3_create_function_v2 (handle, "plumb_search_text", 4, flags, NULL, search_text_function, NULL, NULL, NULL);
  sqlite3_create_function_v2 (handle, "plumb_match", 2, flags, NULL, match_function, NULL, NULL, NULL);
}
