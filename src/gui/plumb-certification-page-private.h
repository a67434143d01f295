/* plumb-certification-page-private.h: what the wizard's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plumb-certification-page.c holds the frame: navigation, Back, the step
 * log and the summary. plumb-certification-start.c finds the scenario;
 * plumb-certification-steps.c holds the steps after it, each a real call to
 * the portal whose answer decides where to go, and the endings.
 */

#pragma once

#include "plumb-certification-page.h"
#include "plumb-portal.h"

G_BEGIN_DECLS

struct _PlumbCertificationPage
{
  GtkWidget          parent_instance;

  PlumbApplication  *application;
  GCancellable      *cancellable;
  PlumbPortal       *portal;
  gboolean           sandbox;

  GPtrArray         *history;        /* step names to go Back to */
  GPtrArray         *log;            /* LogEntry* */
  gboolean           busy;
  gboolean           support;        /* run for someone else */
  int                scenario;
  char              *procore_email;
  char              *cert_email;     /* the email the progress is under */
  char              *ending;
  char              *ending_page_kind;  /* what the "ending" and "proof" pages show, for Back */
  char              *proof_page_kind;
  char              *scenario_reason;
  GPtrArray         *facts;          /* "label\tvalue" for support */
  GDateTime         *reset_sent_at;
  guint              n_registrations;

  /* Template widgets */
  GtkWidget         *outer;
  GtkStack          *stack;
  GtkCheckButton    *mode_me;
  GtkCheckButton    *mode_support;
  AdwActionRow      *mode_me_row;
  GtkWidget         *questions_group;
  GtkToggleButton   *can_sign_in_yes;
  GtkToggleButton   *can_sign_in_no;
  GtkToggleButton   *changed_yes;
  GtkToggleButton   *changed_no;
  GtkWidget         *support_group;
  GtkEditable       *support_procore_row;
  GtkEditable       *support_cert_row;
  GtkEditable       *support_key_row;
  GtkLabel          *start_error;
  GtkWidget         *start_spinner;
  GtkWidget         *find_button;
  GtkLabel          *scenario_title;
  GtkLabel          *scenario_why;
  GtkListBox        *plan_list;
  GtkLabel          *sign_in_hint;
  GtkEditable       *sign_in_email_row;
  GtkEditable       *sign_in_password_row;
  GtkLabel          *sign_in_error;
  GtkWidget         *sign_in_spinner;
  AdwActionRow      *profile_current_row;
  AdwActionRow      *profile_target_row;
  GtkLabel          *profile_error;
  GtkWidget         *profile_spinner;
  GtkEditable       *reset_email_row;
  GtkLabel          *request_error;
  GtkWidget         *request_spinner;
  GtkLabel          *reset_hint;
  GtkEditable       *reset_link_row;
  GtkEditable       *new_password_row;
  GtkEditable       *confirm_password_row;
  GtkWidget         *mailbox_group;
  GtkListBox        *mailbox_list;
  GtkLabel          *reset_error;
  GtkWidget         *reset_spinner;
  GtkWidget         *new_link_button;
  GtkLabel          *proof_title;
  GtkLabel          *proof_text;
  GtkWidget         *proof_spinner;
  GtkWidget         *proof_group;
  GtkListBox        *registrations_list;
  GtkLabel          *proof_error;
  GtkImage          *ending_icon;
  GtkLabel          *ending_title;
  GtkLabel          *ending_text;
  GtkWidget         *facts_group;
  GtkListBox        *facts_list;
  GtkWidget         *ending_other_button;
  GtkWidget         *ending_reset_button;
  GtkWidget         *ending_copy_button;
  GtkListBox        *log_list;
  GtkToggleButton   *log_toggle;
  GtkWidget         *back_button;
  GtkLabel          *progress_label;
};

/* plumb-certification-page.c */
void     plumb_certification_go          (PlumbCertificationPage *self,
                                          const char             *step);
void     plumb_certification_log         (PlumbCertificationPage *self,
                                          const char             *step,
                                          const char             *result);
void     plumb_certification_set_busy    (PlumbCertificationPage *self,
                                          gboolean                busy,
                                          GtkWidget              *spinner);
void     plumb_certification_show_error  (GtkLabel               *label,
                                          const GError           *error);
void     plumb_certification_clear_error (GtkLabel               *label);
void     plumb_certification_add_fact    (PlumbCertificationPage *self,
                                          const char             *label,
                                          const char             *value);
void     plumb_certification_set_ending  (PlumbCertificationPage *self,
                                          const char             *ending);
char    *plumb_certification_format_time (GDateTime              *time);
gboolean plumb_certification_cancelled   (const GError           *error);

/* plumb-certification-start.c */
void     plumb_certification_find_scenario   (PlumbCertificationPage *self);
void     plumb_certification_begin           (PlumbCertificationPage *self);

/* plumb-certification-steps.c */
char    *plumb_certification_dup_text        (GtkEditable            *editable);
gboolean plumb_certification_looks_like_email (const char            *text);
char    *plumb_certification_format_date     (GDateTime              *time);
void     plumb_certification_show_registrations (PlumbCertificationPage *self,
                                              GPtrArray              *list,
                                              gboolean                in_sync);
void     plumb_certification_sign_in         (PlumbCertificationPage *self);
void     plumb_certification_cant_sign_in    (PlumbCertificationPage *self);
void     plumb_certification_update_email    (PlumbCertificationPage *self);
void     plumb_certification_request_reset   (PlumbCertificationPage *self);
void     plumb_certification_show_mailbox    (PlumbCertificationPage *self);
void     plumb_certification_set_password    (PlumbCertificationPage *self);
void     plumb_certification_no_inbox        (PlumbCertificationPage *self);
void     plumb_certification_proof           (PlumbCertificationPage *self);
void     plumb_certification_show_ending     (PlumbCertificationPage *self,
                                              const char             *ending,
                                              const GError           *error);

G_END_DECLS
