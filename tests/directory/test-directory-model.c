/* test-directory-model.c: the directory list model and the invitation wording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "plumb-directory-model.h"
#include "plumb-invitation.h"

#define COMPANY 5001

static const char *people =
  "["
  "{\"id\":1,\"name\":\"Zoë Łukasiewicz\",\"first_name\":\"Zoë\",\"last_name\":\"Łukasiewicz\",\"email_address\":\"zoe@example.com\",\"job_title\":\"Estimator\",\"vendor\":{\"id\":7,\"name\":\"Acme Concrete\"},\"is_active\":true,\"welcome_email_sent_at\":null,\"last_login_at\":null,\"updated_at\":\"2026-11-01T10:00:00Z\"},"
  "{\"id\":2,\"name\":\"Aaron Brooks\",\"first_name\":\"Aaron\",\"last_name\":\"Brooks\",\"email_address\":\"aaron@example.com\",\"job_title\":\"Superintendent\",\"vendor\":{\"id\":8,\"name\":\"Brooks Electric\"},\"is_active\":true,\"welcome_email_sent_at\":\"2026-11-20T09:00:00Z\",\"last_login_at\":null,\"updated_at\":\"2026-11-20T09:00:00Z\"},"
  "{\"id\":3,\"name\":\"Maya Chen\",\"first_name\":\"Maya\",\"last_name\":\"Chen\",\"email_address\":\"maya@example.com\",\"job_title\":\"Project Engineer\",\"vendor\":{\"id\":7,\"name\":\"Acme Concrete\"},\"is_active\":true,\"welcome_email_sent_at\":\"2026-10-01T09:00:00Z\",\"last_login_at\":\"2026-10-02T12:00:00Z\",\"updated_at\":\"2026-10-02T12:00:00Z\"},"
  "{\"id\":5,\"name\":\"Ines Inactive\",\"first_name\":\"Ines\",\"last_name\":\"Inactive\",\"email_address\":\"ines@example.com\",\"job_title\":\"Estimator\",\"vendor\":null,\"is_active\":false,\"welcome_email_sent_at\":null,\"last_login_at\":null,\"updated_at\":\"2026-11-01T09:00:00Z\"},"
  "{\"id\":4,\"name\":\"Omar Farouk\",\"first_name\":\"Omar\",\"last_name\":\"Farouk\",\"email_address\":\"omar@example.com\",\"job_title\":\"Estimator\",\"vendor\":null,\"is_active\":true,\"welcome_email_sent_at\":\"2026-11-01T09:00:00Z\",\"last_login_at\":null,\"updated_at\":\"2026-11-01T09:00:00Z\"}"
  "]";

typedef struct
{
  char                *dir;
  PlumbStore          *store;
  PlumbDirectoryModel *model;
} Fixture;

static gboolean
model_idle (Fixture *f)
{
  return plumb_directory_model_get_loaded (f->model) && !plumb_directory_model_get_loading (f->model);
}

static void
wait_idle (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!model_idle (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("plumb-directory-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.sqlite3", NULL);
  f->store = plumb_store_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plumb_store_upsert_users_json (f->store, COMPANY, people, NULL, &error));
  g_assert_no_error (error);

  f->model = plumb_directory_model_new (f->store, COMPANY);
  plumb_directory_model_reload (f->model);
  wait_idle (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->model);
  g_clear_object (&f->store);
  /* The store's files go with the folder. */
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *p = g_build_filename (f->dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
id_at (Fixture *f,
       guint    position)
{
  g_autoptr(PlumbDirectoryItem) item = g_list_model_get_item (G_LIST_MODEL (f->model), position);

  g_assert_nonnull (item);
  return plumb_directory_item_get_id (item);
}

static void
assert_ids (Fixture      *f,
            const gint64 *ids,
            guint         n)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (id_at (f, i), ==, ids[i]);
}

static void
test_sorted_by_name (Fixture       *f,
                     gconstpointer  data)
{
  const gint64 by_name[] = { 2, 3, 4, 1 };
  const gint64 by_name_desc[] = { 1, 4, 3, 2 };
  const gint64 by_vendor[] = { 3, 1, 2, 4 };

  g_assert_cmpuint (plumb_directory_model_get_total (f->model), ==, 4);
  assert_ids (f, by_name, 4);

  plumb_directory_model_set_sort (f->model, PLUMB_USER_SORT_NAME, TRUE);
  wait_idle (f);
  assert_ids (f, by_name_desc, 4);

  /* Omar has no company: he sorts last, not first. */
  plumb_directory_model_set_sort (f->model, PLUMB_USER_SORT_VENDOR, FALSE);
  wait_idle (f);
  assert_ids (f, by_vendor, 4);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  const gint64 estimators[] = { 4, 1 };
  const gint64 zoe[] = { 1 };
  const gint64 acme_engineer[] = { 3 };

  plumb_directory_model_set_search (f->model, "estimator");
  wait_idle (f);
  assert_ids (f, estimators, 2);

  /* Any case, no accents needed, any field, every word. */
  plumb_directory_model_set_search (f->model, "  ZOE  lukas ");
  wait_idle (f);
  assert_ids (f, zoe, 1);

  plumb_directory_model_set_search (f->model, "acme engineer");
  wait_idle (f);
  assert_ids (f, acme_engineer, 1);

  plumb_directory_model_set_search (f->model, "nobody-like-this");
  wait_idle (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);
  g_assert_cmpuint (plumb_directory_model_get_total (f->model), ==, 4);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  const gint64 not_invited[] = { 1 };
  const gint64 invited[] = { 2, 4 };
  const gint64 signed_in[] = { 3 };

  plumb_directory_model_set_filter (f->model, PLUMB_INVITATION_FILTER_NOT_INVITED);
  wait_idle (f);
  assert_ids (f, not_invited, 1);
  plumb_directory_model_set_filter (f->model, PLUMB_INVITATION_FILTER_INVITED);
  wait_idle (f);
  assert_ids (f, invited, 2);
  plumb_directory_model_set_filter (f->model, PLUMB_INVITATION_FILTER_SIGNED_IN);
  wait_idle (f);
  assert_ids (f, signed_in, 1);
}

static void
test_item_words (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 22, 12, 0, 0);
  g_autoptr(PlumbDirectoryItem) aaron = NULL;
  g_autoptr(PlumbDirectoryItem) zoe = NULL;
  g_autofree char *aaron_text = NULL;
  g_autofree char *zoe_text = NULL;
  const gint64 pending[] = { 1 };

  plumb_directory_model_set_now (f->model, now);
  aaron = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
  aaron_text = plumb_directory_item_dup_invitation_text (aaron);
  g_assert_cmpstr (aaron_text, ==, "Invited 2 days ago, follow-up on 23 November");
  g_assert_cmpstr (plumb_directory_item_get_button_label (aaron), ==, "Re-invite");

  /* An invitation waiting in the outbox shows, and already counts. */
  plumb_directory_model_set_pending_invites (f->model, pending, 1);
  zoe = g_list_model_get_item (G_LIST_MODEL (f->model), 3);
  zoe_text = plumb_directory_item_dup_invitation_text (zoe);
  g_assert_cmpint (plumb_directory_item_get_id (zoe), ==, 1);
  g_assert_cmpstr (zoe_text, ==, "Invitation waiting to be sent");
  g_assert_cmpstr (plumb_directory_item_get_button_label (zoe), ==, "Re-invite");
}

static void
test_invitation_words (void)
{
  g_autoptr(GDateTime) sent = g_date_time_new_utc (2026, 3, 11, 9, 0, 0);
  g_autoptr(GDateTime) day2 = g_date_time_add_days (sent, 2);
  g_autoptr(GDateTime) day4 = g_date_time_add_days (sent, 4);
  g_autoptr(GDateTime) day8 = g_date_time_add_days (sent, 8);
  g_autoptr(GDateTime) day15 = g_date_time_add_days (sent, 15);
  g_autoptr(GDateTime) login = g_date_time_new_utc (2026, 6, 5, 9, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new_utc (2026, 7, 1, 9, 0, 0);
  struct {
    GDateTime  *sent;
    GDateTime  *login;
    GDateTime  *now;
    const char *words;
    guint       followups;
  } cases[] = {
    { NULL, NULL, day2, "Not invited", 0 },
    { sent, NULL, sent, "Invited today, follow-up on 14 March", 0 },
    { sent, NULL, day2, "Invited 2 days ago, follow-up on 14 March", 0 },
    { sent, NULL, day4, "Invited 4 days ago, 1 follow-up sent, next on 18 March", 1 },
    { sent, NULL, day8, "Invited 8 days ago, 2 follow-ups sent, next on 25 March", 2 },
    { sent, NULL, day15, "Invited, 3 follow-ups sent, not signed in", 3 },
    { sent, login, later, "Signed in 5 June", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = plumb_invitation_describe (cases[i].sent, cases[i].login, cases[i].now);

      g_assert_cmpstr (words, ==, cases[i].words);
      g_assert_cmpuint (plumb_invitation_count_followups (cases[i].sent, cases[i].now), ==, cases[i].followups);
    }

  g_assert_cmpstr (plumb_invitation_button_label (PLUMB_INVITATION_NEVER_INVITED), ==, "Invite");
  g_assert_cmpstr (plumb_invitation_button_label (PLUMB_INVITATION_INVITED), ==, "Re-invite");
  g_assert_cmpstr (plumb_invitation_button_label (PLUMB_INVITATION_SIGNED_IN), ==, "Re-invite");

  {
    g_autofree char *schedule = plumb_invitation_describe_schedule (sent, NULL, day8);

    g_assert_nonnull (strstr (schedule, "Welcome email sent on 11 March"));
    g_assert_nonnull (strstr (schedule, "Follow-up after 3 days (14 March): sent"));
    g_assert_nonnull (strstr (schedule, "Follow-up after 7 days (18 March): sent"));
    g_assert_nonnull (strstr (schedule, "Follow-up after 14 days (25 March): due"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/invitation/words", test_invitation_words);
  g_test_add ("/directory-model/sorted", Fixture, NULL, fixture_setup, test_sorted_by_name, fixture_teardown);
  g_test_add ("/directory-model/search", Fixture, NULL, fixture_setup, test_search, fixture_teardown);
  g_test_add ("/directory-model/filters", Fixture, NULL, fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/directory-model/item-words", Fixture, NULL, fixture_setup, test_item_words, fixture_teardown);

  return g_test_run ();
}
