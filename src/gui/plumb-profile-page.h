/* plumb-profile-page.h: My Profile, the person's own directory record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-application.h"
#include "plumb-photo-well.h"
#include "plumb-profile.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_PROFILE_PAGE (plumb_profile_page_get_type ())

G_DECLARE_FINAL_TYPE (PlumbProfilePage, plumb_profile_page, PLUMB, PROFILE_PAGE, GtkWidget)

/* Properties: "application" (construct-only), "has-unsaved-changes"
 * (read-only, notified): what PlumbWindow asks before leaving. Actions:
 * "profile.update", "profile.discard" (forget the unsaved changes). */
GtkWidget      *plumb_profile_page_new                 (PlumbApplication  *application);
gboolean        plumb_profile_page_get_has_unsaved_changes (PlumbProfilePage *self);
/* "loading" until the record is read, then "ready"; "missing" when the
 * person's record has not been fetched yet. */
const char     *plumb_profile_page_get_state           (PlumbProfilePage  *self);
const char     *plumb_profile_page_get_status_text     (PlumbProfilePage  *self);
PlumbPhotoWell *plumb_profile_page_get_photo_well      (PlumbProfilePage  *self);
GtkEditable    *plumb_profile_page_get_editable        (PlumbProfilePage  *self,
                                                        PlumbProfileField  field);
/* The message shown under a field, or NULL. */
const char     *plumb_profile_page_get_field_error     (PlumbProfilePage  *self,
                                                        PlumbProfileField  field);
/* The country and State/Province chosen, as the codes Procore takes ("" for none). */
const char     *plumb_profile_page_get_country         (PlumbProfilePage  *self);
const char     *plumb_profile_page_get_state_code      (PlumbProfilePage  *self);
gboolean        plumb_profile_page_choose_country      (PlumbProfilePage  *self,
                                                        const char        *code);
gboolean        plumb_profile_page_choose_state_code   (PlumbProfilePage  *self,
                                                        const char        *code);
/* The conflicts shown, as "field" names, and the per-company outcome of
 * the last Update ("Company: outcome" lines). */
guint           plumb_profile_page_get_n_conflicts     (PlumbProfilePage  *self);
char           *plumb_profile_page_dup_company_report  (PlumbProfilePage  *self);
/* Chooses for the first conflict shown, as its buttons do. */
void            plumb_profile_page_resolve_first_conflict (PlumbProfilePage *self,
                                                        gboolean           keep_mine);
void            plumb_profile_page_set_all_companies   (PlumbProfilePage  *self,
                                                        gboolean           all);

G_END_DECLS
