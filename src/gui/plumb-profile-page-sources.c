/* plumb-profile-page-sources.c: where My Profile's values come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Countries and their subdivisions from iso-codes (loaded in a thread,
 * searched by their names in the person's language), the current photo
 * from its address, and the person's record in the other companies.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-iso-codes.h"
#include "plumb-photo.h"
#include "plumb-photo-fetch.h"
#include "plumb-profile-page-private.h"

#define AVATAR_SIZE 192

guint
plumb_profile_page_find_code (GtkStringList *list,
           const char    *code)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (gtk_string_list_get_string (list, i), code != NULL ? code : "") == 0)
      return i;
  return G_MAXUINT;
}

/* Selects @code, adding it when the lists do not know it, so that a value
 * from the server is kept as it is. */
void
plumb_profile_page_select_code (GtkDropDown   *dropdown,
             GtkStringList *list,
             const char    *code)
{
  guint position = plumb_profile_page_find_code (list, code);

  if (position == G_MAXUINT)
    {
      gtk_string_list_append (list, code);
      position = g_list_model_get_n_items (G_LIST_MODEL (list)) - 1;
    }
  gtk_drop_down_set_selected (dropdown, position);
}

/* Under State/Province when there is nothing to choose. */
const char *
plumb_profile_page_state_note (PlumbProfilePage *self)
{
  const char *country = plumb_profile_page_field_text (self, PLUMB_PROFILE_COUNTRY);

  if (*country != '\0' && self->iso != NULL && plumb_iso_codes_get_n_subdivisions (self->iso, country) == 0)
    return _("This country has no states or provinces to choose from");
  return NULL;
}

void
plumb_profile_page_fill_states (PlumbProfilePage *self,
             const char       *country,
             const char       *keep)
{
  guint n = self->iso != NULL ? plumb_iso_codes_get_n_subdivisions (self->iso, country) : 0;
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autofree char *kept = g_strdup (keep);

  g_ptr_array_add (codes, (gpointer) "");
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (codes, plumb_iso_codes_get_subdivision (self->iso, country, i)->short_code);
  g_ptr_array_add (codes, NULL);

  self->filling++;
  gtk_string_list_splice (self->states, 0, g_list_model_get_n_items (G_LIST_MODEL (self->states)),
                          (const char *const *) codes->pdata);
  if (kept != NULL && *kept != '\0')
    plumb_profile_page_select_code (self->state_code_dropdown, self->states, kept);
  else
    gtk_drop_down_set_selected (self->state_code_dropdown, 0);
  self->filling--;

  gtk_widget_set_sensitive (GTK_WIDGET (self->state_code_dropdown), n > 0 || (kept != NULL && *kept != '\0'));
  if (self->errors[PLUMB_PROFILE_STATE] == NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->rows[PLUMB_PROFILE_STATE]), plumb_profile_page_state_note (self));
}

/* Photos */

static void
current_preview_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PlumbProfilePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = plumb_photo_load_preview_finish (result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pixbuf != NULL)
    texture = gdk_texture_new_for_pixbuf (pixbuf);
  plumb_photo_well_set_current (self->photo_well, GDK_PAINTABLE (texture), TRUE);
}

void
plumb_profile_page_show_photo_bytes (PlumbProfilePage *self,
                                     GBytes           *bytes)
{
  plumb_photo_load_preview_async (bytes, AVATAR_SIZE, self->cancellable, current_preview_cb, self);
}

static void
photo_fetched_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PlumbProfilePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = plumb_photo_fetch_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      /* Offline, or gone: the initials stand in, and the next load tries again. */
      g_debug ("current photo: %s", error->message);
      g_clear_pointer (&self->avatar_url, g_free);
      return;
    }
  plumb_profile_page_show_photo_bytes (self, bytes);
}

void
plumb_profile_page_show_avatar (PlumbProfilePage *self,
                                const char       *url)
{
  if (g_strcmp0 (url, self->avatar_url) == 0)
    return;
  g_free (self->avatar_url);
  self->avatar_url = g_strdup (url);
  if (url == NULL || *url == '\0')
    {
      plumb_photo_well_set_current (self->photo_well, NULL, FALSE);
      return;
    }
  plumb_photo_well_set_current (self->photo_well, NULL, TRUE);
  plumb_photo_fetch_async (url, self->cancellable, photo_fetched_cb, self);
}

/* The other companies */

static void
others_fetched_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint stored = plumb_profile_fetch_own_records_finish (result, &error);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("records in the other companies: %s", error->message);
  else
    g_debug ("records in the other companies: %u stored", stored);
}

/* An Update may go to every company the person is in; the sync engine
 * follows only the one shown, so the person's record in the others (their
 * id, and the base of the change there) is fetched here. */
void
plumb_profile_page_fetch_others (PlumbProfilePage *self)
{
  PlumbAccount *account = plumb_application_get_account (self->application);
  PlumbStore *store = plumb_application_get_store (self->application);
  GListModel *companies = plumb_application_get_companies (self->application);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (account == NULL || store == NULL || companies == NULL || self->engine == NULL ||
      !plumb_sync_engine_get_online (self->engine))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (companies); i++)
    {
      g_autoptr(PlumbCompany) company = g_list_model_get_item (companies, i);
      gint64 id = plumb_company_get_id (company);

      if (id != self->loaded_company)
        g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    return;
  self->others_fetched = TRUE;
  plumb_profile_fetch_own_records_async (plumb_account_get_session (account), store,
                                         (const gint64 *) ids->data, ids->len, self->cancellable,
                                         others_fetched_cb, self);
}

/* Countries */

static char *
country_search (GtkStringObject  *item,
                PlumbProfilePage *self)
{
  const char *code = gtk_string_object_get_string (item);
  guint position = self->iso != NULL ? plumb_iso_codes_find_country (self->iso, code) : G_MAXUINT;
  const PlumbIsoCountry *country;

  if (position == G_MAXUINT)
    return g_strdup (code);
  country = plumb_iso_codes_get_country (self->iso, position);
  /* The drop-down's filter folds case, not accents: the name as written
   * beside its folded form lets "Côte" and "cote" both find it. */
  return g_strconcat (country->name, "\n", country->search, NULL);
}

static char *
state_search (GtkStringObject  *item,
              PlumbProfilePage *self)
{
  const char *code = gtk_string_object_get_string (item);
  const char *country = plumb_profile_page_field_text (self, PLUMB_PROFILE_COUNTRY);
  guint position = self->iso != NULL ? plumb_iso_codes_find_subdivision (self->iso, country, code) : G_MAXUINT;
  const PlumbIsoSubdivision *subdivision;

  if (position == G_MAXUINT)
    return g_strdup (code);
  subdivision = plumb_iso_codes_get_subdivision (self->iso, country, position);
  return g_strconcat (subdivision->name, "\n", subdivision->search, NULL);
}

static char *
code_label (PlumbProfilePage *self,
            GtkDropDown      *dropdown,
            const char       *code)
{
  guint position;

  if (code == NULL || *code == '\0')
    return g_strdup (_("Not set"));
  if (self->iso == NULL)
    return g_strdup (code);
  if (dropdown == self->country_dropdown)
    {
      position = plumb_iso_codes_find_country (self->iso, code);
      return g_strdup (position != G_MAXUINT ? plumb_iso_codes_get_country (self->iso, position)->name : code);
    }
  else
    {
      const char *country = plumb_profile_page_field_text (self, PLUMB_PROFILE_COUNTRY);

      position = plumb_iso_codes_find_subdivision (self->iso, country, code);
      if (position == G_MAXUINT)
        return g_strdup (code);
      return g_strdup (plumb_iso_codes_get_subdivision (self->iso, country, position)->name);
    }
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               GtkDropDown              *dropdown)
{
  PlumbProfilePage *self = g_object_get_data (G_OBJECT (dropdown), "plumb-page");
  GtkStringObject *object = gtk_list_item_get_item (item);
  g_autofree char *label = code_label (self, dropdown, gtk_string_object_get_string (object));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), label);
}

static void
setup_dropdown (PlumbProfilePage *self,
                GtkDropDown      *dropdown,
                GtkStringList    *model,
                GCallback         search)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkExpression) expression = NULL;

  g_object_set_data (G_OBJECT (dropdown), "plumb-page", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), dropdown);
  gtk_drop_down_set_factory (dropdown, factory);
  /* Search matches the names in the person's language, without accents. */
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, search, self, NULL);
  gtk_drop_down_set_expression (dropdown, expression);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (model));
}

static void
iso_loaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PlumbProfilePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbIsoCodes) iso = plumb_iso_codes_load_finish (result, &error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autofree char *country = NULL;
  g_autofree char *state = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (iso == NULL)
    {
      g_warning ("The list of countries could not be read: %s", error->message);
      return;
    }
  self->iso = g_steal_pointer (&iso);
  country = g_strdup (plumb_profile_page_field_text (self, PLUMB_PROFILE_COUNTRY));
  state = g_strdup (plumb_profile_page_field_text (self, PLUMB_PROFILE_STATE));

  g_ptr_array_add (codes, (gpointer) "");
  for (guint i = 0; i < plumb_iso_codes_get_n_countries (self->iso); i++)
    g_ptr_array_add (codes, plumb_iso_codes_get_country (self->iso, i)->code);
  g_ptr_array_add (codes, NULL);

  self->filling++;
  gtk_string_list_splice (self->countries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->countries)),
                          (const char *const *) codes->pdata);
  plumb_profile_page_select_code (self->country_dropdown, self->countries, country);
  self->filling--;
  plumb_profile_page_fill_states (self, country, state);
}

gboolean
plumb_profile_page_choose_country (PlumbProfilePage *self,
                                   const char       *code)
{
  guint position = plumb_profile_page_find_code (self->countries, code);

  if (position == G_MAXUINT)
    return FALSE;
  gtk_drop_down_set_selected (self->country_dropdown, position);
  return TRUE;
}

gboolean
plumb_profile_page_choose_state_code (PlumbProfilePage *self,
                                      const char       *code)
{
  guint position = plumb_profile_page_find_code (self->states, code);

  if (position == G_MAXUINT)
    return FALSE;
  gtk_drop_down_set_selected (self->state_code_dropdown, position);
  return TRUE;
}


void
plumb_profile_page_setup_choosers (PlumbProfilePage *self)
{
  self->countries = gtk_string_list_new (NULL);
  self->states = gtk_string_list_new (NULL);
  gtk_string_list_append (self->countries, "");
  gtk_string_list_append (self->states, "");
  self->filling++;
  setup_dropdown (self, self->country_dropdown, self->countries, G_CALLBACK (country_search));
  setup_dropdown (self, self->state_code_dropdown, self->states, G_CALLBACK (state_search));
  self->filling--;
  plumb_iso_codes_load_async (NULL, self->cancellable, iso_loaded_cb, self);
}
