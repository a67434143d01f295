/* plumb-welcome-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_WELCOME_PAGE (plumb_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (PlumbWelcomePage, plumb_welcome_page, PLUMB, WELCOME_PAGE, GtkWidget)

void        plumb_welcome_page_reset             (PlumbWelcomePage *self);
void        plumb_welcome_page_show_error        (PlumbWelcomePage *self,
                                                  const char       *message);
const char *plumb_welcome_page_get_authorize_url (PlumbWelcomePage *self);
const char *plumb_welcome_page_get_step          (PlumbWelcomePage *self);

G_END_DECLS
