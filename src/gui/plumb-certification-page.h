/* plumb-certification-page.h: the Certification relinking wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-application.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_CERTIFICATION_PAGE (plumb_certification_page_get_type ())

G_DECLARE_FINAL_TYPE (PlumbCertificationPage, plumb_certification_page, PLUMB, CERTIFICATION_PAGE, GtkWidget)

GtkWidget  *plumb_certification_page_new         (PlumbApplication       *application);
/* The step shown: "start", "scenario", "sign-in", "profile", "request-reset",
 * "reset-link", "proof" or "ending". */
const char *plumb_certification_page_get_step    (PlumbCertificationPage *self);
/* How it ended, or NULL while under way: "relinked", "in-sync",
 * "still-empty", "wrong-portal", "email-taken", "no-inbox". */
const char *plumb_certification_page_get_ending  (PlumbCertificationPage *self);
/* 1 or 2 once found, else 0. */
int         plumb_certification_page_get_scenario (PlumbCertificationPage *self);
gboolean    plumb_certification_page_get_busy    (PlumbCertificationPage *self);
/* What "Copy Summary" puts on the clipboard. */
char       *plumb_certification_page_dup_summary (PlumbCertificationPage *self);

G_END_DECLS
