/* plumb-sandbox-authorize.c: the sign-in pages of the login host
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /oauth/authorize lists the demo people to sign in as, or with
 * login_hint approves at once; the code goes to a loopback redirect or, for
 * urn:ietf:wg:oauth:2.0:oob, to a page that shows it.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "plumb-sandbox-private.h"

#define OOB_REDIRECT "urn:ietf:wg:oauth:2.0:oob"

/* The active record of @email in any company; the service account does not
 * sign in through a browser. */
PlumbSandboxUser *
plumb_sandbox_state_find_person (PlumbSandboxState *state,
                                 const char        *email)
{
  for (guint i = 0; email != NULL && i < state->companies->len; i++)
    {
      PlumbSandboxUser *user = plumb_sandbox_company_find_email (g_ptr_array_index (state->companies, i),
                                                                 email);

      if (user != NULL && user->is_active && user->id != PLUMB_SANDBOX_SERVICE_ACCOUNT_ID)
        return user;
    }
  return NULL;
}

static gboolean
redirect_allowed (const char *redirect_uri)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (g_strcmp0 (redirect_uri, OOB_REDIRECT) == 0)
    return TRUE;
  uri = redirect_uri != NULL ? g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  host = g_uri_get_host (uri);
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0 ||
         g_strcmp0 (host, "::1") == 0 || g_strcmp0 (host, "[::1]") == 0;
}

static void
page_start (GString    *html,
            const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  g_string_append_printf (html,
                          "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<title>%s</title>"
                          "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;}"
                          "a.person{display:block;padding:.8em;margin:.4em 0;border:1px solid #ccc;"
                          "border-radius:6px;text-decoration:none;color:inherit;}"
                          "code{font-size:1.4em;}</style></head><body><h1>%s</h1>\n",
                          escaped, escaped);
}

static void
respond_page (SoupServerMessage *msg,
              guint              status,
              GString           *html)
{
  g_string_append (html, "</body></html>\n");
  plumb_sandbox_respond_text (msg, status, "text/html; charset=utf-8", html->str, html->len);
}

static void
respond_page_error (SoupServerMessage *msg,
                    guint              status,
                    const char        *message)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  page_start (html, _("Sign-in failed"));
  g_string_append_printf (html, "<p id=\"error\">%s</p>\n", escaped);
  respond_page (msg, status, html);
}

static void
respond_chooser (PlumbSandboxRequest *req,
                 const char          *problem)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GString) base = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  /* The same request again, with the person's login hint added. */
  g_hash_table_iter_init (&iter, req->query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *k = NULL;
      g_autofree char *v = NULL;

      if (strcmp (key, "login_hint") == 0)
        continue;
      k = g_uri_escape_string (key, NULL, FALSE);
      v = g_uri_escape_string (value, NULL, FALSE);
      g_string_append_printf (base, "%s=%s&", k, v);
    }

  page_start (html, _("Sign in to the Plumbline sandbox"));
  if (problem != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (problem, -1);

      g_string_append_printf (html, "<p id=\"error\">%s</p>\n", escaped);
    }
  g_string_append_printf (html, "<p>%s</p>\n", _("Choose the demo person to sign in as."));
  for (guint i = 0; i < PLUMB_SANDBOX_N_DEMO_PEOPLE; i++)
    {
      const char *email, *name, *description;
      g_autofree char *hint = NULL;
      g_autofree char *href = NULL;
      g_autofree char *escaped = NULL;

      plumb_sandbox_demo_person (i, &email, &name, &description);
      hint = g_uri_escape_string (email, NULL, FALSE);
      href = g_strdup_printf ("/oauth/authorize?%slogin_hint=%s", base->str, hint);
      escaped = g_markup_printf_escaped ("<a class=\"person\" href=\"%s\"><strong>%s</strong> "
                                         "&lt;%s&gt;<br><small>%s</small></a>\n",
                                         href, name, email, description);
      g_string_append (html, escaped);
    }
  respond_page (req->msg, problem != NULL ? 404 : 200, html);
}

static void
authorize_cb (PlumbSandboxRequest *req,
              gpointer             user_data)
{
  PlumbSandboxState *state = req->state;
  const char *client_id = g_hash_table_lookup (req->query, "client_id");
  const char *redirect_uri = g_hash_table_lookup (req->query, "redirect_uri");
  const char *response_type = g_hash_table_lookup (req->query, "response_type");
  const char *login_hint = g_hash_table_lookup (req->query, "login_hint");
  const char *oauth_state = g_hash_table_lookup (req->query, "state");
  const char *challenge = g_hash_table_lookup (req->query, "code_challenge");
  const char *method = g_hash_table_lookup (req->query, "code_challenge_method");
  PlumbSandboxUser *person;
  g_autofree char *code = NULL;
  JsonObject *grant;

  if (strcmp (req->method, "GET") != 0)
    {
      respond_page_error (req->msg, 405, _("This page only answers GET."));
      return;
    }
  if (!plumb_sandbox_client_known (client_id))
    {
      respond_page_error (req->msg, 400, _("The application that sent you here is not known."));
      return;
    }
  if (!redirect_allowed (redirect_uri))
    {
      respond_page_error (req->msg, 400,
                          _("The redirect URI must be urn:ietf:wg:oauth:2.0:oob or a loopback address."));
      return;
    }
  if (g_strcmp0 (response_type, "code") != 0)
    {
      respond_page_error (req->msg, 400, _("Only response_type=code is supported."));
      return;
    }
  if (challenge != NULL && g_strcmp0 (method, "S256") != 0)
    {
      respond_page_error (req->msg, 400, _("Only the S256 code challenge method is supported."));
      return;
    }
  if (login_hint == NULL)
    {
      respond_chooser (req, NULL);
      return;
    }
  person = plumb_sandbox_state_find_person (state, login_hint);
  if (person == NULL)
    {
      respond_chooser (req, _("No active person has that email address."));
      return;
    }

  plumb_sandbox_sign_in (state, person->id);

  code = plumb_sandbox_random_secret ();
  grant = json_object_new ();
  json_object_set_int_member (grant, "user_id", person->id);
  json_object_set_string_member (grant, "client_id", client_id);
  json_object_set_string_member (grant, "redirect_uri", redirect_uri);
  if (challenge != NULL)
    json_object_set_string_member (grant, "code_challenge", challenge);
  json_object_set_int_member (grant, "expires_at",
                              plumb_sandbox_state_now (state) + PLUMB_SANDBOX_CODE_LIFETIME);
  g_hash_table_replace (state->codes, plumb_sandbox_hash_secret (code), grant);
  plumb_sandbox_state_changed (state);

  if (strcmp (redirect_uri, OOB_REDIRECT) == 0)
    {
      g_autofree char *location = g_strdup_printf ("/oauth/authorize/native?code=%s", code);

      soup_server_message_set_redirect (req->msg, 302, location);
    }
  else
    {
      g_autoptr(GUri) uri = g_uri_parse (redirect_uri, G_URI_FLAGS_ENCODED, NULL);
      g_autoptr(GString) query = g_string_new (g_uri_get_query (uri));
      g_autoptr(GUri) target = NULL;
      g_autofree char *location = NULL;

      if (query->len > 0)
        g_string_append_c (query, '&');
      g_string_append_printf (query, "code=%s", code);
      if (oauth_state != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (oauth_state, NULL, FALSE);

          g_string_append_printf (query, "&state=%s", escaped);
        }
      target = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                            g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                            query->str, NULL);
      location = g_uri_to_string (target);
      soup_server_message_set_redirect (req->msg, 302, location);
    }
}

/* What Procore shows after an out-of-band approval: the code to paste. */
static void
native_cb (PlumbSandboxRequest *req,
           gpointer             user_data)
{
  const char *code = g_hash_table_lookup (req->query, "code");
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *escaped = NULL;

  if (code == NULL)
    {
      respond_page_error (req->msg, 400, _("There is no authorization code to show."));
      return;
    }
  escaped = g_markup_escape_text (code, -1);
  page_start (html, _("Authorization code"));
  g_string_append_printf (html, "<p>%s</p>\n<p><code id=\"authorization-code\">%s</code></p>\n",
                          _("Copy this code and paste it into the application:"), escaped);
  respond_page (req->msg, 200, html);
}

void
plumb_sandbox_authorize_setup (PlumbSandboxState *state)
{
  plumb_sandbox_state_add_route (state, "/oauth/authorize", PLUMB_SANDBOX_ROUTE_PLAIN, authorize_cb, NULL);
  plumb_sandbox_state_add_route (state, "/oauth/authorize/native", PLUMB_SANDBOX_ROUTE_PLAIN, native_cb, NULL);
}
