/* bench-photo.c: time and peak memory to judge a 12000 × 12000 JPEG and to
 * normalize a 24-megapixel JPEG to 300 × 300, beside ImageMagick
 *
 * Usage: bench-photo PLUMB [RUNS]
 *
 * Makes its own pictures with libjpeg, a row at a time, then times each
 * operation as a separate process (`plumb photo check`, `plumb photo
 * normalize`, ImageMagick's `convert -thumbnail` and `identify -ping`) so
 * that wait4() gives each one's peak resident memory; and the judge once
 * more inside this process, as the app calls it, beside gdk-pixbuf's own
 * gdk_pixbuf_get_file_info(), where no process start-up is counted. Prints
 * one JSON line per figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <jpeglib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "plumb-photo.h"

#define CONVERT "/usr/bin/convert"
#define IDENTIFY "/usr/bin/identify"

typedef struct
{
  double ms;
  double rss_mb;
} Sample;

/* A photo-like picture: smooth light with a little grain, so that it
 * compresses about as a photo does. */
static void
write_jpeg (const char *path,
            guint       width,
            guint       height)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  g_autofree guint8 *row = g_malloc ((gsize) width * 3);
  guint32 seed = 2463534242u;
  FILE *out = fopen (path, "wb");

  if (out == NULL)
    g_error ("cannot write %s", path);

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_stdio_dest (&cinfo, out);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 88, TRUE);
  jpeg_start_compress (&cinfo, TRUE);

  for (guint y = 0; y < height; y++)
    {
      JSAMPROW rows[1] = { row };

      for (guint x = 0; x < width; x++)
        {
          int grain;

          seed ^= seed << 13;
          seed ^= seed >> 17;
          seed ^= seed << 5;
          grain = (int) (seed & 15) - 8;
          row[x * 3] = CLAMP ((int) (255 * x / width) + grain, 0, 255);
          row[x * 3 + 1] = CLAMP ((int) (255 * y / height) + grain, 0, 255);
          row[x * 3 + 2] = CLAMP (128 + (int) ((x ^ y) & 63) + grain, 0, 255);
        }
      jpeg_write_scanlines (&cinfo, rows, 1);
    }

  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  fclose (out);
}

static Sample
run_process (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  GPid pid;
  int status;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("cannot run %s: %s", argv[0], error->message);

  if (wait4 (pid, &status, 0, &usage) != pid)
    g_error ("wait4 failed");
  if (!WIFEXITED (status) || WEXITSTATUS (status) > 1)
    g_error ("%s failed with status %d", argv[0], status);

  return (Sample) {
    .ms = (g_get_monotonic_time () - start) / 1000.0,
    .rss_mb = usage.ru_maxrss / 1024.0,
  };
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (guint) (p * (values->len - 1) + 0.5));
}

typedef struct
{
  GArray *ms;
  GArray *rss_mb;
} Series;

static void
series_init (Series *s)
{
  s->ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->rss_mb = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
series_add (Series *s,
            Sample  sample)
{
  g_array_append_val (s->ms, sample.ms);
  g_array_append_val (s->rss_mb, sample.rss_mb);
}

static void
series_clear (Series *s)
{
  g_array_unref (s->ms);
  g_array_unref (s->rss_mb);
}

/* Resident memory in kB from /proc/self/status: "VmRSS" or "VmHWM". */
static double
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *at;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (at = strstr (status, field)) == NULL)
    return 0;

  return g_ascii_strtod (at + strlen (field) + 1, NULL);
}

typedef struct
{
  double judge_ms;
  double pixbuf_ms;
  double added_mb;
} InProcess;

/* The judge as the app calls it, beside gdk-pixbuf's own way to read a
 * picture's format and size, taking turns. The judge's added memory is its
 * peak over what was resident before, with the peak reset first
 * (/proc/self/clear_refs, Linux 4.0). */
static InProcess
in_process (const char *path,
            guint       runs)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) judge = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pixbuf = g_array_new (FALSE, FALSE, sizeof (double));
  InProcess result = { 0 };

  for (guint i = 0; i <= runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlumbPhotoJudgement) judgement = NULL;
      gint64 start;
      double elapsed, before;
      int width = 0, height = 0;

      g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
      before = status_kb ("VmRSS:");
      start = g_get_monotonic_time ();
      judgement = plumb_photo_judge_file (file, NULL, &error);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      if (judgement == NULL || judgement->verdict != PLUMB_PHOTO_NEEDS_CROP)
        g_error ("the benchmark picture was not judged as expected: %s",
                 judgement != NULL ? judgement->reason : error->message);
      /* The first round warms the page cache and the loaders. */
      if (i > 0)
        g_array_append_val (judge, elapsed);
      result.added_mb = MAX (result.added_mb, (status_kb ("VmHWM:") - before) / 1024.0);

      start = g_get_monotonic_time ();
      if (gdk_pixbuf_get_file_info (path, &width, &height) == NULL || width != 12000)
        g_error ("gdk-pixbuf could not read the benchmark picture's size");
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      if (i > 0)
        g_array_append_val (pixbuf, elapsed);
    }

  result.judge_ms = percentile (judge, 0.5);
  result.pixbuf_ms = percentile (pixbuf, 0.5);

  return result;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *photo = NULL;
  g_autofree char *out_plumb = NULL;
  g_autofree char *out_im = NULL;
  const char *plumb;
  guint runs = 7;
  Series judge, identify, normalize, thumbnail;
  InProcess judged;

  if (argc < 2)
    {
      g_printerr ("Usage: bench-photo PLUMB [RUNS]\n");
      return 2;
    }
  plumb = argv[1];
  if (argc > 2)
    runs = MAX (1, atoi (argv[2]));

  if (!g_file_test (CONVERT, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (IDENTIFY, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-photo: ImageMagick is needed for the baseline: install the Debian package imagemagick\n");
      return 1;
    }

  dir = g_dir_make_tmp ("plumb-bench-photo-XXXXXX", &error);
  g_assert_no_error (error);
  huge = g_build_filename (dir, "12000x12000.jpg", NULL);
  photo = g_build_filename (dir, "6000x4000.jpg", NULL);
  out_plumb = g_build_filename (dir, "plumb.png", NULL);
  out_im = g_build_filename (dir, "imagemagick.png", NULL);
  write_jpeg (huge, 12000, 12000);
  write_jpeg (photo, 6000, 4000);

  series_init (&judge);
  series_init (&identify);
  series_init (&normalize);
  series_init (&thumbnail);

  {
    const char *check_argv[] = { plumb, "photo", "check", huge, NULL };
    const char *identify_argv[] = { IDENTIFY, "-ping", huge, NULL };
    const char *normalize_argv[] = { plumb, "photo", "normalize", photo, out_plumb, NULL };
    const char *thumbnail_argv[] = { CONVERT, photo, "-thumbnail", "300x300", out_im, NULL };

    /* One unmeasured round warms the caches; then the two sides take turns
     * so that a busy machine slows both alike. */
    for (guint i = 0; i <= runs; i++)
      {
        Sample a = run_process (check_argv);
        Sample b = run_process (identify_argv);
        Sample c = run_process (normalize_argv);
        Sample d = run_process (thumbnail_argv);

        if (i == 0)
          continue;
        series_add (&judge, a);
        series_add (&identify, b);
        series_add (&normalize, c);
        series_add (&thumbnail, d);
      }
  }

  judged = in_process (huge, runs);

  {
    double judge_ms = percentile (judge.ms, 0.5);
    double judge_p95 = percentile (judge.ms, 0.95);
    double judge_rss = percentile (judge.rss_mb, 1.0);
    double identify_ms = percentile (identify.ms, 0.5);
    double identify_rss = percentile (identify.rss_mb, 1.0);
    double normalize_ms = percentile (normalize.ms, 0.5);
    double normalize_p95 = percentile (normalize.ms, 0.95);
    double normalize_rss = percentile (normalize.rss_mb, 1.0);
    double thumbnail_ms = percentile (thumbnail.ms, 0.5);
    double thumbnail_rss = percentile (thumbnail.rss_mb, 1.0);

    printf ("{\"name\":\"photo-judge-12000x12000-jpeg\",\"median\":%.3f,\"unit\":\"ms\","
            "\"baseline\":\"gdk_pixbuf_get_file_info\",\"baseline_median\":%.3f,\"ratio\":%.3f,"
            "\"runs\":%u,\"what\":\"plumb_photo_judge_file in a running process\","
            "\"added_rss_mb\":%.2f,\"process_peak_rss_mb\":%.1f,"
            "\"limit_ms\":20,\"limit_mb\":20,\"meets_limit\":%s}\n",
            judged.judge_ms, judged.pixbuf_ms, judged.judge_ms / judged.pixbuf_ms, runs,
            judged.added_mb, judge_rss,
            judged.judge_ms < 20 && judge_rss < 20 ? "true" : "false");
    printf ("{\"name\":\"photo-check-process-12000x12000-jpeg\",\"median\":%.2f,\"unit\":\"ms\","
            "\"baseline\":\"ImageMagick identify -ping\",\"baseline_median\":%.2f,\"ratio\":%.3f,"
            "\"p95\":%.2f,\"runs\":%u,\"what\":\"a whole plumb photo check process, start-up included\","
            "\"peak_rss_mb\":%.1f,\"baseline_peak_rss_mb\":%.1f}\n",
            judge_ms, identify_ms, judge_ms / identify_ms, judge_p95, runs, judge_rss, identify_rss);
    printf ("{\"name\":\"photo-normalize-24mp-jpeg\",\"median\":%.2f,\"unit\":\"ms\","
            "\"baseline\":\"ImageMagick convert -thumbnail 300x300\",\"baseline_median\":%.2f,\"ratio\":%.3f,"
            "\"p95\":%.2f,\"runs\":%u,\"what\":\"whole plumb photo normalize process, 6000x4000 to 300x300 PNG\","
            "\"peak_rss_mb\":%.1f,\"baseline_peak_rss_mb\":%.1f,\"meets_limit\":%s}\n",
            normalize_ms, thumbnail_ms, normalize_ms / thumbnail_ms, normalize_p95, runs,
            normalize_rss, thumbnail_rss, normalize_ms <= thumbnail_ms ? "true" : "false");
  }

  series_clear (&judge);
  series_clear (&identify);
  series_clear (&normalize);
  series_clear (&thumbnail);

  g_remove (huge);
  g_remove (photo);
  g_remove (out_plumb);
  g_remove (out_im);
  g_rmdir (dir);

  return 0;
}
