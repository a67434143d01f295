/* plumb-directory-page-private.h: shared by the files of PlumbDirectoryPage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-directory-page.h"

G_BEGIN_DECLS

struct _PlumbDirectoryPage
{
  GtkWidget            parent_instance;

  PlumbApplication    *application;
  PlumbDirectoryModel *model;
  GtkMultiSelection   *selection;
  GCancellable        *cancellable;
  gint64               details_id;
  gboolean             probing_sort;
  int                  probed_column;
  char                *banner_text;
  guint                narrow;        /* 0 wide, 1 middling, 2 narrow */
  guint                narrow_idle;

  /* Template widgets */
  GtkWidget           *page_box;
  GtkRevealer         *banner_revealer;
  GtkWidget           *banner;
  GtkLabel            *banner_label;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *filter_dropdown;
  GtkLabel            *count_label;
  GtkButton           *invite_selected_button;
  GtkProgressBar      *progress_bar;
  AdwFlap             *flap;
  GtkStack            *stack;
  AdwStatusPage       *no_match_page;
  GtkColumnView       *column_view;
  AdwAvatar           *details_avatar;
  GtkLabel            *details_name;
  GtkLabel            *details_job;
  GtkButton           *details_invite;
  GtkLabel            *details_schedule;
  AdwPreferencesGroup *details_fields;
  GPtrArray           *details_rows;
};

void      plumb_directory_page_build_columns             (PlumbDirectoryPage *self);
void      plumb_directory_page_update_sort               (PlumbDirectoryPage *self);
gboolean  plumb_directory_page_apply_narrow              (gpointer            user_data);
gboolean  plumb_directory_page_can_invite                (PlumbDirectoryPage *self);
char     *plumb_directory_page_dup_cannot_invite_reason  (PlumbDirectoryPage *self);
void      plumb_directory_page_show_banner               (PlumbDirectoryPage *self,
                                                          const char         *text,
                                                          gboolean            warning);
void      plumb_directory_page_invite_ids                (PlumbDirectoryPage *self,
                                                          const gint64       *ids,
                                                          guint               n_ids,
                                                          gboolean            confirm_many);

G_END_DECLS
