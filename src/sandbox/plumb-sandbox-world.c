/* plumb-sandbox-world.c: the world around the API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mailbox of every email the "system" sent, a clock that moves forward
 * on request, fault injection, reset, and the storage host that serves
 * avatars. The emails imitate Procore's own, which are in English, so their
 * text is not translated.
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-private.h"

#define DAY (24 * 60 * 60)

static const guint followup_days[] = { 3, 7, 14 };
#define ALL_FOLLOWUPS ((1u << G_N_ELEMENTS (followup_days)) - 1)

void
plumb_sandbox_mail_free (PlumbSandboxMail *mail)
{
  g_free (mail->from);
  g_free (mail->to);
  g_free (mail->subject);
  g_free (mail->body);
  g_free (mail->kind);
  g_free (mail);
}

void
plumb_sandbox_mailbox_append (PlumbSandboxState *state,
                              const char        *from,
                              const char        *to,
                              const char        *subject,
                              const char        *body,
                              const char        *kind,
                              gint64             user_id,
                              gint64             company_id,
                              gint64             sent_at)
{
  PlumbSandboxMail *mail = g_new0 (PlumbSandboxMail, 1);

  mail->id = state->next_mail_id++;
  mail->from = g_strdup (from);
  mail->to = g_strdup (to);
  mail->subject = g_strdup (subject);
  mail->body = g_strdup (body);
  mail->kind = g_strdup (kind);
  mail->user_id = user_id;
  mail->company_id = company_id;
  mail->sent_at = sent_at;
  g_ptr_array_add (state->mailbox, mail);
  plumb_sandbox_state_changed (state);
}

JsonNode *
plumb_sandbox_mail_to_json (PlumbSandboxMail *mail)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *sent_at = plumb_sandbox_format_time (mail->sent_at);

  json_object_set_int_member (o, "id", mail->id);
  json_object_set_string_member (o, "from", mail->from);
  json_object_set_string_member (o, "to", mail->to);
  json_object_set_string_member (o, "subject", mail->subject);
  json_object_set_string_member (o, "body", mail->body);
  json_object_set_string_member (o, "sent_at", sent_at);
  json_object_set_string_member (o, "kind", mail->kind);
  if (mail->user_id != 0)
    json_object_set_int_member (o, "user_id", mail->user_id);
  else
    json_object_set_null_member (o, "user_id");
  if (mail->company_id != 0)
    json_object_set_int_member (o, "company_id", mail->company_id);
  else
    json_object_set_null_member (o, "company_id");
  json_node_take_object (node, o);
  return node;
}

PlumbSandboxMail *
plumb_sandbox_mail_from_json (JsonObject *o)
{
  PlumbSandboxMail *mail = g_new0 (PlumbSandboxMail, 1);
  gint64 sent_at = 0;

  mail->id = json_object_get_int_member_with_default (o, "id", 0);
  mail->from = g_strdup (json_object_get_string_member_with_default (o, "from", ""));
  mail->to = g_strdup (json_object_get_string_member_with_default (o, "to", ""));
  mail->subject = g_strdup (json_object_get_string_member_with_default (o, "subject", ""));
  mail->body = g_strdup (json_object_get_string_member_with_default (o, "body", ""));
  mail->kind = g_strdup (json_object_get_string_member_with_default (o, "kind", ""));
  mail->user_id = json_object_get_int_member_with_default (o, "user_id", 0);
  mail->company_id = json_object_get_int_member_with_default (o, "company_id", 0);
  plumb_sandbox_parse_time (json_object_get_string_member_with_default (o, "sent_at", NULL), &sent_at);
  mail->sent_at = sent_at;
  return mail;
}

static char *
sign_in_link (PlumbSandboxState *state,
              PlumbSandboxUser  *user)
{
  g_autofree char *hint = g_uri_escape_string (user->email_address, NULL, FALSE);

  return g_strdup_printf ("%s/oauth/authorize?response_type=code&client_id=%s"
                          "&redirect_uri=urn%%3Aietf%%3Awg%%3Aoauth%%3A2.0%%3Aoob&login_hint=%s",
                          state->base_url != NULL ? state->base_url : "",
                          PLUMB_SANDBOX_DEMO_CLIENT_ID, hint);
}

void
plumb_sandbox_send_welcome (PlumbSandboxState   *state,
                            PlumbSandboxCompany *company,
                            PlumbSandboxUser    *user)
{
  g_autofree char *link = sign_in_link (state, user);
  g_autofree char *body = g_strdup_printf (
    "Hi %s,\n\n"
    "%s has invited you to join their team on Procore, the construction management "
    "platform.\n\n"
    "Your login is %s. Create your account and sign in:\n%s\n\n"
    "The Procore Team\n",
    user->first_name != NULL && *user->first_name != '\0' ? user->first_name : user->last_name,
    company->name, user->email_address, link);

  plumb_sandbox_mailbox_append (state, PLUMB_SANDBOX_MAIL_FROM, user->email_address,
                                "Welcome to Procore", body, "welcome",
                                user->id, company->id, plumb_sandbox_state_now (state));
}

void
plumb_sandbox_track_followups (PlumbSandboxState *state,
                               PlumbSandboxUser  *user)
{
  if (user->is_active && user->welcome_email_sent_at != 0 &&
      user->last_login_at < user->welcome_email_sent_at &&
      (user->followups_sent & ALL_FOLLOWUPS) != ALL_FOLLOWUPS)
    g_hash_table_add (state->pending_followups, user);
  else
    g_hash_table_remove (state->pending_followups, user);
}

typedef struct
{
  PlumbSandboxUser *user;
  guint             stage;
  gint64            due;
} Due;

static int
compare_due (gconstpointer pa,
             gconstpointer pb)
{
  const Due *a = pa;
  const Due *b = pb;

  if (a->due != b->due)
    return a->due < b->due ? -1 : 1;
  if (a->user->company_id != b->user->company_id)
    return a->user->company_id < b->user->company_id ? -1 : 1;
  if (a->user->id != b->user->id)
    return a->user->id < b->user->id ? -1 : 1;
  return 0;
}

/* Sends, in the order they fell due, the follow-ups whose day has come:
 * one 3, 7 and 14 days after the last invitation, each once, while the
 * person has not signed in since. */
void
plumb_sandbox_send_due_followups (PlumbSandboxState *state)
{
  gint64 now = plumb_sandbox_state_now (state);
  g_autoptr(GArray) due = g_array_new (FALSE, FALSE, sizeof (Due));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, state->pending_followups);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      PlumbSandboxUser *user = key;

      for (guint s = 0; s < G_N_ELEMENTS (followup_days); s++)
        {
          Due d = { user, s, user->welcome_email_sent_at + (gint64) followup_days[s] * DAY };

          if ((user->followups_sent & (1u << s)) == 0 && d.due <= now)
            g_array_append_val (due, d);
        }
    }
  g_array_sort (due, compare_due);

  for (guint i = 0; i < due->len; i++)
    {
      Due *d = &g_array_index (due, Due, i);
      PlumbSandboxCompany *company = plumb_sandbox_state_find_company (state, d->user->company_id);
      g_autofree char *link = sign_in_link (state, d->user);
      g_autofree char *subject = g_strdup_printf ("Reminder: %s invited you to Procore",
                                                  company != NULL ? company->name : "Your team");
      g_autofree char *body = g_strdup_printf (
        "Hi %s,\n\n"
        "%u days ago %s invited you to join their team on Procore, and your account is "
        "still waiting for you.\n\n"
        "Your login is %s. Create your account and sign in:\n%s\n\n"
        "The Procore Team\n",
        d->user->first_name != NULL ? d->user->first_name : "",
        followup_days[d->stage], company != NULL ? company->name : "Your team",
        d->user->email_address, link);

      plumb_sandbox_mailbox_append (state, PLUMB_SANDBOX_MAIL_FROM, d->user->email_address,
                                    subject, body, "follow-up", d->user->id,
                                    d->user->company_id, d->due);
      d->user->followups_sent |= 1u << d->stage;
      d->user->dirty = TRUE;
      plumb_sandbox_track_followups (state, d->user);
    }
}

void
plumb_sandbox_sign_in (PlumbSandboxState *state,
                       gint64             user_id)
{
  gint64 now = plumb_sandbox_state_now (state);

  for (guint i = 0; i < state->companies->len; i++)
    {
      PlumbSandboxCompany *company = g_ptr_array_index (state->companies, i);
      PlumbSandboxUser *user = plumb_sandbox_company_find (company, user_id);

      if (user == NULL)
        continue;
      user->last_login_at = now;
      user->updated_at = now;
      plumb_sandbox_user_touch (company, user);
      plumb_sandbox_track_followups (state, user);
    }
  plumb_sandbox_state_changed (state);
}

static void
mailbox_cb (PlumbSandboxRequest *req,
            gpointer             user_data)
{
  PlumbSandboxState *state = req->state;
  const char *to = g_hash_table_lookup (req->query, "to");
  const char *kind = g_hash_table_lookup (req->query, "kind");
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  if (strcmp (req->method, "DELETE") == 0)
    {
      g_ptr_array_set_size (state->mailbox, 0);
      plumb_sandbox_state_changed (state);
      soup_server_message_set_status (req->msg, 204, NULL);
      json_array_unref (array);
      return;
    }
  if (strcmp (req->method, "GET") != 0)
    {
      plumb_sandbox_respond_message (req->msg, 405, "Use GET or DELETE.", "method_not_allowed");
      json_array_unref (array);
      return;
    }

  plumb_sandbox_send_due_followups (state);
  for (guint i = 0; i < state->mailbox->len; i++)
    {
      PlumbSandboxMail *mail = g_ptr_array_index (state->mailbox, i);

      if (to != NULL && g_ascii_strcasecmp (to, mail->to) != 0)
        continue;
      if (kind != NULL && g_strcmp0 (kind, mail->kind) != 0)
        continue;
      json_array_add_element (array, plumb_sandbox_mail_to_json (mail));
    }
  json_node_take_array (node, array);
  plumb_sandbox_respond_json (req->msg, 200, node);
}

static void
respond_now (PlumbSandboxRequest *req)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *now = plumb_sandbox_format_time (plumb_sandbox_state_now (req->state));

  json_object_set_string_member (o, "now", now);
  json_object_set_int_member (o, "offset_seconds", req->state->clock_offset);
  json_node_set_object (node, o);
  plumb_sandbox_respond_json (req->msg, 200, node);
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

static void
clock_cb (PlumbSandboxRequest *req,
          gpointer             user_data)
{
  g_autoptr(JsonNode) holder = NULL;
  JsonObject *o;
  gint64 seconds;

  if (strcmp (req->method, "GET") == 0)
    {
      respond_now (req);
      return;
    }
  if (strcmp (req->method, "POST") != 0)
    {
      plumb_sandbox_respond_message (req->msg, 405, "Use GET or POST.", "method_not_allowed");
      return;
    }

  o = body_object (req, &holder);
  if (o == NULL)
    {
      plumb_sandbox_respond_message (req->msg, 400,
                                     "Send {\"advance_days\": N} or {\"advance_seconds\": N}.",
                                     "bad_request");
      return;
    }
  seconds = json_object_get_int_member_with_default (o, "advance_seconds", 0)
            + json_object_get_int_member_with_default (o, "advance_days", 0) * DAY;
  if (seconds < 0)
    {
      plumb_sandbox_respond_message (req->msg, 422, "The clock only moves forward.",
                                     "invalid_advance");
      return;
    }
  plumb_sandbox_state_advance_clock (req->state, seconds);
  respond_now (req);
}

static gboolean
read_rate (JsonObject *o,
           const char *name,
           double     *rate)
{
  double value;

  if (!json_object_has_member (o, name))
    return TRUE;
  value = json_object_get_double_member (o, name);
  if (value < 0 || value > 1)
    return FALSE;
  *rate = value;
  return TRUE;
}

/* An absent member is fine; a present one is a boolean. */
static gboolean
read_flag (JsonObject *o,
           const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node == NULL || (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN);
}

static void
respond_faults (PlumbSandboxRequest *req)
{
  PlumbSandboxState *state = req->state;
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_double_member (o, "error_rate", state->error_rate);
  json_object_set_double_member (o, "unavailable_rate", state->unavailable_rate);
  json_object_set_int_member (o, "latency_ms", state->latency_ms);
  json_object_set_double_member (o, "drop_rate", state->drop_rate);
  json_object_set_double_member (o, "malformed_rate", state->malformed_rate);
  json_object_set_int_member (o, "burst_429", state->burst_429);
  json_object_set_boolean_member (o, "omit_total", state->omit_total);
  json_object_set_boolean_member (o, "link_loop", state->link_loop);
  if (state->next_link_base != NULL)
    json_object_set_string_member (o, "next_link_base", state->next_link_base);
  else
    json_object_set_null_member (o, "next_link_base");
  json_node_set_object (node, o);
  plumb_sandbox_respond_json (req->msg, 200, node);
}

static void
faults_cb (PlumbSandboxRequest *req,
           gpointer             user_data)
{
  PlumbSandboxState *state = req->state;
  g_autoptr(JsonNode) holder = NULL;
  JsonObject *o;
  double error_rate = state->error_rate;
  double unavailable_rate = state->unavailable_rate;
  double drop_rate = state->drop_rate;
  double malformed_rate = state->malformed_rate;

  if (strcmp (req->method, "GET") == 0)
    {
      respond_faults (req);
      return;
    }
  if (strcmp (req->method, "POST") != 0)
    {
      plumb_sandbox_respond_message (req->msg, 405, "Use GET or POST.", "method_not_allowed");
      return;
    }
  o = body_object (req, &holder);
  if (o == NULL ||
      !read_rate (o, "error_rate", &error_rate) ||
      !read_rate (o, "unavailable_rate", &unavailable_rate) ||
      !read_rate (o, "drop_rate", &drop_rate) ||
      !read_rate (o, "malformed_rate", &malformed_rate) ||
      json_object_get_int_member_with_default (o, "latency_ms", 0) < 0 ||
      json_object_get_int_member_with_default (o, "burst_429", 0) < 0 ||
      !read_flag (o, "omit_total") || !read_flag (o, "link_loop") ||
      (json_object_has_member (o, "next_link_base") &&
       !json_object_get_null_member (o, "next_link_base") &&
       (json_node_get_value_type (json_object_get_member (o, "next_link_base")) != G_TYPE_STRING ||
        !g_uri_is_valid (json_object_get_string_member (o, "next_link_base"), G_URI_FLAGS_NONE, NULL))))
    {
      plumb_sandbox_respond_message (req->msg, 422,
                                     "Rates are between 0 and 1; latency_ms and burst_429 are "
                                     "counts of zero or more; omit_total and link_loop are true "
                                     "or false; next_link_base is an absolute URL or null.",
                                     "invalid_faults");
      return;
    }

  state->error_rate = error_rate;
  state->unavailable_rate = unavailable_rate;
  state->drop_rate = drop_rate;
  state->malformed_rate = malformed_rate;
  if (json_object_has_member (o, "latency_ms"))
    state->latency_ms = (guint) MIN (json_object_get_int_member (o, "latency_ms"), 60000);
  if (json_object_has_member (o, "burst_429"))
    state->burst_429 = (guint) MIN (json_object_get_int_member (o, "burst_429"), G_MAXINT);
  if (json_object_has_member (o, "omit_total"))
    state->omit_total = json_object_get_boolean_member (o, "omit_total");
  if (json_object_has_member (o, "link_loop"))
    state->link_loop = json_object_get_boolean_member (o, "link_loop");
  if (json_object_has_member (o, "next_link_base"))
    {
      g_clear_pointer (&state->next_link_base, g_free);
      state->next_link_base = g_strdup (json_object_get_string_member (o, "next_link_base"));
    }
  if (json_object_has_member (o, "seed"))
    {
      g_clear_pointer (&state->fault_rand, g_rand_free);
      state->fault_rand = g_rand_new_with_seed ((guint32) json_object_get_int_member (o, "seed"));
    }
  respond_faults (req);
}

static void
reset_cb (PlumbSandboxRequest *req,
          gpointer             user_data)
{
  if (strcmp (req->method, "POST") != 0)
    {
      plumb_sandbox_respond_message (req->msg, 405, "Use POST.", "method_not_allowed");
      return;
    }
  plumb_sandbox_state_reset (req->state);
  respond_now (req);
}

/* /storage/avatars/{company}/{user}/{rev}.{ext}: public, as Procore's
 * presigned storage links are. */
static void
avatar_cb (PlumbSandboxRequest *req,
           gpointer             user_data)
{
  g_auto(GStrv) parts = g_strsplit (req->path + strlen ("/storage/avatars/"), "/", -1);
  PlumbSandboxCompany *company;
  PlumbSandboxUser *user;
  guint64 rev = 0;
  char *end = NULL;

  if (g_strv_length (parts) == 3)
    rev = g_ascii_strtoull (parts[2], &end, 10);
  if (end == NULL || end == parts[2] || (*end != '.' && *end != '\0'))
    {
      plumb_sandbox_respond_message (req->msg, 404, "Not Found", "not_found");
      return;
    }

  company = plumb_sandbox_state_find_company (req->state, g_ascii_strtoll (parts[0], NULL, 10));
  user = company != NULL ? plumb_sandbox_company_find (company, g_ascii_strtoll (parts[1], NULL, 10))
                         : NULL;
  if (user == NULL || user->avatar_kind == PLUMB_SANDBOX_AVATAR_NONE || user->avatar_rev != rev)
    {
      plumb_sandbox_respond_message (req->msg, 404, "Not Found", "not_found");
      return;
    }

  if (user->avatar_kind == PLUMB_SANDBOX_AVATAR_UPLOADED && user->avatar_bytes != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (user->avatar_bytes, &len);

      plumb_sandbox_respond_text (req->msg, 200,
                                  user->avatar_type != NULL ? user->avatar_type : "application/octet-stream",
                                  data, len);
    }
  else
    {
      g_autoptr(GBytes) png = plumb_sandbox_png_avatar ((guint32) (user->id * 2654435761u), 96);
      gsize len;
      const char *data = g_bytes_get_data (png, &len);

      plumb_sandbox_respond_text (req->msg, 200, "image/png", data, len);
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "public, max-age=86400");
}

static void
world_setup (PlumbSandboxState *state)
{
  plumb_sandbox_state_add_route (state, "/_sandbox/mailbox", PLUMB_SANDBOX_ROUTE_PLAIN, mailbox_cb, NULL);
  plumb_sandbox_state_add_route (state, "/_sandbox/clock", PLUMB_SANDBOX_ROUTE_PLAIN, clock_cb, NULL);
  plumb_sandbox_state_add_route (state, "/_sandbox/faults", PLUMB_SANDBOX_ROUTE_PLAIN, faults_cb, NULL);
  plumb_sandbox_state_add_route (state, "/_sandbox/reset", PLUMB_SANDBOX_ROUTE_PLAIN, reset_cb, NULL);
  plumb_sandbox_state_add_route (state, "/storage/avatars/", PLUMB_SANDBOX_ROUTE_PLAIN, avatar_cb, NULL);
}

const PlumbSandboxModule plumb_sandbox_world_module = {
  .name = "world",
  .setup = world_setup,
};
