/* plumb-directory-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-application.h"
#include "plumb-directory-model.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_DIRECTORY_PAGE (plumb_directory_page_get_type ())

G_DECLARE_FINAL_TYPE (PlumbDirectoryPage, plumb_directory_page, PLUMB, DIRECTORY_PAGE, GtkWidget)

GtkWidget           *plumb_directory_page_new              (PlumbApplication   *application);
PlumbDirectoryModel *plumb_directory_page_get_model        (PlumbDirectoryPage *self);
const char          *plumb_directory_page_get_state        (PlumbDirectoryPage *self);
const char          *plumb_directory_page_get_banner       (PlumbDirectoryPage *self);
const char          *plumb_directory_page_get_count_text   (PlumbDirectoryPage *self);
void                 plumb_directory_page_show_details     (PlumbDirectoryPage *self,
                                                            gint64              id);

G_END_DECLS
