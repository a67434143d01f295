/* plumb-directory-model.h: the company directory as a list model, from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plumb-directory-item.h"
#include "plumb-store.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_DIRECTORY_MODEL (plumb_directory_model_get_type ())

G_DECLARE_FINAL_TYPE (PlumbDirectoryModel, plumb_directory_model, PLUMB, DIRECTORY_MODEL, GObject)

/* A GListModel of PlumbDirectoryItem: the active people of one company, as
 * the store has them, narrowed by a search and an invitation filter and
 * sorted. Reading, narrowing and sorting run in worker threads; the model
 * changes in one items-changed when a result is ready, and a result that a
 * newer search made stale is dropped.
 *
 * Properties: "loading" (a read or a narrowing is under way), "total" (people
 * in the company), "n-items", "search", "filter", "sort", "descending",
 * "now" (the server's time, for "invited 3 days ago"). */
PlumbDirectoryModel   *plumb_directory_model_new             (PlumbStore            *store,
                                                              gint64                 company_id);
void                   plumb_directory_model_reload          (PlumbDirectoryModel   *self);
void                   plumb_directory_model_set_search      (PlumbDirectoryModel   *self,
                                                              const char            *search);
const char            *plumb_directory_model_get_search      (PlumbDirectoryModel   *self);
void                   plumb_directory_model_set_filter      (PlumbDirectoryModel   *self,
                                                              PlumbInvitationFilter  filter);
PlumbInvitationFilter  plumb_directory_model_get_filter      (PlumbDirectoryModel   *self);
void                   plumb_directory_model_set_sort        (PlumbDirectoryModel   *self,
                                                              PlumbUserSort          sort,
                                                              gboolean               descending);
void                   plumb_directory_model_set_now         (PlumbDirectoryModel   *self,
                                                              GDateTime             *now);
void                   plumb_directory_model_set_pending_invites (PlumbDirectoryModel *self,
                                                                  const gint64        *ids,
                                                                  guint                n_ids);
gboolean               plumb_directory_model_get_loading     (PlumbDirectoryModel   *self);
gboolean               plumb_directory_model_get_loaded      (PlumbDirectoryModel   *self);
guint                  plumb_directory_model_get_total       (PlumbDirectoryModel   *self);
/* Position of the person with @id in the current view, or G_MAXUINT. */
guint                  plumb_directory_model_find            (PlumbDirectoryModel   *self,
                                                              gint64                 id);

G_END_DECLS
