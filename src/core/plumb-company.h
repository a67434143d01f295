/* plumb-company.h: a Procore company the signed-in account belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_COMPANY (plumb_company_get_type ())

G_DECLARE_FINAL_TYPE (PlumbCompany, plumb_company, PLUMB, COMPANY, GObject)

/* Properties: "id" (gint64), "name", "is-active". */
PlumbCompany *plumb_company_new            (gint64        id,
                                            const char   *name,
                                            gboolean      is_active);
/* NULL for an entry without a positive whole-number id. */
PlumbCompany *plumb_company_new_from_json  (JsonObject   *object);
JsonObject   *plumb_company_to_json        (PlumbCompany *self);
gint64        plumb_company_get_id         (PlumbCompany *self);
const char   *plumb_company_get_name       (PlumbCompany *self);
gboolean      plumb_company_get_is_active  (PlumbCompany *self);

G_END_DECLS
