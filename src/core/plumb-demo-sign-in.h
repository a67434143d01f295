/* plumb-demo-sign-in.h: signing in to a sandbox on this computer without a browser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plumb-account.h"

G_BEGIN_DECLS

/* The demo admin of the embedded sandbox (HACKING.md). */
#define PLUMB_DEMO_ADMIN_LOGIN "alex.morgan@northwind.example"

void      plumb_demo_sign_in_async  (PlumbAccount        *account,
                                     const char          *client_secret,
                                     const char          *login_hint,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean  plumb_demo_sign_in_finish (PlumbAccount        *account,
                                     GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
