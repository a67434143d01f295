/* plumb-store-json.c: JSON to and from the text the store keeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-store-private.h"

static void
append_string (GString    *out,
               const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');

  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape;
      char code[8];

      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        default:
          if (c >= 0x20)
            continue;
          g_snprintf (code, sizeof code, "\\u%04x", c);
          escape = code;
          break;
        }

      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }

  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_string (out, name);
            g_string_append_c (out, ':');
            append_node (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          append_string (out, json_node_get_string (node));
        else if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_DOUBLE)
          {
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.17g", json_node_get_double (node)));
          }
        else
          g_string_append (out, "null");
      }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* What json_to_string() writes, without a generator object and a string
 * per escaped value: storing 100,000 people spent a third of its time
 * there. */
void
plumb_store_json_append (GString  *out,
                         JsonNode *node)
{
  append_node (out, node);
}

char *
plumb_store_json_to_text (JsonNode *node)
{
  GString *out = g_string_sized_new (256);

  append_node (out, node);

  return g_string_free (out, FALSE);
}

JsonNode *
plumb_store_json_from_text (const char  *text,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = json_from_string (text, &local_error);

  if (node == NULL)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                   _("The offline copy holds damaged data: %s."),
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }

  return node;
}
