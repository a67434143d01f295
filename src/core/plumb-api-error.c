/* plumb-api-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Procore answers errors in several shapes (shared/PROCORE-API.md):
 *   {"error":{"code":..,"message":..}}
 *   {"message":..,"error":..}
 *   {"errors":{"field":["msg", ...]}}
 *   {"errors":"Missing Procore-Company-Id header!"}   (and lists of strings)
 *   {"error":"invalid_grant","error_description":..}  (the OAuth endpoints)
 * They all end up here, in PLUMB_ERROR with per-field messages attached.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "plumb-api-error.h"
#include "plumb-error.h"

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* "user[email_address]" and "user.email_address" name the same field as
 * "email_address": a form looks fields up by the API's own name. */
static char *
normal_field_name (const char *name)
{
  const char *open = strchr (name, '[');
  const char *dot = strchr (name, '.');

  if (open != NULL && g_str_has_suffix (name, "]") && strchr (open + 1, '[') == NULL)
    return g_strndup (open + 1, strlen (open + 1) - 1);
  if (dot != NULL && strchr (dot + 1, '.') == NULL)
    return g_strdup (dot + 1);
  return g_strdup (name);
}

static void
add_field_messages (GError     *error,
                    JsonObject *fields,
                    GString    *summary)
{
  g_autoptr(GList) names = json_object_get_members (fields);

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (fields, l->data);
      g_autofree char *field = normal_field_name (l->data);
      g_autoptr(GPtrArray) messages = g_ptr_array_new ();

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
                g_ptr_array_add (messages, (gpointer) json_node_get_string (element));
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (messages, (gpointer) json_node_get_string (node));

      for (guint i = 0; i < messages->len; i++)
        {
          const char *message = g_ptr_array_index (messages, i);
          g_autofree char *readable = g_strdelimit (g_strdup (field), "_", ' ');

          plumb_error_add_field_message (error, field, message);
          if (summary->len > 0)
            g_string_append (summary, "; ");
          /* Procore's messages complete a sentence that starts with the field. */
          g_string_append_printf (summary, "%s %s", readable, message);
        }
    }
}

static PlumbErrorCode
code_for_status (guint status)
{
  if (status == 400 || status == 422)
    return PLUMB_ERROR_VALIDATION;
  if (status == 401)
    return PLUMB_ERROR_UNAUTHORIZED;
  if (status == 403)
    return PLUMB_ERROR_FORBIDDEN;
  if (status == 404)
    return PLUMB_ERROR_NOT_FOUND;
  if (status == 409)
    return PLUMB_ERROR_CONFLICT;
  if (status == 429)
    return PLUMB_ERROR_RATE_LIMITED;
  if (status >= 500)
    return PLUMB_ERROR_SERVER;
  if (status >= 200 && status < 300)
    return PLUMB_ERROR_BAD_RESPONSE;
  return PLUMB_ERROR_FAILED;
}

static const char *
sentence_for_code (PlumbErrorCode code)
{
  switch (code)
    {
    case PLUMB_ERROR_VALIDATION:
      return _("Procore did not accept the request.");
    case PLUMB_ERROR_UNAUTHORIZED:
      return _("Procore no longer accepts this sign-in. Sign in again.");
    case PLUMB_ERROR_FORBIDDEN:
      return _("Your Procore account does not have permission to do this.");
    case PLUMB_ERROR_NOT_FOUND:
      return _("Procore could not find this, or your account may not see it.");
    case PLUMB_ERROR_CONFLICT:
      return _("This conflicts with something that already exists in Procore.");
    case PLUMB_ERROR_RATE_LIMITED:
      return _("Procore is asking us to slow down. Try again in a minute.");
    case PLUMB_ERROR_SERVER:
      return _("Procore had a problem answering. Try again later.");
    case PLUMB_ERROR_BAD_RESPONSE:
      return _("Procore sent an answer that could not be read.");
    case PLUMB_ERROR_MISSING_COMPANY:
      return _("Choose a company first: Procore needs to know which company this is for.");
    case PLUMB_ERROR_NOT_SIGNED_IN:
      return _("The sign-in has expired or was withdrawn. Sign in again.");
    case PLUMB_ERROR_FAILED:
    case PLUMB_ERROR_INVALID_INPUT:
    case PLUMB_ERROR_INSECURE_URL:
    case PLUMB_ERROR_NETWORK:
    case PLUMB_ERROR_STATE_MISMATCH:
    case PLUMB_ERROR_UNSUPPORTED:
    case PLUMB_ERROR_STORE:
    case PLUMB_ERROR_UNCERTAIN:
    case PLUMB_ERROR_EXPIRED:
    default:
      return _("Procore answered with an error.");
    }
}

GError *
plumb_api_error_from_response (guint               status,
                               SoupMessageHeaders *headers,
                               GBytes             *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  PlumbErrorCode code = code_for_status (status);
  JsonObject *object = NULL;
  const char *data = NULL;
  gsize len = 0;

  /* The fields are filled in after the error exists, so start with a blank
   * one and set the message at the end. */
  error = g_error_new_literal (PLUMB_ERROR, code, "");
  plumb_error_set_http_status (error, status);

  if (body != NULL)
    data = g_bytes_get_data (body, &len);
  if (data != NULL && len > 0 && json_parser_load_from_data (parser, data, len, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        object = json_node_get_object (root);
    }

  if (object != NULL)
    {
      JsonNode *error_node = json_object_get_member (object, "error");
      JsonNode *errors_node = json_object_get_member (object, "errors");
      const char *message = string_member (object, "message");
      const char *description = string_member (object, "error_description");

      if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
        {
          JsonObject *inner = json_node_get_object (error_node);
          const char *inner_message = string_member (inner, "message");
          JsonNode *inner_fields = json_object_get_member (inner, "errors");

          if (inner_message != NULL)
            g_string_append (detail, inner_message);
          if (inner_fields != NULL && JSON_NODE_HOLDS_OBJECT (inner_fields))
            add_field_messages (error, json_node_get_object (inner_fields), detail);
        }
      else if (description != NULL)
        {
          /* OAuth: a grant that is spent or withdrawn means signing in again. */
          const char *oauth_error = string_member (object, "error");

          g_string_append (detail, description);
          if (g_strcmp0 (oauth_error, "invalid_grant") == 0)
            code = PLUMB_ERROR_NOT_SIGNED_IN;
          else if (g_strcmp0 (oauth_error, "invalid_client") == 0)
            code = PLUMB_ERROR_UNAUTHORIZED;
        }
      else if (message != NULL)
        g_string_append (detail, message);
      else if (string_member (object, "error") != NULL)
        g_string_append (detail, string_member (object, "error"));

      if (errors_node != NULL && JSON_NODE_HOLDS_OBJECT (errors_node))
        add_field_messages (error, json_node_get_object (errors_node), detail);
      else if (errors_node != NULL && JSON_NODE_HOLDS_VALUE (errors_node) &&
               json_node_get_value_type (errors_node) == G_TYPE_STRING)
        g_string_append (detail, json_node_get_string (errors_node));
      else if (errors_node != NULL && JSON_NODE_HOLDS_ARRAY (errors_node))
        {
          JsonArray *array = json_node_get_array (errors_node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
                continue;
              if (detail->len > 0)
                g_string_append (detail, "; ");
              g_string_append (detail, json_node_get_string (element));
            }
        }
    }

  if (strstr (detail->str, "Procore-Company-Id") != NULL)
    code = PLUMB_ERROR_MISSING_COMPANY;

  error->code = code;
  g_free (error->message);
  if (detail->len > 0)
    error->message = g_strdup_printf ("%s (%s)", sentence_for_code (code), detail->str);
  else
    error->message = g_strdup_printf (_("%s (HTTP %u)"), sentence_for_code (code), status);

  return g_steal_pointer (&error);
}

/* A failure below HTTP. When the request may have reached the server and
 * changes something, say so: the caller must look before repeating it. */
GError *
plumb_api_error_from_transport (const GError *error,
                                gboolean      idempotent)
{
  gboolean never_sent = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
                        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
                        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
                        error->domain == G_RESOLVER_ERROR;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (!idempotent && !never_sent)
    return g_error_new (PLUMB_ERROR, PLUMB_ERROR_UNCERTAIN,
                        _("The connection to Procore broke before it answered, so the change may or may not have been made. Check before trying again (%s)."),
                        error->message);

  return g_error_new (PLUMB_ERROR, PLUMB_ERROR_NETWORK,
                      _("Could not reach Procore. Check the network connection (%s)."),
                      error->message);
}
