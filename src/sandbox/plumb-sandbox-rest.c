/* plumb-sandbox-rest.c: /rest/, who is calling and for which company
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-private.h"

#define MISSING_COMPANY_HEADER "Missing Procore-Company-Id header!"

static void
respond_unauthorized (PlumbSandboxRequest *req)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "WWW-Authenticate",
                                "Bearer realm=\"Procore\", error=\"invalid_token\"");
  plumb_sandbox_respond_error (req->msg, 401, "unauthorized",
                               "The access token is missing, invalid, expired or revoked.");
}

static void
respond_company_header (PlumbSandboxRequest *req,
                        const char          *message)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "errors", message);
  json_node_set_object (node, o);
  plumb_sandbox_respond_json (req->msg, 400, node);
}

static void
respond_not_found (PlumbSandboxRequest *req)
{
  plumb_sandbox_respond_error (req->msg, 404, "not_found", "The resource could not be found.");
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

/* The caller's active record in @company, or NULL when the caller is not a
 * member there (which the API answers with 404). */
static PlumbSandboxUser *
member (PlumbSandboxCompany *company,
        PlumbSandboxToken   *token)
{
  PlumbSandboxUser *user;

  if (company == NULL)
    return NULL;
  user = plumb_sandbox_company_find (company, token->user_id);
  return user != NULL && user->is_active ? user : NULL;
}

static void
me_cb (PlumbSandboxRequest *req,
       PlumbSandboxToken   *token)
{
  PlumbSandboxUser *user = NULL;
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *name = NULL;

  for (guint i = 0; user == NULL && i < req->state->companies->len; i++)
    user = member (g_ptr_array_index (req->state->companies, i), token);
  if (user == NULL)
    {
      respond_unauthorized (req);
      return;
    }
  name = plumb_sandbox_user_name (user);
  json_object_set_int_member (o, "id", user->id);
  json_object_set_string_member (o, "login", user->email_address);
  json_object_set_string_member (o, "name", name);
  json_node_set_object (node, o);
  plumb_sandbox_respond_json (req->msg, 200, node);
}

static void
companies_cb (PlumbSandboxRequest *req,
              PlumbSandboxToken   *token)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < req->state->companies->len; i++)
    {
      PlumbSandboxCompany *company = g_ptr_array_index (req->state->companies, i);
      JsonObject *o;

      if (member (company, token) == NULL)
        continue;
      o = json_object_new ();
      json_object_set_int_member (o, "id", company->id);
      json_object_set_string_member (o, "name", company->name);
      json_object_set_boolean_member (o, "is_active", TRUE);
      json_array_add_object_element (array, o);
    }
  json_node_take_array (node, array);
  plumb_sandbox_respond_json (req->msg, 200, node);
}

static JsonObject *
tool (const char         *name,
      PlumbSandboxAccess  access,
      const char *const  *actions)
{
  JsonObject *o = json_object_new ();
  JsonObject *level = json_object_new ();
  JsonArray *permitted = json_array_new ();

  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (level, "name", plumb_sandbox_access_name (access));
  json_object_set_object_member (o, "user_access_level", level);
  for (guint i = 0; actions != NULL && actions[i] != NULL; i++)
    {
      JsonObject *action = json_object_new ();

      json_object_set_string_member (action, "action_name", actions[i]);
      json_array_add_object_element (permitted, action);
    }
  json_object_set_array_member (o, "permitted_actions", permitted);
  return o;
}

static void
permissions_cb (PlumbSandboxRequest *req,
                PlumbSandboxToken   *token,
                gint64               header_company)
{
  static const char *const create_users[] = { PLUMB_SANDBOX_ACTION_CREATE_USERS, NULL };
  const char *company_param = g_hash_table_lookup (req->query, "company_id");
  gint64 company_id = header_company;
  PlumbSandboxUser *caller;
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *tools = json_array_new ();

  if (company_param != NULL && !parse_id (company_param, &company_id))
    company_id = 0;
  caller = member (plumb_sandbox_state_find_company (req->state, company_id), token);
  if (caller == NULL)
    {
      json_array_unref (tools);
      respond_not_found (req);
      return;
    }
  json_array_add_object_element (tools,
                                 tool (PLUMB_SANDBOX_TOOL_DIRECTORY, caller->directory_access,
                                       caller->directory_access == PLUMB_SANDBOX_ACCESS_ADMIN ||
                                       caller->can_create_users ? create_users : NULL));
  json_array_add_object_element (tools,
                                 tool ("Admin", caller->directory_access == PLUMB_SANDBOX_ACCESS_ADMIN
                                                ? PLUMB_SANDBOX_ACCESS_ADMIN : PLUMB_SANDBOX_ACCESS_NONE,
                                       NULL));
  json_object_set_array_member (o, "tools", tools);
  json_node_set_object (node, o);
  plumb_sandbox_respond_json (req->msg, 200, node);
}

static gboolean
is_version (const char *part,
            const char *const *accepted)
{
  return part != NULL && g_strv_contains (accepted, part);
}

static void
rest_cb (PlumbSandboxRequest *req,
         gpointer             user_data)
{
  static const char *const v10[] = { "v1.0", NULL };
  static const char *const users_versions[] = { "v1.0", "v1.1", "v1.2", "v1.3", NULL };
  PlumbSandboxToken *token = plumb_sandbox_request_token (req);
  const char *header = plumb_sandbox_request_header (req, "Procore-Company-Id");
  g_auto(GStrv) parts = g_strsplit (req->path, "/", -1);
  guint n = g_strv_length (parts);
  gboolean company_free_path;
  gint64 header_company = 0;
  gint64 path_company = 0;
  PlumbSandboxCompany *company;
  PlumbSandboxUser *caller;

  /* parts: "", "rest", version, ... ; a trailing slash adds an empty part */
  if (n > 0 && *parts[n - 1] == '\0')
    {
      g_free (parts[n - 1]);
      parts[--n] = NULL;
    }

  if (token == NULL)
    {
      respond_unauthorized (req);
      return;
    }

  company_free_path = n == 4 && is_version (parts[2], v10) &&
                      (strcmp (parts[3], "me") == 0 || strcmp (parts[3], "companies") == 0);
  if (header == NULL && (!company_free_path || token->service))
    {
      respond_company_header (req, MISSING_COMPANY_HEADER);
      return;
    }
  if (header != NULL && !parse_id (header, &header_company))
    {
      respond_company_header (req, "Invalid Procore-Company-Id header!");
      return;
    }

  if (company_free_path && strcmp (req->method, "GET") == 0)
    {
      if (strcmp (parts[3], "me") == 0)
        me_cb (req, token);
      else
        companies_cb (req, token);
      return;
    }
  if (n == 5 && is_version (parts[2], v10) && strcmp (parts[3], "settings") == 0 &&
      strcmp (parts[4], "permissions") == 0 && strcmp (req->method, "GET") == 0)
    {
      permissions_cb (req, token, header_company);
      return;
    }

  if (n < 6 || !is_version (parts[2], users_versions) || strcmp (parts[3], "companies") != 0)
    {
      plumb_sandbox_respond_message (req->msg, 404, "Not Found", "not_found");
      return;
    }
  if (!parse_id (parts[4], &path_company))
    {
      respond_not_found (req);
      return;
    }
  if (path_company != header_company)
    {
      respond_company_header (req, "Procore-Company-Id header does not match the company in the path!");
      return;
    }
  company = plumb_sandbox_state_find_company (req->state, path_company);
  caller = member (company, token);
  if (caller == NULL)
    {
      respond_not_found (req);
      return;
    }

  plumb_sandbox_rest_users (req, company, caller, parts + 5, n - 5);
}

static void
rest_setup (PlumbSandboxState *state)
{
  plumb_sandbox_state_add_route (state, "/rest/",
                                 PLUMB_SANDBOX_ROUTE_RATE_LIMITED | PLUMB_SANDBOX_ROUTE_FAULTS,
                                 rest_cb, NULL);
}

const PlumbSandboxModule plumb_sandbox_rest_module = {
  .name = "rest",
  .setup = rest_setup,
};
