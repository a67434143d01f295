/* plumb-directory-item.c
 *
 * Items are made on demand for the rows a list shows, so they hold a
 * reference to the shared rows and an index rather than copies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-directory-item.h"
#include "plumb-invitation.h"

struct _PlumbDirectoryItem
{
  GObject        parent_instance;

  PlumbUserRows *rows;
  guint          index;
  GDateTime     *now;
  GDateTime     *welcome_sent_at;
  GDateTime     *last_login_at;
  gboolean       pending_invite;
};

G_DEFINE_FINAL_TYPE (PlumbDirectoryItem, plumb_directory_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_JOB_TITLE,
  PROP_VENDOR,
  PROP_PERMISSION_TEMPLATE,
  PROP_LAST_LOGIN,
  PROP_INVITATION_STATE,
  PROP_INVITATION_TEXT,
  PROP_BUTTON_LABEL,
  PROP_PENDING_INVITE,
  PROP_AVATAR_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const PlumbUserRow *
row (PlumbDirectoryItem *self)
{
  return plumb_user_rows_get (self->rows, self->index);
}

static void
load_row (PlumbDirectoryItem *self,
          PlumbUserRows      *rows,
          guint               index,
          GDateTime          *now,
          gboolean            pending_invite)
{
  plumb_user_rows_ref (rows);
  g_clear_pointer (&self->rows, plumb_user_rows_unref);
  self->rows = rows;
  self->index = index;
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_clear_pointer (&self->welcome_sent_at, g_date_time_unref);
  g_clear_pointer (&self->last_login_at, g_date_time_unref);
  self->welcome_sent_at = plumb_parse_timestamp (row (self)->welcome_email_sent_at);
  self->last_login_at = plumb_parse_timestamp (row (self)->last_login_at);
  self->pending_invite = pending_invite;
}

PlumbDirectoryItem *
plumb_directory_item_new (PlumbUserRows *rows,
                          guint          index,
                          GDateTime     *now,
                          gboolean       pending_invite)
{
  PlumbDirectoryItem *self;

  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (index < plumb_user_rows_get_n (rows), NULL);

  self = g_object_new (PLUMB_TYPE_DIRECTORY_ITEM, NULL);
  load_row (self, rows, index, now, pending_invite);

  return self;
}

void
plumb_directory_item_set_row (PlumbDirectoryItem *self,
                              PlumbUserRows      *rows,
                              guint               index,
                              GDateTime          *now,
                              gboolean            pending_invite)
{
  g_return_if_fail (PLUMB_IS_DIRECTORY_ITEM (self));
  g_return_if_fail (index < plumb_user_rows_get_n (rows));

  if (self->rows == rows && self->index == index && self->pending_invite == pending_invite &&
      now != NULL && g_date_time_equal (self->now, now))
    return;

  load_row (self, rows, index, now, pending_invite);
  g_signal_emit (self, signals[CHANGED], 0);
}

gint64
plumb_directory_item_get_id (PlumbDirectoryItem *self)
{
  return row (self)->id;
}

const char *
plumb_directory_item_get_name (PlumbDirectoryItem *self)
{
  const PlumbUserRow *r = row (self);

  return r->name ? r->name : "";
}

const char *
plumb_directory_item_get_email (PlumbDirectoryItem *self)
{
  return row (self)->email ? row (self)->email : "";
}

const char *
plumb_directory_item_get_job_title (PlumbDirectoryItem *self)
{
  return row (self)->job_title ? row (self)->job_title : "";
}

const char *
plumb_directory_item_get_vendor (PlumbDirectoryItem *self)
{
  return row (self)->vendor_name ? row (self)->vendor_name : "";
}

const char *
plumb_directory_item_get_permission_template (PlumbDirectoryItem *self)
{
  return row (self)->permission_template_name ? row (self)->permission_template_name : "";
}

const char *
plumb_directory_item_get_avatar_url (PlumbDirectoryItem *self)
{
  return row (self)->avatar;
}

GDateTime *
plumb_directory_item_get_welcome_sent_at (PlumbDirectoryItem *self)
{
  return self->welcome_sent_at;
}

GDateTime *
plumb_directory_item_get_last_login_at (PlumbDirectoryItem *self)
{
  return self->last_login_at;
}

PlumbInvitationState
plumb_directory_item_get_invitation_state (PlumbDirectoryItem *self)
{
  return plumb_invitation_state_derive (self->welcome_sent_at, self->last_login_at);
}

gboolean
plumb_directory_item_get_pending_invite (PlumbDirectoryItem *self)
{
  return self->pending_invite;
}

char *
plumb_directory_item_dup_invitation_text (PlumbDirectoryItem *self)
{
  if (self->pending_invite)
    return g_strdup (_("Invitation waiting to be sent"));

  return plumb_invitation_describe (self->welcome_sent_at, self->last_login_at, self->now);
}

char *
plumb_directory_item_dup_schedule (PlumbDirectoryItem *self)
{
  return plumb_invitation_describe_schedule (self->welcome_sent_at, self->last_login_at, self->now);
}

char *
plumb_directory_item_dup_last_login (PlumbDirectoryItem *self)
{
  g_autoptr(GDateTime) local = NULL;

  if (self->last_login_at == NULL)
    return g_strdup (_("Never"));

  local = g_date_time_to_local (self->last_login_at);
  /* Translators: a date, see strftime(3): "5 Jun 2026" */
  return g_date_time_format (local, _("%-d %b %Y"));
}

const char *
plumb_directory_item_get_button_label (PlumbDirectoryItem *self)
{
  /* A queued invitation already counts: the next click re-invites. */
  if (self->pending_invite)
    return plumb_invitation_button_label (PLUMB_INVITATION_INVITED);

  return plumb_invitation_button_label (plumb_directory_item_get_invitation_state (self));
}

static void
plumb_directory_item_finalize (GObject *object)
{
  PlumbDirectoryItem *self = PLUMB_DIRECTORY_ITEM (object);

  g_clear_pointer (&self->rows, plumb_user_rows_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->welcome_sent_at, g_date_time_unref);
  g_clear_pointer (&self->last_login_at, g_date_time_unref);

  G_OBJECT_CLASS (plumb_directory_item_parent_class)->finalize (object);
}

static void
plumb_directory_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlumbDirectoryItem *self = PLUMB_DIRECTORY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, plumb_directory_item_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, plumb_directory_item_get_name (self));
      break;
    case PROP_EMAIL:
      g_value_set_string (value, plumb_directory_item_get_email (self));
      break;
    case PROP_JOB_TITLE:
      g_value_set_string (value, plumb_directory_item_get_job_title (self));
      break;
    case PROP_VENDOR:
      g_value_set_string (value, plumb_directory_item_get_vendor (self));
      break;
    case PROP_PERMISSION_TEMPLATE:
      g_value_set_string (value, plumb_directory_item_get_permission_template (self));
      break;
    case PROP_LAST_LOGIN:
      g_value_take_string (value, plumb_directory_item_dup_last_login (self));
      break;
    case PROP_INVITATION_STATE:
      g_value_set_enum (value, plumb_directory_item_get_invitation_state (self));
      break;
    case PROP_INVITATION_TEXT:
      g_value_take_string (value, plumb_directory_item_dup_invitation_text (self));
      break;
    case PROP_BUTTON_LABEL:
      g_value_set_string (value, plumb_directory_item_get_button_label (self));
      break;
    case PROP_PENDING_INVITE:
      g_value_set_boolean (value, self->pending_invite);
      break;
    case PROP_AVATAR_URL:
      g_value_set_string (value, plumb_directory_item_get_avatar_url (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_directory_item_class_init (PlumbDirectoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plumb_directory_item_finalize;
  object_class->get_property = plumb_directory_item_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_JOB_TITLE] = g_param_spec_string ("job-title", NULL, NULL, NULL, flags);
  properties[PROP_VENDOR] = g_param_spec_string ("vendor", NULL, NULL, NULL, flags);
  properties[PROP_PERMISSION_TEMPLATE] = g_param_spec_string ("permission-template", NULL, NULL, NULL, flags);
  properties[PROP_LAST_LOGIN] = g_param_spec_string ("last-login", NULL, NULL, NULL, flags);
  properties[PROP_INVITATION_STATE] = g_param_spec_enum ("invitation-state", NULL, NULL,
                                                         PLUMB_TYPE_INVITATION_STATE,
                                                         PLUMB_INVITATION_NEVER_INVITED, flags);
  properties[PROP_INVITATION_TEXT] = g_param_spec_string ("invitation-text", NULL, NULL, NULL, flags);
  properties[PROP_BUTTON_LABEL] = g_param_spec_string ("button-label", NULL, NULL, NULL, flags);
  properties[PROP_PENDING_INVITE] = g_param_spec_boolean ("pending-invite", NULL, NULL, FALSE, flags);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Every property may have changed at once: a row shows another person. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
plumb_directory_item_init (PlumbDirectoryItem *self)
{
}
