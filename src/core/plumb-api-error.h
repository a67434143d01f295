/* plumb-api-error.h: every error answer of the Procore API as one GError
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

GError *plumb_api_error_from_response (guint               status,
                                       SoupMessageHeaders *headers,
                                       GBytes             *body);
GError *plumb_api_error_from_transport (const GError      *error,
                                        gboolean           idempotent);

G_END_DECLS
