/* plumb-sandbox-portal.c: the certification portal under /certification/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The operations the relinking scenarios need (PROCORE-API.md part 2):
 *   POST  /certification/sessions          {"email","password"} -> {"session","profile"}
 *   POST  /certification/password/forgot   {"email"} -> 202, mails a reset link
 *   POST  /certification/password/reset    {"token","password"} -> {"email"}
 *   GET   /certification/reset?token=      the page the emailed link opens
 *   GET   /certification/profile           (session) -> profile
 *   PATCH /certification/profile           {"profile":{"email"}} -> profile
 *   POST  /certification/procore-session   (Procore Bearer token) -> {"session","email","profile"}
 *   GET   /certification/registrations     (session) -> {"email","registrations":[...]}
 *   GET   /certification/admin/learners?email=       (admin key) -> {"learner"}
 *   GET   /certification/admin/registrations?email=  (admin key) -> {"email","registrations"}
 * Sessions travel as "Authorization: Bearer"; the admin key as HTTP Basic
 * user name. Errors are {"error": code, "message": text} with the status
 * the code implies.
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-portal-private.h"

static PlumbSandboxPortal *
get_portal (PlumbSandboxState *state)
{
  return plumb_sandbox_state_get_module_data (state, PLUMB_SANDBOX_PORTAL_MODULE);
}

static void
respond_portal_error (PlumbSandboxRequest *req,
                      guint                status,
                      const char          *code,
                      const char          *message)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "error", code);
  json_object_set_string_member (o, "message", message);
  json_node_set_object (node, o);
  plumb_sandbox_respond_json (req->msg, status, node);
}

static JsonObject *
body_object (PlumbSandboxRequest *req,
             JsonNode           **holder)
{
  *holder = plumb_sandbox_request_json (req);
  if (*holder == NULL || !JSON_NODE_HOLDS_OBJECT (*holder))
    return NULL;
  return json_node_get_object (*holder);
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
bearer (PlumbSandboxRequest *req)
{
  const char *header = plumb_sandbox_request_header (req, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  return header + 7;
}

static void
forget_expired (PlumbSandboxPortal *portal,
                gint64              now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, portal->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((PlumbSandboxPortalSession *) value)->expires_at <= now)
      g_hash_table_iter_remove (&iter);
}

static char *
open_session (PlumbSandboxState *state,
              gint64             learner_id,
              const char        *procore_email)
{
  PlumbSandboxPortal *portal = get_portal (state);
  PlumbSandboxPortalSession *session = g_new0 (PlumbSandboxPortalSession, 1);
  gint64 now = plumb_sandbox_state_now (state);
  char *secret = plumb_sandbox_random_secret ();

  forget_expired (portal, now);
  session->hash = plumb_sandbox_hash_secret (secret);
  session->learner_id = learner_id;
  session->procore_email = g_strdup (procore_email);
  session->expires_at = now + PLUMB_SANDBOX_PORTAL_SESSION_LIFETIME;
  g_hash_table_replace (portal->sessions, session->hash, session);
  return secret;
}

static PlumbSandboxPortalSession *
find_session (PlumbSandboxRequest *req)
{
  PlumbSandboxPortal *portal = get_portal (req->state);
  const char *secret = bearer (req);
  g_autofree char *hash = NULL;
  PlumbSandboxPortalSession *session;

  if (secret == NULL || *secret == '\0')
    return NULL;
  hash = plumb_sandbox_hash_secret (secret);
  session = g_hash_table_lookup (portal->sessions, hash);
  if (session == NULL || session->expires_at <= plumb_sandbox_state_now (req->state))
    return NULL;
  return session;
}

/* The learner a session stands for: its own for a password sign-in, the
 * one holding the Procore email (if any) for a Procore sign-in. */
static PlumbSandboxLearner *
session_learner (PlumbSandboxPortal        *portal,
                 PlumbSandboxPortalSession *session)
{
  if (session->learner_id != 0)
    return plumb_sandbox_portal_find_id (portal, session->learner_id);
  return plumb_sandbox_portal_find_email (portal, session->procore_email);
}

static gboolean
require_method (PlumbSandboxRequest *req,
                const char          *method)
{
  if (strcmp (req->method, method) == 0)
    return TRUE;
  respond_portal_error (req, 405, "method_not_allowed", "This address does not take that method.");
  return FALSE;
}

static gboolean
email_valid (const char *email)
{
  const char *at;

  if (email == NULL || strlen (email) > 254 || strpbrk (email, " \t\r\n<>,;\"") != NULL)
    return FALSE;
  at = strchr (email, '@');
  return at != NULL && at != email && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' && email[strlen (email) - 1] != '.';
}

static void
respond_session (PlumbSandboxRequest *req,
                 guint                status,
                 const char          *secret,
                 const char          *procore_email,
                 PlumbSandboxLearner *learner)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "session", secret);
  json_object_set_int_member (o, "expires_in", PLUMB_SANDBOX_PORTAL_SESSION_LIFETIME);
  if (procore_email != NULL)
    json_object_set_string_member (o, "email", procore_email);
  if (learner != NULL)
    json_object_set_member (o, "profile", plumb_sandbox_portal_profile_json (learner));
  else
    json_object_set_null_member (o, "profile");
  json_node_set_object (node, o);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "no-store");
  plumb_sandbox_respond_json (req->msg, status, node);
}

static void
respond_locked (PlumbSandboxRequest *req,
                gint64               seconds)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (seconds, 1));

  json_object_set_string_member (o, "error", "locked");
  json_object_set_string_member (o, "message", "Too many wrong passwords. Try again later or reset the password.");
  json_object_set_int_member (o, "retry_after", MAX (seconds, 1));
  json_node_set_object (node, o);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", text);
  plumb_sandbox_respond_json (req->msg, 423, node);
}

static void
sign_in (PlumbSandboxRequest *req)
{
  PlumbSandboxPortal *portal = get_portal (req->state);
  g_autoptr(JsonNode) holder = NULL;
  JsonObject *o = body_object (req, &holder);
  const char *email = string_member (o, "email");
  const char *password = string_member (o, "password");
  gint64 now = plumb_sandbox_state_now (req->state);
  PlumbSandboxLearner *learner;
  g_autofree char *secret = NULL;

  if (!require_method (req, "POST"))
    return;
  if (email == NULL || password == NULL)
    {
      respond_portal_error (req, 400, "bad_request", "Send {\"email\": ..., \"password\": ...}.");
      return;
    }
  learner = plumb_sandbox_portal_find_email (portal, email);
  if (learner == NULL)
    {
      respond_portal_error (req, 404, "unknown_email", "No learner has this email.");
      return;
    }
  if (learner->via_procore || learner->password_hash == NULL)
    {
      respond_portal_error (req, 403, "managed_by_procore",
                            "This profile signs in through Procore and has no password here.");
      return;
    }
  if (learner->locked_until > now)
    {
      respond_locked (req, learner->locked_until - now);
      return;
    }
  if (learner->locked_until != 0)
    {
      learner->locked_until = 0;
      learner->failed_attempts = 0;
    }
  if (!plumb_sandbox_portal_check_password (learner, password))
    {
      g_autoptr(JsonObject) e = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      learner->failed_attempts++;
      plumb_sandbox_state_changed (req->state);
      if (learner->failed_attempts >= PLUMB_SANDBOX_PORTAL_MAX_ATTEMPTS)
        {
          learner->locked_until = now + PLUMB_SANDBOX_PORTAL_LOCK_SECONDS;
          respond_locked (req, PLUMB_SANDBOX_PORTAL_LOCK_SECONDS);
          return;
        }
      json_object_set_string_member (e, "error", "wrong_password");
      json_object_set_string_member (e, "message", "The password is not right.");
      json_object_set_int_member (e, "attempts_left",
                                  PLUMB_SANDBOX_PORTAL_MAX_ATTEMPTS - learner->failed_attempts);
      json_node_set_object (node, e);
      plumb_sandbox_respond_json (req->msg, 401, node);
      return;
    }

  learner->failed_attempts = 0;
  learner->last_sign_in_at = now;
  plumb_sandbox_state_changed (req->state);
  secret = open_session (req->state, learner->id, NULL);
  respond_session (req, 201, secret, NULL, learner);
}

static void
send_reset_mail (PlumbSandboxState   *state,
                 PlumbSandboxLearner *learner,
                 const char          *secret)
{
  g_autofree char *link = g_strdup_printf ("%s/certification/reset?token=%s",
                                           state->base_url != NULL ? state->base_url : "", secret);
  g_autofree char *body = g_strdup_printf (
    "Hi %s,\n\n"
    "Someone asked to reset the password of your Procore Certification account (%s).\n"
    "Follow this link to create a new password. It works once, within %d minutes:\n%s\n\n"
    "If you did not ask for this, you can ignore this email.\n\n"
    "Procore Certification\n",
    learner->first_name, learner->email, PLUMB_SANDBOX_PORTAL_RESET_LIFETIME / 60, link);

  plumb_sandbox_mailbox_append (state, PLUMB_SANDBOX_PORTAL_MAIL_FROM, learner->email,
                                "Password Reset", body, "password-reset", 0, 0,
                                plumb_sandbox_state_now (state));
}

static void
forgot_password (PlumbSandboxRequest *req)
{
  PlumbSandboxPortal *portal = get_portal (req->state);
  g_autoptr(JsonNode) holder = NULL;
  JsonObject *o = body_object (req, &holder);
  const char *email = string_member (o, "email");
  PlumbSandboxLearner *learner;
  PlumbSandboxResetToken *token;
  g_autofree char *secret = NULL;

  if (!require_method (req, "POST"))
    return;
  if (email == NULL)
    {
      respond_portal_error (req, 400, "bad_request", "Send {\"email\": ...}.");
      return;
    }
  learner = plumb_sandbox_portal_find_email (portal, email);
  if (learner == NULL)
    {
      respond_portal_error (req, 404, "unknown_email", "No learner has this email.");
      return;
    }
  if (learner->via_procore)
    {
      respond_portal_error (req, 403, "managed_by_procore",
                            "This profile signs in through Procore and has no password here.");
      return;
    }

  secret = plumb_sandbox_random_secret ();
  token = g_new0 (PlumbSandboxResetToken, 1);
  token->hash = plumb_sandbox_hash_secret (secret);
  token->learner_id = learner->id;
  token->expires_at = plumb_sandbox_state_now (req->state) + PLUMB_SANDBOX_PORTAL_RESET_LIFETIME;
  g_hash_table_replace (portal->reset_tokens, token->hash, token);
  /* Mail to a closed mailbox bounces: nothing arrives anywhere. */
  if (!learner->inbox_gone)
    send_reset_mail (req->state, learner, secret);
  plumb_sandbox_state_changed (req->state);

  {
    g_autoptr(JsonObject) answer = json_object_new ();
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_object_set_string_member (answer, "email", learner->email);
    json_object_set_int_member (answer, "expires_in", PLUMB_SANDBOX_PORTAL_RESET_LIFETIME);
    json_node_set_object (node, answer);
    plumb_sandbox_respond_json (req->msg, 202, node);
  }
}

static PlumbSandboxResetToken *
find_reset_token (PlumbSandboxPortal *portal,
                  const char         *secret)
{
  g_autofree char *hash = NULL;

  if (secret == NULL || *secret == '\0')
    return NULL;
  hash = plumb_sandbox_hash_secret (secret);
  return g_hash_table_lookup (portal->reset_tokens, hash);
}

/* Answers FALSE after explaining why @token cannot be used. */
static gboolean
check_reset_token (PlumbSandboxRequest    *req,
                   PlumbSandboxResetToken *token)
{
  if (token == NULL)
    {
      respond_portal_error (req, 404, "invalid_token", "This reset link is not one the portal sent.");
      return FALSE;
    }
  if (token->used)
    {
      respond_portal_error (req, 410, "used_token", "This reset link was already used.");
      return FALSE;
    }
  if (token->expires_at <= plumb_sandbox_state_now (req->state))
    {
      respond_portal_error (req, 410, "expired_token", "This reset link has expired.");
      return FALSE;
    }
  return TRUE;
}

static void
complete_reset (PlumbSandboxRequest *req)
{
  PlumbSandboxPortal *portal = get_portal (req->state);
  g_autoptr(JsonNode) holder = NULL;
  JsonObject *o = body_object (req, &holder);
  const char *password = string_member (o, "password");
  PlumbSandboxResetToken *token;
  PlumbSandboxLearner *learner;

  if (!require_method (req, "POST"))
    return;
  if (string_member (o, "token") == NULL || password == NULL)
    {
      respond_portal_error (req, 400, "bad_request", "Send {\"token\": ..., \"password\": ...}.");
      return;
    }
  token = find_reset_token (portal, string_member (o, "token"));
  if (!check_reset_token (req, token))
    return;
  learner = plumb_sandbox_portal_find_id (portal, token->learner_id);
  if (learner == NULL)
    {
      respond_portal_error (req, 404, "invalid_token", "This reset link is not one the portal sent.");
      return;
    }
  if (g_utf8_strlen (password, -1) < PLUMB_SANDBOX_PORTAL_MIN_PASSWORD)
    {
      respond_portal_error (req, 422, "weak_password", "The password needs at least 8 characters.");
      return;
    }

  plumb_sandbox_portal_set_password (learner, password);
  learner->failed_attempts = 0;
  learner->locked_until = 0;
  token->used = TRUE;
  plumb_sandbox_state_changed (req->state);

  {
    g_autoptr(JsonObject) answer = json_object_new ();
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_object_set_string_member (answer, "email", learner->email);
    json_node_set_object (node, answer);
    plumb_sandbox_respond_json (req->msg, 200, node);
  }
}

/* What a browser shows for the emailed link; Plumbline itself reads the
 * token from the link and never opens this page. */
static void
reset_page (PlumbSandboxRequest *req)
{
  PlumbSandboxPortal *portal = get_portal (req->state);
  PlumbSandboxResetToken *token = find_reset_token (portal, g_hash_table_lookup (req->query, "token"));
  const char *state = token == NULL ? "This link is not one Procore Certification sent."
                      : token->used ? "This link was already used."
                      : token->expires_at <= plumb_sandbox_state_now (req->state) ? "This link has expired."
                      : "Create a new password for your Procore Certification account.";
  g_autofree char *html = g_strdup_printf (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Reset My Password</title></head>"
    "<body><h1>Reset My Password</h1><p id=\"reset-state\">%s</p></body></html>", state);

  if (!require_method (req, "GET"))
    return;
  plumb_sandbox_respond_text (req->msg, 200, "text/html; charset=utf-8", html, -1);
}

static void
profile (PlumbSandboxRequest *req)
{
  PlumbSandboxPortal *portal = get_portal (req->state);
  PlumbSandboxPortalSession *session = find_session (req);
  PlumbSandboxLearner *learner = session != NULL ? session_learner (portal, session) : NULL;
  g_autoptr(JsonNode) holder = NULL;
  JsonObject *o;
  JsonObject *fields;
  const char *email;
  PlumbSandboxLearner *holder_learner;

  if (session == NULL)
    {
      respond_portal_error (req, 401, "invalid_session", "Sign in again.");
      return;
    }
  if (learner == NULL)
    {
      respond_portal_error (req, 404, "no_profile", "No profile carries this email yet.");
      return;
    }
  if (strcmp (req->method, "GET") == 0)
    {
      g_autoptr(JsonNode) node = plumb_sandbox_portal_profile_json (learner);

      plumb_sandbox_respond_json (req->msg, 200, node);
      return;
    }
  if (!require_method (req, "PATCH"))
    return;

  o = body_object (req, &holder);
  fields = o != NULL && json_object_has_member (o, "profile") &&
           JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "profile"))
           ? json_object_get_object_member (o, "profile") : NULL;
  email = string_member (fields, "email");
  if (email == NULL)
    {
      respond_portal_error (req, 400, "bad_request", "Send {\"profile\": {\"email\": ...}}.");
      return;
    }
  if (learner->via_procore)
    {
      respond_portal_error (req, 403, "managed_by_procore",
                            "This profile is managed by Procore sign-in; its email cannot change here.");
      return;
    }
  if (!email_valid (email))
    {
      respond_portal_error (req, 422, "invalid_email", "This is not an email address.");
      return;
    }
  holder_learner = plumb_sandbox_portal_find_email (portal, email);
  if (holder_learner != NULL && holder_learner != learner)
    {
      respond_portal_error (req, 409, "email_taken", "Another learner already uses this email.");
      return;
    }

  g_free (learner->email);
  learner->email = g_ascii_strdown (email, -1);
  plumb_sandbox_state_changed (req->state);
  {
    g_autoptr(JsonNode) node = plumb_sandbox_portal_profile_json (learner);

    plumb_sandbox_respond_json (req->msg, 200, node);
  }
}

static const char *
procore_login (PlumbSandboxState *state,
               gint64             user_id)
{
  for (guint i = 0; i < state->companies->len; i++)
    {
      PlumbSandboxUser *user = plumb_sandbox_company_find (g_ptr_array_index (state->companies, i), user_id);

      if (user != NULL && user->is_active)
        return user->email_address;
    }
  return NULL;
}

static void
procore_session (PlumbSandboxRequest *req)
{
  PlumbSandboxPortal *portal = get_portal (req->state);
  PlumbSandboxToken *token;
  PlumbSandboxLearner *learner;
  const char *login;
  g_autofree char *secret = NULL;

  if (!require_method (req, "POST"))
    return;
  token = plumb_sandbox_request_token (req);
  if (token == NULL)
    {
      respond_portal_error (req, 401, "invalid_procore_token", "Procore did not recognise this sign-in.");
      return;
    }
  login = token->service ? NULL : procore_login (req->state, token->user_id);
  if (login == NULL)
    {
      respond_portal_error (req, 403, "no_procore_person",
                            "This Procore sign-in is not a person's and cannot open Certification.");
      return;
    }
  learner = plumb_sandbox_portal_find_email (portal, login);
  if (learner != NULL)
    {
      learner->last_procore_sign_in_at = plumb_sandbox_state_now (req->state);
      plumb_sandbox_state_changed (req->state);
    }
  secret = open_session (req->state, 0, login);
  respond_session (req, 201, secret, login, learner);
}

static void
respond_registrations (PlumbSandboxRequest *req,
                       const char          *email,
                       PlumbSandboxLearner *learner)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "email", learner != NULL ? learner->email : email);
  json_object_set_member (o, "registrations", plumb_sandbox_portal_registrations_json (learner));
  json_node_set_object (node, o);
  plumb_sandbox_respond_json (req->msg, 200, node);
}

static void
registrations (PlumbSandboxRequest *req)
{
  PlumbSandboxPortal *portal = get_portal (req->state);
  PlumbSandboxPortalSession *session = find_session (req);

  if (!require_method (req, "GET"))
    return;
  if (session == NULL)
    {
      respond_portal_error (req, 401, "invalid_session", "Sign in again.");
      return;
    }
  respond_registrations (req, session->procore_email, session_learner (portal, session));
}

static gboolean
admin_allowed (PlumbSandboxRequest *req)
{
  const char *header = plumb_sandbox_request_header (req, "Authorization");
  g_autofree guchar *decoded = NULL;
  gsize len = 0;
  g_autofree char *expected = g_strconcat (PLUMB_SANDBOX_PORTAL_ADMIN_KEY, ":", NULL);

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return FALSE;
  decoded = g_base64_decode (header + 6, &len);
  return len == strlen (expected) && memcmp (decoded, expected, len) == 0;
}

static void
admin (PlumbSandboxRequest *req,
       const char          *what)
{
  PlumbSandboxPortal *portal = get_portal (req->state);
  const char *email = g_hash_table_lookup (req->query, "email");
  PlumbSandboxLearner *learner;

  if (!require_method (req, "GET"))
    return;
  if (!admin_allowed (req))
    {
      respond_portal_error (req, 401, "invalid_key", "The admin key is not right.");
      return;
    }
  if (email == NULL)
    {
      respond_portal_error (req, 400, "bad_request", "Add ?email=.");
      return;
    }
  learner = plumb_sandbox_portal_find_email (portal, email);
  if (strcmp (what, "registrations") == 0)
    {
      respond_registrations (req, email, learner);
      return;
    }
  if (strcmp (what, "learners") != 0)
    {
      respond_portal_error (req, 404, "not_found", "Not Found");
      return;
    }
  if (learner == NULL)
    {
      respond_portal_error (req, 404, "unknown_email", "No learner has this email.");
      return;
    }

  {
    g_autoptr(JsonObject) o = json_object_new ();
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
    JsonNode *profile_node = plumb_sandbox_portal_profile_json (learner);
    JsonObject *p = json_node_get_object (profile_node);
    gint64 now = plumb_sandbox_state_now (req->state);
    guint completed = 0;
    g_autofree char *last = learner->last_sign_in_at != 0
                            ? plumb_sandbox_format_time (learner->last_sign_in_at) : NULL;
    g_autofree char *last_procore = learner->last_procore_sign_in_at != 0
                                    ? plumb_sandbox_format_time (learner->last_procore_sign_in_at) : NULL;

    for (guint i = 0; i < learner->registrations->len; i++)
      completed += ((PlumbSandboxRegistration *) g_ptr_array_index (learner->registrations, i))->completed_at != 0;
    json_object_set_boolean_member (p, "has_password", learner->password_hash != NULL);
    json_object_set_boolean_member (p, "locked", learner->locked_until > now);
    if (last != NULL)
      json_object_set_string_member (p, "last_sign_in_at", last);
    else
      json_object_set_null_member (p, "last_sign_in_at");
    if (last_procore != NULL)
      json_object_set_string_member (p, "last_procore_sign_in_at", last_procore);
    else
      json_object_set_null_member (p, "last_procore_sign_in_at");
    json_object_set_int_member (p, "registrations", learner->registrations->len);
    json_object_set_int_member (p, "completed", completed);
    json_object_set_member (o, "learner", profile_node);
    json_node_set_object (node, o);
    plumb_sandbox_respond_json (req->msg, 200, node);
  }
}

static void
portal_cb (PlumbSandboxRequest *req,
           gpointer             user_data)
{
  const char *rest = req->path + strlen ("/certification");

  if (g_str_equal (rest, "/sessions"))
    sign_in (req);
  else if (g_str_equal (rest, "/password/forgot"))
    forgot_password (req);
  else if (g_str_equal (rest, "/password/reset"))
    complete_reset (req);
  else if (g_str_equal (rest, "/reset"))
    reset_page (req);
  else if (g_str_equal (rest, "/profile"))
    profile (req);
  else if (g_str_equal (rest, "/procore-session"))
    procore_session (req);
  else if (g_str_equal (rest, "/registrations"))
    registrations (req);
  else if (g_str_has_prefix (rest, "/admin/"))
    admin (req, rest + strlen ("/admin/"));
  else
    respond_portal_error (req, 404, "not_found", "Not Found");
}

static void
portal_setup (PlumbSandboxState *state)
{
  PlumbSandboxPortal *portal = plumb_sandbox_portal_new ();

  plumb_sandbox_portal_seed (portal, plumb_sandbox_state_now (state));
  plumb_sandbox_state_set_module_data (state, PLUMB_SANDBOX_PORTAL_MODULE, portal,
                                       (GDestroyNotify) plumb_sandbox_portal_free);
  plumb_sandbox_state_add_route (state, "/certification", PLUMB_SANDBOX_ROUTE_FAULTS, portal_cb, NULL);
}

static void
portal_reset (PlumbSandboxState *state)
{
  plumb_sandbox_portal_seed (get_portal (state), state->generated_at);
}

static JsonNode *
portal_save (PlumbSandboxState *state)
{
  return plumb_sandbox_portal_save (get_portal (state));
}

static void
portal_load (PlumbSandboxState *state,
             JsonNode          *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    plumb_sandbox_portal_load (get_portal (state), json_node_get_object (node));
}

const PlumbSandboxModule plumb_sandbox_portal_module = {
  .name = PLUMB_SANDBOX_PORTAL_MODULE,
  .setup = portal_setup,
  .reset = portal_reset,
  .save = portal_save,
  .load = portal_load,
};
