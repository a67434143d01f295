/* test-photo-cli.c: `plumb photo check` and `plumb photo normalize`, run as
 * a person or a script would run them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "photo-corpus.h"

static char *tmp_dir;
static char *accepted_path;    /* 100 × 100 PNG */
static char *crop_path;        /* 1200 × 600 JPEG, red middle square */
static char *refused_path;     /* text named .png */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_plumb (Run        *run,
           const char *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *plumb = g_getenv ("PLUMB_CLI");
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (plumb);
  g_ptr_array_add (argv, (gpointer) plumb);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

static JsonObject *
parse_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static void
test_check_statuses (void)
{
  g_auto(Run) accepted = { 0 };
  g_auto(Run) crop = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) several = { 0 };
  g_auto(Run) good_ones = { 0 };

  run_plumb (&accepted, "photo", "check", accepted_path, NULL);
  g_assert_cmpint (accepted.status, ==, 0);
  g_assert_nonnull (strstr (accepted.out, "100 × 100"));

  run_plumb (&crop, "photo", "check", crop_path, NULL);
  g_assert_cmpint (crop.status, ==, 1);

  run_plumb (&refused, "photo", "check", refused_path, NULL);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.out, "text"));

  /* Several files: the worst verdict, and a line for each. */
  run_plumb (&several, "photo", "check", accepted_path, refused_path, crop_path, NULL);
  g_assert_cmpint (several.status, ==, 2);
  {
    g_auto(GStrv) lines = g_strsplit (g_strchomp (several.out), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
  }

  run_plumb (&good_ones, "photo", "check", accepted_path, crop_path, NULL);
  g_assert_cmpint (good_ones.status, ==, 1);
}

static void
test_check_json (void)
{
  g_auto(Run) before = { 0 };
  g_auto(Run) after = { 0 };
  g_autoptr(JsonObject) crop = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_auto(GStrv) lines = NULL;

  /* --json works as a global option and after the command. */
  run_plumb (&before, "--json", "photo", "check", crop_path, refused_path, NULL);
  run_plumb (&after, "photo", "check", "--json", crop_path, refused_path, NULL);
  g_assert_cmpint (before.status, ==, 2);
  g_assert_cmpstr (before.out, ==, after.out);

  lines = g_strsplit (g_strchomp (before.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);

  crop = parse_line (lines[0]);
  g_assert_cmpstr (json_object_get_string_member (crop, "format"), ==, "jpeg");
  g_assert_cmpint (json_object_get_int_member (crop, "width"), ==, 1200);
  g_assert_cmpint (json_object_get_int_member (crop, "height"), ==, 600);
  g_assert_cmpstr (json_object_get_string_member (crop, "verdict"), ==, "needs-crop");
  g_assert_nonnull (strstr (json_object_get_string_member (crop, "reason"), "not square"));

  refused = parse_line (lines[1]);
  g_assert_cmpstr (json_object_get_string_member (refused, "format"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (refused, "verdict"), ==, "refused");
  g_assert_nonnull (strstr (json_object_get_string_member (refused, "reason"), "PNG"));
}

static void
test_check_missing_file (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.jpg", NULL);
  g_auto(Run) run = { 0 };

  run_plumb (&run, "photo", "check", missing, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "missing.jpg"));
}

static GdkPixbuf *
load_output (const char *path)
{
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file (path, &error);

  g_assert_no_error (error);
  return pixbuf;
}

static void
test_normalize (void)
{
  g_autofree char *png = g_build_filename (tmp_dir, "out.png", NULL);
  g_autofree char *jpg = g_build_filename (tmp_dir, "out.jpg", NULL);
  g_autofree char *left = g_build_filename (tmp_dir, "left.png", NULL);
  g_auto(Run) run_png = { 0 };
  g_auto(Run) run_jpg = { 0 };
  g_auto(Run) run_left = { 0 };
  g_autoptr(GdkPixbuf) result = NULL;
  g_autoptr(JsonObject) object = NULL;
  char *contents = NULL;
  gsize len = 0;

  run_plumb (&run_png, "photo", "normalize", crop_path, png, NULL);
  g_assert_cmpint (run_png.status, ==, 0);
  result = load_output (png);
  g_assert_cmpint (gdk_pixbuf_get_width (result), ==, 300);
  g_assert_cmpint (gdk_pixbuf_get_height (result), ==, 300);
  for (int i = 3; i < 297; i += 7)
    {
      g_assert_true (corpus_colour_near (result, i, 3, RED, 40));
      g_assert_true (corpus_colour_near (result, 3, i, RED, 40));
      g_assert_true (corpus_colour_near (result, i, 296, RED, 40));
      g_assert_true (corpus_colour_near (result, 296, i, RED, 40));
    }
  g_clear_object (&result);

  run_plumb (&run_jpg, "--json", "photo", "normalize", crop_path, jpg, NULL);
  g_assert_cmpint (run_jpg.status, ==, 0);
  object = parse_line (run_jpg.out);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "jpeg");
  g_assert_cmpint (json_object_get_int_member (object, "width"), ==, 300);
  g_assert_true (g_file_get_contents (jpg, &contents, &len, NULL));
  g_assert_true (len > 2 && (guint8) contents[0] == 0xff && (guint8) contents[1] == 0xd8);
  g_assert_null (g_strstr_len (contents, len, "Exif"));
  g_free (contents);

  run_plumb (&run_left, "photo", "normalize", "--crop", "0,0,600", crop_path, left, NULL);
  g_assert_cmpint (run_left.status, ==, 0);
  result = load_output (left);
  g_assert_cmpint (gdk_pixbuf_get_width (result), ==, 300);
  g_assert_true (corpus_colour_near (result, 20, 150, GREEN, 40));
}

static void
test_normalize_refused (void)
{
  g_autofree char *out = g_build_filename (tmp_dir, "never.png", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) usage = { 0 };
  g_auto(Run) outside = { 0 };

  run_plumb (&run, "photo", "normalize", refused_path, out, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "text"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_plumb (&usage, "photo", "normalize", accepted_path, NULL);
  g_assert_cmpint (usage.status, ==, 2);

  run_plumb (&outside, "photo", "normalize", "--crop", "900,0,600", crop_path, out, NULL);
  g_assert_cmpint (outside.status, ==, 2);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_unknown_subcommand (void)
{
  g_auto(Run) run = { 0 };

  run_plumb (&run, "photo", "upload-everything", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "upload-everything"));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) small = corpus_solid (100, 100, BLUE);
  g_autoptr(GdkPixbuf) wide = corpus_pixbuf (1200, 600, GREEN, 300, 0, 600, 600, RED);
  g_autoptr(GBytes) small_png = corpus_save (small, "png");
  g_autoptr(GBytes) wide_jpeg = corpus_save (wide, "jpeg");
  g_autoptr(GBytes) text = g_bytes_new_static ("just words\n", 11);
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("plumb-photo-cli-XXXXXX", &error);
  g_assert_no_error (error);
  accepted_path = corpus_write (tmp_dir, "small.png", small_png);
  crop_path = corpus_write (tmp_dir, "wide.jpg", wide_jpeg);
  refused_path = corpus_write (tmp_dir, "words.png", text);

  g_test_add_func ("/photo-cli/check/statuses", test_check_statuses);
  g_test_add_func ("/photo-cli/check/json", test_check_json);
  g_test_add_func ("/photo-cli/check/missing-file", test_check_missing_file);
  g_test_add_func ("/photo-cli/normalize", test_normalize);
  g_test_add_func ("/photo-cli/normalize/refused", test_normalize_refused);
  g_test_add_func ("/photo-cli/unknown-subcommand", test_unknown_subcommand);

  status = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (accepted_path);
  g_free (crop_path);
  g_free (refused_path);

  return status;
}
