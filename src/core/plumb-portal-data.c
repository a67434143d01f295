/* plumb-portal-data.c: profiles, registrations and mail from the portal's JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-portal-private.h"

void
plumb_portal_profile_free (PlumbPortalProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->email);
  g_free (profile->first_name);
  g_free (profile->last_name);
  g_clear_pointer (&profile->last_sign_in_at, g_date_time_unref);
  g_clear_pointer (&profile->last_procore_sign_in_at, g_date_time_unref);
  g_free (profile);
}

void
plumb_portal_registration_free (PlumbPortalRegistration *registration)
{
  if (registration == NULL)
    return;
  g_free (registration->course_id);
  g_free (registration->course);
  g_free (registration->certificate_code);
  g_clear_pointer (&registration->completed_at, g_date_time_unref);
  g_clear_pointer (&registration->certificate_issued_at, g_date_time_unref);
  g_clear_pointer (&registration->certificate_expires_at, g_date_time_unref);
  g_free (registration);
}

void
plumb_portal_mail_free (PlumbPortalMail *mail)
{
  if (mail == NULL)
    return;
  g_free (mail->to);
  g_free (mail->subject);
  g_free (mail->body);
  g_free (mail->link);
  g_clear_pointer (&mail->sent_at, g_date_time_unref);
  g_free (mail);
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
int_member (JsonObject *o,
            const char *name)
{
  JsonNode *node = json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static gboolean
bool_member (JsonObject *o,
             const char *name)
{
  JsonNode *node = json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static GDateTime *
time_member (JsonObject *o,
             const char *name)
{
  const char *text = string_member (o, name);
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL)
    return NULL;
  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

PlumbPortalProfile *
plumb_portal_profile_from_json (JsonObject *o)
{
  PlumbPortalProfile *profile;

  if (o == NULL || string_member (o, "email") == NULL)
    return NULL;

  profile = g_new0 (PlumbPortalProfile, 1);
  profile->id = int_member (o, "id");
  profile->email = g_strdup (string_member (o, "email"));
  profile->first_name = g_strdup (string_member (o, "first_name"));
  profile->last_name = g_strdup (string_member (o, "last_name"));
  profile->via_procore = g_strcmp0 (string_member (o, "authorized_via"), "Procore") == 0;
  profile->email_editable = json_object_has_member (o, "email_editable")
                            ? bool_member (o, "email_editable") : !profile->via_procore;
  profile->has_password = bool_member (o, "has_password");
  profile->locked = bool_member (o, "locked");
  profile->last_sign_in_at = time_member (o, "last_sign_in_at");
  profile->last_procore_sign_in_at = time_member (o, "last_procore_sign_in_at");
  profile->n_registrations = (guint) CLAMP (int_member (o, "registrations"), 0, G_MAXUINT);
  profile->n_completed = (guint) CLAMP (int_member (o, "completed"), 0, G_MAXUINT);
  return profile;
}

PlumbPortalRegistration *
plumb_portal_registration_from_json (JsonObject *o)
{
  PlumbPortalRegistration *r;
  JsonNode *certificate;

  if (o == NULL || string_member (o, "course") == NULL)
    return NULL;

  r = g_new0 (PlumbPortalRegistration, 1);
  r->course_id = g_strdup (string_member (o, "course_id"));
  r->course = g_strdup (string_member (o, "course"));
  r->completed_lessons = (guint) CLAMP (int_member (o, "completed_lessons"), 0, G_MAXUINT);
  r->total_lessons = (guint) CLAMP (int_member (o, "total_lessons"), 0, G_MAXUINT);
  r->progress = (guint) CLAMP (int_member (o, "progress"), 0, 100);
  r->completed_at = time_member (o, "completed_at");
  certificate = json_object_has_member (o, "certificate") ? json_object_get_member (o, "certificate") : NULL;
  if (certificate != NULL && JSON_NODE_HOLDS_OBJECT (certificate))
    {
      JsonObject *c = json_node_get_object (certificate);

      r->certificate_code = g_strdup (string_member (c, "code"));
      r->certificate_issued_at = time_member (c, "issued_at");
      r->certificate_expires_at = time_member (c, "expires_at");
    }
  return r;
}

GPtrArray *
plumb_portal_registrations_from_json (JsonNode *node)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_portal_registration_free);
  JsonObject *o;
  JsonNode *array;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  array = json_object_has_member (o, "registrations") ? json_object_get_member (o, "registrations") : NULL;
  if (array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
    return NULL;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (array)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (array), i);
      PlumbPortalRegistration *r = JSON_NODE_HOLDS_OBJECT (element)
                                   ? plumb_portal_registration_from_json (json_node_get_object (element)) : NULL;

      if (r == NULL)
        return NULL;
      g_ptr_array_add (list, r);
    }
  return g_steal_pointer (&list);
}

/* The first web address in the text of the email. */
static char *
find_link (const char *body)
{
  const char *start = body != NULL ? strstr (body, "https://") : NULL;
  const char *plain = body != NULL ? strstr (body, "http://") : NULL;
  const char *end;

  if (start == NULL || (plain != NULL && plain < start))
    start = plain;
  if (start == NULL)
    return NULL;
  end = start;
  while (*end != '\0' && !g_ascii_isspace (*end) && *end != '>' && *end != '"')
    end++;
  return g_strndup (start, end - start);
}

PlumbPortalMail *
plumb_portal_mail_from_json (JsonObject *o)
{
  PlumbPortalMail *mail;

  if (o == NULL || string_member (o, "body") == NULL)
    return NULL;
  mail = g_new0 (PlumbPortalMail, 1);
  mail->to = g_strdup (string_member (o, "to"));
  mail->subject = g_strdup (string_member (o, "subject"));
  mail->body = g_strdup (string_member (o, "body"));
  mail->link = find_link (mail->body);
  mail->sent_at = time_member (o, "sent_at");
  return mail;
}
