/* bench-store.c: the store with a company of 100,000 people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures, each the median of several runs, each beside a baseline measured
 * in the same run:
 *  - store/upsert-100k: every person through plumb_store_upsert_users, a
 *    page of 1,000 per call (one transaction each), into a new store.
 *    Baseline: the same JSON texts inserted with raw SQLite into one
 *    table without indexes, extracted columns or search text.
 *  - store/search-100k: a directory search (two words, a filter, sorted by
 *    name, first page of 50) with plumb_store_query_users.
 *    Baseline: a LIKE over the raw JSON of the baseline table.
 *  - store/list-100k: every row for the directory's model with
 *    plumb_store_list_users. Baseline: SELECT of the raw JSON texts.
 *
 * Usage: bench-store [RUNS]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "plumb-store.h"

#define N_USERS 100000
#define PAGE 1000
#define COMPANY 5001

static const char *first_names[] = { "Alex", "Sam", "Jordan", "Riley", "Casey", "José", "Zoë", "Ana", "Lee", "Morgan", "Dana", "Kai" };
static const char *last_names[] = { "Morgan", "Rivera", "Lee", "Chen", "Brooks", "Álvarez", "O'Brien", "Young", "Nakamura", "Okafor" };
static const char *jobs[] = { "Clerk", "Foreman", "Estimator", "Project Engineer", "Superintendent", "Laborer", "Safety Manager" };
static const char *vendors[] = { "Northwind Builders", "Harbor Civil Works", "Acme Électrique", "Granite Supply", "Bay Steel" };

static JsonNode *
make_user (guint i)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *first = first_names[i % G_N_ELEMENTS (first_names)];
  const char *last = last_names[(i / 7) % G_N_ELEMENTS (last_names)];
  g_autofree char *name = g_strdup_printf ("%s %s", first, last);
  g_autofree char *email = g_strdup_printf ("user%u@company.example", i);
  g_autofree char *updated = g_strdup_printf ("2026-%02u-%02uT%02u:%02u:00Z", 1 + i % 12, 1 + i % 28, i % 24, i % 60);

  json_builder_begin_object (b);
#define STR(k, v) json_builder_set_member_name (b, k); json_builder_add_string_value (b, v);
#define INT(k, v) json_builder_set_member_name (b, k); json_builder_add_int_value (b, v);
#define NUL(k) json_builder_set_member_name (b, k); json_builder_add_null_value (b);
  INT ("id", 100000000 + i);
  STR ("first_name", first);
  STR ("last_name", last);
  STR ("name", name);
  STR ("initials", "XX");
  STR ("job_title", jobs[i % G_N_ELEMENTS (jobs)]);
  STR ("address", "1 Main Street");
  STR ("city", "Tacoma");
  STR ("zip", "98402");
  STR ("state_code", "WA");
  STR ("country_code", "US");
  STR ("email_address", email);
  STR ("business_phone", "+1 253 555 0100");
  INT ("business_phone_extension", i % 1000);
  STR ("mobile_phone", "+1 253 555 0199");
  NUL ("fax_number");
  STR ("avatar", "https://example.com/avatars/1.png");
  json_builder_set_member_name (b, "is_active");
  json_builder_add_boolean_value (b, i % 10 != 0);
  json_builder_set_member_name (b, "is_employee");
  json_builder_add_boolean_value (b, i % 3 == 0);
  STR ("employee_id", "E-1");
  STR ("created_at", "2024-01-01T00:00:00Z");
  STR ("updated_at", updated);
  if (i % 3 != 0) { STR ("welcome_email_sent_at", "2025-06-01T08:00:00Z"); } else { NUL ("welcome_email_sent_at"); }
  if (i % 2 == 0) { STR ("last_login_at", "2026-01-10T08:00:00Z"); } else { NUL ("last_login_at"); }
  NUL ("last_activated_at");
  json_builder_set_member_name (b, "permission_template");
  json_builder_begin_object (b);
  INT ("id", 3);
  STR ("name", "Standard");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "vendor");
  json_builder_begin_object (b);
  INT ("id", 1 + i % G_N_ELEMENTS (vendors));
  STR ("name", vendors[i % G_N_ELEMENTS (vendors)]);
  json_builder_end_object (b);
#undef STR
#undef INT
#undef NUL
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);

  return g_array_index (samples, double, samples->len / 2);
}

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static void
remove_store (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static void
check (gboolean    ok,
       GError     *error)
{
  if (!ok)
    {
      g_printerr ("bench-store: %s\n", error != NULL ? error->message : "failed");
      exit (1);
    }
}

static void
sql (sqlite3    *db,
     const char *text)
{
  if (sqlite3_exec (db, text, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-store: %s\n", sqlite3_errmsg (db));
      exit (1);
    }
}

static double
baseline_insert (const char  *path,
                 GPtrArray   *texts)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double start;

  remove_store (path);
  start = now_s ();
  sqlite3_open (path, &db);
  sql (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
           "CREATE TABLE users (company_id INTEGER, id INTEGER, json TEXT)");
  sqlite3_prepare_v2 (db, "INSERT INTO users VALUES (?1, ?2, ?3)", -1, &stmt, NULL);
  for (guint i = 0; i < texts->len; i++)
    {
      if (i % PAGE == 0)
        sql (db, "BEGIN");
      sqlite3_bind_int64 (stmt, 1, COMPANY);
      sqlite3_bind_int64 (stmt, 2, 100000000 + i);
      sqlite3_bind_text (stmt, 3, g_ptr_array_index (texts, i), -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (i % PAGE == PAGE - 1 || i == texts->len - 1)
        sql (db, "COMMIT");
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return now_s () - start;
}

static double
baseline_select (const char *path,
                 const char *query,
                 guint      *n_rows)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double start;

  sqlite3_open (path, &db);
  start = now_s ();
  sqlite3_prepare_v2 (db, query, -1, &stmt, NULL);
  *n_rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *copy = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

      (*n_rows)++;
    }
  sqlite3_finalize (stmt);
  start = now_s () - start;
  sqlite3_close (db);

  return start;
}

static void
print_figure (const char *name,
              double      value,
              const char *baseline,
              double      baseline_value,
              const char *extra)
{
  printf ("{\"name\": \"%s\", \"median\": %.4f, \"unit\": \"s\", \"baseline\": \"%s\","
          " \"baseline_median\": %.4f, \"ratio\": %.3f%s}\n",
          name, value, baseline, baseline_value, value / baseline_value, extra);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 3;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plumb-bench-store-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *base_path = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) insert = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) insert_base = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search_base = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_base = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PlumbStore) store = NULL;
  guint matched = 0;
  guint listed = 0;

  check (dir != NULL, error);
  runs = MAX (runs, 1);
  path = g_build_filename (dir, "store.sqlite3", NULL);
  base_path = g_build_filename (dir, "baseline.sqlite3", NULL);

  /* The people exist before the clock starts, as pages from the API would. */
  for (guint i = 0; i < N_USERS; i += PAGE)
    {
      JsonArray *page = json_array_sized_new (PAGE);

      for (guint k = i; k < i + PAGE; k++)
        {
          JsonNode *user = make_user (k);

          g_ptr_array_add (texts, json_to_string (user, FALSE));
          json_array_add_element (page, user);
        }
      g_ptr_array_add (pages, page);
    }

  for (guint run = 0; run < runs; run++)
    {
      double start;
      double elapsed;

      g_clear_object (&store);
      remove_store (path);
      start = now_s ();
      store = plumb_store_open (path, NULL, &error);
      check (store != NULL, error);
      for (guint p = 0; p < pages->len; p++)
        check (plumb_store_upsert_users (store, COMPANY, g_ptr_array_index (pages, p), NULL, &error), error);
      elapsed = now_s () - start;
      g_array_append_val (insert, elapsed);

      elapsed = baseline_insert (base_path, texts);
      g_array_append_val (insert_base, elapsed);
    }

  for (guint run = 0; run < runs * 7; run++)
    {
      PlumbUserQuery query = {
        .search = "jose estimator",
        .invitation = PLUMB_INVITATION_FILTER_INVITED,
        .sort = PLUMB_USER_SORT_NAME,
        .limit = 50,
      };
      g_autoptr(PlumbUserRows) rows = NULL;
      double start = now_s ();
      double elapsed;

      rows = plumb_store_query_users (store, COMPANY, &query, NULL, &error);
      check (rows != NULL, error);
      elapsed = now_s () - start;
      g_array_append_val (search, elapsed);
      matched = plumb_user_rows_get_total (rows);

      elapsed = baseline_select (base_path,
                                 "SELECT json FROM users WHERE json LIKE '%jose%' AND json LIKE '%estimator%'"
                                 " ORDER BY id LIMIT 50",
                                 &listed);
      g_array_append_val (search_base, elapsed);
    }

  for (guint run = 0; run < runs * 3; run++)
    {
      g_autoptr(PlumbUserRows) rows = NULL;
      double start = now_s ();
      double elapsed;
      guint n;

      rows = plumb_store_list_users (store, COMPANY, NULL, &error);
      check (rows != NULL, error);
      elapsed = now_s () - start;
      g_array_append_val (list, elapsed);
      listed = plumb_user_rows_get_n (rows);

      elapsed = baseline_select (base_path, "SELECT json FROM users", &n);
      g_array_append_val (list_base, elapsed);
    }

  {
    double m = median (insert);
    g_autofree char *extra = g_strdup_printf (", \"users\": %d, \"users_per_s\": %.0f, \"limit\": \"< 3 s\", \"meets_limit\": %s",
                                              N_USERS, N_USERS / m, m < 3.0 ? "true" : "false");

    print_figure ("store/upsert-100k", m, "raw SQLite insert of the same JSON, no indexes", median (insert_base), extra);
  }
  {
    g_autofree char *extra = g_strdup_printf (", \"matched\": %u", matched);

    print_figure ("store/search-100k", median (search), "LIKE over the raw JSON", median (search_base), extra);
  }
  {
    g_autofree char *extra = g_strdup_printf (", \"rows\": %u", listed);

    print_figure ("store/list-100k", median (list), "SELECT of the raw JSON", median (list_base), extra);
  }

  g_clear_object (&store);
  remove_store (path);
  remove_store (base_path);
  g_rmdir (dir);

  return 0;
}
