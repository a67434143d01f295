/* test-store-users.c: where stores live, and the cached directory: upserts,
 * the search, filter and sort query, and the account's other tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-error.h"
#include "plumb-store.h"
#include "plumb-store-records.h"
#include "store-test.h"

#define COMPANY 5001
#define OTHER_COMPANY 5002

static void
test_build_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *production = plumb_store_build_path ("/data", "https://api.procore.com", "42", &error);
  g_autofree char *sandbox = plumb_store_build_path ("/data", "https://sandbox.procore.com/", "42", &error);
  g_autofree char *loopback = plumb_store_build_path ("/data", "http://127.0.0.1:38123", "alex.morgan@northwind.example", &error);
  g_autofree char *custom = plumb_store_build_path ("/data", "https://Procore.Example.org:8443/base", "7", &error);
  g_autofree char *odd = plumb_store_build_path ("/data", "https://api.procore.com", "a/b\\c", &error);
  g_autofree char *xdg = plumb_store_build_path (NULL, "https://api.procoregov.com", "9", &error);
  g_autofree char *expected_xdg = g_build_filename (g_get_user_data_dir (), "plumbline", "federal", "9", "store.sqlite3", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (production, ==, "/data/production/42/store.sqlite3");
  g_assert_cmpstr (sandbox, ==, "/data/developer-sandbox/42/store.sqlite3");
  g_assert_cmpstr (loopback, ==, "/data/embedded-sandbox/alex.morgan@northwind.example/store.sqlite3");
  g_assert_cmpstr (custom, ==, "/data/procore.example.org-8443/7/store.sqlite3");
  g_assert_cmpstr (odd, ==, "/data/production/a_b_c/store.sqlite3");
  g_assert_cmpstr (xdg, ==, expected_xdg);

  /* No account, or one that would climb out of the folder. */
  g_assert_null (plumb_store_build_path ("/data", "https://api.procore.com", "", &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (plumb_store_build_path ("/data", "https://api.procore.com", "..", &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Plain http to another computer is refused before any path is made. */
  g_assert_null (plumb_store_build_path ("/data", "http://procore.example.org", "1", &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INSECURE_URL);
}

static void
test_fold (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "Alex Morgan", "alex morgan" },
    { "José Álvarez", "jose alvarez" },
    { "ZOË Brontë", "zoe bronte" },
    { "Straße", "strasse" },
    { "Ørjan Łukasiewicz", "orjan lukasiewicz" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = plumb_store_fold (cases[i].in);

      g_assert_cmpstr (folded, ==, cases[i].out);
    }

  {
    g_autofree char *folded = plumb_store_fold (NULL);

    g_assert_cmpstr (folded, ==, "");
  }
}

static void
test_upsert_and_get (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) first = store_test_array (
    "[{\"id\": 9000000001, \"first_name\": \"Alex\", \"last_name\": \"Morgan\", \"name\": \"Alex Morgan\","
    "  \"email_address\": \"alex.morgan@northwind.example\", \"job_title\": \"Director\","
    "  \"vendor\": {\"id\": 1, \"name\": \"Northwind Builders\"},"
    "  \"permission_template\": {\"id\": 3, \"name\": \"Company Admin\"},"
    "  \"is_active\": true, \"welcome_email_sent_at\": \"2026-01-05T10:00:00Z\","
    "  \"last_login_at\": \"2026-01-06T10:00:00Z\", \"updated_at\": \"2026-01-07T10:00:00Z\","
    "  \"avatar\": \"https://example.com/a.png\", \"business_phone_extension\": 12,"
    "  \"address\": \"1 Main St\", \"country_code\": \"US\", \"role\": \"Owner\"},"
    " {\"id\": 2, \"first_name\": \"Sam\", \"last_name\": \"Rivera\","
    "  \"email_address\": \"sam.rivera@northwind.example\", \"is_active\": false}]");
  g_autoptr(JsonArray) second = store_test_array (
    "[{\"id\": 9000000001, \"first_name\": \"Alex\", \"last_name\": \"Morgan\", \"name\": \"Alex Morgan\","
    "  \"email_address\": \"alex.morgan@northwind.example\", \"job_title\": \"Vice President\","
    "  \"is_active\": true, \"updated_at\": \"2026-02-01T10:00:00Z\"}]");
  g_autoptr(JsonObject) alex = NULL;
  g_autoptr(PlumbUserRows) rows = NULL;

  g_assert_true (plumb_store_upsert_users (store, COMPANY, first, NULL, &error));
  g_assert_no_error (error);

  /* Every field the API gave comes back. */
  alex = plumb_store_get_user (store, COMPANY, 9000000001, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) stored = json_node_init_object (json_node_alloc (), alex);
    g_autoptr(JsonNode) given = json_node_copy (json_array_get_element (first, 0));

    g_assert_true (json_node_equal (stored, given));
  }

  rows = plumb_store_list_users (store, COMPANY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plumb_user_rows_get_n (rows), ==, 2);
  {
    const PlumbUserRow *a = plumb_user_rows_get (rows, 0);
    const PlumbUserRow *s = plumb_user_rows_get (rows, 1);

    g_assert_cmpint (a->id, ==, 9000000001);
    g_assert_cmpint (a->company_id, ==, COMPANY);
    g_assert_true (a->is_active);
    g_assert_cmpstr (a->first_name, ==, "Alex");
    g_assert_cmpstr (a->last_name, ==, "Morgan");
    g_assert_cmpstr (a->name, ==, "Alex Morgan");
    g_assert_cmpstr (a->email, ==, "alex.morgan@northwind.example");
    g_assert_cmpstr (a->job_title, ==, "Director");
    g_assert_cmpstr (a->vendor_name, ==, "Northwind Builders");
    g_assert_cmpstr (a->permission_template_name, ==, "Company Admin");
    g_assert_cmpstr (a->welcome_email_sent_at, ==, "2026-01-05T10:00:00Z");
    g_assert_cmpstr (a->last_login_at, ==, "2026-01-06T10:00:00Z");
    g_assert_cmpstr (a->updated_at, ==, "2026-01-07T10:00:00Z");
    g_assert_cmpstr (a->avatar, ==, "https://example.com/a.png");

    /* No name from the server: made from first and last. */
    g_assert_cmpint (s->id, ==, 2);
    g_assert_cmpstr (s->name, ==, "Sam Rivera");
    g_assert_false (s->is_active);
    g_assert_null (s->job_title);
    g_assert_null (s->welcome_email_sent_at);
  }
  g_clear_pointer (&rows, plumb_user_rows_unref);

  /* The same person again replaces the row, it does not add one. */
  g_assert_true (plumb_store_upsert_users (store, COMPANY, second, NULL, &error));
  g_assert_no_error (error);
  rows = plumb_store_list_users (store, COMPANY, NULL, &error);
  g_assert_cmpuint (plumb_user_rows_get_n (rows), ==, 2);
  g_assert_cmpstr (plumb_user_rows_get (rows, 0)->job_title, ==, "Vice President");
  g_assert_null (plumb_user_rows_get (rows, 0)->vendor_name);
  g_clear_pointer (&alex, json_object_unref);
  alex = plumb_store_get_user (store, COMPANY, 9000000001, NULL, &error);
  g_assert_false (json_object_has_member (alex, "role"));

  /* Companies are apart; unknown people are NULL without error. */
  {
    g_autoptr(JsonObject) none = plumb_store_get_user (store, OTHER_COMPANY, 9000000001, NULL, &error);
    g_autoptr(PlumbUserRows) other = plumb_store_list_users (store, OTHER_COMPANY, NULL, &error);

    g_assert_no_error (error);
    g_assert_null (none);
    g_assert_cmpuint (plumb_user_rows_get_n (other), ==, 0);
  }

  /* It all survives closing and opening. */
  g_clear_object (&store);
  store = store_test_open (dir);
  g_clear_pointer (&rows, plumb_user_rows_unref);
  rows = plumb_store_list_users (store, COMPANY, NULL, &error);
  g_assert_cmpuint (plumb_user_rows_get_n (rows), ==, 2);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_json_round_trip (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) users = store_test_array (
    "[{\"id\": 9223372036854775807, \"name\": \"Quote \\\" back\\\\slash / new\\nline\\ttab \\u0001 \\u001f ñ 😀\","
    "  \"ratio\": 0.1, \"tiny\": 1e-300, \"neg\": -5, \"zero\": 0, \"yes\": true, \"no\": false,"
    "  \"list\": [1, \"two\", null, {\"a\": [true, false, []]}], \"empty\": {}, \"nothing\": null,"
    "  \"\\\"odd key\\\"\": \"\"}]");
  g_autoptr(JsonObject) back = NULL;

  g_assert_true (plumb_store_upsert_users (store, COMPANY, users, NULL, &error));
  g_assert_no_error (error);

  back = plumb_store_get_user (store, COMPANY, G_MAXINT64, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  {
    g_autoptr(JsonNode) got = json_node_init_object (json_node_alloc (), back);
    JsonNode *given = json_array_get_element (users, 0);
    g_autofree char *got_text = json_to_string (got, FALSE);
    g_autofree char *given_text = json_to_string (given, FALSE);

    g_assert_true (json_node_equal (got, given));
    g_assert_cmpstr (got_text, ==, given_text);
  }

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_bad_batch_changes_nothing (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) bad = store_test_array ("[{\"id\": 1, \"name\": \"One\"}, {\"name\": \"No id\"}]");
  g_autoptr(JsonArray) not_people = store_test_array ("[{\"id\": 3}, 4]");
  g_autoptr(GArray) ids = NULL;

  g_assert_false (plumb_store_upsert_users (store, COMPANY, bad, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_false (plumb_store_upsert_users (store, COMPANY, not_people, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_false (plumb_store_upsert_users_json (store, COMPANY, "{\"id\": 5}", NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_false (plumb_store_upsert_users_json (store, COMPANY, "[{\"id\": 6},", NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  ids = plumb_store_list_user_ids (store, COMPANY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

typedef struct
{
  gint64      id;
  gboolean    active;
  char       *name;
  char       *email;
  char       *job_title;
  char       *vendor;
  char       *welcome;
  char       *login;
  char       *updated;
  char       *search;
} Person;

static const char *first_names[] = { "José", "ana", "Zoë", "Alex", "Sam", "jordan", "Riley", "Casey", "Ørjan", "Lee" };
static const char *last_names[] = { "Álvarez", "Brooks", "O'Brien", "chen", "Lee", "Morgan", "Young", "Rivera" };
static const char *jobs[] = { "Clerk", "foreman", "Estimator", "Project Engineer", "Superintendent" };
static const char *vendors[] = { "Northwind Builders", "Harbor Civil Works", "Acme Électrique" };

static guint32
next_random (guint32 *state)
{
  *state = *state * 1103515245u + 12345u;

  return (*state >> 8) & 0xffffff;
}

static char *
stamp (guint32 *state,
       int      year)
{
  return g_strdup_printf ("%04d-%02u-%02uT%02u:%02u:00Z", year,
                          1 + next_random (state) % 12, 1 + next_random (state) % 28,
                          next_random (state) % 24, next_random (state) % 60);
}

static void
person_free (gpointer data)
{
  Person *p = data;

  g_free (p->name);
  g_free (p->email);
  g_free (p->job_title);
  g_free (p->vendor);
  g_free (p->welcome);
  g_free (p->login);
  g_free (p->updated);
  g_free (p->search);
  g_free (p);
}

static GPtrArray *
make_people (guint n)
{
  GPtrArray *people = g_ptr_array_new_with_free_func (person_free);
  guint32 state = 20260301;

  for (guint i = 0; i < n; i++)
    {
      Person *p = g_new0 (Person, 1);
      const char *first = first_names[next_random (&state) % G_N_ELEMENTS (first_names)];
      const char *last = last_names[next_random (&state) % G_N_ELEMENTS (last_names)];
      g_autoptr(GString) search = g_string_new (NULL);

      p->id = 1000 + (gint64) i * 7919 % 100003;
      p->active = next_random (&state) % 10 != 0;
      if (i % 53 != 0)
        p->name = g_strdup_printf ("%s %s", first, last);
      if (i % 41 != 0)
        p->email = g_strdup_printf ("user%u@northwind.example", i);
      if (next_random (&state) % 6 != 0)
        p->job_title = g_strdup (jobs[next_random (&state) % G_N_ELEMENTS (jobs)]);
      if (next_random (&state) % 3 != 0)
        p->vendor = g_strdup (vendors[next_random (&state) % G_N_ELEMENTS (vendors)]);
      if (next_random (&state) % 3 != 0)
        {
          p->welcome = stamp (&state, 2025);
          if (next_random (&state) % 2 == 0)
            p->login = stamp (&state, 2026);
        }
      p->updated = stamp (&state, 2026);

      {
        const char *parts[] = { p->name, p->email, p->job_title, p->vendor };

        for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
          {
            if (parts[k] == NULL)
              continue;
            if (search->len > 0)
              g_string_append_c (search, ' ');
            g_string_append (search, parts[k]);
          }
      }
      p->search = plumb_store_fold (search->str);

      g_ptr_array_add (people, p);
    }

  return people;
}

static JsonNode *
person_to_json (const Person *p)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, p->id);
  json_builder_set_member_name (builder, "is_active");
  json_builder_add_boolean_value (builder, p->active);
#define MEMBER(key, value) \
  json_builder_set_member_name (builder, key); \
  if ((value) != NULL) json_builder_add_string_value (builder, value); else json_builder_add_null_value (builder);
  MEMBER ("name", p->name);
  MEMBER ("email_address", p->email);
  MEMBER ("job_title", p->job_title);
  MEMBER ("welcome_email_sent_at", p->welcome);
  MEMBER ("last_login_at", p->login);
  MEMBER ("updated_at", p->updated);
#undef MEMBER
  if (p->vendor != NULL)
    {
      json_builder_set_member_name (builder, "vendor");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, p->vendor);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* SQLite's NOCASE: ASCII letters folded, every other byte as it is. */
static int
nocase_compare (const char *a,
                const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      guchar ca = (guchar) g_ascii_tolower (*a);
      guchar cb = (guchar) g_ascii_tolower (*b);

      if (ca != cb)
        return ca - cb;
      a++;
      b++;
    }

  return (guchar) *a - (guchar) *b;
}

static const char *
sort_key (const Person  *p,
          PlumbUserSort  sort)
{
  switch (sort)
    {
    case PLUMB_USER_SORT_NAME: return p->name;
    case PLUMB_USER_SORT_EMAIL: return p->email;
    case PLUMB_USER_SORT_JOB_TITLE: return p->job_title;
    case PLUMB_USER_SORT_VENDOR: return p->vendor;
    case PLUMB_USER_SORT_LAST_LOGIN: return p->login;
    case PLUMB_USER_SORT_INVITED: return p->welcome;
    case PLUMB_USER_SORT_UPDATED: return p->updated;
    case PLUMB_N_USER_SORTS:
    default: g_assert_not_reached ();
    }
}

static const PlumbUserQuery *current_query;

static int
compare_people (gconstpointer a,
                gconstpointer b)
{
  const Person *pa = *(const Person * const *) a;
  const Person *pb = *(const Person * const *) b;
  PlumbUserSort sort = current_query->sort;
  const char *ka = sort_key (pa, sort);
  const char *kb = sort_key (pb, sort);
  gboolean text = sort <= PLUMB_USER_SORT_VENDOR;
  int result;

  /* Without a value sorts last, whichever the direction. */
  if ((ka == NULL) != (kb == NULL))
    return ka == NULL ? 1 : -1;

  result = ka == NULL ? 0 : text ? nocase_compare (ka, kb) : strcmp (ka, kb);
  if (result == 0)
    result = pa->id < pb->id ? -1 : pa->id > pb->id;

  return current_query->descending ? -result : result;
}

static gboolean
words_match (const char *haystack,
             const char *search)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  if (search == NULL)
    return TRUE;

  folded = plumb_store_fold (search);
  words = g_strsplit (folded, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (haystack, words[i]) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
person_matches (const Person         *p,
                const PlumbUserQuery *query)
{
  if (!query->include_inactive && !p->active)
    return FALSE;

  switch (query->invitation)
    {
    case PLUMB_INVITATION_FILTER_ALL:
      break;
    case PLUMB_INVITATION_FILTER_NOT_INVITED:
      if (p->welcome != NULL || p->login != NULL)
        return FALSE;
      break;
    case PLUMB_INVITATION_FILTER_INVITED:
      if (p->welcome == NULL || p->login != NULL)
        return FALSE;
      break;
    case PLUMB_INVITATION_FILTER_SIGNED_IN:
      if (p->login == NULL)
        return FALSE;
      break;
    default:
      g_assert_not_reached ();
    }

  return words_match (p->search, query->search);
}

static GPtrArray *
expected_people (GPtrArray            *people,
                 const PlumbUserQuery *query)
{
  GPtrArray *matched = g_ptr_array_new ();

  for (guint i = 0; i < people->len; i++)
    if (person_matches (g_ptr_array_index (people, i), query))
      g_ptr_array_add (matched, g_ptr_array_index (people, i));

  current_query = query;
  g_ptr_array_sort (matched, compare_people);

  return matched;
}

static void
check_query (PlumbStore           *store,
             GPtrArray            *people,
             const PlumbUserQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = expected_people (people, query);
  g_autoptr(PlumbUserRows) rows = plumb_store_query_users (store, COMPANY, query, NULL, &error);
  guint start = MIN (query->offset, expected->len);
  guint end = query->limit > 0 ? MIN (start + query->limit, expected->len) : expected->len;

  g_assert_no_error (error);
  g_assert_cmpuint (plumb_user_rows_get_total (rows), ==, expected->len);
  g_assert_cmpuint (plumb_user_rows_get_n (rows), ==, end - start);

  for (guint i = start; i < end; i++)
    {
      const Person *p = g_ptr_array_index (expected, i);
      const PlumbUserRow *row = plumb_user_rows_get (rows, i - start);

      g_assert_cmpint (row->id, ==, p->id);
      g_assert_cmpstr (row->name, ==, p->name);
      g_assert_cmpstr (row->vendor_name, ==, p->vendor);
    }
}

/* How the people reach the store before they are queried. */
typedef enum
{
  LOAD_ROWS,          /* upserted page by page, as a delta writes them */
  LOAD_SNAPSHOT,      /* the pages of a full load */
  LOAD_SHADOWED,      /* a full load, then a quarter of them upserted again */
} Load;

static void
load_snapshot (PlumbStore *store,
               GPtrArray  *people)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint start = 0; start < people->len; start += 250)
    {
      g_autoptr(JsonArray) page = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      for (guint i = start; i < MIN (start + 250, people->len); i++)
        json_array_add_element (page, person_to_json (g_ptr_array_index (people, i)));
      node = json_node_init_array (json_node_alloc (), page);
      g_ptr_array_add (pages, json_to_string (node, start == 0));
    }
  g_ptr_array_add (pages, NULL);
  g_assert_true (store_test_load_snapshot (store, COMPANY, (const char * const *) pages->pdata, &error));
  g_assert_no_error (error);
}

static void
test_query (gconstpointer data)
{
  Load load = GPOINTER_TO_INT (data);
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = make_people (800);
  const char *searches[] = { NULL, "jose", "ALVAREZ jose", "northwind clerk", "electrique", "user17", "  ", "zz-nobody" };
  guint checked = 0;

  if (load != LOAD_ROWS)
    load_snapshot (store, people);

  /* In pages, as a sync would; one page as text. */
  for (guint start = 0; start < people->len && load != LOAD_SNAPSHOT; start += 250)
    {
      g_autoptr(JsonArray) page = json_array_new ();

      for (guint i = start; i < MIN (start + 250, people->len); i++)
        if (load == LOAD_ROWS || i % 4 == 1)
          json_array_add_element (page, person_to_json (g_ptr_array_index (people, i)));

      if (start == 500)
        {
          g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), page);
          g_autofree char *text = json_to_string (node, FALSE);

          g_assert_true (plumb_store_upsert_users_json (store, COMPANY, text, NULL, &error));
        }
      else
        g_assert_true (plumb_store_upsert_users (store, COMPANY, page, NULL, &error));
      g_assert_no_error (error);
    }

  for (guint s = 0; s < PLUMB_N_USER_SORTS; s++)
    for (guint desc = 0; desc < 2; desc++)
      for (guint inv = PLUMB_INVITATION_FILTER_ALL; inv <= PLUMB_INVITATION_FILTER_SIGNED_IN; inv++)
        for (guint inactive = 0; inactive < 2; inactive++)
          for (guint q = 0; q < G_N_ELEMENTS (searches); q++)
            {
              PlumbUserQuery query = {
                .search = searches[q],
                .invitation = inv,
                .include_inactive = inactive,
                .sort = s,
                .descending = desc,
              };

              check_query (store, people, &query);

              query.offset = 3;
              query.limit = 25;
              check_query (store, people, &query);
              checked += 2;
            }

  g_test_message ("%u queries checked against the expected rows", checked);

  /* Specific answers, so that a wrong reference cannot hide a wrong store. */
  {
    PlumbUserQuery query = { .search = "jose alvarez", .include_inactive = TRUE };
    g_autoptr(PlumbUserRows) rows = plumb_store_query_users (store, COMPANY, &query, NULL, &error);

    g_assert_cmpuint (plumb_user_rows_get_total (rows), >, 0);
    for (guint i = 0; i < plumb_user_rows_get_n (rows); i++)
      g_assert_cmpstr (plumb_user_rows_get (rows, i)->name, ==, "José Álvarez");
  }

  /* The bulk list has the order of the sort by name. */
  {
    PlumbUserQuery query = { .include_inactive = TRUE, .sort = PLUMB_USER_SORT_NAME };
    g_autoptr(PlumbUserRows) sorted = plumb_store_query_users (store, COMPANY, &query, NULL, &error);
    g_autoptr(PlumbUserRows) listed = plumb_store_list_users (store, COMPANY, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (plumb_user_rows_get_n (listed), ==, 800);
    g_assert_cmpuint (plumb_user_rows_get_n (sorted), ==, 800);
    for (guint i = 0; i < 800; i++)
      g_assert_cmpint (plumb_user_rows_get (listed, i)->id, ==, plumb_user_rows_get (sorted, i)->id);
  }

  /* Paging past the end. */
  {
    PlumbUserQuery query = { .include_inactive = TRUE, .offset = 5000, .limit = 10 };
    g_autoptr(PlumbUserRows) rows = plumb_store_query_users (store, COMPANY, &query, NULL, &error);

    g_assert_cmpuint (plumb_user_rows_get_n (rows), ==, 0);
    g_assert_cmpuint (plumb_user_rows_get_total (rows), ==, 800);
  }

  /* Deleting people, for reconciliation. */
  {
    g_autoptr(GArray) ids = plumb_store_list_user_ids (store, COMPANY, NULL, &error);
    g_autoptr(GArray) after = NULL;
    gint64 gone[2];

    g_assert_cmpuint (ids->len, ==, 800);
    for (guint i = 1; i < ids->len; i++)
      g_assert_cmpint (g_array_index (ids, gint64, i - 1), <, g_array_index (ids, gint64, i));

    gone[0] = g_array_index (ids, gint64, 10);
    gone[1] = g_array_index (ids, gint64, 20);
    g_assert_true (plumb_store_delete_users (store, COMPANY, gone, 2, NULL, &error));
    g_assert_no_error (error);

    after = plumb_store_list_user_ids (store, COMPANY, NULL, &error);
    g_assert_cmpuint (after->len, ==, 798);
    g_assert_null (plumb_store_get_user (store, COMPANY, gone[0], NULL, &error));
    g_assert_no_error (error);
  }

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_account_tables (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) companies = store_test_array (
    "[{\"id\": 5001, \"name\": \"Northwind Builders\", \"is_active\": true},"
    " {\"id\": 5002, \"name\": \"Harbor Civil Works\", \"is_active\": true}]");
  g_autoptr(JsonArray) fewer = store_test_array ("[{\"id\": 5002, \"name\": \"Harbor Civil Works\"}]");
  g_autoptr(JsonNode) permissions = json_from_string ("{\"tools\": [{\"name\": \"Directory\", \"user_access_level\": {\"name\": \"Admin\"}}]}", NULL);
  g_autoptr(JsonObject) record = store_test_object ("{\"id\": 77, \"job_title\": \"Lead Foreman\", \"city\": \"Tacoma\"}");
  g_autoptr(JsonObject) base = store_test_object ("{\"id\": 77, \"job_title\": \"Foreman\", \"city\": \"Tacoma\", \"updated_at\": \"2026-01-01T00:00:00Z\"}");
  PlumbSyncState state = { (char *) "2026-02-01T00:00:00Z", 1767000000, 1767000500 };

  g_assert_true (plumb_store_put_companies (store, companies, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonArray) listed = plumb_store_list_companies (store, NULL, &error);

    g_assert_cmpuint (json_array_get_length (listed), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (listed, 0), "id"), ==, 5002);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (listed, 1), "is_active"));
  }
  /* The list is replaced, not merged. */
  g_assert_true (plumb_store_put_companies (store, fewer, NULL, &error));
  {
    g_autoptr(JsonArray) listed = plumb_store_list_companies (store, NULL, &error);

    g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  }

  {
    gboolean can_invite = TRUE;
    g_autoptr(JsonNode) none = plumb_store_get_permissions (store, COMPANY, &can_invite, NULL, &error);

    g_assert_no_error (error);
    g_assert_null (none);
    g_assert_false (can_invite);
  }
  g_assert_true (plumb_store_put_permissions (store, COMPANY, permissions, TRUE, NULL, &error));
  g_assert_true (plumb_store_put_permissions (store, OTHER_COMPANY, permissions, FALSE, NULL, &error));
  {
    gboolean can_invite = FALSE;
    g_autoptr(JsonNode) got = plumb_store_get_permissions (store, COMPANY, &can_invite, NULL, &error);
    g_autoptr(JsonNode) other = plumb_store_get_permissions (store, OTHER_COMPANY, &can_invite, NULL, &error);

    g_assert_true (json_node_equal (got, permissions));
    g_assert_nonnull (other);
    g_assert_false (can_invite);
  }

  {
    g_autoptr(JsonObject) r = NULL;
    g_autoptr(JsonObject) b = NULL;

    g_assert_true (plumb_store_get_own_record (store, COMPANY, &r, &b, NULL, &error));
    g_assert_null (r);
    g_assert_null (b);
  }
  g_assert_true (plumb_store_put_own_record (store, COMPANY, record, base, NULL, &error));
  g_assert_no_error (error);

  {
    g_autoptr(PlumbSyncState) never = plumb_store_get_sync_state (store, COMPANY, NULL, &error);

    g_assert_null (never->high_water);
    g_assert_cmpint (never->last_full_sync, ==, 0);
    g_assert_cmpint (never->last_reconcile, ==, 0);
  }
  g_assert_true (plumb_store_put_sync_state (store, COMPANY, &state, NULL, &error));

  g_clear_object (&store);
  store = store_test_open (dir);

  {
    g_autoptr(JsonObject) r = NULL;
    g_autoptr(JsonObject) b = NULL;
    g_autoptr(PlumbSyncState) got = plumb_store_get_sync_state (store, COMPANY, NULL, &error);

    g_assert_true (plumb_store_get_own_record (store, COMPANY, &r, &b, NULL, &error));
    g_assert_cmpstr (json_object_get_string_member (r, "job_title"), ==, "Lead Foreman");
    g_assert_cmpstr (json_object_get_string_member (b, "job_title"), ==, "Foreman");
    g_assert_cmpstr (json_object_get_string_member (b, "updated_at"), ==, "2026-01-01T00:00:00Z");

    g_assert_cmpstr (got->high_water, ==, "2026-02-01T00:00:00Z");
    g_assert_cmpint (got->last_full_sync, ==, 1767000000);
    g_assert_cmpint (got->last_reconcile, ==, 1767000500);
  }

  g_clear_object (&store);
  store_test_rmdir (dir);
}

typedef struct
{
  PlumbStore    *store;
  PlumbUserRows *rows;
  int            step;
  gboolean       done;
} AsyncState;

static void on_async_step (GObject *object, GAsyncResult *result, gpointer user_data);

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) users = store_test_array (
    "[{\"id\": 1, \"name\": \"Riley Chen\", \"is_active\": true},"
    " {\"id\": 2, \"name\": \"Casey Brooks\", \"is_active\": true}]");

  state->store = plumb_store_open_finish (result, &error);
  g_assert_no_error (error);

  plumb_store_upsert_users_async (state->store, COMPANY, users, NULL, on_async_step, state);
}

static void
on_async_step (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  switch (state->step++)
    {
    case 0:
      {
        PlumbUserQuery query = { .search = "riley" };

        g_assert_true (plumb_store_upsert_users_finish (PLUMB_STORE (object), result, &error));
        g_assert_no_error (error);
        plumb_store_query_users_async (state->store, COMPANY, &query, NULL, on_async_step, state);
      }
      break;

    case 1:
      state->rows = plumb_store_query_users_finish (PLUMB_STORE (object), result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (plumb_user_rows_get_n (state->rows), ==, 1);
      plumb_store_list_users_async (state->store, COMPANY, NULL, on_async_step, state);
      break;

    case 2:
      {
        g_autoptr(PlumbUserRows) all = plumb_store_list_users_finish (PLUMB_STORE (object), result, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (plumb_user_rows_get_n (all), ==, 2);
        g_assert_cmpstr (plumb_user_rows_get (all, 0)->name, ==, "Casey Brooks");
        state->done = TRUE;
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_open_failed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbStore) store = plumb_store_open_finish (result, &error);

  g_assert_null (store);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE);
  *done = TRUE;
}

static void
on_cancelled (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (plumb_store_upsert_users_finish (PLUMB_STORE (object), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_async (void)
{
  g_autofree char *dir = store_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "store.sqlite3", NULL);
  g_autofree char *not_a_db = g_build_filename (dir, "text.sqlite3", NULL);
  AsyncState state = { NULL, };
  gboolean failed = FALSE;
  gboolean cancelled = FALSE;

  plumb_store_open_async (path, NULL, on_opened, &state);
  store_test_wait (&state.done);
  g_assert_cmpint (plumb_user_rows_get (state.rows, 0)->id, ==, 1);

  /* A job cancelled before it starts does nothing. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(JsonArray) users = store_test_array ("[{\"id\": 3, \"name\": \"Jordan Lee\"}]");
    g_autoptr(GArray) ids = NULL;

    g_cancellable_cancel (cancellable);
    plumb_store_upsert_users_async (state.store, COMPANY, users, cancellable, on_cancelled, &cancelled);
    store_test_wait (&cancelled);
    ids = plumb_store_list_user_ids (state.store, COMPANY, NULL, NULL);
    g_assert_cmpuint (ids->len, ==, 2);
  }

  g_assert_true (g_file_set_contents (not_a_db, "This is not a database, and it is long enough to tell.", -1, NULL));
  plumb_store_open_async (not_a_db, NULL, on_open_failed, &failed);
  store_test_wait (&failed);

  plumb_user_rows_unref (state.rows);
  g_clear_object (&state.store);

  /* Let the stores' last references, held by finished tasks, go. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  store_test_rmdir (dir);
}

static GArray *
ids_of (PlumbStore *store)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = plumb_store_list_user_ids (store, COMPANY, NULL, &error);

  g_assert_no_error (error);
  return ids;
}

static char *
ids_text (PlumbStore *store)
{
  g_autoptr(GArray) ids = ids_of (store);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "", g_array_index (ids, gint64, i));
  return g_string_free (text, FALSE);
}

static char *
job_title_of (PlumbStore *store,
              gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = plumb_store_get_user (store, COMPANY, id, NULL, &error);

  g_assert_no_error (error);
  return user != NULL ? g_strdup (json_object_get_string_member_with_default (user, "job_title", "")) : NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The files of the store's snapshots, by name. */
static char *
snapshot_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, "-users-") != NULL)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_snapshot (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  /* Sam moved to the inactive list while the load ran: on both. */
  const char *first[] = {
    "[{\"id\": 1, \"name\": \"Alex\", \"job_title\": \"Director\"},"
    " {\"id\": 2, \"name\": \"Sam\", \"job_title\": \"Foreman\", \"is_active\": true}]",
    "[]",
    "[{\"id\": 3, \"first_name\": \"Kai\", \"last_name\": \"Lee\", \"job_title\": \"Clerk\"},"
    " {\"id\": 2, \"name\": \"Sam\", \"job_title\": \"Former foreman\", \"is_active\": false}]",
    NULL
  };
  const char *second[] = {
    "[{\"id\": 1, \"name\": \"Alex\", \"job_title\": \"President\"}, {\"id\": 4, \"name\": \"Ana\"}]",
    NULL
  };
  g_autofree char *text = NULL;
  g_autofree char *files = NULL;

  /* Someone already in the rows before the first full load. */
  g_assert_true (plumb_store_upsert_users_json (store, COMPANY, "[{\"id\": 9, \"name\": \"Ghost\"}]", NULL, &error));
  g_assert_true (store_test_load_snapshot (store, COMPANY, first, &error));
  g_assert_no_error (error);

  text = ids_text (store);
  g_assert_cmpstr (text, ==, "1 2 3");
  g_clear_pointer (&text, g_free);
  text = job_title_of (store, 2);
  g_assert_cmpstr (text, ==, "Former foreman");
  g_clear_pointer (&text, g_free);
  {
    g_autoptr(PlumbUserRows) rows = plumb_store_list_users (store, COMPANY, NULL, &error);

    g_assert_cmpuint (plumb_user_rows_get_n (rows), ==, 3);
    /* By name: Alex, Kai Lee (put together from the parts), Sam. */
    g_assert_cmpstr (plumb_user_rows_get (rows, 1)->name, ==, "Kai Lee");
    g_assert_false (plumb_user_rows_get (rows, 2)->is_active);
    g_assert_cmpstr (plumb_user_rows_get (rows, 2)->job_title, ==, "Former foreman");
  }

  /* A delta writes over one person; another is removed and comes back. */
  g_assert_true (plumb_store_upsert_users_json (store, COMPANY,
                                                "[{\"id\": 1, \"name\": \"Alex\", \"job_title\": \"CEO\"}]",
                                                NULL, &error));
  {
    gint64 gone[] = { 3, 2 };

    g_assert_true (plumb_store_delete_users (store, COMPANY, gone, 2, NULL, &error));
  }
  text = ids_text (store);
  g_assert_cmpstr (text, ==, "1");
  g_clear_pointer (&text, g_free);
  g_assert_null (job_title_of (store, 3));
  text = job_title_of (store, 1);
  g_assert_cmpstr (text, ==, "CEO");
  g_clear_pointer (&text, g_free);
  g_assert_true (plumb_store_upsert_users_json (store, COMPANY, "[{\"id\": 3, \"name\": \"Kai\", \"job_title\": \"Lead\"}]",
                                                NULL, &error));
  text = ids_text (store);
  g_assert_cmpstr (text, ==, "1 3");
  g_clear_pointer (&text, g_free);
  {
    PlumbUserQuery query = { .search = "lead", .include_inactive = TRUE };
    g_autoptr(PlumbUserRows) rows = plumb_store_query_users (store, COMPANY, &query, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (plumb_user_rows_get_total (rows), ==, 1);
    g_assert_cmpint (plumb_user_rows_get (rows, 0)->id, ==, 3);
  }

  /* A load that never ends changes nothing; the next one replaces all,
   * and its commit clears the files of both. */
  {
    gint64 generation = plumb_store_begin_user_snapshot (store, COMPANY, NULL, &error);

    g_assert_cmpint (generation, >, 1);
    g_assert_no_error (error);
  }
  text = ids_text (store);
  g_assert_cmpstr (text, ==, "1 3");
  g_clear_pointer (&text, g_free);
  files = snapshot_files (dir);
  g_assert_cmpstr (files, ==, "store.sqlite3-users-5001-1 store.sqlite3-users-5001-2");
  g_clear_pointer (&files, g_free);

  g_assert_true (store_test_load_snapshot (store, COMPANY, second, &error));
  g_assert_no_error (error);
  text = ids_text (store);
  g_assert_cmpstr (text, ==, "1 4");
  g_clear_pointer (&text, g_free);
  text = job_title_of (store, 1);
  g_assert_cmpstr (text, ==, "President");
  g_clear_pointer (&text, g_free);
  g_assert_null (job_title_of (store, 9));
  files = snapshot_files (dir);
  g_assert_cmpstr (files, ==, "store.sqlite3-users-5001-3");
  g_clear_pointer (&files, g_free);

  /* The other company knows none of it. */
  {
    g_autoptr(PlumbUserRows) rows = plumb_store_list_users (store, OTHER_COMPANY, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (plumb_user_rows_get_n (rows), ==, 0);
  }

  /* Two loads at once: a load begun later clears the earlier one away. */
  {
    gint64 a = plumb_store_begin_user_snapshot (store, COMPANY, NULL, &error);
    gint64 b = plumb_store_begin_user_snapshot (store, COMPANY, NULL, &error);
    const char *pages[] = { "[{\"id\": 7}]", NULL };

    g_assert_cmpint (a, !=, b);
    g_assert_no_error (error);
    files = snapshot_files (dir);
    g_assert_cmpstr (files, ==, "store.sqlite3-users-5001-3 store.sqlite3-users-5001-5");
    g_clear_pointer (&files, g_free);
    g_assert_true (store_test_load_snapshot (store, COMPANY, pages, &error));
    g_assert_false (plumb_store_commit_user_snapshot (store, COMPANY, a, 0, NULL, &error));
    g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE);
    g_clear_error (&error);
    text = ids_text (store);
    g_assert_cmpstr (text, ==, "7");
    g_clear_pointer (&text, g_free);
  }

  g_clear_object (&store);
  store_test_rmdir (dir);
}

/* A snapshot whose file a power cut left short is dropped, and the next
 * sync loads the whole directory again. */
static void
test_snapshot_damaged (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  const char *pages[] = { "[{\"id\": 1, \"name\": \"Alex\"}, {\"id\": 2, \"name\": \"Sam\"}]", NULL };
  g_autofree char *file = g_build_filename (dir, "store.sqlite3-users-5001-1", NULL);
  PlumbSyncState state = { (char *) "2026-01-01T00:00:00Z", 1767000000, 1767000000 };
  g_autoptr(PlumbSyncState) after = NULL;
  g_autoptr(PlumbUserRows) rows = NULL;
  g_autoptr(GArray) ids = NULL;

  g_assert_true (plumb_store_put_sync_state (store, COMPANY, &state, NULL, &error));
  g_assert_true (store_test_load_snapshot (store, COMPANY, pages, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (file, "[{\"id\": 1, \"na", -1, &error));

  rows = plumb_store_list_users (store, COMPANY, NULL, &error);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE);
  g_assert_null (rows);
  g_clear_error (&error);

  ids = ids_of (store);
  g_assert_cmpuint (ids->len, ==, 0);
  after = plumb_store_get_sync_state (store, COMPANY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->last_full_sync, ==, 0);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  /* A person read alone is checked too. */
  g_assert_true (store_test_load_snapshot (store, COMPANY, pages, &error));
  g_clear_pointer (&file, g_free);
  {
    g_autofree char *name = snapshot_files (dir);

    file = g_build_filename (dir, name, NULL);
  }
  g_assert_true (g_file_set_contents (file, "[{\"id\": 1, \"name\": \"Alex\"}, {\"id\": 3, \"name\": \"Sam\"}]", -1, &error));
  {
    g_autoptr(JsonObject) sam = plumb_store_get_user (store, COMPANY, 2, NULL, &error);

    g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE);
    g_assert_null (sam);
    g_clear_error (&error);
  }
  g_clear_pointer (&ids, g_array_unref);
  ids = ids_of (store);
  g_assert_cmpuint (ids->len, ==, 0);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/build-path", test_build_path);
  g_test_add_func ("/store/fold", test_fold);
  g_test_add_func ("/store/users/upsert-and-get", test_upsert_and_get);
  g_test_add_func ("/store/users/json-round-trip", test_json_round_trip);
  g_test_add_func ("/store/users/bad-batch", test_bad_batch_changes_nothing);
  g_test_add_data_func ("/store/users/query", GINT_TO_POINTER (LOAD_ROWS), test_query);
  g_test_add_data_func ("/store/users/query-snapshot", GINT_TO_POINTER (LOAD_SNAPSHOT), test_query);
  g_test_add_data_func ("/store/users/query-shadowed", GINT_TO_POINTER (LOAD_SHADOWED), test_query);
  g_test_add_func ("/store/users/snapshot", test_snapshot);
  g_test_add_func ("/store/users/snapshot-damaged", test_snapshot_damaged);
  g_test_add_func ("/store/account-tables", test_account_tables);
  g_test_add_func ("/store/async", test_async);

  return g_test_run ();
}
