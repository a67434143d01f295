/* plumb-photo-fetch.h: the current profile photo from its address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Fetches the picture at @url (HTTPS, or HTTP on loopback) without any
 * credentials: photo addresses point at storage that needs none, and the
 * API token must never reach another host. At most PLUMB_PHOTO_MAX_BYTES. */
void    plumb_photo_fetch_async  (const char          *url,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
GBytes *plumb_photo_fetch_finish (GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
