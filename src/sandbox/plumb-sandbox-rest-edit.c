/* plumb-sandbox-rest-edit.c: a company's directory, write side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may change what (Procore's rules as the help pages describe them):
 * directory Admins may do anything; Standard or Read Only people with
 * 'Create and Edit Users' may create, invite, edit, deactivate and
 * reactivate others but not change an email address or a permission
 * template; anyone may edit the other fields of their own record.
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-private.h"
#include "plumb-sandbox-rest-private.h"

#define MAX_AVATAR_BYTES (10 * 1024 * 1024)

typedef enum
{
  FIELD_STRING,
  FIELD_EXTENSION,
  FIELD_BOOLEAN,
  FIELD_TEMPLATE,
  FIELD_COMPANY_TEMPLATE,
  FIELD_VENDOR,
} FieldKind;

typedef struct
{
  const char *name;
  FieldKind   kind;
  glong       offset;
} Field;

#define FIELD(name, kind) { #name, kind, G_STRUCT_OFFSET (PlumbSandboxUser, name) }

static const Field fields[] = {
  FIELD (first_name, FIELD_STRING),
  FIELD (last_name, FIELD_STRING),
  FIELD (initials, FIELD_STRING),
  FIELD (job_title, FIELD_STRING),
  FIELD (address, FIELD_STRING),
  FIELD (city, FIELD_STRING),
  FIELD (zip, FIELD_STRING),
  FIELD (state_code, FIELD_STRING),
  FIELD (country_code, FIELD_STRING),
  FIELD (email_address, FIELD_STRING),
  FIELD (business_phone, FIELD_STRING),
  FIELD (business_phone_extension, FIELD_EXTENSION),
  FIELD (mobile_phone, FIELD_STRING),
  FIELD (fax_number, FIELD_STRING),
  FIELD (employee_id, FIELD_STRING),
  FIELD (is_employee, FIELD_BOOLEAN),
  FIELD (is_active, FIELD_BOOLEAN),
  FIELD (permission_template_id, FIELD_TEMPLATE),
  FIELD (company_permission_template_id, FIELD_COMPANY_TEMPLATE),
  FIELD (vendor_id, FIELD_VENDOR),
};

#define STRING_AT(user, f) G_STRUCT_MEMBER (char *, user, (f)->offset)
#define INT64_AT(user, f) G_STRUCT_MEMBER (gint64, user, (f)->offset)
#define BOOL_AT(user, f) G_STRUCT_MEMBER (gboolean, user, (f)->offset)

/* The request's changes: field name -> JSON value. Multipart and form
 * bodies give strings, which the field readers accept as well. */
typedef struct
{
  JsonObject         *values;
  GHashTable         *uploads;
  PlumbSandboxUpload *avatar;
  gboolean            remove_avatar;
} Changes;

static void
changes_clear (Changes *changes)
{
  g_clear_pointer (&changes->values, json_object_unref);
  g_clear_pointer (&changes->uploads, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Changes, changes_clear)

static gboolean
is_form (PlumbSandboxRequest *req)
{
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (req->msg), NULL);

  return type != NULL && (g_ascii_strcasecmp (type, "multipart/form-data") == 0 ||
                          g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0);
}

static gboolean
read_changes (PlumbSandboxRequest *req,
              Changes             *changes)
{
  changes->values = json_object_new ();

  if (is_form (req))
    {
      g_autoptr(GHashTable) form = plumb_sandbox_request_form (req, &changes->uploads);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *name = key;
          gsize len = strlen (name);

          if (g_str_has_prefix (name, "user[") && len > 6 && name[len - 1] == ']')
            {
              g_autofree char *field = g_strndup (name + 5, len - 6);

              json_object_set_string_member (changes->values, field, value);
            }
        }
      changes->avatar = g_hash_table_lookup (changes->uploads, "user[avatar]");
      /* An empty user[avatar] field (no file) removes the photo. */
      if (changes->avatar == NULL && g_strcmp0 (g_hash_table_lookup (form, "user[avatar]"), "") == 0)
        changes->remove_avatar = TRUE;
      return TRUE;
    }
  else
    {
      g_autoptr(JsonNode) node = plumb_sandbox_request_json (req);
      JsonObject *user;
      JsonNode *member;
      g_autoptr(GList) members = NULL;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), "user"))
        return FALSE;
      member = json_object_get_member (json_node_get_object (node), "user");
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return FALSE;
      user = json_node_get_object (member);
      members = json_object_get_members (user);
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (changes->values, l->data,
                                json_node_copy (json_object_get_member (user, l->data)));
      if (json_object_has_member (user, "avatar") &&
          JSON_NODE_HOLDS_NULL (json_object_get_member (user, "avatar")))
        changes->remove_avatar = TRUE;
      return TRUE;
    }
}

static gboolean
read_string (JsonNode  *node,
             char     **value)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node) == G_TYPE_STRING ? 0
          : json_node_get_value_type (node) == G_TYPE_INT64 ? 1 : 2)
    {
    case 0:
      *value = g_strstrip (g_strdup (json_node_get_string (node)));
      break;
    case 1:
      *value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    default:
      return FALSE;
    }
  if (**value == '\0')
    g_clear_pointer (value, g_free);
  return TRUE;
}

/* An integer, a string of digits, or nothing. */
static gboolean
read_number (JsonNode *node,
             gint64    empty,
             gint64   *value)
{
  guint64 parsed;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = empty;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return *value >= 0;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  if (*json_node_get_string (node) == '\0')
    {
      *value = empty;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT64, &parsed, NULL))
    return FALSE;
  *value = (gint64) parsed;
  return TRUE;
}

static gboolean
read_boolean (JsonNode *node,
              gboolean *value)
{
  const char *text;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *value = json_node_get_boolean (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
    *value = TRUE;
  else if (g_strcmp0 (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

static PlumbSandboxUser *
draft_of (PlumbSandboxUser *user)
{
  PlumbSandboxUser *draft = plumb_sandbox_user_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];

      switch (f->kind)
        {
        case FIELD_STRING:
          STRING_AT (draft, f) = g_strdup (STRING_AT (user, f));
          break;
        case FIELD_BOOLEAN:
          BOOL_AT (draft, f) = BOOL_AT (user, f);
          break;
        case FIELD_EXTENSION:
        case FIELD_TEMPLATE:
        case FIELD_COMPANY_TEMPLATE:
        case FIELD_VENDOR:
        default:
          INT64_AT (draft, f) = INT64_AT (user, f);
          break;
        }
    }
  return draft;
}

static GPtrArray *
refs_for (PlumbSandboxCompany *company,
          FieldKind            kind)
{
  switch (kind)
    {
    case FIELD_TEMPLATE:
      return company->templates;
    case FIELD_COMPANY_TEMPLATE:
      return company->company_templates;
    case FIELD_VENDOR:
      return company->vendors;
    case FIELD_STRING:
    case FIELD_EXTENSION:
    case FIELD_BOOLEAN:
    default:
      return NULL;
    }
}

/* Writes the changes into @draft, noting type errors in @errors. */
static void
apply_changes (PlumbSandboxCompany *company,
               Changes             *changes,
               PlumbSandboxUser    *draft,
               JsonObject          *errors)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];
      JsonNode *node = json_object_get_member (changes->values, f->name);
      char *text = NULL;
      gint64 number = 0;
      gboolean flag = FALSE;

      if (node == NULL)
        continue;
      switch (f->kind)
        {
        case FIELD_STRING:
          if (!read_string (node, &text))
            {
              plumb_sandbox_add_field_error (errors, f->name, "is invalid");
              break;
            }
          g_free (STRING_AT (draft, f));
          STRING_AT (draft, f) = text;
          break;
        case FIELD_EXTENSION:
          if (!read_number (node, -1, &number))
            plumb_sandbox_add_field_error (errors, f->name, "is not a number");
          else
            INT64_AT (draft, f) = number;
          break;
        case FIELD_BOOLEAN:
          if (!read_boolean (node, &flag))
            plumb_sandbox_add_field_error (errors, f->name, "is not a boolean");
          else
            BOOL_AT (draft, f) = flag;
          break;
        case FIELD_TEMPLATE:
        case FIELD_COMPANY_TEMPLATE:
        case FIELD_VENDOR:
        default:
          if (!read_number (node, 0, &number))
            plumb_sandbox_add_field_error (errors, f->name, "is not a number");
          else if (number != 0 && plumb_sandbox_find_ref (refs_for (company, f->kind), number) == NULL)
            plumb_sandbox_add_field_error (errors, f->name, "does not exist");
          else
            INT64_AT (draft, f) = number;
          break;
        }
    }
}

static gboolean
field_changed (const Field      *f,
               PlumbSandboxUser *a,
               PlumbSandboxUser *b)
{
  switch (f->kind)
    {
    case FIELD_STRING:
      return g_strcmp0 (STRING_AT (a, f), STRING_AT (b, f)) != 0;
    case FIELD_BOOLEAN:
      return !BOOL_AT (a, f) != !BOOL_AT (b, f);
    case FIELD_EXTENSION:
    case FIELD_TEMPLATE:
    case FIELD_COMPANY_TEMPLATE:
    case FIELD_VENDOR:
    default:
      return INT64_AT (a, f) != INT64_AT (b, f);
    }
}

static gboolean
valid_email (const char *email)
{
  const char *at = strchr (email, '@');
  const char *dot;

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = email; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == '<' || *p == '>')
      return FALSE;
  dot = strrchr (at, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

static void
validate (PlumbSandboxCompany *company,
          PlumbSandboxUser    *draft,
          PlumbSandboxUser    *existing,
          JsonObject          *errors)
{
  PlumbSandboxUser *other;

  if (draft->last_name == NULL)
    plumb_sandbox_add_field_error (errors, "last_name", "can't be blank");
  if (draft->email_address == NULL)
    plumb_sandbox_add_field_error (errors, "email_address", "can't be blank");
  else if (!valid_email (draft->email_address))
    plumb_sandbox_add_field_error (errors, "email_address", "is invalid");
  else if ((other = plumb_sandbox_company_find_email (company, draft->email_address)) != NULL &&
           other != existing)
    plumb_sandbox_add_field_error (errors, "email_address", "has already been taken");
  if (draft->initials != NULL && g_utf8_strlen (draft->initials, -1) > 3)
    plumb_sandbox_add_field_error (errors, "initials", "is too long (maximum is 3 characters)");

  if (draft->country_code != NULL)
    {
      char *upper = g_ascii_strup (draft->country_code, -1);

      g_free (draft->country_code);
      draft->country_code = upper;
      if (!plumb_sandbox_iso_country_valid (draft->country_code))
        plumb_sandbox_add_field_error (errors, "country_code", "is not included in the list");
    }
  if (draft->state_code != NULL)
    {
      char *upper = g_ascii_strup (draft->state_code, -1);
      const char *dash = strchr (upper, '-');

      /* Procore keeps the part after the dash: "CA" for US-CA. */
      if (dash != NULL && draft->country_code != NULL &&
          strncmp (upper, draft->country_code, dash - upper) == 0)
        {
          char *tail = g_strdup (dash + 1);

          g_free (upper);
          upper = tail;
        }
      g_free (draft->state_code);
      draft->state_code = upper;
      if (draft->country_code == NULL ||
          !plumb_sandbox_iso_subdivision_valid (draft->country_code, draft->state_code))
        plumb_sandbox_add_field_error (errors, "state_code", "is not included in the list");
    }
}

static gboolean
check_avatar (Changes    *changes,
              JsonObject *errors)
{
  gsize len;
  const guchar *data;
  const char *type = NULL;

  if (changes->avatar == NULL)
    return TRUE;
  data = g_bytes_get_data (changes->avatar->bytes, &len);
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    type = "image/png";
  else if (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    type = "image/jpeg";
  else if (len >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    type = "image/gif";
  else if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    type = "image/webp";

  if (type == NULL)
    {
      plumb_sandbox_add_field_error (errors, "avatar", "must be a PNG, JPEG, GIF or WebP image");
      return FALSE;
    }
  if (len > MAX_AVATAR_BYTES)
    {
      plumb_sandbox_add_field_error (errors, "avatar", "is too big (maximum is 10 MB)");
      return FALSE;
    }
  g_free (changes->avatar->content_type);
  changes->avatar->content_type = g_strdup (type);
  return TRUE;
}

static gboolean
may_edit_others (PlumbSandboxUser *caller)
{
  return caller->directory_access == PLUMB_SANDBOX_ACCESS_ADMIN ||
         (caller->directory_access != PLUMB_SANDBOX_ACCESS_NONE && caller->can_create_users);
}

/* Moves the draft's fields into @user, keeping the email index right. */
static void
commit_draft (PlumbSandboxState   *state,
              PlumbSandboxCompany *company,
              PlumbSandboxUser    *user,
              PlumbSandboxUser    *draft,
              Changes             *changes)
{
  g_autofree char *old_email = g_strdup (user->email_address);
  gboolean was_active = user->is_active;
  gint64 now = plumb_sandbox_state_now (state);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];

      switch (f->kind)
        {
        case FIELD_STRING:
          g_free (STRING_AT (user, f));
          STRING_AT (user, f) = g_steal_pointer (&STRING_AT (draft, f));
          break;
        case FIELD_BOOLEAN:
          BOOL_AT (user, f) = BOOL_AT (draft, f);
          break;
        case FIELD_EXTENSION:
        case FIELD_TEMPLATE:
        case FIELD_COMPANY_TEMPLATE:
        case FIELD_VENDOR:
        default:
          INT64_AT (user, f) = INT64_AT (draft, f);
          break;
        }
    }
  if (changes->avatar != NULL)
    {
      g_clear_pointer (&user->avatar_bytes, g_bytes_unref);
      user->avatar_bytes = g_bytes_ref (changes->avatar->bytes);
      g_free (user->avatar_type);
      user->avatar_type = g_strdup (changes->avatar->content_type);
      user->avatar_kind = PLUMB_SANDBOX_AVATAR_UPLOADED;
      user->avatar_rev++;
    }
  else if (changes->remove_avatar && user->avatar_kind != PLUMB_SANDBOX_AVATAR_NONE)
    {
      g_clear_pointer (&user->avatar_bytes, g_bytes_unref);
      user->avatar_kind = PLUMB_SANDBOX_AVATAR_NONE;
      user->avatar_rev++;
    }
  if (user->is_active && !was_active)
    user->last_activated_at = now;
  user->updated_at = now;
  if (g_strcmp0 (old_email, user->email_address) != 0)
    plumb_sandbox_company_reindex_email (company, user, old_email);
  plumb_sandbox_user_touch (company, user);
  plumb_sandbox_track_followups (state, user);
  plumb_sandbox_state_changed (state);
}

static void
respond_bad_body (PlumbSandboxRequest *req)
{
  plumb_sandbox_respond_message (req->msg, 400,
                                 "param is missing or the value is empty: user",
                                 "bad_request");
}

void
plumb_sandbox_rest_update_user (PlumbSandboxRequest *req,
                                PlumbSandboxCompany *company,
                                PlumbSandboxUser    *caller,
                                PlumbSandboxUser    *target)
{
  g_auto(Changes) changes = { 0 };
  g_autoptr(JsonObject) errors = json_object_new ();
  PlumbSandboxUser *draft;
  gboolean is_self = caller->id == target->id;
  gboolean admin = caller->directory_access == PLUMB_SANDBOX_ACCESS_ADMIN;
  gboolean changed = FALSE;
  const char *refusal = NULL;

  if (!is_self && !may_edit_others (caller))
    {
      plumb_sandbox_respond_forbidden (req, "You do not have permission to edit people in this "
                                            "company's directory.");
      return;
    }
  if (!read_changes (req, &changes))
    {
      respond_bad_body (req);
      return;
    }

  draft = draft_of (target);
  apply_changes (company, &changes, draft, errors);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];

      if (!field_changed (f, draft, target))
        continue;
      changed = TRUE;
      if (strcmp (f->name, "email_address") == 0 && !admin)
        refusal = "Only directory Admins can change an email address.";
      else if ((f->kind == FIELD_TEMPLATE || f->kind == FIELD_COMPANY_TEMPLATE) && !admin)
        refusal = "Only directory Admins can change permission templates.";
      else if (strcmp (f->name, "is_active") == 0 && !may_edit_others (caller))
        refusal = "You do not have permission to deactivate people.";
    }
  if (refusal != NULL)
    {
      plumb_sandbox_user_free (draft);
      plumb_sandbox_respond_forbidden (req, refusal);
      return;
    }

  validate (company, draft, target, errors);
  check_avatar (&changes, errors);
  if (json_object_get_size (errors) > 0)
    {
      plumb_sandbox_user_free (draft);
      plumb_sandbox_respond_field_errors (req->msg, errors);
      return;
    }

  if (changed || changes.avatar != NULL ||
      (changes.remove_avatar && target->avatar_kind != PLUMB_SANDBOX_AVATAR_NONE))
    commit_draft (req->state, company, target, draft, &changes);
  plumb_sandbox_user_free (draft);
  plumb_sandbox_respond_user (req, 200, company, target);
}

void
plumb_sandbox_rest_create_user (PlumbSandboxRequest *req,
                                PlumbSandboxCompany *company,
                                PlumbSandboxUser    *caller)
{
  g_auto(Changes) changes = { 0 };
  g_autoptr(JsonObject) errors = json_object_new ();
  PlumbSandboxUser *user;
  gint64 now = plumb_sandbox_state_now (req->state);

  if (!may_edit_others (caller))
    {
      plumb_sandbox_respond_forbidden (req, "You do not have permission to add people to this "
                                            "company's directory.");
      return;
    }
  if (!read_changes (req, &changes))
    {
      respond_bad_body (req);
      return;
    }

  user = plumb_sandbox_user_new ();
  apply_changes (company, &changes, user, errors);
  if (json_object_get_size (errors) == 0 && user->email_address != NULL &&
      plumb_sandbox_company_find_email (company, user->email_address) != NULL)
    {
      plumb_sandbox_user_free (user);
      plumb_sandbox_respond_error (req->msg, 409, "conflict",
                                   "A person with this email address is already in this "
                                   "company's directory.");
      return;
    }
  validate (company, user, NULL, errors);
  check_avatar (&changes, errors);
  if ((user->permission_template_id != 0 || user->company_permission_template_id != 0) &&
      caller->directory_access != PLUMB_SANDBOX_ACCESS_ADMIN)
    {
      plumb_sandbox_user_free (user);
      plumb_sandbox_respond_forbidden (req, "Only directory Admins can set permission templates.");
      return;
    }
  if (json_object_get_size (errors) > 0)
    {
      plumb_sandbox_user_free (user);
      plumb_sandbox_respond_field_errors (req->msg, errors);
      return;
    }

  user->id = MAX (company->next_user_id, 1);
  user->created_at = now;
  user->updated_at = now;
  user->last_activated_at = now;
  user->role = g_strdup (user->is_employee ? "Employee" : "Subcontractor");
  if (changes.avatar != NULL)
    {
      user->avatar_bytes = g_bytes_ref (changes.avatar->bytes);
      user->avatar_type = g_strdup (changes.avatar->content_type);
      user->avatar_kind = PLUMB_SANDBOX_AVATAR_UPLOADED;
    }
  user->dirty = TRUE;
  plumb_sandbox_company_add (company, user);
  plumb_sandbox_state_changed (req->state);
  plumb_sandbox_respond_user (req, 201, company, user);
}

void
plumb_sandbox_rest_invite_user (PlumbSandboxRequest *req,
                                PlumbSandboxCompany *company,
                                PlumbSandboxUser    *caller,
                                PlumbSandboxUser    *target)
{
  gint64 now = plumb_sandbox_state_now (req->state);

  if (!may_edit_others (caller))
    {
      plumb_sandbox_respond_forbidden (req, "You do not have permission to invite people to this "
                                            "company.");
      return;
    }
  if (!target->is_active)
    {
      g_autoptr(JsonObject) errors = json_object_new ();

      plumb_sandbox_add_field_error (errors, "base", "Inactive people cannot be invited.");
      plumb_sandbox_respond_field_errors (req->msg, errors);
      return;
    }

  target->welcome_email_sent_at = now;
  target->updated_at = now;
  target->followups_sent = 0;
  plumb_sandbox_user_touch (company, target);
  plumb_sandbox_track_followups (req->state, target);
  plumb_sandbox_send_welcome (req->state, company, target);
  plumb_sandbox_state_changed (req->state);
  plumb_sandbox_respond_user (req, 202, company, target);
}

void
plumb_sandbox_rest_reactivate_user (PlumbSandboxRequest *req,
                                    PlumbSandboxCompany *company,
                                    PlumbSandboxUser    *caller,
                                    PlumbSandboxUser    *target)
{
  gint64 now = plumb_sandbox_state_now (req->state);

  if (!may_edit_others (caller))
    {
      plumb_sandbox_respond_forbidden (req, "You do not have permission to reactivate people.");
      return;
    }
  target->is_active = TRUE;
  target->last_activated_at = now;
  target->updated_at = now;
  plumb_sandbox_user_touch (company, target);
  plumb_sandbox_track_followups (req->state, target);
  plumb_sandbox_state_changed (req->state);
  plumb_sandbox_respond_user (req, 200, company, target);
}
