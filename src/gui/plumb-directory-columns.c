/* plumb-directory-columns.c: the Directory's columns, their cells and sorting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-directory-page-private.h"

/* The columns a person can sort by, in the order they are shown. */
typedef struct
{
  const char    *title;
  const char    *property;
  PlumbUserSort  sort;
  gboolean       expand;
} ColumnInfo;

static const ColumnInfo text_columns[] = {
  { N_("Job Title"), "job-title", PLUMB_USER_SORT_JOB_TITLE, FALSE },
  { N_("Company"), "vendor", PLUMB_USER_SORT_VENDOR, FALSE },
  { N_("Permissions"), "permission-template", PLUMB_N_USER_SORTS, FALSE },
  { N_("Last Sign-In"), "last-login", PLUMB_USER_SORT_LAST_LOGIN, FALSE },
};

/* Sorting: the model sorts 100,000 people in a worker thread, so the column
 * view only reports which column and which way. GTK 4.8 has no getter for
 * that; each column's sorter answers a probe comparison and the one that
 * is asked first is the primary one. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  PlumbDirectoryPage *self = g_object_get_data (G_OBJECT (user_data), "page");

  if (self == NULL || !self->probing_sort)
    return 0;

  if (self->probed_column < 0)
    self->probed_column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (user_data), "sort"));

  return -1;
}

void
plumb_directory_page_update_sort (PlumbDirectoryPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  self->probing_sort = TRUE;
  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, a, b);
  self->probing_sort = FALSE;

  if (self->probed_column < 0 || order == GTK_ORDERING_EQUAL)
    plumb_directory_model_set_sort (self->model, PLUMB_USER_SORT_NAME, FALSE);
  else
    /* The probe says "a before b"; a descending column turns that round. */
    plumb_directory_model_set_sort (self->model, self->probed_column, order == GTK_ORDERING_LARGER);
}

static GtkSorter *
create_probe_sorter (PlumbDirectoryPage *self,
                     PlumbUserSort       sort)
{
  GtkCustomSorter *sorter = gtk_custom_sorter_new (NULL, NULL, NULL);

  g_object_set_data (G_OBJECT (sorter), "page", self);
  g_object_set_data (G_OBJECT (sorter), "sort", GINT_TO_POINTER (sort));
  gtk_custom_sorter_set_sort_func (sorter, probe_compare, sorter, NULL);

  return GTK_SORTER (sorter);
}

static void
setup_text_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_text_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  const char *property = user_data;
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  g_object_get (gtk_list_item_get_item (list_item), property, &text, NULL);
  gtk_label_set_label (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_tooltip_text (label, text && *text ? text : NULL);
}

static void
setup_person_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *avatar = adw_avatar_new (32, NULL, TRUE);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *email = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (email), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (email), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 26);
  gtk_label_set_max_width_chars (GTK_LABEL (email), 26);
  gtk_label_set_width_chars (GTK_LABEL (name), 14);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (email, "dim-label");
  gtk_widget_add_css_class (email, "caption");
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), email);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_person_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  PlumbDirectoryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *avatar = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (avatar);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *email = gtk_widget_get_next_sibling (name);

  adw_avatar_set_text (ADW_AVATAR (avatar), plumb_directory_item_get_name (item));
  gtk_label_set_label (GTK_LABEL (name), plumb_directory_item_get_name (item));
  gtk_label_set_label (GTK_LABEL (email), plumb_directory_item_get_email (item));
  gtk_widget_set_tooltip_text (box, plumb_directory_item_get_name (item));
}


static void
on_row_invite_clicked (GtkButton *button,
                       gpointer   user_data)
{
  PlumbDirectoryPage *self = user_data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "user-id"));

  plumb_directory_page_invite_ids (self, &id, 1, FALSE);
}

static void
setup_invitation_cell (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       gpointer                  user_data)
{
  PlumbDirectoryPage *self = user_data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 22);
  gtk_label_set_width_chars (GTK_LABEL (label), 18);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "invite-cell");
  g_signal_connect (button, "clicked", G_CALLBACK (on_row_invite_clicked), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_invitation_cell (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  PlumbDirectoryPage *self = user_data;
  PlumbDirectoryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *button = gtk_widget_get_next_sibling (label);
  g_autofree char *text = plumb_directory_item_dup_invitation_text (item);
  const char *button_label = plumb_directory_item_get_button_label (item);
  g_autofree char *accessible = NULL;

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_button_set_label (GTK_BUTTON (button), button_label);
  g_object_set_data (G_OBJECT (button), "user-id", GSIZE_TO_POINTER (plumb_directory_item_get_id (item)));

  /* Translators: “Invite Sam Rivera” for screen readers */
  accessible = g_strdup_printf (_("%s %s"), button_label, plumb_directory_item_get_name (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  gtk_widget_set_sensitive (button, plumb_directory_page_can_invite (self));
  if (plumb_directory_page_can_invite (self))
    gtk_widget_set_tooltip_text (button, NULL);
  else
    {
      g_autofree char *reason = plumb_directory_page_dup_cannot_invite_reason (self);

      gtk_widget_set_tooltip_text (button, reason);
    }

  if (plumb_directory_item_get_invitation_state (item) == PLUMB_INVITATION_NEVER_INVITED &&
      !plumb_directory_item_get_pending_invite (item))
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_remove_css_class (button, "suggested-action");
}

/* The model points a row's item at another person when a search changes
 * who stands there; the cell fills itself again on "changed". */
typedef void (*FillFunc) (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item,
                          gpointer                  user_data);

typedef struct
{
  FillFunc     fill;
  GtkListItem *list_item;
  gpointer     user_data;
} Refill;

static void
on_item_changed (gpointer  item,
                 Refill   *refill)
{
  refill->fill (NULL, refill->list_item, refill->user_data);
}

static void
refill_free (gpointer  data,
             GClosure *closure)
{
  g_free (data);
}

static void
follow_item (GtkListItem *list_item,
             FillFunc     fill,
             gpointer     user_data)
{
  Refill *refill = g_new0 (Refill, 1);
  gulong id;

  refill->fill = fill;
  refill->list_item = list_item;
  refill->user_data = user_data;
  id = g_signal_connect_data (gtk_list_item_get_item (list_item), "changed", G_CALLBACK (on_item_changed),
                              refill, refill_free, 0);
  g_object_set_data (G_OBJECT (list_item), "plumb-changed-id", GSIZE_TO_POINTER (id));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "plumb-changed-id"));

  if (id != 0 && gtk_list_item_get_item (list_item) != NULL)
    g_signal_handler_disconnect (gtk_list_item_get_item (list_item), id);
  g_object_set_data (G_OBJECT (list_item), "plumb-changed-id", NULL);
}

static void
bind_followed (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  FillFunc fill = g_object_get_data (G_OBJECT (factory), "plumb-fill");

  fill (factory, list_item, user_data);
  follow_item (list_item, fill, user_data);
}

static GtkListItemFactory *
create_factory (GCallback setup,
                FillFunc  fill,
                gpointer  user_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "plumb-fill", fill);
  g_signal_connect (factory, "setup", setup, user_data);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_followed), user_data);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), user_data);

  return factory;
}

static void
add_column (PlumbDirectoryPage *self,
            const char         *title,
            GtkListItemFactory *factory,
            PlumbUserSort       sort,
            gboolean            expand,
            int                 fixed_width)
{
  GtkColumnViewColumn *column = gtk_column_view_column_new (title, factory);

  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  if (sort < PLUMB_N_USER_SORTS)
    {
      g_autoptr(GtkSorter) sorter = create_probe_sorter (self, sort);

      gtk_column_view_column_set_sorter (column, sorter);
    }
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

void
plumb_directory_page_build_columns (PlumbDirectoryPage *self)
{
  GtkListItemFactory *factory;

  factory = create_factory (G_CALLBACK (setup_person_cell), bind_person_cell, self);
  add_column (self, _("Name"), factory, PLUMB_USER_SORT_NAME, TRUE, 0);

  for (guint i = 0; i < G_N_ELEMENTS (text_columns); i++)
    {
      factory = create_factory (G_CALLBACK (setup_text_cell), bind_text_cell, (gpointer) text_columns[i].property);
      add_column (self, _(text_columns[i].title), factory, text_columns[i].sort, text_columns[i].expand, 0);
    }

  factory = create_factory (G_CALLBACK (setup_invitation_cell), bind_invitation_cell, self);
  add_column (self, _("Invitation"), factory, PLUMB_USER_SORT_INVITED, FALSE, 0);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (plumb_directory_page_update_sort), self, G_CONNECT_SWAPPED);
}

/* The narrower the page, the fewer columns; the person and the invitation
 * always stay, and the rest is one click away in the details. */
gboolean
plumb_directory_page_apply_narrow (gpointer user_data)
{
  PlumbDirectoryPage *self = user_data;
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint n = g_list_model_get_n_items (columns);

  self->narrow_idle = 0;
  for (guint i = 1; i + 1 < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      /* Permissions and last sign-in go first, job title and company next. */
      gboolean visible = self->narrow == 0 || (self->narrow == 1 && i <= 2);

      gtk_column_view_column_set_visible (column, visible);
    }

  return G_SOURCE_REMOVE;
}

