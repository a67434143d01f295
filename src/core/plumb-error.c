/* plumb-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "plumb-error.h"

/* Every PLUMB_ERROR can carry the messages a server gave per field (a 422
 * with {"errors":{"email_address":["has already been taken"]}}), the HTTP
 * status it came from and how long the server asked us to wait. The data
 * rides on the GError itself, so it survives g_error_copy() and GTask. */
typedef struct
{
  GHashTable *fields;   /* field name -> GPtrArray of char* */
  guint       http_status;
} PlumbErrorPrivate;

static void
plumb_error_private_init (PlumbErrorPrivate *priv)
{
  priv->fields = NULL;
  priv->http_status = 0;
}

static gpointer
copy_string (gconstpointer src,
             gpointer      data)
{
  return g_strdup (src);
}

static void
plumb_error_private_copy (const PlumbErrorPrivate *src,
                          PlumbErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->fields = NULL;

  if (src->fields != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      dest->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
      g_hash_table_iter_init (&iter, src->fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (dest->fields, g_strdup (key),
                             g_ptr_array_copy (value, copy_string, NULL));
    }
}

static void
plumb_error_private_clear (PlumbErrorPrivate *priv)
{
  g_clear_pointer (&priv->fields, g_hash_table_unref);
}

G_DEFINE_EXTENDED_ERROR (PlumbError, plumb_error)

const char *
plumb_error_code_to_string (PlumbErrorCode code)
{
  switch (code)
    {
    case PLUMB_ERROR_FAILED:         return "failed";
    case PLUMB_ERROR_INVALID_INPUT:  return "invalid-input";
    case PLUMB_ERROR_INSECURE_URL:   return "insecure-url";
    case PLUMB_ERROR_NETWORK:        return "network";
    case PLUMB_ERROR_UNAUTHORIZED:   return "unauthorized";
    case PLUMB_ERROR_FORBIDDEN:      return "forbidden";
    case PLUMB_ERROR_NOT_FOUND:      return "not-found";
    case PLUMB_ERROR_CONFLICT:       return "conflict";
    case PLUMB_ERROR_VALIDATION:     return "validation";
    case PLUMB_ERROR_RATE_LIMITED:   return "rate-limited";
    case PLUMB_ERROR_SERVER:         return "server";
    case PLUMB_ERROR_BAD_RESPONSE:   return "bad-response";
    case PLUMB_ERROR_NOT_SIGNED_IN:  return "not-signed-in";
    case PLUMB_ERROR_STATE_MISMATCH: return "state-mismatch";
    case PLUMB_ERROR_UNSUPPORTED:    return "unsupported";
    case PLUMB_ERROR_STORE:          return "store";
    case PLUMB_ERROR_UNCERTAIN:      return "uncertain";
    case PLUMB_ERROR_MISSING_COMPANY: return "missing-company";
    case PLUMB_ERROR_EXPIRED:        return "expired";
    default:                         return "unknown";
    }
}

void
plumb_error_add_field_message (GError     *error,
                               const char *field,
                               const char *message)
{
  PlumbErrorPrivate *priv;
  GPtrArray *list;

  g_return_if_fail (error != NULL && error->domain == PLUMB_ERROR);
  g_return_if_fail (field != NULL && message != NULL);

  priv = plumb_error_get_private (error);
  if (priv->fields == NULL)
    priv->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  list = g_hash_table_lookup (priv->fields, field);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (priv->fields, g_strdup (field), list);
    }
  g_ptr_array_add (list, g_strdup (message));
}

/* All messages about @field joined into one sentence-like line, or NULL. */
char *
plumb_error_dup_field_message (const GError *error,
                               const char   *field)
{
  PlumbErrorPrivate *priv;
  GPtrArray *list;
  GString *text;

  if (error == NULL || error->domain != PLUMB_ERROR || field == NULL)
    return NULL;

  priv = plumb_error_get_private (error);
  if (priv->fields == NULL || (list = g_hash_table_lookup (priv->fields, field)) == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < list->len; i++)
    {
      if (i > 0)
        g_string_append (text, "; ");
      g_string_append (text, g_ptr_array_index (list, i));
    }
  return g_string_free (text, FALSE);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names of the fields that carry messages, sorted; NULL-terminated. */
char **
plumb_error_dup_fields (const GError *error)
{
  PlumbErrorPrivate *priv;
  g_autofree gpointer *keys = NULL;
  guint n = 0;
  char **result;

  if (error == NULL || error->domain != PLUMB_ERROR)
    return g_new0 (char *, 1);

  priv = plumb_error_get_private (error);
  if (priv->fields == NULL)
    return g_new0 (char *, 1);

  keys = g_hash_table_get_keys_as_array (priv->fields, &n);
  result = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    result[i] = g_strdup (keys[i]);
  qsort (result, n, sizeof (char *), compare_strings);
  return result;
}

void
plumb_error_set_http_status (GError *error,
                             guint   status)
{
  g_return_if_fail (error != NULL && error->domain == PLUMB_ERROR);

  plumb_error_get_private (error)->http_status = status;
}

guint
plumb_error_get_http_status (const GError *error)
{
  if (error == NULL || error->domain != PLUMB_ERROR)
    return 0;

  return plumb_error_get_private (error)->http_status;
}
