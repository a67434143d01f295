/* plumb-account-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-application.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_ACCOUNT_PAGE (plumb_account_page_get_type ())

G_DECLARE_FINAL_TYPE (PlumbAccountPage, plumb_account_page, PLUMB, ACCOUNT_PAGE, GtkWidget)

GtkWidget *plumb_account_page_new (PlumbApplication *application);

G_END_DECLS
