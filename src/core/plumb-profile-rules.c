/* plumb-profile-rules.c
 *
 * The same rules judge what a person types and what the CLI is given, and
 * each refusal is a sentence that says what to change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-profile-rules.h"

gboolean
plumb_profile_check_email (const char  *text,
                           GError     **error)
{
  const char *at;
  const char *dot;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT, _("Enter an email address"));
      return FALSE;
    }

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                               _("An email address has no spaces"));
          return FALSE;
        }
    }

  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("An email address has one @ with a name before it, like name@example.com"));
      return FALSE;
    }

  dot = strrchr (at + 1, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strstr (at + 1, "..") != NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("The part after @ should be a domain, like example.com"));
      return FALSE;
    }

  return TRUE;
}

/* Digits with the usual separators: spaces, dots, dashes, brackets and one
 * leading +. Between 7 and 15 digits, as in E.164. */
gboolean
plumb_profile_check_phone (const char  *text,
                           GError     **error)
{
  guint digits = 0;

  if (text == NULL || *text == '\0')
    return TRUE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == text)
        continue;
      else if (strchr (" .-()/", *p) == NULL)
        {
          g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                       _("A phone number has digits, spaces, dashes and brackets only, not “%c”"), *p);
          return FALSE;
        }
    }

  if (digits < 7 || digits > 15)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("A phone number has between 7 and 15 digits"));
      return FALSE;
    }

  return TRUE;
}

/* Procore keeps the extension as a number. */
gboolean
plumb_profile_check_extension (const char  *text,
                               gint64      *value,
                               GError     **error)
{
  guint64 parsed = 0;

  if (value != NULL)
    *value = -1;

  if (text == NULL || *text == '\0')
    return TRUE;

  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                               _("The extension takes digits only"));
          return FALSE;
        }
    }

  if (strlen (text) > 9 || !g_ascii_string_to_unsigned (text, 10, 0, 999999999, &parsed, NULL))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("The extension has at most 9 digits"));
      return FALSE;
    }

  if (value != NULL)
    *value = (gint64) parsed;

  return TRUE;
}

gboolean
plumb_profile_check_initials (const char  *text,
                              GError     **error)
{
  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > PLUMB_INITIALS_MAX)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE, "Initials have at most %d character",
                                "Initials have at most %d characters", PLUMB_INITIALS_MAX),
                   PLUMB_INITIALS_MAX);
      return FALSE;
    }

  return TRUE;
}

static void
append_initial (GString    *out,
                const char *word)
{
  gunichar c;

  if (word == NULL)
    return;
  while (*word && !g_unichar_isalpha (g_utf8_get_char (word)))
    word = g_utf8_next_char (word);
  if (*word == '\0')
    return;

  c = g_unichar_toupper (g_utf8_get_char (word));
  g_string_append_unichar (out, c);
}

/* "Mary Ann" "van der Berg" gives "MAB": the first letters of each name,
 * first names first, cut to three. */
char *
plumb_profile_suggest_initials (const char *first_name,
                                const char *last_name)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) firsts = g_strsplit_set (first_name ? first_name : "", " -", -1);
  g_auto(GStrv) lasts = g_strsplit_set (last_name ? last_name : "", " -", -1);
  g_autoptr(GString) last_initials = g_string_new (NULL);

  for (guint i = 0; firsts[i]; i++)
    append_initial (out, firsts[i]);

  /* Of the last name, its capitalised parts: "van der Berg" gives "B". */
  for (guint i = 0; lasts[i]; i++)
    {
      if (*lasts[i] == '\0')
        continue;
      if (g_unichar_isupper (g_utf8_get_char (lasts[i])) || lasts[i + 1] == NULL)
        append_initial (last_initials, lasts[i]);
    }

  /* Keep the last name's initial even when first names are many. */
  while (g_utf8_strlen (out->str, -1) + g_utf8_strlen (last_initials->str, -1) > PLUMB_INITIALS_MAX &&
         g_utf8_strlen (out->str, -1) > 1)
    {
      const char *end = g_utf8_offset_to_pointer (out->str, g_utf8_strlen (out->str, -1) - 1);

      g_string_truncate (out, end - out->str);
    }
  g_string_append (out, last_initials->str);

  if (g_utf8_strlen (out->str, -1) > PLUMB_INITIALS_MAX)
    g_string_truncate (out, g_utf8_offset_to_pointer (out->str, PLUMB_INITIALS_MAX) - out->str);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
