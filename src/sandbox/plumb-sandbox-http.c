/* plumb-sandbox-http.c: reading requests and writing answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-private.h"

void
plumb_sandbox_upload_free (PlumbSandboxUpload *upload)
{
  g_clear_pointer (&upload->bytes, g_bytes_unref);
  g_free (upload->content_type);
  g_free (upload->filename);
  g_free (upload);
}

char *
plumb_sandbox_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
plumb_sandbox_parse_time (const char *text,
                          gint64     *unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL || *text == '\0')
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    {
      /* A bare date means midnight UTC that day. */
      g_autofree char *with_time = g_strconcat (text, "T00:00:00Z", NULL);

      dt = g_date_time_new_from_iso8601 (with_time, utc);
    }
  if (dt == NULL)
    return FALSE;
  *unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}

void
plumb_sandbox_respond_text (SoupServerMessage *msg,
                            guint              status,
                            const char        *content_type,
                            const char        *text,
                            gssize             length)
{
  if (length < 0)
    length = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text, length);
}

void
plumb_sandbox_respond_json (SoupServerMessage *msg,
                            guint              status,
                            JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  plumb_sandbox_respond_text (msg, status, "application/json; charset=utf-8", text, -1);
}

void
plumb_sandbox_respond_error (SoupServerMessage *msg,
                             guint              status,
                             const char        *code,
                             const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  plumb_sandbox_respond_json (msg, status, node);
}

void
plumb_sandbox_respond_message (SoupServerMessage *msg,
                               guint              status,
                               const char        *message,
                               const char        *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  plumb_sandbox_respond_json (msg, status, node);
}

void
plumb_sandbox_respond_field_errors (SoupServerMessage *msg,
                                    JsonObject        *errors)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_object_member (root, "errors", json_object_ref (errors));
  json_node_set_object (node, root);
  plumb_sandbox_respond_json (msg, 422, node);
}

void
plumb_sandbox_respond_oauth_error (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *error,
                                   const char        *description)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_set_member_name (b, "error_description");
  json_builder_add_string_value (b, description);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  plumb_sandbox_respond_json (msg, status, node);
}

const char *
plumb_sandbox_request_header (PlumbSandboxRequest *req,
                              const char          *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

static gboolean
content_type_is (PlumbSandboxRequest *req,
                 const char          *wanted)
{
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (req->msg), NULL);

  return type != NULL && g_ascii_strcasecmp (type, wanted) == 0;
}

JsonNode *
plumb_sandbox_request_json (PlumbSandboxRequest *req)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (req->body, &len);

  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static void
form_from_json (JsonObject *object,
                GHashTable *form)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (JSON_NODE_HOLDS_VALUE (node))
        {
          GValue value = G_VALUE_INIT;
          GValue text = G_VALUE_INIT;

          json_node_get_value (node, &value);
          g_value_init (&text, G_TYPE_STRING);
          if (g_value_transform (&value, &text))
            g_hash_table_insert (form, g_strdup (l->data), g_value_dup_string (&text));
          g_value_unset (&value);
          g_value_unset (&text);
        }
    }
}

/* Form fields of a urlencoded, multipart or JSON body, for the endpoints
 * that take all three. Files of a multipart body go to @uploads. */
GHashTable *
plumb_sandbox_request_form (PlumbSandboxRequest  *req,
                            GHashTable          **uploads)
{
  GHashTable *form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (uploads != NULL)
    *uploads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) plumb_sandbox_upload_free);

  if (content_type_is (req, "multipart/form-data"))
    {
      g_autoptr(SoupMultipart) multipart =
        soup_multipart_new_from_message (soup_server_message_get_request_headers (req->msg),
                                         req->body);

      for (int i = 0; multipart != NULL && i < soup_multipart_get_length (multipart); i++)
        {
          SoupMessageHeaders *headers = NULL;
          GBytes *part = NULL;
          g_autofree char *disposition = NULL;
          g_autoptr(GHashTable) params = NULL;
          const char *name;
          const char *filename;

          if (!soup_multipart_get_part (multipart, i, &headers, &part))
            continue;
          if (!soup_message_headers_get_content_disposition (headers, &disposition, &params))
            continue;
          name = g_hash_table_lookup (params, "name");
          filename = g_hash_table_lookup (params, "filename");
          if (name == NULL)
            continue;
          if (filename != NULL)
            {
              PlumbSandboxUpload *upload;

              if (uploads == NULL)
                continue;
              upload = g_new0 (PlumbSandboxUpload, 1);
              upload->bytes = g_bytes_ref (part);
              upload->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
              upload->filename = g_strdup (filename);
              g_hash_table_replace (*uploads, g_strdup (name), upload);
            }
          else
            {
              gsize len;
              const char *data = g_bytes_get_data (part, &len);

              g_hash_table_replace (form, g_strdup (name), g_strndup (data, len));
            }
        }
    }
  else if (content_type_is (req, "application/json"))
    {
      g_autoptr(JsonNode) node = plumb_sandbox_request_json (req);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        form_from_json (json_node_get_object (node), form);
    }
  else
    {
      gsize len;
      const char *data = g_bytes_get_data (req->body, &len);
      g_autofree char *text = g_strndup (data, len);
      GHashTable *decoded = soup_form_decode (text);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, decoded);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (form, g_strdup (key), g_strdup (value));
      g_hash_table_unref (decoded);
    }

  return form;
}
