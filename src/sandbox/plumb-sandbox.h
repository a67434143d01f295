/* plumb-sandbox.h: the embedded Procore-compatible server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_SANDBOX (plumb_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (PlumbSandbox, plumb_sandbox, PLUMB, SANDBOX, GObject)

/* Properties, read when the server starts:
 *   "users"          guint, 0 = the hand-made demo company
 *   "seed"           guint64, the same seed gives the same companies
 *   "state-file"     string or NULL, keeps the data across restarts
 *   "rate-limit"     guint requests per 10 s, 0 = off
 *   "token-lifetime" guint seconds, default 5400
 *
 * The server answers from a thread of its own with its own GMainContext, so
 * the caller may block or iterate its own main context freely. */
PlumbSandbox *plumb_sandbox_new      (void);
gboolean      plumb_sandbox_start    (PlumbSandbox  *self,
                                      guint          port,
                                      GError       **error);
void          plumb_sandbox_stop     (PlumbSandbox  *self);
guint         plumb_sandbox_get_port (PlumbSandbox  *self);
const char   *plumb_sandbox_get_url  (PlumbSandbox  *self);

G_END_DECLS
