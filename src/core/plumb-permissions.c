/* plumb-permissions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may invite: 'Admin' on the company Directory tool, or 'Read Only' or
 * 'Standard' plus the granular permission 'Create and Edit Users (Based on
 * Assignable Permissions Templates)'. Changing an email address needs Admin.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-json.h"
#include "plumb-permissions.h"

/* Procore's names as they appear in settings/permissions. Public
 * documentation does not confirm them (shared/PROCORE-API.md), so every
 * name the code compares against lives here and nowhere else. */
static const struct
{
  const char *directory_tools[3];
  const char *level_admin;
  const char *level_standard;
  const char *level_read_only;
  const char *action_create_users;
} procore_names = {
  { "Directory", "Company Directory", NULL },
  "Admin",
  "Standard",
  "Read Only",
  "Create and Edit Users (Based on Assignable Permissions Templates)",
};

struct _PlumbPermissions
{
  GObject           parent_instance;

  gint64            company_id;
  PlumbAccessLevel  directory_level;
  gboolean          can_create_users;
};

G_DEFINE_FINAL_TYPE (PlumbPermissions, plumb_permissions, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COMPANY_ID,
  PROP_DIRECTORY_LEVEL,
  PROP_CAN_CREATE_USERS,
  PROP_CAN_INVITE,
  PROP_CAN_CHANGE_EMAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
plumb_access_level_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { PLUMB_ACCESS_NONE, "PLUMB_ACCESS_NONE", "none" },
        { PLUMB_ACCESS_READ_ONLY, "PLUMB_ACCESS_READ_ONLY", "read-only" },
        { PLUMB_ACCESS_STANDARD, "PLUMB_ACCESS_STANDARD", "standard" },
        { PLUMB_ACCESS_ADMIN, "PLUMB_ACCESS_ADMIN", "admin" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static ("PlumbAccessLevel", values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

static void
plumb_permissions_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlumbPermissions *self = PLUMB_PERMISSIONS (object);

  switch (prop_id)
    {
    case PROP_COMPANY_ID:
      g_value_set_int64 (value, self->company_id);
      break;
    case PROP_DIRECTORY_LEVEL:
      g_value_set_enum (value, self->directory_level);
      break;
    case PROP_CAN_CREATE_USERS:
      g_value_set_boolean (value, self->can_create_users);
      break;
    case PROP_CAN_INVITE:
      g_value_set_boolean (value, plumb_permissions_can_invite (self));
      break;
    case PROP_CAN_CHANGE_EMAIL:
      g_value_set_boolean (value, plumb_permissions_can_change_email (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_permissions_class_init (PlumbPermissionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = plumb_permissions_get_property;

  properties[PROP_COMPANY_ID] = g_param_spec_int64 ("company-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DIRECTORY_LEVEL] = g_param_spec_enum ("directory-level", NULL, NULL, PLUMB_TYPE_ACCESS_LEVEL,
                                                        PLUMB_ACCESS_NONE, flags);
  properties[PROP_CAN_CREATE_USERS] = g_param_spec_boolean ("can-create-users", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_INVITE] = g_param_spec_boolean ("can-invite", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_CHANGE_EMAIL] = g_param_spec_boolean ("can-change-email", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plumb_permissions_init (PlumbPermissions *self)
{
}

PlumbPermissions *
plumb_permissions_new (gint64           company_id,
                       PlumbAccessLevel directory_level,
                       gboolean         can_create_users)
{
  PlumbPermissions *self = g_object_new (PLUMB_TYPE_PERMISSIONS, NULL);

  self->company_id = company_id;
  self->directory_level = directory_level;
  self->can_create_users = can_create_users;
  return self;
}

static gboolean
name_is (const char *name,
         const char *expected)
{
  return name != NULL && expected != NULL && g_ascii_strcasecmp (name, expected) == 0;
}

static gboolean
is_directory_tool (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (procore_names.directory_tools); i++)
    if (name_is (name, procore_names.directory_tools[i]))
      return TRUE;
  return FALSE;
}

static PlumbAccessLevel
level_from_name (const char *name)
{
  if (name_is (name, procore_names.level_admin))
    return PLUMB_ACCESS_ADMIN;
  if (name_is (name, procore_names.level_standard))
    return PLUMB_ACCESS_STANDARD;
  if (name_is (name, procore_names.level_read_only))
    return PLUMB_ACCESS_READ_ONLY;
  return PLUMB_ACCESS_NONE;
}

PlumbPermissions *
plumb_permissions_new_from_json (gint64    company_id,
                                 JsonNode *node)
{
  PlumbAccessLevel level = PLUMB_ACCESS_NONE;
  gboolean can_create = FALSE;
  JsonArray *tools = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (node), "tools");

      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
        tools = json_node_get_array (member);
    }

  for (guint i = 0; tools != NULL && i < json_array_get_length (tools); i++)
    {
      JsonNode *element = json_array_get_element (tools, i);
      JsonObject *tool;
      JsonNode *access;
      JsonNode *actions;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      tool = json_node_get_object (element);
      if (!is_directory_tool (plumb_json_string (tool, "name")))
        continue;

      access = json_object_get_member (tool, "user_access_level");
      if (access != NULL && JSON_NODE_HOLDS_OBJECT (access))
        level = MAX (level, level_from_name (plumb_json_string (json_node_get_object (access), "name")));

      actions = json_object_get_member (tool, "permitted_actions");
      for (guint j = 0; actions != NULL && JSON_NODE_HOLDS_ARRAY (actions) &&
                        j < json_array_get_length (json_node_get_array (actions)); j++)
        {
          JsonNode *action = json_array_get_element (json_node_get_array (actions), j);

          if (JSON_NODE_HOLDS_OBJECT (action) &&
              name_is (plumb_json_string (json_node_get_object (action), "action_name"),
                       procore_names.action_create_users))
            can_create = TRUE;
        }
    }

  return plumb_permissions_new (company_id, level, can_create);
}

gint64
plumb_permissions_get_company_id (PlumbPermissions *self)
{
  g_return_val_if_fail (PLUMB_IS_PERMISSIONS (self), 0);
  return self->company_id;
}

PlumbAccessLevel
plumb_permissions_get_directory_level (PlumbPermissions *self)
{
  g_return_val_if_fail (PLUMB_IS_PERMISSIONS (self), PLUMB_ACCESS_NONE);
  return self->directory_level;
}

gboolean
plumb_permissions_get_can_create_users (PlumbPermissions *self)
{
  g_return_val_if_fail (PLUMB_IS_PERMISSIONS (self), FALSE);
  return self->can_create_users;
}

gboolean
plumb_permissions_can_invite (PlumbPermissions *self)
{
  g_return_val_if_fail (PLUMB_IS_PERMISSIONS (self), FALSE);

  if (self->directory_level == PLUMB_ACCESS_ADMIN)
    return TRUE;
  return (self->directory_level == PLUMB_ACCESS_STANDARD || self->directory_level == PLUMB_ACCESS_READ_ONLY) &&
         self->can_create_users;
}

gboolean
plumb_permissions_can_change_email (PlumbPermissions *self)
{
  g_return_val_if_fail (PLUMB_IS_PERMISSIONS (self), FALSE);

  return self->directory_level == PLUMB_ACCESS_ADMIN;
}

char *
plumb_permissions_dup_missing_sentence (PlumbPermissions *self,
                                        gboolean          for_email)
{
  g_return_val_if_fail (PLUMB_IS_PERMISSIONS (self), NULL);

  if (for_email)
    {
      if (plumb_permissions_can_change_email (self))
        return NULL;
      return g_strdup_printf (_("Changing an email address needs the “%s” level on the company Directory tool. "
                                "Ask a Procore administrator of your company."),
                              procore_names.level_admin);
    }

  if (plumb_permissions_can_invite (self))
    return NULL;
  if (self->directory_level == PLUMB_ACCESS_NONE)
    return g_strdup_printf (_("Inviting people needs access to the company Directory tool: “%s”, or “%s” or “%s” "
                              "with the permission “%s”. Ask a Procore administrator of your company."),
                            procore_names.level_admin, procore_names.level_standard,
                            procore_names.level_read_only, procore_names.action_create_users);
  return g_strdup_printf (_("Inviting people needs the permission “%s” on the company Directory tool "
                            "(or the “%s” level). Ask a Procore administrator of your company."),
                          procore_names.action_create_users, procore_names.level_admin);
}
