/* plumb-profile-page-private.h: what the files of PlumbProfilePage share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-company.h"
#include "plumb-iso-codes.h"
#include "plumb-profile-page.h"

G_BEGIN_DECLS

struct _PlumbProfilePage
{
  GtkWidget          parent_instance;

  PlumbApplication  *application;
  PlumbSyncEngine   *engine;
  GCancellable      *cancellable;       /* the page's, cancelled in dispose */
  GCancellable      *load_cancellable;  /* the load running */
  guint              load_idle;
  gboolean           load_waiting;      /* asked while hidden: loads when shown */
  gint64             loaded_company;
  guint              generation;        /* of the conflicts shown */
  PlumbIsoCodes     *iso;
  GtkStringList     *countries;         /* codes, "" first for none */
  GtkStringList     *states;

  JsonObject        *record;            /* the person's record as last synced */
  JsonObject        *shown;             /* with the changes waiting laid over it */
  GPtrArray         *ops;               /* the outbox's changes not yet done */
  GHashTable        *refusals;          /* field -> what the server said */
  GPtrArray         *queued;            /* PlumbProfileQueued of the last Update */
  GPtrArray         *conflicts;         /* ConflictChoice shown */
  GPtrArray         *dynamic_rows;      /* conflict rows, removed on rebuild */
  GPtrArray         *company_rows;      /* per-company outcome rows */
  char              *initial[PLUMB_PROFILE_N_FIELDS];
  char              *errors[PLUMB_PROFILE_N_FIELDS];
  char              *suggestion;
  char              *avatar_url;
  char              *status_text;
  const char        *state;
  guint              filling;
  gboolean           saving;
  gboolean           dirty;
  gboolean           just_saved;
  gboolean           others_fetched;    /* the person's records in the other companies */

  /* Template widgets */
  GtkWidget         *rows[PLUMB_PROFILE_N_FIELDS];
  GtkWidget         *error_rows[PLUMB_PROFILE_N_FIELDS];
  GtkDropDown       *country_dropdown;
  GtkDropDown       *state_code_dropdown;
  PlumbPhotoWell    *photo_well;
  AdwPreferencesGroup *conflicts_group;
  AdwPreferencesGroup *companies_group;
  AdwActionRow      *all_companies_row;
  GtkSwitch         *all_companies_switch;
  GtkImage          *status_icon;
  GtkLabel          *status_label;
  GtkWidget         *update_button;
};

/* plumb-profile-page.c */
const char *plumb_profile_page_field_text       (PlumbProfilePage  *self,
                                                 PlumbProfileField  field);
void        plumb_profile_page_fill             (PlumbProfilePage  *self,
                                                 JsonObject        *values);
void        plumb_profile_page_update_dirty     (PlumbProfilePage  *self);
void        plumb_profile_page_load             (PlumbProfilePage  *self);
void        plumb_profile_page_show_avatar      (PlumbProfilePage  *self,
                                                 const char        *url);
void        plumb_profile_page_show_photo_bytes (PlumbProfilePage  *self,
                                                 GBytes            *bytes);
void        plumb_profile_page_fetch_others     (PlumbProfilePage  *self);

/* plumb-profile-page-sources.c */
guint       plumb_profile_page_find_code        (GtkStringList     *list,
                                                 const char        *code);
void        plumb_profile_page_select_code      (GtkDropDown       *dropdown,
                                                 GtkStringList     *list,
                                                 const char        *code);
const char *plumb_profile_page_state_note       (PlumbProfilePage  *self);
void        plumb_profile_page_fill_states      (PlumbProfilePage  *self,
                                                 const char        *country,
                                                 const char        *keep);
void        plumb_profile_page_setup_choosers   (PlumbProfilePage  *self);

/* plumb-profile-page-status.c */
void        plumb_profile_page_apply            (PlumbProfilePage  *self,
                                                 GPtrArray         *ops);
void        plumb_profile_page_set_status       (PlumbProfilePage  *self,
                                                 const char        *text,
                                                 const char        *icon_name);
void        plumb_profile_page_update_status    (PlumbProfilePage  *self);
void        plumb_profile_page_update_companies (PlumbProfilePage  *self);

G_END_DECLS
