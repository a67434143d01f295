/* bench-directory.c: the Directory at 100,000 people
 *
 * Modes, each run in a fresh process by run.sh:
 *   prepare DB N        fill a store with N synthetic people (not timed)
 *   app DB              open the store, build the directory model, show it in
 *                       a column view; prints ms from process start to the
 *                       first frame with rows, then per-keystroke filter times
 *                       and the peak memory
 *   bare                the same GTK window with an empty list: the baseline
 *   sync DB URL         show the list as in `app`, then run a first full sync
 *                       of the sandbox at URL in the background, the list
 *                       reloading when it ends as the app's does; prints the
 *                       longest the main loop went without running, and its
 *                       99th percentile, during the sync and, as the
 *                       baseline, during as long a time before it with
 *                       nothing happening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <sys/resource.h>

#include "plumb-account.h"
#include "plumb-directory-model.h"
#include "plumb-store.h"
#include "plumb-sync-engine.h"

#define COMPANY 5001

static gint64 start_us;

static const char *firsts[] = { "Aaron", "Beatriz", "Chen", "Dmitri", "Elena", "Farah", "Gustavo", "Hana",
                                "Ibrahim", "Julia", "Kwame", "Lucia", "Mateo", "Nadia", "Oskar", "Priya",
                                "Quinn", "Rosa", "Samuel", "Tomasz", "Uma", "Victor", "Wen", "Yusuf", "Zoë" };
static const char *lasts[] = { "Anderson", "Brooks", "Castillo", "Dubois", "Eriksen", "Fischer", "García",
                               "Hughes", "Ivanova", "Jensen", "Kowalski", "Łukasiewicz", "Müller", "Nguyen",
                               "O'Brien", "Patel", "Quiroga", "Rossi", "Schmidt", "Tanaka", "Urquhart",
                               "Vasquez", "Williams", "Xu", "Yamamoto", "Zimmermann" };
static const char *jobs[] = { "Superintendent", "Project Engineer", "Estimator", "Electrician", "Carpenter",
                              "Welder", "Safety Manager", "Foreman", "Site Engineer", "Plumber" };
static const char *vendors[] = { "Acme Concrete", "Brooks Electric", "Keystone Masonry", "Blue Ridge Plumbing",
                                 "Ironclad Fire Protection", "Maple Leaf Drywall", "Evergreen Landscaping" };

static int
prepare (const char *path,
         guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbStore) store = plumb_store_open (path, NULL, &error);
  GRand *rand = g_rand_new_with_seed (42);

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint done = 0; done < n; done += 2000)
    {
      g_autoptr(JsonArray) batch = json_array_new ();

      for (guint i = done; i < MIN (n, done + 2000); i++)
        {
          JsonObject *user = json_object_new ();
          const char *first = firsts[g_rand_int_range (rand, 0, G_N_ELEMENTS (firsts))];
          const char *last = lasts[g_rand_int_range (rand, 0, G_N_ELEMENTS (lasts))];
          g_autofree char *name = g_strdup_printf ("%s %s", first, last);
          g_autofree char *email = g_strdup_printf ("person%u@company%u.example", i, i % 97);
          JsonObject *vendor = json_object_new ();
          int state = g_rand_int_range (rand, 0, 3);

          json_object_set_int_member (user, "id", 1000000 + i);
          json_object_set_string_member (user, "first_name", first);
          json_object_set_string_member (user, "last_name", last);
          json_object_set_string_member (user, "name", name);
          json_object_set_string_member (user, "email_address", email);
          json_object_set_string_member (user, "job_title", jobs[i % G_N_ELEMENTS (jobs)]);
          json_object_set_int_member (vendor, "id", i % G_N_ELEMENTS (vendors));
          json_object_set_string_member (vendor, "name", vendors[i % G_N_ELEMENTS (vendors)]);
          json_object_set_object_member (user, "vendor", vendor);
          json_object_set_boolean_member (user, "is_active", TRUE);
          json_object_set_string_member (user, "updated_at", "2026-11-01T10:00:00Z");
          if (state >= 1)
            json_object_set_string_member (user, "welcome_email_sent_at", "2026-10-01T10:00:00Z");
          else
            json_object_set_null_member (user, "welcome_email_sent_at");
          if (state == 2)
            json_object_set_string_member (user, "last_login_at", "2026-10-03T10:00:00Z");
          else
            json_object_set_null_member (user, "last_login_at");
          json_array_add_object_element (batch, user);
        }

      if (!plumb_store_upsert_users (store, COMPANY, batch, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  g_rand_free (rand);
  return 0;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_append (GTK_BOX (box), adw_avatar_new (32, NULL, TRUE));
  gtk_box_append (GTK_BOX (box), gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (box), gtk_label_new (NULL));
  gtk_list_item_set_child (item, box);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  PlumbDirectoryItem *person = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *avatar = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_next_sibling (avatar);
  GtkWidget *invitation = gtk_widget_get_next_sibling (name);
  g_autofree char *text = plumb_directory_item_dup_invitation_text (person);

  adw_avatar_set_text (ADW_AVATAR (avatar), plumb_directory_item_get_name (person));
  gtk_label_set_label (GTK_LABEL (name), plumb_directory_item_get_name (person));
  gtk_label_set_label (GTK_LABEL (invitation), text);
}

static void
on_item_changed (gpointer     item,
                 GtkListItem *list_item)
{
  bind_cell (NULL, list_item, NULL);
}

/* As the app does: a row follows its item when a search points it at
 * another person. */
static void
bind_followed (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  bind_cell (factory, item, user_data);
  g_signal_connect_object (gtk_list_item_get_item (item), "changed", G_CALLBACK (on_item_changed), item, 0);
}

static void
unbind_followed (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), on_item_changed, item);
}

typedef struct
{
  GListModel *model;
  gboolean    drawn;
  gint64      first_rows_us;
} Shown;

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Shown *shown = user_data;

  /* The first frame painted after the model has rows. */
  if (g_list_model_get_n_items (shown->model) > 0 && gtk_widget_get_first_child (widget) != NULL)
    {
      shown->first_rows_us = g_get_monotonic_time ();
      shown->drawn = TRUE;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static double
peak_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Main-loop responsiveness: a timeout asks to run every 2 ms; the gaps
 * between its runs are how long the loop was busy elsewhere. */
typedef struct
{
  GArray *gaps;      /* ms */
  gint64  last_us;
} Gaps;

static gboolean
on_gap_tick (gpointer user_data)
{
  Gaps *gaps = user_data;
  gint64 now = g_get_monotonic_time ();

  if (gaps->last_us != 0)
    {
      double ms = (now - gaps->last_us) / 1000.0;

      g_array_append_val (gaps->gaps, ms);
    }
  gaps->last_us = now;
  return G_SOURCE_CONTINUE;
}

static void
print_gaps (const char *name,
            GArray     *gaps)
{
  g_array_sort (gaps, compare_double);
  printf ("%s_max_ms %.3f\n", name, gaps->len > 0 ? g_array_index (gaps, double, gaps->len - 1) : 0.0);
  printf ("%s_p99_ms %.3f\n", name, gaps->len > 0 ? g_array_index (gaps, double, (gaps->len * 99) / 100) : 0.0);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
reload_model (PlumbDirectoryModel *model)
{
  plumb_directory_model_reload (model);
}

/* Signs in as the sandbox's service account and runs a full sync while the
 * list shows, as the app's engine would in the background. */
static int
measure_sync (PlumbStore          *store,
              PlumbDirectoryModel *model,
              const char          *url)
{
  g_autoptr(PlumbAccount) account = plumb_account_new (url, NULL, PLUMB_DEMO_CLIENT_ID, FALSE);
  g_autoptr(PlumbSyncEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) idle_gaps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sync_gaps = g_array_new (FALSE, FALSE, sizeof (double));
  Gaps gaps = { idle_gaps, 0 };
  gint64 t0, sync_us;
  guint id;

  plumb_account_set_company_id (account, COMPANY);
  plumb_account_sign_in_client_credentials_async (account, PLUMB_DEMO_CLIENT_SECRET, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!plumb_account_sign_in_client_credentials_finish (account, result, &error))
    {
      g_printerr ("bench-directory: %s\n", error->message);
      return 1;
    }
  g_clear_object (&result);

  engine = plumb_sync_engine_new (account, store, COMPANY);
  /* As the app does: a sync that ends well reloads the list. */
  g_signal_connect_swapped (engine, "notify::last-success", G_CALLBACK (reload_model), model);

  /* The sync, from its start until the list holds what it wrote. */
  id = g_timeout_add_full (G_PRIORITY_DEFAULT, 2, on_gap_tick, &gaps, NULL);
  gaps.gaps = sync_gaps;
  t0 = g_get_monotonic_time ();
  plumb_sync_engine_sync_now_async (engine, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!plumb_sync_engine_sync_now_finish (engine, result, &error))
    {
      g_printerr ("bench-directory: %s\n", error->message);
      return 1;
    }
  while (plumb_directory_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  sync_us = g_get_monotonic_time () - t0;

  /* The baseline: as long again with nothing to do. */
  gaps.gaps = idle_gaps;
  gaps.last_us = 0;
  t0 = g_get_monotonic_time ();
  while (g_get_monotonic_time () - t0 < sync_us)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);

  printf ("sync_s %.3f\n", sync_us / 1e6);
  printf ("rows_after_sync %u\n", plumb_directory_model_get_total (model));
  print_gaps ("sync_gap", sync_gaps);
  print_gaps ("idle_gap", idle_gaps);
  return 0;
}

static int
run_window (const char *path,
            const char *sync_url)
{
  g_autoptr(PlumbStore) store = NULL;
  g_autoptr(PlumbDirectoryModel) model = NULL;
  g_autoptr(GListModel) empty = NULL;
  g_autoptr(GError) error = NULL;
  GtkListItemFactory *factory;
  GtkWidget *window;
  GtkWidget *scroller;
  GtkWidget *list;
  Shown shown = { 0 };

  gtk_init ();
  adw_init ();

  if (path != NULL)
    {
      store = plumb_store_open (path, NULL, &error);
      if (store == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      model = plumb_directory_model_new (store, COMPANY);
      plumb_directory_model_reload (model);
      shown.model = G_LIST_MODEL (model);
    }
  else
    {
      /* The baseline shows one row, so both wait for a frame with rows. */
      GListStore *one = g_list_store_new (GTK_TYPE_STRING_OBJECT);
      g_autoptr(GtkStringObject) row = gtk_string_object_new ("row");

      g_list_store_append (one, row);
      empty = G_LIST_MODEL (one);
      shown.model = empty;
    }

  factory = gtk_signal_list_item_factory_new ();
  if (path != NULL)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_followed), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_followed), NULL);
    }
  else
    g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);

  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (shown.model))), factory);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_widget_add_tick_callback (list, on_tick, &shown, NULL);
  gtk_window_present (GTK_WINDOW (window));

  while (!shown.drawn)
    g_main_context_iteration (NULL, TRUE);

  printf ("first_rows_ms %.3f\n", (shown.first_rows_us - start_us) / 1000.0);

  if (model != NULL && sync_url != NULL)
    {
      int status = measure_sync (store, model, sync_url);

      gtk_window_destroy (GTK_WINDOW (window));
      return status;
    }

  if (model != NULL)
    {
      /* Keystrokes: a person typing names and job titles one letter at a
       * time; each is timed from the key to the list holding the result. */
      const char *typed[] = { "samuel tanaka", "estimator", "keystone", "zoe luk", "person4242" };
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint w = 0; w < G_N_ELEMENTS (typed); w++)
        {
          for (guint k = 1; k <= strlen (typed[w]); k++)
            {
              g_autofree char *prefix = g_strndup (typed[w], k);
              gint64 t0 = g_get_monotonic_time ();
              double ms;

              plumb_directory_model_set_search (model, prefix);
              while (plumb_directory_model_get_loading (model))
                g_main_context_iteration (NULL, TRUE);
              ms = (g_get_monotonic_time () - t0) / 1000.0;
              g_array_append_val (times, ms);
            }
          plumb_directory_model_set_search (model, "");
          while (plumb_directory_model_get_loading (model))
            g_main_context_iteration (NULL, TRUE);
        }

      g_array_sort (times, compare_double);
      printf ("keystroke_median_ms %.3f\n", g_array_index (times, double, times->len / 2));
      printf ("keystroke_p95_ms %.3f\n", g_array_index (times, double, (times->len * 95) / 100));
      printf ("rows %u\n", plumb_directory_model_get_total (model));
    }

  printf ("peak_rss_mb %.1f\n", peak_mb ());
  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}

int
main (int    argc,
      char **argv)
{
  start_us = g_get_monotonic_time ();

  if (argc >= 4 && g_str_equal (argv[1], "prepare"))
    return prepare (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc >= 3 && g_str_equal (argv[1], "app"))
    return run_window (argv[2], NULL);
  if (argc >= 4 && g_str_equal (argv[1], "sync"))
    return run_window (argv[2], argv[3]);
  if (argc >= 2 && g_str_equal (argv[1], "bare"))
    return run_window (NULL, NULL);

  g_printerr ("usage: %s prepare DB N | app DB | sync DB URL | bare\n", argv[0]);
  return 2;
}
