/* plumb-company.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-company.h"
#include "plumb-json.h"

struct _PlumbCompany
{
  GObject   parent_instance;

  gint64    id;
  char     *name;
  gboolean  is_active;
};

G_DEFINE_FINAL_TYPE (PlumbCompany, plumb_company, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_IS_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
plumb_company_finalize (GObject *object)
{
  PlumbCompany *self = PLUMB_COMPANY (object);

  g_free (self->name);

  G_OBJECT_CLASS (plumb_company_parent_class)->finalize (object);
}

static void
plumb_company_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlumbCompany *self = PLUMB_COMPANY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_IS_ACTIVE:
      g_value_set_boolean (value, self->is_active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_company_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlumbCompany *self = PLUMB_COMPANY (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;
    case PROP_IS_ACTIVE:
      self->is_active = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_company_class_init (PlumbCompanyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plumb_company_finalize;
  object_class->get_property = plumb_company_get_property;
  object_class->set_property = plumb_company_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_IS_ACTIVE] = g_param_spec_boolean ("is-active", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plumb_company_init (PlumbCompany *self)
{
}

PlumbCompany *
plumb_company_new (gint64      id,
                   const char *name,
                   gboolean    is_active)
{
  return g_object_new (PLUMB_TYPE_COMPANY, "id", id, "name", name, "is-active", is_active, NULL);
}

PlumbCompany *
plumb_company_new_from_json (JsonObject *object)
{
  gint64 id;

  g_return_val_if_fail (object != NULL, NULL);

  /* Ids are positive; anything else cannot be asked about again. */
  id = plumb_json_int (object, "id", 0);
  if (id <= 0)
    return NULL;
  return plumb_company_new (id,
                            plumb_json_string (object, "name"),
                            plumb_json_boolean (object, "is_active", TRUE));
}

JsonObject *
plumb_company_to_json (PlumbCompany *self)
{
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (PLUMB_IS_COMPANY (self), object);

  json_object_set_int_member (object, "id", self->id);
  if (self->name != NULL)
    json_object_set_string_member (object, "name", self->name);
  else
    json_object_set_null_member (object, "name");
  json_object_set_boolean_member (object, "is_active", self->is_active);
  return object;
}

gint64
plumb_company_get_id (PlumbCompany *self)
{
  g_return_val_if_fail (PLUMB_IS_COMPANY (self), 0);
  return self->id;
}

const char *
plumb_company_get_name (PlumbCompany *self)
{
  g_return_val_if_fail (PLUMB_IS_COMPANY (self), NULL);
  return self->name;
}

gboolean
plumb_company_get_is_active (PlumbCompany *self)
{
  g_return_val_if_fail (PLUMB_IS_COMPANY (self), FALSE);
  return self->is_active;
}
