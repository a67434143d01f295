/* test-profile.c: My Profile against the embedded sandbox: checks as typed,
 * countries and subdivisions, Update offline then online in every company,
 * a refusal back at its field, the photo well, conflicts both ways, and
 * leaving with unsaved changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "plumb-api.h"
#include "plumb-application.h"
#include "plumb-photo.h"
#include "plumb-photo-fetch.h"
#include "plumb-crop-area.h"
#include "plumb-profile-page.h"
#include "plumb-sync-status.h"
#include "plumb-window.h"
#include "plumb-test-gui.h"
#include "plumb-test-monitor.h"

#define NORTHWIND 5001
#define HARBOR    5002

static PlumbApplication *app;
static PlumbTestMonitor *monitor;
static char *tmpdir;

static PlumbWindow *
get_window (void)
{
  g_application_activate (G_APPLICATION (app));
  return PLUMB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static PlumbProfilePage *
get_page (void)
{
  GtkStack *stack = plumb_test_find_by_id (GTK_WIDGET (get_window ()), "content_stack");

  return PLUMB_PROFILE_PAGE (gtk_stack_get_child_by_name (stack, "profile"));
}

/* The header's sync status says the saved edit waits to be sent. */
static gboolean
header_says_waiting (gpointer data)
{
  GObject *status = plumb_test_find_by_id (GTK_WIDGET (get_window ()), "sync_status");
  const char *text = plumb_sync_status_get_text (PLUMB_SYNC_STATUS (status));

  return g_str_has_prefix (text, "Offline, ") && strstr (text, "waiting") != NULL;
}

static gboolean
signed_in_as (gpointer data)
{
  PlumbAccount *account = plumb_application_get_account (app);

  return account != NULL && g_strcmp0 (plumb_account_get_login (account), data) == 0 &&
         plumb_application_get_permissions (app) != NULL;
}

/* The signed-in person's own record is in the editor, settled. */
static gboolean
page_ready (gpointer data)
{
  PlumbProfilePage *page = get_page ();

  return page != NULL && g_strcmp0 (plumb_profile_page_get_state (page), "ready") == 0 &&
         *plumb_profile_page_get_country (page) != '\0' &&
         g_strcmp0 (gtk_editable_get_text (plumb_profile_page_get_editable (page, PLUMB_PROFILE_EMAIL)), data) == 0 &&
         g_strcmp0 (plumb_profile_page_get_status_text (page), "Synced") == 0;
}

static void
explored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (plumb_application_explore_sandbox_finish (PLUMB_APPLICATION (object), result, &error));
}

static void
sign_in_as (const char *login)
{
  get_window ();
  if (!signed_in_as ((gpointer) login))
    {
      plumb_application_explore_sandbox_as_async (app, login, NULL, explored_cb, NULL);
      plumb_test_wait_until (signed_in_as, (gpointer) login, 30000, login);
    }
  plumb_window_show_section (get_window (), "profile");
  plumb_test_wait_until (page_ready, (gpointer) login, 30000, "the profile");
}

static gboolean
status_says (gpointer data)
{
  const char *status = plumb_profile_page_get_status_text (get_page ());

  return status != NULL && strstr (status, data) != NULL;
}

static void
wait_status (const char *text)
{
  plumb_test_wait_until (status_says, (gpointer) text, 30000, text);
}

static void
set_text (PlumbProfileField  field,
          const char        *text)
{
  gtk_editable_set_text (plumb_profile_page_get_editable (get_page (), field), text);
}

static void
update (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_page ()), "profile.update", NULL));
}

static gboolean
update_enabled (void)
{
  GtkWidget *button = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (get_page ()), PLUMB_TYPE_PROFILE_PAGE,
                                                     "update_button");

  return gtk_widget_is_sensitive (button);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

/* The person's record on the server, asked through the app's own session. */
static JsonObject *
server_record (gint64 company_id)
{
  PlumbAccount *account = plumb_application_get_account (app);
  PlumbSession *session = plumb_account_get_session (account);
  Wait wait = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbUser) user = NULL;

  plumb_api_get_user_async (session, company_id, plumb_account_get_user_id (account), NULL, store_result_cb, &wait);
  plumb_test_wait_until (has_result, &wait, 20000, "the server's record");
  user = plumb_api_get_user_finish (session, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  return plumb_user_to_json (user);
}

static void
server_set_job_title (gint64      company_id,
                      const char *title)
{
  PlumbAccount *account = plumb_application_get_account (app);
  PlumbSession *session = plumb_account_get_session (account);
  g_autoptr(JsonObject) changes = json_object_new ();
  Wait wait = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbUser) user = NULL;

  json_object_set_string_member (changes, "job_title", title);
  plumb_api_update_user_async (session, company_id, plumb_account_get_user_id (account), changes, NULL,
                               store_result_cb, &wait);
  plumb_test_wait_until (has_result, &wait, 20000, "the server's change");
  user = plumb_api_update_user_finish (session, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
}

static char *
unique (const char *prefix)
{
  return g_strdup_printf ("%s %u", prefix, g_random_int_range (1000, 9999));
}

static void
test_fields_offline_then_online (void)
{
  PlumbProfilePage *page;
  g_autofree char *title = unique ("Estimator");
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) harbor = NULL;

  sign_in_as ("jordan.lee@northwind.example");
  page = get_page ();
  g_assert_false (update_enabled ());
  before = server_record (NORTHWIND);

  plumb_test_monitor_set_online (monitor, FALSE);

  /* Each check speaks as it is typed and keeps what was typed. */
  set_text (PLUMB_PROFILE_EMAIL, "jordan lee@northwind.example");
  g_assert_nonnull (plumb_profile_page_get_field_error (page, PLUMB_PROFILE_EMAIL));
  g_assert_cmpstr (gtk_editable_get_text (plumb_profile_page_get_editable (page, PLUMB_PROFILE_EMAIL)), ==,
                   "jordan lee@northwind.example");
  set_text (PLUMB_PROFILE_EMAIL, json_object_get_string_member (before, "email_address"));
  g_assert_null (plumb_profile_page_get_field_error (page, PLUMB_PROFILE_EMAIL));
  set_text (PLUMB_PROFILE_BUSINESS_PHONE, "555-01");
  g_assert_nonnull (plumb_profile_page_get_field_error (page, PLUMB_PROFILE_BUSINESS_PHONE));
  set_text (PLUMB_PROFILE_EXTENSION, "20x");
  g_assert_nonnull (plumb_profile_page_get_field_error (page, PLUMB_PROFILE_EXTENSION));
  set_text (PLUMB_PROFILE_LAST_NAME, "");
  g_assert_nonnull (plumb_profile_page_get_field_error (page, PLUMB_PROFILE_LAST_NAME));

  /* Update refuses while a field is wrong, and says so. */
  update ();
  g_assert_true (status_says ((gpointer) "need a change"));

  set_text (PLUMB_PROFILE_LAST_NAME, json_object_get_string_member (before, "last_name"));
  set_text (PLUMB_PROFILE_BUSINESS_PHONE, "+1 416 555 0199");
  set_text (PLUMB_PROFILE_EXTENSION, "204");
  set_text (PLUMB_PROFILE_JOB_TITLE, title);
  g_assert_true (plumb_profile_page_choose_country (page, "CA"));
  g_assert_true (plumb_profile_page_choose_state_code (page, "ON"));
  g_assert_false (plumb_profile_page_choose_state_code (page, "CA"));
  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    g_assert_null (plumb_profile_page_get_field_error (page, i));
  g_assert_true (update_enabled ());
  g_assert_true (plumb_profile_page_get_has_unsaved_changes (page));

  update ();
  wait_status ("Saved on this computer");
  /* Read back from the outbox: it waits for the connection. */
  wait_status ("Offline");
  plumb_test_wait_until (header_says_waiting, NULL, 10000, "the header to count the waiting edit");
  g_assert_false (plumb_profile_page_get_has_unsaved_changes (page));
  g_assert_false (update_enabled ());
  after = server_record (NORTHWIND);
  g_assert_cmpstr (json_object_get_string_member (after, "job_title"), ==,
                   json_object_get_string_member (before, "job_title"));

  plumb_test_monitor_set_online (monitor, TRUE);
  wait_status ("Synced");
  g_clear_pointer (&after, json_object_unref);
  after = server_record (NORTHWIND);
  g_assert_cmpstr (json_object_get_string_member (after, "job_title"), ==, title);
  g_assert_cmpstr (json_object_get_string_member (after, "country_code"), ==, "CA");
  g_assert_cmpstr (json_object_get_string_member (after, "state_code"), ==, "ON");
  g_assert_cmpint (json_object_get_int_member (after, "business_phone_extension"), ==, 204);

  /* Every company the person is in, by default. */
  harbor = server_record (HARBOR);
  g_assert_cmpstr (json_object_get_string_member (harbor, "job_title"), ==, title);
  g_assert_cmpstr (json_object_get_string_member (harbor, "state_code"), ==, "ON");
  {
    g_autofree char *report = plumb_profile_page_dup_company_report (page);

    g_assert_nonnull (strstr (report, "Northwind Builders: Updated"));
    g_assert_nonnull (strstr (report, "Harbor Civil Works: Updated"));
  }

  /* The codes come back into the editor as the same choices. */
  g_assert_cmpstr (plumb_profile_page_get_country (page), ==, "CA");
  g_assert_cmpstr (plumb_profile_page_get_state_code (page), ==, "ON");

  /* The country list's search finds a name typed with its accents or
   * without, in any case, and by its code; the way the drop-down filters. */
  {
    GtkDropDown *countries = (GtkDropDown *) gtk_widget_get_template_child (GTK_WIDGET (page), PLUMB_TYPE_PROFILE_PAGE,
                                                                            "country_dropdown");
    GtkExpression *expression = gtk_drop_down_get_expression (countries);
    g_autoptr(GtkStringObject) item = gtk_string_object_new ("CI");
    g_autoptr(GtkStringObject) other = gtk_string_object_new ("FR");
    g_autoptr(GtkStringFilter) filter = gtk_string_filter_new (gtk_expression_ref (expression));
    const char *typed[] = { "Côte d", "CÔTE", "cote d", "Cote D", "ci" };

    gtk_string_filter_set_ignore_case (filter, TRUE);
    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        gtk_string_filter_set_search (filter, typed[i]);
        g_assert_true (gtk_filter_match (GTK_FILTER (filter), item));
        g_assert_false (gtk_filter_match (GTK_FILTER (filter), other));
      }
  }
}

static void
test_only_this_company (void)
{
  g_autofree char *title = unique ("Surveyor");
  g_autoptr(JsonObject) harbor_before = NULL;
  g_autoptr(JsonObject) harbor = NULL;
  g_autoptr(JsonObject) north = NULL;

  sign_in_as ("jordan.lee@northwind.example");
  harbor_before = server_record (HARBOR);
  plumb_profile_page_set_all_companies (get_page (), FALSE);
  set_text (PLUMB_PROFILE_JOB_TITLE, title);
  update ();
  wait_status ("Saved on this computer");
  wait_status ("Synced");
  north = server_record (NORTHWIND);
  harbor = server_record (HARBOR);
  g_assert_cmpstr (json_object_get_string_member (north, "job_title"), ==, title);
  g_assert_cmpstr (json_object_get_string_member (harbor, "job_title"), ==,
                   json_object_get_string_member (harbor_before, "job_title"));
  plumb_profile_page_set_all_companies (get_page (), TRUE);
}

static gboolean
email_refused (gpointer data)
{
  return plumb_profile_page_get_field_error (get_page (), PLUMB_PROFILE_EMAIL) != NULL;
}

static void
test_server_refusal_at_field (void)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;

  /* A Standard person may not change their own email: the server says so. */
  sign_in_as ("jordan.lee@northwind.example");
  before = server_record (NORTHWIND);
  plumb_profile_page_set_all_companies (get_page (), FALSE);
  set_text (PLUMB_PROFILE_EMAIL, "jordan.lee.new@northwind.example");
  g_assert_null (plumb_profile_page_get_field_error (get_page (), PLUMB_PROFILE_EMAIL));
  update ();
  plumb_test_wait_until (email_refused, NULL, 30000, "the refusal under Email");
  wait_status ("refused");
  /* What was typed stays, with the reason beside it. */
  g_assert_cmpstr (gtk_editable_get_text (plumb_profile_page_get_editable (get_page (), PLUMB_PROFILE_EMAIL)), ==,
                   "jordan.lee.new@northwind.example");
  after = server_record (NORTHWIND);
  g_assert_cmpstr (json_object_get_string_member (after, "email_address"), ==,
                   json_object_get_string_member (before, "email_address"));

  /* Typing the old address back and saving replaces the refused change. */
  set_text (PLUMB_PROFILE_EMAIL, json_object_get_string_member (before, "email_address"));
  g_assert_null (plumb_profile_page_get_field_error (get_page (), PLUMB_PROFILE_EMAIL));
  set_text (PLUMB_PROFILE_CITY, "Toronto");
  update ();
  wait_status ("Saved on this computer");
  wait_status ("Synced");
  g_assert_null (plumb_profile_page_get_field_error (get_page (), PLUMB_PROFILE_EMAIL));
  plumb_profile_page_set_all_companies (get_page (), TRUE);
}

static gboolean
has_conflict (gpointer data)
{
  return plumb_profile_page_get_n_conflicts (get_page ()) > 0;
}

static void
make_conflict (const char *mine,
               const char *theirs)
{
  plumb_profile_page_set_all_companies (get_page (), FALSE);
  plumb_test_monitor_set_online (monitor, FALSE);
  set_text (PLUMB_PROFILE_JOB_TITLE, mine);
  update ();
  wait_status ("Saved on this computer");
  server_set_job_title (NORTHWIND, theirs);
  plumb_test_monitor_set_online (monitor, TRUE);
  plumb_test_wait_until (has_conflict, NULL, 30000, "the conflict");
  wait_status ("Changed on Procore meanwhile");
}

static gboolean
editor_shows_title (gpointer data)
{
  return g_strcmp0 (gtk_editable_get_text (plumb_profile_page_get_editable (get_page (), PLUMB_PROFILE_JOB_TITLE)),
                    data) == 0;
}

static void
test_conflicts_both_ways (void)
{
  g_autofree char *mine = unique ("Mine");
  g_autofree char *theirs = unique ("Theirs");
  g_autofree char *mine2 = unique ("Mine again");
  g_autofree char *theirs2 = unique ("Theirs again");
  g_autoptr(JsonObject) record = NULL;

  sign_in_as ("sam.rivera@northwind.example");

  make_conflict (mine, theirs);
  plumb_profile_page_resolve_first_conflict (get_page (), TRUE);
  wait_status ("Synced");
  record = server_record (NORTHWIND);
  g_assert_cmpstr (json_object_get_string_member (record, "job_title"), ==, mine);
  g_clear_pointer (&record, json_object_unref);

  make_conflict (mine2, theirs2);
  plumb_profile_page_resolve_first_conflict (get_page (), FALSE);
  wait_status ("Synced");
  record = server_record (NORTHWIND);
  g_assert_cmpstr (json_object_get_string_member (record, "job_title"), ==, theirs2);
  plumb_test_wait_until (editor_shows_title, theirs2, 20000, "the server's title in the editor");
  g_assert_cmpuint (plumb_profile_page_get_n_conflicts (get_page ()), ==, 0);
  plumb_profile_page_set_all_companies (get_page (), TRUE);
}

/* Pictures for the well, drawn here. */
static char *
write_picture (const char *name,
               int         width,
               int         height,
               const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, type, &error, NULL));
  return g_steal_pointer (&path);
}

static void
drop_file (const char *path)
{
  PlumbPhotoWell *well = plumb_profile_page_get_photo_well (get_page ());
  GtkDropTarget *target = plumb_photo_well_get_drop_target (well);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSList) files = g_slist_prepend (NULL, file);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
}

static gboolean
well_in_state (gpointer data)
{
  return g_strcmp0 (plumb_photo_well_get_state (plumb_profile_page_get_photo_well (get_page ())), data) == 0;
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static void
test_photo_well (void)
{
  g_autofree char *small = write_picture ("small.png", 120, 120, "png");
  g_autofree char *wide = write_picture ("wide.jpg", 900, 500, "jpeg");
  g_autofree char *text = g_build_filename (tmpdir, "notes.txt", NULL);
  PlumbPhotoWell *well;
  GtkWidget *crop_area;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  sign_in_as ("riley.chen@northwind.example");
  well = plumb_profile_page_get_photo_well (get_page ());
  before = server_record (NORTHWIND);

  /* Refused: never decoded, the reason shown, nothing to save. */
  g_assert_true (g_file_set_contents (text, "Not a picture at all.\n", -1, NULL));
  drop_file (text);
  plumb_test_wait_until (well_in_state, (gpointer) "refused", 10000, "the refusal");
  g_assert_nonnull (plumb_photo_well_get_verdict (well));
  g_assert_false (plumb_photo_well_get_has_change (well));
  g_assert_false (update_enabled ());

  /* Within 300 × 300 and square: used as it is. */
  drop_file (small);
  plumb_test_wait_until (well_in_state, (gpointer) "accepted", 10000, "the small picture");
  g_assert_true (plumb_photo_well_get_has_change (well));
  g_assert_true (update_enabled ());

  /* Larger and not square: the crop step, moved by keys, then used. */
  drop_file (wide);
  plumb_test_wait_until (well_in_state, (gpointer) "crop", 10000, "the crop step");
  g_assert_false (update_enabled ());
  crop_area = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (well), PLUMB_TYPE_PHOTO_WELL, "crop_area");
  {
    PlumbPhotoCrop crop;

    plumb_crop_area_get_crop ((gpointer) crop_area, &crop);
    g_assert_cmpuint (crop.size, ==, 500);
    g_assert_cmpuint (crop.x, ==, 200);
    plumb_crop_area_nudge ((gpointer) crop_area, 1.0, 0, -0.5);
    plumb_crop_area_get_crop ((gpointer) crop_area, &crop);
    g_assert_cmpuint (crop.size, ==, 250);
    g_assert_cmpuint (crop.x + crop.size, <=, 900);
  }
  gtk_widget_activate_action (GTK_WIDGET (well), "well.use-crop", NULL);
  plumb_test_wait_until (well_in_state, (gpointer) "accepted", 10000, "the cropped picture");
  bytes = g_bytes_ref (plumb_photo_well_get_photo (well, NULL));
  judgement = plumb_photo_judge_bytes (bytes);
  g_assert_cmpuint (judgement->width, ==, 250);
  g_assert_cmpuint (judgement->height, ==, 250);
  g_clear_pointer (&judgement, plumb_photo_judgement_free);
  g_clear_pointer (&bytes, g_bytes_unref);

  plumb_profile_page_set_all_companies (get_page (), FALSE);
  update ();
  wait_status ("Saved on this computer");
  wait_status ("Synced");
  plumb_profile_page_set_all_companies (get_page (), TRUE);

  /* It reached the sandbox: a new address serving the cropped picture. */
  after = server_record (NORTHWIND);
  g_assert_true (json_object_has_member (after, "avatar"));
  g_assert_cmpstr (json_object_get_string_member (after, "avatar"), !=,
                   json_object_get_string_member_with_default (before, "avatar", ""));
  plumb_photo_fetch_async (json_object_get_string_member (after, "avatar"), NULL, fetched_cb, &wait);
  plumb_test_wait_until (has_result, &wait, 20000, "the new photo");
  bytes = plumb_photo_fetch_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  judgement = plumb_photo_judge_bytes (bytes);
  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);
  g_assert_cmpuint (judgement->width, ==, 250);
}

/* The newest question shown: an answered one may linger while it closes. */
static void
test_photo_paste_and_dragged_image (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 100, 100);
  g_autoptr(GdkTexture) texture = NULL;
  PlumbPhotoWell *well;
  GtkDropTarget *target;
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  sign_in_as ("riley.chen@northwind.example");
  well = plumb_profile_page_get_photo_well (get_page ());
  gdk_pixbuf_fill (pixbuf, 0xcc6633ff);
  texture = gdk_texture_new_for_pixbuf (pixbuf);

  /* Paste: the picture on the clipboard. */
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (well)), texture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (well), "well.paste", NULL));
  plumb_test_wait_until (well_in_state, (gpointer) "accepted", 10000, "the pasted picture");
  gtk_widget_activate_action (GTK_WIDGET (well), "well.reset", NULL);
  g_assert_false (plumb_photo_well_get_has_change (well));

  /* An image dragged from another app arrives as a texture. */
  target = plumb_photo_well_get_drop_target (well);
  g_value_init (&value, GDK_TYPE_TEXTURE);
  g_value_set_object (&value, texture);
  g_signal_emit_by_name (target, "drop", &value, 5.0, 5.0, &accepted);
  g_assert_true (accepted);
  plumb_test_wait_until (well_in_state, (gpointer) "accepted", 10000, "the dragged picture");
  g_assert_true (plumb_profile_page_get_has_unsaved_changes (get_page ()));
  gtk_widget_activate_action (GTK_WIDGET (get_page ()), "profile.discard", NULL);
  g_assert_false (plumb_profile_page_get_has_unsaved_changes (get_page ()));
}

static GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_object_get_data (G_OBJECT (window), "answered") == NULL)
        found = window;
    }
  return found;
}

static void
answer (const char *response)
{
  GtkWindow *dialog = find_dialog ();

  g_object_set_data (G_OBJECT (dialog), "answered", GINT_TO_POINTER (TRUE));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  plumb_test_flush ();
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static void
activate_section_row (const char *name)
{
  GtkListBox *list = plumb_test_find_by_id (GTK_WIDGET (get_window ()), "sidebar_list");
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "section-name"), name) == 0)
      {
        g_signal_emit_by_name (list, "row-activated", row);
        return;
      }
  g_assert_not_reached ();
}

static void
test_leaving_asks (void)
{
  sign_in_as ("jordan.lee@northwind.example");
  set_text (PLUMB_PROFILE_CITY, "Somewhere Unsaved");
  g_assert_true (plumb_profile_page_get_has_unsaved_changes (get_page ()));

  /* Keep Editing stays, changes and all. */
  activate_section_row ("directory");
  plumb_test_wait_until (dialog_shown, NULL, 5000, "the question");
  answer ("keep");
  g_assert_cmpstr (plumb_window_get_section (get_window ()), ==, "profile");
  g_assert_true (plumb_profile_page_get_has_unsaved_changes (get_page ()));

  /* Closing asks too. */
  gtk_window_close (GTK_WINDOW (get_window ()));
  plumb_test_wait_until (dialog_shown, NULL, 5000, "the question on closing");
  answer ("keep");

  /* Discard forgets them and goes. */
  activate_section_row ("directory");
  plumb_test_wait_until (dialog_shown, NULL, 5000, "the question again");
  answer ("discard");
  g_assert_cmpstr (plumb_window_get_section (get_window ()), ==, "directory");
  g_assert_false (plumb_profile_page_get_has_unsaved_changes (get_page ()));
  g_assert_cmpstr (gtk_editable_get_text (plumb_profile_page_get_editable (get_page (), PLUMB_PROFILE_CITY)), !=,
                   "Somewhere Unsaved");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dirs = NULL;
  int status;

  dirs = plumb_test_gui_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("plumb-profile-XXXXXX", NULL);

  app = plumb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));
  monitor = plumb_test_monitor_new (TRUE);
  plumb_application_set_network_monitor (app, G_NETWORK_MONITOR (monitor));

  g_test_add_func ("/profile/fields-offline-then-online", test_fields_offline_then_online);
  g_test_add_func ("/profile/only-this-company", test_only_this_company);
  g_test_add_func ("/profile/server-refusal-at-field", test_server_refusal_at_field);
  g_test_add_func ("/profile/conflicts-both-ways", test_conflicts_both_ways);
  g_test_add_func ("/profile/photo-well", test_photo_well);
  g_test_add_func ("/profile/photo-paste-and-dragged-image", test_photo_paste_and_dragged_image);
  g_test_add_func ("/profile/leaving-asks", test_leaving_asks);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  g_clear_object (&monitor);
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
  }

  plumb_test_remove_tree (dirs);
  return status;
}
