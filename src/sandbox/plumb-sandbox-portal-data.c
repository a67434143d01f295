/* plumb-sandbox-portal-data.c: the certification portal's learners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo learners, one for each case the relinking wizard meets
 * (HACKING.md lists them), and how they are saved. Passwords are kept as
 * salted SHA-256 only; the demo password is documented because it opens
 * nothing but this sandbox.
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-portal-private.h"

#define DAY (24 * 60 * 60)

static void
registration_free (gpointer data)
{
  PlumbSandboxRegistration *r = data;

  g_free (r->course_id);
  g_free (r->course);
  g_free (r->certificate_code);
  g_free (r);
}

static void
learner_free (gpointer data)
{
  PlumbSandboxLearner *learner = data;

  g_free (learner->email);
  g_free (learner->first_name);
  g_free (learner->last_name);
  g_free (learner->password_salt);
  g_free (learner->password_hash);
  g_ptr_array_unref (learner->registrations);
  g_free (learner);
}

static void
reset_token_free (gpointer data)
{
  PlumbSandboxResetToken *token = data;

  g_free (token->hash);
  g_free (token);
}

static void
session_free (gpointer data)
{
  PlumbSandboxPortalSession *session = data;

  g_free (session->hash);
  g_free (session->procore_email);
  g_free (session);
}

PlumbSandboxPortal *
plumb_sandbox_portal_new (void)
{
  PlumbSandboxPortal *portal = g_new0 (PlumbSandboxPortal, 1);

  portal->learners = g_ptr_array_new_with_free_func (learner_free);
  portal->reset_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, reset_token_free);
  portal->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, session_free);
  portal->next_learner_id = 1;
  return portal;
}

void
plumb_sandbox_portal_free (PlumbSandboxPortal *portal)
{
  if (portal == NULL)
    return;
  g_ptr_array_unref (portal->learners);
  g_hash_table_unref (portal->reset_tokens);
  g_hash_table_unref (portal->sessions);
  g_free (portal);
}

static PlumbSandboxLearner *
learner_new (void)
{
  PlumbSandboxLearner *learner = g_new0 (PlumbSandboxLearner, 1);

  learner->registrations = g_ptr_array_new_with_free_func (registration_free);
  return learner;
}

PlumbSandboxLearner *
plumb_sandbox_portal_find_email (PlumbSandboxPortal *portal,
                                 const char         *email)
{
  for (guint i = 0; email != NULL && i < portal->learners->len; i++)
    {
      PlumbSandboxLearner *learner = g_ptr_array_index (portal->learners, i);

      if (g_ascii_strcasecmp (learner->email, email) == 0)
        return learner;
    }
  return NULL;
}

PlumbSandboxLearner *
plumb_sandbox_portal_find_id (PlumbSandboxPortal *portal,
                              gint64              id)
{
  for (guint i = 0; i < portal->learners->len; i++)
    {
      PlumbSandboxLearner *learner = g_ptr_array_index (portal->learners, i);

      if (learner->id == id)
        return learner;
    }
  return NULL;
}

static char *
hash_password (const char *salt,
               const char *password)
{
  g_autofree char *text = g_strconcat (salt, ":", password, NULL);
  char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  memset (text, 0, strlen (text));
  return hash;
}

void
plumb_sandbox_portal_set_password (PlumbSandboxLearner *learner,
                                   const char          *password)
{
  g_free (learner->password_salt);
  g_free (learner->password_hash);
  learner->password_salt = plumb_sandbox_random_secret ();
  learner->password_hash = hash_password (learner->password_salt, password);
}

gboolean
plumb_sandbox_portal_check_password (PlumbSandboxLearner *learner,
                                     const char          *password)
{
  g_autofree char *hash = NULL;
  guint8 diff = 0;

  if (learner->password_hash == NULL || password == NULL)
    return FALSE;
  hash = hash_password (learner->password_salt, password);
  /* Both are hex SHA-256 of the same length. */
  for (gsize i = 0; hash[i] != '\0' && learner->password_hash[i] != '\0'; i++)
    diff |= (guint8) (hash[i] ^ learner->password_hash[i]);
  return diff == 0 && strlen (hash) == strlen (learner->password_hash);
}

static void
add_registration (PlumbSandboxLearner *learner,
                  const char          *course_id,
                  const char          *course,
                  guint                done,
                  guint                total,
                  gint64               enrolled_at,
                  gint64               completed_at,
                  const char          *certificate,
                  gint64               expires_at)
{
  PlumbSandboxRegistration *r = g_new0 (PlumbSandboxRegistration, 1);

  r->course_id = g_strdup (course_id);
  r->course = g_strdup (course);
  r->completed_lessons = done;
  r->total_lessons = total;
  r->enrolled_at = enrolled_at;
  r->completed_at = completed_at;
  r->certificate_code = g_strdup (certificate);
  r->certificate_issued_at = certificate != NULL ? completed_at : 0;
  r->certificate_expires_at = certificate != NULL ? expires_at : 0;
  g_ptr_array_add (learner->registrations, r);
}

static PlumbSandboxLearner *
add_learner (PlumbSandboxPortal *portal,
             const char         *email,
             const char         *first_name,
             const char         *last_name,
             const char         *password,
             gint64              created_at)
{
  PlumbSandboxLearner *learner = learner_new ();

  learner->id = portal->next_learner_id++;
  learner->email = g_strdup (email);
  learner->first_name = g_strdup (first_name);
  learner->last_name = g_strdup (last_name);
  learner->created_at = created_at;
  if (password != NULL)
    plumb_sandbox_portal_set_password (learner, password);
  g_ptr_array_add (portal->learners, learner);
  return learner;
}

/* A password nobody knows: the learner has forgotten it. */
static void
forget_password (PlumbSandboxLearner *learner)
{
  g_autofree char *secret = plumb_sandbox_random_secret ();

  plumb_sandbox_portal_set_password (learner, secret);
  memset (secret, 0, strlen (secret));
}

void
plumb_sandbox_portal_seed (PlumbSandboxPortal *portal,
                           gint64              now)
{
  PlumbSandboxLearner *l;

  g_ptr_array_set_size (portal->learners, 0);
  g_hash_table_remove_all (portal->reset_tokens);
  g_hash_table_remove_all (portal->sessions);
  portal->next_learner_id = 1;

  /* Scenario 1: progress under a personal email that still signs in. */
  l = add_learner (portal, "alex.morgan.home@example.com", "Alex", "Morgan",
                   PLUMB_SANDBOX_PORTAL_DEMO_PASSWORD, now - 600 * DAY);
  l->last_sign_in_at = now - 40 * DAY;
  add_registration (l, "PC-PM-101", "Procore Certification: Project Manager", 12, 12,
                    now - 420 * DAY, now - 380 * DAY, "PCPM-48213-AM", now + 350 * DAY);
  add_registration (l, "PC-QS-201", "Quality & Safety for Project Managers", 5, 8,
                    now - 60 * DAY, 0, NULL, 0);
  add_registration (l, "PC-FIN-110", "Project Financials Fundamentals", 0, 10,
                    now - 10 * DAY, 0, NULL, 0);

  /* Scenario 2: progress under a former Procore email; password forgotten. */
  l = add_learner (portal, "sam.rivera@baylinegc.example", "Sam", "Rivera", NULL, now - 900 * DAY);
  forget_password (l);
  l->last_sign_in_at = now - 500 * DAY;
  l->last_procore_sign_in_at = now - 420 * DAY;
  add_registration (l, "PC-SUP-101", "Procore Certification: Superintendent", 10, 10,
                    now - 800 * DAY, now - 760 * DAY, "PCSU-20931-SR", now + 200 * DAY);
  add_registration (l, "PC-FW-101", "Procore Certification: Field Worker", 6, 6,
                    now - 850 * DAY, now - 840 * DAY, "PCFW-11874-SR", now + 100 * DAY);

  /* Already in sync: the certification email is the Procore sign-in email. */
  l = add_learner (portal, "jordan.lee@northwind.example", "Jordan", "Lee",
                   PLUMB_SANDBOX_PORTAL_DEMO_PASSWORD, now - 300 * DAY);
  l->last_sign_in_at = now - 20 * DAY;
  l->last_procore_sign_in_at = now - 5 * DAY;
  add_registration (l, "PC-PE-101", "Procore Certification: Project Engineer", 9, 9,
                    now - 280 * DAY, now - 250 * DAY, "PCPE-70442-JL", now + 480 * DAY);

  /* The wrong portal: a profile made by Procore sign-in, with no password. */
  l = add_learner (portal, "riley.chen@northwind.example", "Riley", "Chen", NULL, now - 200 * DAY);
  l->via_procore = TRUE;
  l->last_procore_sign_in_at = now - 3 * DAY;

  /* Email taken: progress under a personal email, while an empty older
   * profile already holds the Procore sign-in email. */
  l = add_learner (portal, "casey.brooks.home@example.com", "Casey", "Brooks",
                   PLUMB_SANDBOX_PORTAL_DEMO_PASSWORD, now - 500 * DAY);
  l->last_sign_in_at = now - 30 * DAY;
  add_registration (l, "PC-OM-101", "Procore Certification: Office Manager", 8, 8,
                    now - 450 * DAY, now - 420 * DAY, "PCOM-33310-CB", now + 310 * DAY);
  l = add_learner (portal, "casey.brooks@northwind.example", "Casey", "Brooks", NULL, now - 1100 * DAY);
  forget_password (l);
  l->last_sign_in_at = now - 1100 * DAY;

  /* No former inbox: scenario 2, but the old employer's mailbox is gone. */
  l = add_learner (portal, "dana.whitfield@coastalframing.example", "Dana", "Whitfield", NULL,
                   now - 1000 * DAY);
  forget_password (l);
  l->inbox_gone = TRUE;
  l->last_sign_in_at = now - 720 * DAY;
  l->last_procore_sign_in_at = now - 700 * DAY;
  add_registration (l, "PC-SUP-101", "Procore Certification: Superintendent", 10, 10,
                    now - 950 * DAY, now - 900 * DAY, "PCSU-18277-DW", now + 30 * DAY);
}

static void
set_time (JsonObject *o,
          const char *name,
          gint64      value)
{
  g_autofree char *text = NULL;

  if (value == 0)
    {
      json_object_set_null_member (o, name);
      return;
    }
  text = plumb_sandbox_format_time (value);
  json_object_set_string_member (o, name, text);
}

JsonNode *
plumb_sandbox_portal_profile_json (PlumbSandboxLearner *learner)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (o, "id", learner->id);
  json_object_set_string_member (o, "email", learner->email);
  json_object_set_string_member (o, "first_name", learner->first_name);
  json_object_set_string_member (o, "last_name", learner->last_name);
  if (learner->via_procore)
    json_object_set_string_member (o, "authorized_via", "Procore");
  else
    json_object_set_null_member (o, "authorized_via");
  json_object_set_boolean_member (o, "email_editable", !learner->via_procore);
  json_object_set_string_member (o, "portal", learner->via_procore ? "learn" : "education");
  json_node_take_object (node, o);
  return node;
}

static JsonNode *
registration_json (PlumbSandboxRegistration *r)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "course_id", r->course_id);
  json_object_set_string_member (o, "course", r->course);
  json_object_set_int_member (o, "completed_lessons", r->completed_lessons);
  json_object_set_int_member (o, "total_lessons", r->total_lessons);
  json_object_set_int_member (o, "progress", r->total_lessons > 0
                                             ? 100 * r->completed_lessons / r->total_lessons : 0);
  set_time (o, "enrolled_at", r->enrolled_at);
  set_time (o, "completed_at", r->completed_at);
  if (r->certificate_code != NULL)
    {
      JsonObject *c = json_object_new ();

      json_object_set_string_member (c, "code", r->certificate_code);
      set_time (c, "issued_at", r->certificate_issued_at);
      set_time (c, "expires_at", r->certificate_expires_at);
      json_object_set_object_member (o, "certificate", c);
    }
  else
    json_object_set_null_member (o, "certificate");
  json_node_take_object (node, o);
  return node;
}

/* NULL gives the empty list a Procore sign-in sees before any profile
 * carries its email. */
JsonNode *
plumb_sandbox_portal_registrations_json (PlumbSandboxLearner *learner)
{
  JsonArray *a = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; learner != NULL && i < learner->registrations->len; i++)
    json_array_add_element (a, registration_json (g_ptr_array_index (learner->registrations, i)));
  json_node_take_array (node, a);
  return node;
}

static void
set_string (JsonObject *o,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

static char *
dup_string (JsonObject *o,
            const char *name)
{
  if (!json_object_has_member (o, name) || json_object_get_null_member (o, name))
    return NULL;
  return g_strdup (json_object_get_string_member (o, name));
}

JsonNode *
plumb_sandbox_portal_save (PlumbSandboxPortal *portal)
{
  JsonObject *root = json_object_new ();
  JsonArray *learners = json_array_new ();
  JsonArray *tokens = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < portal->learners->len; i++)
    {
      PlumbSandboxLearner *l = g_ptr_array_index (portal->learners, i);
      JsonObject *o = json_object_new ();
      JsonArray *regs = json_array_new ();

      json_object_set_int_member (o, "id", l->id);
      json_object_set_string_member (o, "email", l->email);
      json_object_set_string_member (o, "first_name", l->first_name);
      json_object_set_string_member (o, "last_name", l->last_name);
      set_string (o, "password_salt", l->password_salt);
      set_string (o, "password_hash", l->password_hash);
      json_object_set_boolean_member (o, "via_procore", l->via_procore);
      json_object_set_boolean_member (o, "inbox_gone", l->inbox_gone);
      json_object_set_int_member (o, "failed_attempts", l->failed_attempts);
      json_object_set_int_member (o, "locked_until", l->locked_until);
      json_object_set_int_member (o, "created_at", l->created_at);
      json_object_set_int_member (o, "last_sign_in_at", l->last_sign_in_at);
      json_object_set_int_member (o, "last_procore_sign_in_at", l->last_procore_sign_in_at);
      for (guint j = 0; j < l->registrations->len; j++)
        {
          PlumbSandboxRegistration *r = g_ptr_array_index (l->registrations, j);
          JsonObject *ro = json_object_new ();

          json_object_set_string_member (ro, "course_id", r->course_id);
          json_object_set_string_member (ro, "course", r->course);
          json_object_set_int_member (ro, "completed_lessons", r->completed_lessons);
          json_object_set_int_member (ro, "total_lessons", r->total_lessons);
          json_object_set_int_member (ro, "enrolled_at", r->enrolled_at);
          json_object_set_int_member (ro, "completed_at", r->completed_at);
          set_string (ro, "certificate_code", r->certificate_code);
          json_object_set_int_member (ro, "certificate_issued_at", r->certificate_issued_at);
          json_object_set_int_member (ro, "certificate_expires_at", r->certificate_expires_at);
          json_array_add_object_element (regs, ro);
        }
      json_object_set_array_member (o, "registrations", regs);
      json_array_add_object_element (learners, o);
    }

  g_hash_table_iter_init (&iter, portal->reset_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PlumbSandboxResetToken *t = value;
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "hash", t->hash);
      json_object_set_int_member (o, "learner_id", t->learner_id);
      json_object_set_int_member (o, "expires_at", t->expires_at);
      json_object_set_boolean_member (o, "used", t->used);
      json_array_add_object_element (tokens, o);
    }

  json_object_set_int_member (root, "next_learner_id", portal->next_learner_id);
  json_object_set_array_member (root, "learners", learners);
  json_object_set_array_member (root, "reset_tokens", tokens);
  json_node_take_object (node, root);
  return node;
}

static JsonArray *
array_member (JsonObject *o,
              const char *name)
{
  JsonNode *node = json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

void
plumb_sandbox_portal_load (PlumbSandboxPortal *portal,
                           JsonObject         *root)
{
  JsonArray *learners = array_member (root, "learners");
  JsonArray *tokens = array_member (root, "reset_tokens");

  if (learners == NULL)
    return;

  g_ptr_array_set_size (portal->learners, 0);
  g_hash_table_remove_all (portal->reset_tokens);
  g_hash_table_remove_all (portal->sessions);
  portal->next_learner_id = json_object_get_int_member_with_default (root, "next_learner_id", 1);

  for (guint i = 0; i < json_array_get_length (learners); i++)
    {
      JsonObject *o = json_array_get_object_element (learners, i);
      PlumbSandboxLearner *l = learner_new ();
      JsonArray *regs = array_member (o, "registrations");

      l->id = json_object_get_int_member_with_default (o, "id", 0);
      l->email = g_strdup (json_object_get_string_member_with_default (o, "email", ""));
      l->first_name = g_strdup (json_object_get_string_member_with_default (o, "first_name", ""));
      l->last_name = g_strdup (json_object_get_string_member_with_default (o, "last_name", ""));
      l->password_salt = dup_string (o, "password_salt");
      l->password_hash = dup_string (o, "password_hash");
      l->via_procore = json_object_get_boolean_member_with_default (o, "via_procore", FALSE);
      l->inbox_gone = json_object_get_boolean_member_with_default (o, "inbox_gone", FALSE);
      l->failed_attempts = (guint) json_object_get_int_member_with_default (o, "failed_attempts", 0);
      l->locked_until = json_object_get_int_member_with_default (o, "locked_until", 0);
      l->created_at = json_object_get_int_member_with_default (o, "created_at", 0);
      l->last_sign_in_at = json_object_get_int_member_with_default (o, "last_sign_in_at", 0);
      l->last_procore_sign_in_at = json_object_get_int_member_with_default (o, "last_procore_sign_in_at", 0);
      for (guint j = 0; regs != NULL && j < json_array_get_length (regs); j++)
        {
          JsonObject *ro = json_array_get_object_element (regs, j);
          PlumbSandboxRegistration *r = g_new0 (PlumbSandboxRegistration, 1);

          r->course_id = g_strdup (json_object_get_string_member_with_default (ro, "course_id", ""));
          r->course = g_strdup (json_object_get_string_member_with_default (ro, "course", ""));
          r->completed_lessons = (guint) json_object_get_int_member_with_default (ro, "completed_lessons", 0);
          r->total_lessons = (guint) json_object_get_int_member_with_default (ro, "total_lessons", 0);
          r->enrolled_at = json_object_get_int_member_with_default (ro, "enrolled_at", 0);
          r->completed_at = json_object_get_int_member_with_default (ro, "completed_at", 0);
          r->certificate_code = dup_string (ro, "certificate_code");
          r->certificate_issued_at = json_object_get_int_member_with_default (ro, "certificate_issued_at", 0);
          r->certificate_expires_at = json_object_get_int_member_with_default (ro, "certificate_expires_at", 0);
          g_ptr_array_add (l->registrations, r);
        }
      g_ptr_array_add (portal->learners, l);
    }

  for (guint i = 0; tokens != NULL && i < json_array_get_length (tokens); i++)
    {
      JsonObject *o = json_array_get_object_element (tokens, i);
      PlumbSandboxResetToken *t = g_new0 (PlumbSandboxResetToken, 1);

      t->hash = g_strdup (json_object_get_string_member_with_default (o, "hash", ""));
      t->learner_id = json_object_get_int_member_with_default (o, "learner_id", 0);
      t->expires_at = json_object_get_int_member_with_default (o, "expires_at", 0);
      t->used = json_object_get_boolean_member_with_default (o, "used", FALSE);
      g_hash_table_replace (portal->reset_tokens, t->hash, t);
    }
}
