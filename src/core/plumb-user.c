/* plumb-user.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fields are described once, in a table, which gives the properties,
 * the reading from JSON and the writing back; a field added to the API is
 * one line here.
 */

#include "config.h"

#include <string.h>

#include "plumb-user-private.h"

/* Times are kept as seconds (a list of 100,000 people has half a million
 * of them); the GDateTime the API hands out is made on first use. */
typedef gint64 UserTime;
#define NO_TIME G_MININT64
#define N_TIMES 5

struct _PlumbUser
{
  GObject    parent_instance;

  gint64     id;
  char      *first_name;
  char      *last_name;
  char      *name;
  char      *initials;
  char      *job_title;
  char      *address;
  char      *city;
  char      *zip;
  char      *state_code;
  char      *country_code;
  char      *email_address;
  char      *business_phone;
  gint64     business_phone_extension;   /* -1 = null */
  char      *mobile_phone;
  char      *fax_number;
  char      *avatar;
  gboolean   is_active;
  gboolean   is_employee;
  char      *employee_id;
  UserTime   created_at;
  UserTime   updated_at;
  UserTime   last_login_at;
  UserTime   welcome_email_sent_at;
  UserTime   last_activated_at;
  GDateTime **time_cache;               /* N_TIMES, made when first asked for */
  gint64     permission_template_id;     /* 0 = none */
  char      *permission_template_name;
  gint64     company_permission_template_id;
  char      *company_permission_template_name;
  gint64     vendor_id;
  char      *vendor_name;
  char      *role;

  /* The strings read from a list page live in one block; a bit per field
   * says which string fields point into it rather than own their text. */
  char      *arena;
  guint64    in_arena;
};

G_DEFINE_FINAL_TYPE (PlumbUser, plumb_user, G_TYPE_OBJECT)

typedef PlumbUserFieldKind FieldKind;
#define KIND_STRING   PLUMB_USER_FIELD_STRING
#define KIND_ID       PLUMB_USER_FIELD_ID
#define KIND_OPT_INT  PLUMB_USER_FIELD_OPT_INT
#define KIND_BOOL     PLUMB_USER_FIELD_BOOL
#define KIND_TIME     PLUMB_USER_FIELD_TIME
#define KIND_REF_ID   PLUMB_USER_FIELD_REF_ID
#define KIND_REF_NAME PLUMB_USER_FIELD_REF_NAME

typedef struct
{
  const char *json;
  gsize       json_len;
  const char *property;
  FieldKind   kind;
  gsize       offset;
} Field;

#define F(json, prop, kind, member) { json, sizeof (json) - 1, prop, kind, G_STRUCT_OFFSET (PlumbUser, member) }

static const Field fields[] = {
  F ("id", "id", KIND_ID, id),
  F ("first_name", "first-name", KIND_STRING, first_name),
  F ("last_name", "last-name", KIND_STRING, last_name),
  F ("name", "name", KIND_STRING, name),
  F ("initials", "initials", KIND_STRING, initials),
  F ("job_title", "job-title", KIND_STRING, job_title),
  F ("address", "address", KIND_STRING, address),
  F ("city", "city", KIND_STRING, city),
  F ("zip", "zip", KIND_STRING, zip),
  F ("state_code", "state-code", KIND_STRING, state_code),
  F ("country_code", "country-code", KIND_STRING, country_code),
  F ("email_address", "email-address", KIND_STRING, email_address),
  F ("business_phone", "business-phone", KIND_STRING, business_phone),
  F ("business_phone_extension", "business-phone-extension", KIND_OPT_INT, business_phone_extension),
  F ("mobile_phone", "mobile-phone", KIND_STRING, mobile_phone),
  F ("fax_number", "fax-number", KIND_STRING, fax_number),
  F ("avatar", "avatar", KIND_STRING, avatar),
  F ("is_active", "is-active", KIND_BOOL, is_active),
  F ("is_employee", "is-employee", KIND_BOOL, is_employee),
  F ("employee_id", "employee-id", KIND_STRING, employee_id),
  F ("created_at", "created-at", KIND_TIME, created_at),
  F ("updated_at", "updated-at", KIND_TIME, updated_at),
  F ("last_login_at", "last-login-at", KIND_TIME, last_login_at),
  F ("welcome_email_sent_at", "welcome-email-sent-at", KIND_TIME, welcome_email_sent_at),
  F ("last_activated_at", "last-activated-at", KIND_TIME, last_activated_at),
  F ("permission_template", "permission-template-id", KIND_REF_ID, permission_template_id),
  F ("permission_template", "permission-template-name", KIND_REF_NAME, permission_template_name),
  F ("company_permission_template", "company-permission-template-id", KIND_REF_ID, company_permission_template_id),
  F ("company_permission_template", "company-permission-template-name", KIND_REF_NAME, company_permission_template_name),
  F ("vendor", "vendor-id", KIND_REF_ID, vendor_id),
  F ("vendor", "vendor-name", KIND_REF_NAME, vendor_name),
  F ("role", "role", KIND_STRING, role),
};

#undef F

G_STATIC_ASSERT (G_N_ELEMENTS (fields) <= 64);

/* Property ids: 1..N_FIELDS for the table, then the derived ones. */
#define N_FIELDS G_N_ELEMENTS (fields)
#define PROP_INVITATION_STATE (N_FIELDS + 1)

static GParamSpec *properties[N_FIELDS + 2];

#define MEMBER(self, field, type) (*(type *) G_STRUCT_MEMBER_P ((self), (field)->offset))

static void
release_string (PlumbUser   *self,
                const Field *field)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << (field - fields);
  char **slot = &MEMBER (self, field, char *);

  if ((self->in_arena & bit) != 0)
    self->in_arena &= ~bit;
  else
    g_free (*slot);
  *slot = NULL;
}

static gboolean
set_string (PlumbUser   *self,
            const Field *field,
            const char  *value)
{
  if (g_strcmp0 (MEMBER (self, field, char *), value) == 0)
    return FALSE;
  release_string (self, field);
  MEMBER (self, field, char *) = g_strdup (value);
  return TRUE;
}

static guint
time_index (PlumbUser *self,
            UserTime  *slot)
{
  return (guint) (slot - &self->created_at);
}

static GDateTime *
time_get (PlumbUser *self,
          UserTime  *slot)
{
  guint i = time_index (self, slot);

  if (*slot == NO_TIME)
    return NULL;
  if (self->time_cache == NULL)
    self->time_cache = g_new0 (GDateTime *, N_TIMES);
  if (self->time_cache[i] == NULL)
    self->time_cache[i] = g_date_time_new_from_unix_utc (*slot);
  return self->time_cache[i];
}

static void
time_clear (PlumbUser *self,
            UserTime  *slot)
{
  if (self->time_cache != NULL)
    g_clear_pointer (&self->time_cache[time_index (self, slot)], g_date_time_unref);
  *slot = NO_TIME;
}

static gboolean
time_set (PlumbUser *self,
          UserTime  *slot,
          GDateTime *value)
{
  if (value == NULL)
    {
      gboolean changed = *slot != NO_TIME;

      time_clear (self, slot);
      return changed;
    }
  if (*slot == g_date_time_to_unix (value))
    return FALSE;
  time_clear (self, slot);
  *slot = g_date_time_to_unix (value);
  return TRUE;
}

GType
plumb_invitation_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { PLUMB_INVITATION_NEVER_INVITED, "PLUMB_INVITATION_NEVER_INVITED", "never-invited" },
        { PLUMB_INVITATION_INVITED, "PLUMB_INVITATION_INVITED", "invited" },
        { PLUMB_INVITATION_SIGNED_IN, "PLUMB_INVITATION_SIGNED_IN", "signed-in" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static ("PlumbInvitationState", values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

/* Procore has no invitation field: the state follows from two timestamps
 * (shared/PROCORE-API.md). This is the only place that knows how. */
PlumbInvitationState
plumb_invitation_state_derive (GDateTime *welcome_email_sent_at,
                               GDateTime *last_login_at)
{
  if (last_login_at != NULL)
    return PLUMB_INVITATION_SIGNED_IN;
  if (welcome_email_sent_at != NULL)
    return PLUMB_INVITATION_INVITED;
  return PLUMB_INVITATION_NEVER_INVITED;
}

static void
plumb_user_finalize (GObject *object)
{
  PlumbUser *self = PLUMB_USER (object);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      const Field *field = &fields[i];

      switch (field->kind)
        {
        case KIND_STRING:
        case KIND_REF_NAME:
          release_string (self, field);
          break;
        case KIND_TIME:
          time_clear (self, &MEMBER (self, field, UserTime));
          break;
        case KIND_ID:
        case KIND_OPT_INT:
        case KIND_BOOL:
        case KIND_REF_ID:
        default:
          break;
        }
    }

  g_free (self->arena);
  g_free (self->time_cache);

  G_OBJECT_CLASS (plumb_user_parent_class)->finalize (object);
}

static void
plumb_user_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlumbUser *self = PLUMB_USER (object);
  const Field *field;

  if (prop_id == PROP_INVITATION_STATE)
    {
      g_value_set_enum (value, plumb_user_get_invitation_state (self));
      return;
    }
  if (prop_id < 1 || prop_id > N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  field = &fields[prop_id - 1];
  switch (field->kind)
    {
    case KIND_STRING:
    case KIND_REF_NAME:
      g_value_set_string (value, MEMBER (self, field, char *));
      break;
    case KIND_ID:
    case KIND_OPT_INT:
    case KIND_REF_ID:
      g_value_set_int64 (value, MEMBER (self, field, gint64));
      break;
    case KIND_BOOL:
      g_value_set_boolean (value, MEMBER (self, field, gboolean));
      break;
    case KIND_TIME:
      g_value_set_boxed (value, time_get (self, &MEMBER (self, field, UserTime)));
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
set_field (PlumbUser    *self,
           const Field  *field,
           const GValue *value)
{
  switch (field->kind)
    {
    case KIND_STRING:
    case KIND_REF_NAME:
      return set_string (self, field, g_value_get_string (value));
    case KIND_ID:
    case KIND_OPT_INT:
    case KIND_REF_ID:
      if (MEMBER (self, field, gint64) == g_value_get_int64 (value))
        return FALSE;
      MEMBER (self, field, gint64) = g_value_get_int64 (value);
      return TRUE;
    case KIND_BOOL:
      if (MEMBER (self, field, gboolean) == g_value_get_boolean (value))
        return FALSE;
      MEMBER (self, field, gboolean) = g_value_get_boolean (value);
      return TRUE;
    case KIND_TIME:
      return time_set (self, &MEMBER (self, field, UserTime), g_value_get_boxed (value));
    default:
      g_assert_not_reached ();
    }
}

static void
plumb_user_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PlumbUser *self = PLUMB_USER (object);
  PlumbInvitationState before;

  if (prop_id < 1 || prop_id > N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  before = plumb_user_get_invitation_state (self);
  if (set_field (self, &fields[prop_id - 1], value))
    {
      g_object_notify_by_pspec (object, pspec);
      if (plumb_user_get_invitation_state (self) != before)
        g_object_notify_by_pspec (object, properties[PROP_INVITATION_STATE]);
    }
}

static GParamSpec *
field_pspec (const Field *field)
{
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  switch (field->kind)
    {
    case KIND_STRING:
    case KIND_REF_NAME:
      return g_param_spec_string (field->property, NULL, NULL, NULL, flags);
    case KIND_ID:
    case KIND_REF_ID:
      return g_param_spec_int64 (field->property, NULL, NULL, 0, G_MAXINT64, 0, flags);
    case KIND_OPT_INT:
      return g_param_spec_int64 (field->property, NULL, NULL, -1, G_MAXINT64, -1, flags);
    case KIND_BOOL:
      return g_param_spec_boolean (field->property, NULL, NULL, FALSE, flags);
    case KIND_TIME:
      return g_param_spec_boxed (field->property, NULL, NULL, G_TYPE_DATE_TIME, flags);
    default:
      g_assert_not_reached ();
    }
}

static void
plumb_user_class_init (PlumbUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plumb_user_finalize;
  object_class->get_property = plumb_user_get_property;
  object_class->set_property = plumb_user_set_property;

  for (guint i = 0; i < N_FIELDS; i++)
    properties[i + 1] = field_pspec (&fields[i]);
  properties[PROP_INVITATION_STATE] =
    g_param_spec_enum ("invitation-state", NULL, NULL, PLUMB_TYPE_INVITATION_STATE,
                       PLUMB_INVITATION_NEVER_INVITED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

G_STATIC_ASSERT (G_STRUCT_OFFSET (PlumbUser, last_activated_at) - G_STRUCT_OFFSET (PlumbUser, created_at) ==
                 (N_TIMES - 1) * sizeof (UserTime));

static void
plumb_user_init (PlumbUser *self)
{
  self->created_at = NO_TIME;
  self->updated_at = NO_TIME;
  self->last_login_at = NO_TIME;
  self->welcome_email_sent_at = NO_TIME;
  self->last_activated_at = NO_TIME;
  self->business_phone_extension = -1;
  self->is_active = TRUE;
}

PlumbUser *
plumb_user_new (void)
{
  return g_object_new (PLUMB_TYPE_USER, NULL);
}

static JsonNode *
member_node (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static void
read_field (PlumbUser   *self,
            const Field *field,
            JsonObject  *object)
{
  JsonNode *node = member_node (object, field->json);

  if (node == NULL)
    return;

  switch (field->kind)
    {
    case KIND_STRING:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        set_string (self, field, json_node_get_string (node));
      break;
    case KIND_ID:
    case KIND_OPT_INT:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        MEMBER (self, field, gint64) = json_node_get_int (node);
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          /* Some endpoints quote numbers. */
          gint64 number;

          if (g_ascii_string_to_signed (json_node_get_string (node), 10, 0, G_MAXINT64, &number, NULL))
            MEMBER (self, field, gint64) = number;
        }
      break;
    case KIND_BOOL:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        MEMBER (self, field, gboolean) = json_node_get_boolean (node);
      break;
    case KIND_TIME:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);

          time_set (self, &MEMBER (self, field, UserTime), time);
        }
      break;
    case KIND_REF_ID:
      /* Only a whole number, as the list reader takes it: json-glib would
       * truncate 710.5 and complain about an object. */
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonNode *id = json_object_get_member (json_node_get_object (node), "id");

          if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
            MEMBER (self, field, gint64) = json_node_get_int (id);
        }
      break;
    case KIND_REF_NAME:
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonNode *name = json_object_get_member (json_node_get_object (node), "name");

          if (name != NULL && JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
            set_string (self, field, json_node_get_string (name));
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Safe to call from a worker thread: the list pages are read there. */
PlumbUser *
plumb_user_new_from_json (JsonObject *object)
{
  PlumbUser *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = plumb_user_new ();
  for (guint i = 0; i < N_FIELDS; i++)
    read_field (self, &fields[i], object);

  plumb_user_fill_name (self);
  return self;
}

/* Some answers carry first and last name only. */
void
plumb_user_fill_name (PlumbUser *self)
{
  if (self->name == NULL && (self->first_name != NULL || self->last_name != NULL))
    self->name = g_strstrip (g_strjoin (" ", self->first_name ? self->first_name : "",
                                        self->last_name ? self->last_name : "", NULL));
}

int
plumb_user_field_lookup (const char *key,
                         gsize       len,
                         int         hint)
{
  if (hint >= 0 && (guint) hint < N_FIELDS &&
      fields[hint].json_len == len && memcmp (fields[hint].json, key, len) == 0)
    return hint;
  for (guint i = 0; i < N_FIELDS; i++)
    if (fields[i].json_len == len && memcmp (fields[i].json, key, len) == 0)
      return (int) i;
  return -1;
}

guint
plumb_user_n_fields (void)
{
  return N_FIELDS;
}

const char *
plumb_user_field_name (int    index,
                       gsize *len)
{
  *len = fields[index].json_len;
  return fields[index].json;
}

PlumbUserFieldKind
plumb_user_field_kind (int index)
{
  return fields[index].kind;
}

void
plumb_user_field_take_string (PlumbUser *self,
                              int        index,
                              char      *value)
{
  release_string (self, &fields[index]);
  MEMBER (self, &fields[index], char *) = value;
}

void
plumb_user_field_set_int (PlumbUser *self,
                          int        index,
                          gint64     value)
{
  if (fields[index].kind == KIND_BOOL)
    MEMBER (self, &fields[index], gboolean) = value != 0;
  else
    MEMBER (self, &fields[index], gint64) = value;
}

void
plumb_user_field_set_seconds (PlumbUser *self,
                              int        index,
                              gint64     seconds)
{
  UserTime *time = &MEMBER (self, &fields[index], UserTime);

  time_clear (self, time);
  *time = seconds;
}

/* Takes @arena; string field @indexes[i] becomes @arena + @offsets[i]. */
void
plumb_user_field_set_arena (PlumbUser   *self,
                            char        *arena,
                            const int   *indexes,
                            const gsize *offsets,
                            guint        n)
{
  g_return_if_fail (self->arena == NULL);

  self->arena = arena;
  for (guint i = 0; i < n; i++)
    {
      const Field *field = &fields[indexes[i]];

      release_string (self, field);
      MEMBER (self, field, char *) = arena + offsets[i];
      self->in_arena |= G_GUINT64_CONSTANT (1) << indexes[i];
    }
}

static void
write_time (JsonObject *object,
            const char *name,
            GDateTime  *time)
{
  if (time == NULL)
    {
      json_object_set_null_member (object, name);
      return;
    }
  {
    g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
    g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

    json_object_set_string_member (object, name, text);
  }
}

/* The same shape the API lists users in, so a stored copy reads back with
 * plumb_user_new_from_json(). */
JsonObject *
plumb_user_to_json (PlumbUser *self)
{
  JsonObject *object;

  g_return_val_if_fail (PLUMB_IS_USER (self), NULL);

  object = json_object_new ();
  for (guint i = 0; i < N_FIELDS; i++)
    {
      const Field *field = &fields[i];

      switch (field->kind)
        {
        case KIND_STRING:
          if (MEMBER (self, field, char *) != NULL)
            json_object_set_string_member (object, field->json, MEMBER (self, field, char *));
          else
            json_object_set_null_member (object, field->json);
          break;
        case KIND_ID:
          json_object_set_int_member (object, field->json, MEMBER (self, field, gint64));
          break;
        case KIND_OPT_INT:
          if (MEMBER (self, field, gint64) >= 0)
            json_object_set_int_member (object, field->json, MEMBER (self, field, gint64));
          else
            json_object_set_null_member (object, field->json);
          break;
        case KIND_BOOL:
          json_object_set_boolean_member (object, field->json, MEMBER (self, field, gboolean));
          break;
        case KIND_TIME:
          write_time (object, field->json, time_get (self, &MEMBER (self, field, UserTime)));
          break;
        case KIND_REF_ID:
          /* The id entry writes the whole {"id","name"} pair, the name entry
           * (always right after it in the table) nothing. */
          if (MEMBER (self, field, gint64) > 0)
            {
              JsonObject *ref = json_object_new ();
              const char *name = MEMBER (self, &fields[i + 1], char *);

              json_object_set_int_member (ref, "id", MEMBER (self, field, gint64));
              if (name != NULL)
                json_object_set_string_member (ref, "name", name);
              else
                json_object_set_null_member (ref, "name");
              json_object_set_object_member (object, field->json, ref);
            }
          else
            json_object_set_null_member (object, field->json);
          break;
        case KIND_REF_NAME:
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return object;
}

gint64
plumb_user_get_id (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), 0);
  return self->id;
}

const char *
plumb_user_get_name (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), NULL);
  return self->name;
}

const char *
plumb_user_get_first_name (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), NULL);
  return self->first_name;
}

const char *
plumb_user_get_last_name (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), NULL);
  return self->last_name;
}

const char *
plumb_user_get_email_address (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), NULL);
  return self->email_address;
}

const char *
plumb_user_get_job_title (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), NULL);
  return self->job_title;
}

gint64
plumb_user_get_business_phone_extension (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), -1);
  return self->business_phone_extension;
}

gboolean
plumb_user_get_is_active (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), FALSE);
  return self->is_active;
}

GDateTime *
plumb_user_get_updated_at (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), NULL);
  return time_get (self, &self->updated_at);
}

GDateTime *
plumb_user_get_welcome_email_sent_at (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), NULL);
  return time_get (self, &self->welcome_email_sent_at);
}

GDateTime *
plumb_user_get_last_login_at (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), NULL);
  return time_get (self, &self->last_login_at);
}

PlumbInvitationState
plumb_user_get_invitation_state (PlumbUser *self)
{
  g_return_val_if_fail (PLUMB_IS_USER (self), PLUMB_INVITATION_NEVER_INVITED);
  return plumb_invitation_state_derive (time_get (self, &self->welcome_email_sent_at), time_get (self, &self->last_login_at));
}
