/* bench-sandbox.c: how fast the sandbox makes and serves a big company
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints one JSON line per figure (see HACKING.md): the median time to
 * start a sandbox with 100,000 people against one with the demo company,
 * and the median time of a page of 1,000 people against GET /rest/v1.0/me
 * on the same server.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "plumb-sandbox.h"

#define BIG 100000
#define RUNS 5
#define CALLS 41

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
percentile_95 (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (values->len * 95) / 100);
}

static double
start_ms (guint users)
{
  g_autoptr(PlumbSandbox) sandbox = plumb_sandbox_new ();
  g_autoptr(GError) error = NULL;
  gint64 begin;
  gint64 end;

  g_object_set (sandbox, "users", users, NULL);
  begin = g_get_monotonic_time ();
  if (!plumb_sandbox_start (sandbox, 0, &error))
    g_error ("The sandbox did not start: %s", error->message);
  end = g_get_monotonic_time ();
  plumb_sandbox_stop (sandbox);
  return (end - begin) / 1000.0;
}

static GBytes *
call (SoupSession *session,
      const char  *url,
      const char  *token,
      guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Procore-Company-Id", "5001");
  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL)
    g_error ("%s: %s", url, error->message);
  *status = soup_message_get_status (msg);
  return body;
}

static char *
service_token (SoupSession *session,
               const char  *base)
{
  g_autofree char *url = g_strconcat (base, "/oauth/token", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  const char *form = "grant_type=client_credentials&client_id=plumbline-demo"
                     "&client_secret=plumbline-demo-secret";
  g_autoptr(GBytes) request = g_bytes_new_static (form, strlen (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data;

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", request);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  if (body == NULL || soup_message_get_status (msg) != 200)
    g_error ("No token from the sandbox");
  data = g_bytes_get_data (body, &len);
  if (!json_parser_load_from_data (parser, data, len, NULL))
    g_error ("The token answer is not JSON");
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "access_token"));
}

static void
print_line (const char *name,
            double      value,
            const char *baseline,
            double      baseline_value,
            double      p95)
{
  printf ("{\"name\":\"%s\",\"median\":%.3f,\"unit\":\"ms\",\"baseline\":\"%s\","
          "\"baseline_median\":%.3f,\"ratio\":%.2f,\"p95\":%.3f}\n",
          name, value, baseline, baseline_value, value / baseline_value, p95);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) big_starts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) demo_starts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tiny = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PlumbSandbox) sandbox = plumb_sandbox_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  double big_p95, page_p95;

  for (guint i = 0; i < RUNS; i++)
    {
      double big = start_ms (BIG);
      double demo = start_ms (0);

      g_array_append_val (big_starts, big);
      g_array_append_val (demo_starts, demo);
    }
  big_p95 = percentile_95 (big_starts);
  print_line ("sandbox-start-100k", median (big_starts), "sandbox-start-demo", median (demo_starts), big_p95);

  g_object_set (sandbox, "users", BIG, NULL);
  if (!plumb_sandbox_start (sandbox, 0, &error))
    g_error ("The sandbox did not start: %s", error->message);
  token = service_token (session, plumb_sandbox_get_url (sandbox));

  for (guint i = 0; i < CALLS + 1; i++)
    {
      /* Pages spread over the list; the first call builds the sorted index and is left out. */
      g_autofree char *page_url = g_strdup_printf ("%s/rest/v1.3/companies/5001/users?per_page=1000&sort=name&page=%u",
                                                   plumb_sandbox_get_url (sandbox), 1 + (i * 37) % 100);
      g_autofree char *me_url = g_strconcat (plumb_sandbox_get_url (sandbox), "/rest/v1.0/me", NULL);
      guint status = 0;
      gint64 t0, t1, t2;
      double page_ms, me_ms;
      g_autoptr(GBytes) page = NULL;
      g_autoptr(GBytes) me = NULL;

      t0 = g_get_monotonic_time ();
      page = call (session, page_url, token, &status);
      t1 = g_get_monotonic_time ();
      if (status != 200)
        g_error ("A page answered %u", status);
      me = call (session, me_url, token, &status);
      t2 = g_get_monotonic_time ();
      if (status != 200)
        g_error ("/me answered %u", status);
      if (i == 0)
        continue;
      page_ms = (t1 - t0) / 1000.0;
      me_ms = (t2 - t1) / 1000.0;
      g_array_append_val (pages, page_ms);
      g_array_append_val (tiny, me_ms);
    }
  page_p95 = percentile_95 (pages);
  print_line ("sandbox-page-1000-of-100k", median (pages), "sandbox-me", median (tiny), page_p95);

  plumb_sandbox_stop (sandbox);
  return 0;
}
