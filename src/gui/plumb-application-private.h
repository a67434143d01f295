/* plumb-application-private.h: shared by the files of PlumbApplication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-application.h"
#include "plumb-permissions.h"
#include "plumb-sandbox.h"
#include "plumb-store.h"
#include "plumb-sync-engine.h"

G_BEGIN_DECLS

struct _PlumbApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  PlumbSandbox   *sandbox;
  PlumbAccount   *account;
  PlumbAccount   *pending_account;
  GListStore     *companies;
  gint64          company_id;
  GCancellable   *account_cancellable;
  char           *client_id;
  gboolean        start_on_sandbox;
  gboolean        restored;
  gboolean        restoring;        /* the last run's sign-in is coming back */
  char           *restore_error;    /* why it did not, for the welcome page */
  gboolean        icon_theme_read;  /* the worker reading the icon theme has started */
  guint           restore_timeout_id;

  /* The signed-in account's offline copy and its sync, for the company shown */
  PlumbStore      *store;
  PlumbSyncEngine *engine;
  PlumbPermissions *permissions;
  GArray          *pending_invites;
  GCancellable    *store_cancellable;
  GNetworkMonitor *network_monitor;
  guint            refresh_idle;
  guint            sandbox_people;
  /* API URL -> seconds its clock is ahead of ours, as the last engine on it
   * learned: a new engine (another account, another company) starts from it */
  GHashTable      *clock_offsets;
};

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_COMPANY_ID,
  PROP_STORE,
  PROP_PERMISSIONS,
  PROP_ONLINE,
  PROP_SYNC_ENGINE,
  PROP_RESTORING,
  N_PROPS
};

enum {
  DIRECTORY_CHANGED,
  N_SIGNALS
};

extern GParamSpec *plumb_application_properties[N_PROPS];
extern guint plumb_application_signals[N_SIGNALS];

void plumb_application_open_store        (PlumbApplication *self);
void plumb_application_close_store       (PlumbApplication *self);
void plumb_application_install_sync      (PlumbApplication *self);

G_END_DECLS
