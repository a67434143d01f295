/* plumb-sync-status.c: the sync state in the header, with "Sync Now"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-sync-status.h"

struct _PlumbSyncStatus
{
  GtkWidget         parent_instance;

  PlumbApplication *application;
  PlumbSyncEngine  *engine;
  char             *text;

  GtkMenuButton    *button;
  GtkLabel         *state_label;
  GtkProgressBar   *progress;
  GtkLabel         *detail_label;
  GtkLabel         *error_label;
  GtkButton        *sync_button;
};

G_DEFINE_FINAL_TYPE (PlumbSyncStatus, plumb_sync_status, GTK_TYPE_WIDGET)

const char *
plumb_sync_status_get_text (PlumbSyncStatus *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_STATUS (self), NULL);

  return self->text;
}

static char *
format_last_success (gint64 when)
{
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *time = NULL;

  if (when <= 0)
    return g_strdup (_("Not synced yet."));

  then = g_date_time_new_from_unix_local (when);
  /* Translators: a time of day, see strftime(3) */
  time = g_date_time_format (then, _("%H:%M"));
  /* Translators: %s is a time such as 14:05 */
  return g_strdup_printf (_("Last synced at %s."), time);
}

static void
update (PlumbSyncStatus *self)
{
  const char *icon = "emblem-ok-symbolic";
  g_autofree char *detail = NULL;
  g_autofree char *state = NULL;
  const char *error = NULL;
  gint64 pending = 0;
  guint conflicts = 0;
  guint failed = 0;
  gboolean syncing = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self), self->engine != NULL);
  if (self->engine == NULL)
    return;

  pending = plumb_sync_engine_get_pending_count (self->engine);
  conflicts = plumb_sync_engine_get_conflict_count (self->engine);
  failed = plumb_sync_engine_get_failed_count (self->engine);
  syncing = plumb_sync_engine_get_syncing (self->engine);
  error = plumb_sync_engine_get_last_error (self->engine);

  if (!plumb_sync_engine_get_online (self->engine))
    {
      icon = "network-offline-symbolic";
      state = pending > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline, %d change waiting", "Offline, %d changes waiting", pending), (int) pending)
        : g_strdup (_("Offline"));
    }
  else if (syncing)
    {
      icon = "emblem-synchronizing-symbolic";
      state = g_strdup (_("Syncing…"));
    }
  else if (conflicts > 0)
    {
      icon = "dialog-warning-symbolic";
      state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change needs your choice", "%u changes need your choice", conflicts), conflicts);
    }
  else if (error != NULL || failed > 0)
    {
      icon = "dialog-warning-symbolic";
      state = failed > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change was refused", "%u changes were refused", failed), failed)
        : g_strdup (_("The last sync failed"));
    }
  else if (pending > 0)
    {
      icon = "document-send-symbolic";
      state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d change waiting", "%d changes waiting", pending), (int) pending);
    }
  else
    state = g_strdup (_("Up to date"));

  detail = format_last_success (plumb_sync_engine_get_last_success (self->engine));

  gtk_menu_button_set_icon_name (self->button, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, state, -1);
  gtk_label_set_label (self->state_label, state);
  gtk_label_set_label (self->detail_label, detail);
  gtk_label_set_label (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), syncing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button), !syncing);
  gtk_button_set_label (self->sync_button, error != NULL || failed > 0 ? _("_Try Again") : _("_Sync Now"));
  gtk_progress_bar_set_fraction (self->progress, plumb_sync_engine_get_progress (self->engine));

  g_free (self->text);
  self->text = g_steal_pointer (&state);
}

static void
on_engine_changed (PlumbSyncStatus *self)
{
  PlumbSyncEngine *engine = self->application ? plumb_application_get_sync_engine (self->application) : NULL;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (self->engine != NULL)
    g_signal_connect_object (self->engine, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
}

void
plumb_sync_status_set_application (PlumbSyncStatus  *self,
                                   PlumbApplication *application)
{
  g_return_if_fail (PLUMB_IS_SYNC_STATUS (self));

  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (self->application, self);
  g_set_object (&self->application, application);
  if (application != NULL)
    g_signal_connect_object (application, "notify::sync-engine", G_CALLBACK (on_engine_changed), self, G_CONNECT_SWAPPED);

  on_engine_changed (self);
}

static void
plumb_sync_status_dispose (GObject *object)
{
  PlumbSyncStatus *self = PLUMB_SYNC_STATUS (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->application);
  g_clear_pointer (&self->text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLUMB_TYPE_SYNC_STATUS);

  G_OBJECT_CLASS (plumb_sync_status_parent_class)->dispose (object);
}

static void
plumb_sync_status_class_init (PlumbSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plumb_sync_status_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plumbline/Plumbline/ui/plumb-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, PlumbSyncStatus, button);
  gtk_widget_class_bind_template_child (widget_class, PlumbSyncStatus, state_label);
  gtk_widget_class_bind_template_child (widget_class, PlumbSyncStatus, progress);
  gtk_widget_class_bind_template_child (widget_class, PlumbSyncStatus, detail_label);
  gtk_widget_class_bind_template_child (widget_class, PlumbSyncStatus, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlumbSyncStatus, sync_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
plumb_sync_status_init (PlumbSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
