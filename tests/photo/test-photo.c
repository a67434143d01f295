/* test-photo.c: judging and normalizing profile photos, over a corpus made
 * at test time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "photo-corpus.h"
#include "plumb-error.h"
#include "plumb-photo.h"

static char *tmp_dir;

static PlumbPhotoJudgement *
judge_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PlumbPhotoJudgement *judgement;

  judgement = plumb_photo_judge_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (judgement);
  g_assert_nonnull (judgement->reason);
  g_test_message ("%s: %s %s %u×%u: %s", path, judgement->format,
                  plumb_photo_verdict_to_string (judgement->verdict),
                  judgement->width, judgement->height, judgement->reason);

  return judgement;
}

/* Judges the bytes both in memory and from a file, which must agree. */
static PlumbPhotoJudgement *
judge (GBytes     *bytes,
       const char *name)
{
  g_autoptr(PlumbPhotoJudgement) from_memory = plumb_photo_judge_bytes (bytes);
  g_autofree char *path = corpus_write (tmp_dir, name, bytes);
  PlumbPhotoJudgement *from_file = judge_path (path);

  g_assert_cmpint (from_memory->verdict, ==, from_file->verdict);
  g_assert_cmpstr (from_memory->format, ==, from_file->format);
  g_assert_cmpuint (from_memory->width, ==, from_file->width);
  g_assert_cmpuint (from_memory->height, ==, from_file->height);
  g_assert_cmpuint (from_memory->n_frames, ==, from_file->n_frames);
  g_assert_cmpstr (from_memory->reason, ==, from_file->reason);

  return from_file;
}

static GdkPixbuf *
normalize (GBytes               *bytes,
           const PlumbPhotoCrop *crop,
           PlumbPhotoOutput      output,
           GBytes              **out_bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) result = plumb_photo_normalize_bytes (bytes, crop, output, NULL, &error);
  gsize len;
  const guint8 *data;

  g_assert_no_error (error);
  g_assert_nonnull (result);

  /* Fresh files carry no metadata, location least of all. */
  data = g_bytes_get_data (result, &len);
  g_assert_false (corpus_contains (result, "Exif"));
  g_assert_false (corpus_contains (result, "GPS"));
  if (output == PLUMB_PHOTO_OUTPUT_PNG)
    {
      g_autofree char *chunks = corpus_png_chunk_list (result);

      /* gdk-pixbuf may add sBIT, the bit depth: not about the person. */
      const char *expected = strstr (chunks, "sBIT") != NULL ? "IHDR sBIT IDAT IEND" : "IHDR IDAT IEND";

      g_assert_cmpstr (chunks, ==, expected);
    }
  else
    {
      g_assert_true (len > 4 && data[0] == 0xff && data[1] == 0xd8);
    }

  if (out_bytes != NULL)
    *out_bytes = g_bytes_ref (result);

  return corpus_decode (result);
}

static void
assert_size (GdkPixbuf *pixbuf,
             int        width,
             int        height)
{
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
}

/* Every pixel of a margin-trimmed square: a stretched picture would show
 * the other colour near an edge. */
static void
assert_all_near (GdkPixbuf *pixbuf,
                 Colour     colour,
                 int        margin,
                 int        tolerance)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);

  for (int y = margin; y < h - margin; y += 3)
    for (int x = margin; x < w - margin; x += 3)
      g_assert_true (corpus_colour_near (pixbuf, x, y, colour, tolerance));
}

static void
test_accepted_formats (void)
{
  static const char *const types[] = { "png", "jpeg", "tiff", "bmp" };
  g_autoptr(GdkPixbuf) source = corpus_solid (200, 200, BLUE);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GBytes) bytes = corpus_save (source, types[i]);
      g_autofree char *name = g_strconcat ("accepted.", types[i], NULL);
      g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, name);
      g_autoptr(GdkPixbuf) result = NULL;

      g_assert_cmpstr (judgement->format, ==, types[i]);
      g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);
      g_assert_cmpuint (judgement->width, ==, 200);
      g_assert_cmpuint (judgement->height, ==, 200);
      g_assert_cmpuint (judgement->n_frames, ==, 1);

      result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
      assert_size (result, 200, 200);
      assert_all_near (result, BLUE, 0, 12);
    }
}

static void
test_gif (void)
{
  g_autoptr(GBytes) bytes = corpus_gif (120, 120, &GREEN, 1);
  g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, "still.gif");
  g_autoptr(GdkPixbuf) result = NULL;

  g_assert_cmpstr (judgement->format, ==, "gif");
  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);
  g_assert_cmpuint (judgement->width, ==, 120);
  g_assert_cmpuint (judgement->n_frames, ==, 1);

  result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  assert_size (result, 120, 120);
  assert_all_near (result, GREEN, 0, 0);
}

static void
test_animated_gif (void)
{
  const Colour frames[] = { RED, BLUE, GREEN };
  g_autoptr(GBytes) bytes = corpus_gif (64, 64, frames, G_N_ELEMENTS (frames));
  g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, "animated.gif");
  g_autoptr(GdkPixbuf) result = NULL;

  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);
  g_assert_cmpuint (judgement->n_frames, ==, 3);
  g_assert_nonnull (strstr (judgement->reason, "only the first"));

  result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  assert_size (result, 64, 64);
  assert_all_near (result, RED, 0, 0);
}

static void
test_png_named_jpg (void)
{
  g_autoptr(GdkPixbuf) source = corpus_solid (50, 50, GREEN);
  g_autoptr(GBytes) bytes = corpus_save (source, "png");
  g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, "really-a-png.jpg");
  g_autoptr(GdkPixbuf) result = NULL;

  g_assert_cmpstr (judgement->format, ==, "png");
  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);

  result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_JPEG, NULL);
  assert_size (result, 50, 50);
  assert_all_near (result, GREEN, 0, 12);
}

static void
assert_refused (PlumbPhotoJudgement *judgement,
                GBytes              *bytes,
                const char          *format,
                const char          *reason_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) result = NULL;

  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_REFUSED);
  g_assert_cmpstr (judgement->format, ==, format);
  g_assert_nonnull (strstr (judgement->reason, reason_part));

  /* The normalizer refuses it too, with the same reason, and decodes nothing. */
  result = plumb_photo_normalize_bytes (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==, judgement->reason);
}

static void
assert_refused_kind (GBytes     *bytes,
                     const char *name,
                     const char *format,
                     const char *what)
{
  g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, name);

  assert_refused (judgement, bytes, format, what);
  /* Says what is accepted, too. */
  g_assert_nonnull (strstr (judgement->reason, "BMP, GIF, JPEG, PNG or TIFF"));
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static char *
write_source_png (const char *name,
                  GdkPixbuf  *pixbuf)
{
  g_autoptr(GBytes) png = corpus_save (pixbuf, "png");

  return corpus_write (tmp_dir, name, png);
}

static void
test_refused_webp (void)
{
  g_autoptr(GdkPixbuf) source = corpus_solid (40, 40, RED);
  g_autofree char *in = write_source_png ("webp-source.png", source);
  g_autofree char *out = g_build_filename (tmp_dir, "picture.webp", NULL);
  const char *args[] = { "-quiet", in, "-o", out, NULL };
  g_autoptr(GBytes) bytes = NULL;

  if (!corpus_run_tool ("PLUMB_TEST_CWEBP", "webp", TRUE, args))
    return;

  bytes = read_file (out);
  assert_refused_kind (bytes, "webp-named.png", "webp", "WebP");
}

static void
test_refused_svg (void)
{
  static const char svg[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">\n"
    "  <rect width=\"100\" height=\"100\" fill=\"red\"/>\n"
    "</svg>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (svg, strlen (svg));

  assert_refused_kind (bytes, "drawing.svg", "svg", "SVG");
}

static void
test_refused_heic (void)
{
  g_autoptr(GdkPixbuf) source = corpus_pixbuf (64, 64, RED, 16, 16, 32, 32, BLUE);
  g_autofree char *in = write_source_png ("heic-source.png", source);
  g_autofree char *out = g_build_filename (tmp_dir, "picture.heic", NULL);
  const char *args[] = { "-q", "50", in, "-o", out, NULL };
  g_autoptr(GBytes) bytes = NULL;

  /* The issue asks for HEIC only if a tool can make one. */
  if (!corpus_run_tool ("PLUMB_TEST_HEIF_ENC", "libheif-examples", FALSE, args))
    {
      g_test_skip ("heif-enc (Debian package libheif-examples) is missing or cannot encode HEIC here");
      return;
    }

  bytes = read_file (out);
  assert_refused_kind (bytes, "photo.heic", "heic", "HEIC");
}

static void
test_refused_avif (void)
{
  g_autoptr(GdkPixbuf) source = corpus_pixbuf (64, 64, RED, 16, 16, 32, 32, BLUE);
  g_autofree char *in = write_source_png ("avif-source.png", source);
  g_autofree char *out = g_build_filename (tmp_dir, "picture.avif", NULL);
  const char *args[] = { in, out, NULL };
  g_autoptr(GBytes) bytes = NULL;

  if (!corpus_run_tool ("PLUMB_TEST_CONVERT", "imagemagick", FALSE, args) ||
      !g_file_test (out, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("ImageMagick (Debian package imagemagick) is missing or cannot encode AVIF here");
      return;
    }

  bytes = read_file (out);
  assert_refused_kind (bytes, "photo.avif", "avif", "AVIF");
}

static void
test_refused_text (void)
{
  static const char text[] = "Site visit notes\nBring the hard hats.\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));

  assert_refused_kind (bytes, "notes.png", "text", "text");
}

static void
test_refused_pdf (void)
{
  static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, strlen (pdf));

  assert_refused_kind (bytes, "scan.jpg", "pdf", "PDF");
}

static void
test_refused_empty (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("", 0);
  g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, "empty.png");

  assert_refused (judgement, bytes, "empty", "empty");
}

static void
test_refused_truncated_jpeg (void)
{
  g_autoptr(GdkPixbuf) source = corpus_pixbuf (400, 400, RED, 100, 100, 200, 200, BLUE);
  g_autoptr(GBytes) whole = corpus_save (source, "jpeg");
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) * 6 / 10);
  g_autoptr(PlumbPhotoJudgement) judgement = judge (cut, "cut.jpg");

  g_assert_cmpstr (judgement->format, ==, "jpeg");
  assert_refused (judgement, cut, "jpeg", "cut short");
}

/* Cameras append data after the end of a JPEG; a motion photo appends a
 * whole video. Neither makes it cut short. */
static void
test_jpeg_with_trailer (void)
{
  g_autoptr(GdkPixbuf) source = corpus_solid (64, 64, GREEN);
  g_autoptr(GBytes) jpeg = corpus_save (source, "jpeg");
  gsize sizes[] = { 100, 300 * 1024 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GByteArray) with_trailer = g_byte_array_new ();
      g_autofree guint8 *trailer = g_malloc (sizes[i]);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(PlumbPhotoJudgement) judgement = NULL;
      g_autoptr(GdkPixbuf) result = NULL;

      for (gsize j = 0; j < sizes[i]; j++)
        trailer[j] = (guint8) (j * 7 + 1);
      g_byte_array_append (with_trailer, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
      g_byte_array_append (with_trailer, trailer, sizes[i]);
      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&with_trailer));

      judgement = judge (bytes, "trailer.jpg");
      g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);

      result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
      assert_size (result, 64, 64);
      assert_all_near (result, GREEN, 0, 12);
    }
}

static void
test_refused_truncated_png (void)
{
  g_autoptr(GdkPixbuf) source = corpus_pixbuf (300, 300, RED, 100, 100, 100, 100, BLUE);
  g_autoptr(GBytes) whole = corpus_save (source, "png");
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) - 20);
  g_autoptr(PlumbPhotoJudgement) judgement = judge (cut, "cut.png");

  assert_refused (judgement, cut, "png", "cut short");
}

static void
test_refused_corrupt_png (void)
{
  g_autoptr(GdkPixbuf) source = corpus_solid (30, 30, RED);
  g_autoptr(GBytes) whole = corpus_save (source, "png");
  gsize len;
  guint8 *data = g_memdup2 (g_bytes_get_data (whole, &len), g_bytes_get_size (whole));
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;

  /* A width byte changed without its CRC. */
  data[16 + 3] ^= 0x40;
  broken = g_bytes_new_take (data, len);
  judgement = judge (broken, "broken.png");

  assert_refused (judgement, broken, "png", "damaged");
}

static void
test_refused_huge_headers (void)
{
  struct
  {
    GBytes     *bytes;
    const char *name;
    const char *format;
  } cases[] = {
    { corpus_png_header_only (100000, 100000), "huge.png", "png" },
    { corpus_bmp_header_only (100000, 100000), "huge.bmp", "bmp" },
    { corpus_jpeg_sof_only (60000, 60000), "huge.jpg", "jpeg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlumbPhotoJudgement) judgement = judge (cases[i].bytes, cases[i].name);

      /* Small files: the claim alone must be refused. */
      g_assert_cmpuint (g_bytes_get_size (cases[i].bytes), <, 200);
      assert_refused (judgement, cases[i].bytes, cases[i].format, "too large");
      g_assert_cmpuint (judgement->width, ==, i < 2 ? 100000 : 60000);
      g_assert_nonnull (strstr (judgement->reason, i < 2 ? "100000 × 100000" : "60000 × 60000"));
      g_bytes_unref (cases[i].bytes);
    }
}

static void
test_refused_too_many_bytes (void)
{
  g_autoptr(GdkPixbuf) source = corpus_solid (20, 20, RED);
  g_autoptr(GBytes) png = corpus_save (source, "png");
  g_autofree char *path = corpus_write (tmp_dir, "padded.png", png);
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Sparse: the size on disk costs nothing. */
  g_assert_cmpint (truncate (path, 60 * 1000 * 1000), ==, 0);

  judgement = judge_path (path);
  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_REFUSED);
  g_assert_cmpstr (judgement->format, ==, "png");
  g_assert_nonnull (strstr (judgement->reason, "too large"));

  result = plumb_photo_normalize_file (file, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_UNSUPPORTED);
}

/* Fields gdk-pixbuf's decoders trust to size their buffers: each is made
 * absurd in an otherwise good file, which the judge must refuse. */
static void
test_refused_decoder_traps (void)
{
  g_autoptr(GdkPixbuf) source = corpus_solid (8, 8, RED);
  g_autoptr(GBytes) bmp = corpus_save (source, "bmp");
  g_autoptr(GBytes) tiff = corpus_save (source, "tiff");
  g_autoptr(GBytes) gif = corpus_gif (8, 8, &RED, 1);
  gsize len;
  guint8 *data;
  guint32 ifd;
  guint16 n_entries;
  g_autoptr(GBytes) bad_bmp = NULL;
  g_autoptr(GBytes) bad_tiff = NULL;
  g_autoptr(GBytes) bad_gif = NULL;
  g_autoptr(PlumbPhotoJudgement) bmp_judgement = NULL;
  g_autoptr(PlumbPhotoJudgement) tiff_judgement = NULL;
  g_autoptr(PlumbPhotoJudgement) gif_judgement = NULL;

  /* A palette of four billion colours for a 24-bit picture. */
  data = g_memdup2 (g_bytes_get_data (bmp, &len), g_bytes_get_size (bmp));
  g_assert_cmpuint (data[14], ==, 40);
  memcpy (data + 46, "\x00\x06\x0c\xd8", 4);
  bad_bmp = g_bytes_new_take (data, len);
  bmp_judgement = judge (bad_bmp, "palette.bmp");
  assert_refused (bmp_judgement, bad_bmp, "bmp", "damaged");

  /* The width as a signed long, a type libtiff reads and this judge does not. */
  data = g_memdup2 (g_bytes_get_data (tiff, &len), g_bytes_get_size (tiff));
  g_assert_true (data[0] == 'I');
  ifd = data[4] | data[5] << 8 | data[6] << 16 | (guint32) data[7] << 24;
  n_entries = data[ifd] | data[ifd + 1] << 8;
  for (guint i = 0; i < n_entries; i++)
    {
      guint8 *entry = data + ifd + 2 + i * 12;

      if (entry[0] == 0x00 && entry[1] == 0x01)
        entry[2] = 9;
    }
  bad_tiff = g_bytes_new_take (data, len);
  tiff_judgement = judge (bad_tiff, "signed.tif");
  assert_refused (tiff_judgement, bad_tiff, "tiff", "damaged");

  /* A frame zero pixels wide. */
  data = g_memdup2 (g_bytes_get_data (gif, &len), g_bytes_get_size (gif));
  g_assert_cmpuint (data[13 + 768 + 8], ==, 0x2c);
  data[13 + 768 + 8 + 5] = 0;
  data[13 + 768 + 8 + 6] = 0;
  bad_gif = g_bytes_new_take (data, len);
  gif_judgement = judge (bad_gif, "empty-frame.gif");
  assert_refused (gif_judgement, bad_gif, "gif", "damaged");
}

/* A GIF with a comment whose data holds, where gdk-pixbuf would look if it
 * lost its way, an image descriptor zero pixels high. */
static GBytes *
gif_with_hidden_frame (const guint8 *before_comment,
                       gsize         before_len)
{
  g_autoptr(GBytes) gif = corpus_gif (8, 8, &RED, 1);
  static const guint8 hidden_frame[] = { 0x2c, 0, 0, 0, 0, 8, 0, 0, 0, 0, 2 };
  guint8 comment[3 + 64 + 1] = { 0x21, 0xfe, 64 };
  GByteArray *out = g_byte_array_new ();
  const guint8 *data;
  gsize len;
  gsize screen_end = 13 + 768;

  data = g_bytes_get_data (gif, &len);
  g_assert_cmpuint (data[screen_end], ==, 0x21);

  /* gdk-pixbuf, reading the byte after an empty first block as the length
   * of another one, takes 33 bytes: the comment's label, its length and 31
   * bytes of its data. The next byte ends its extension; the descriptor
   * right after is then a frame to gdk-pixbuf. */
  comment[3 + 31] = 0;
  memcpy (comment + 3 + 32, hidden_frame, sizeof hidden_frame);

  g_byte_array_append (out, data, screen_end);
  g_byte_array_append (out, before_comment, before_len);
  g_byte_array_append (out, comment, sizeof comment);
  g_byte_array_append (out, data + screen_end, len - screen_end);

  return g_byte_array_free_to_bytes (out);
}

/* gdk-pixbuf takes an empty first block of a graphic control or application
 * extension as the extension's data, and so reads on past its terminator
 * (found by fuzzing: gdk-pixbuf then decoded a frame zero pixels high, with
 * a critical). The judge must refuse what the two would read differently. */
static void
test_refused_gif_empty_extension (void)
{
  static const guint8 application[] = { 0x21, 0xff, 0x00 };
  static const guint8 graphic_control[] = { 0x21, 0xf9, 0x00 };
  g_autoptr(GBytes) plain = gif_with_hidden_frame (NULL, 0);
  g_autoptr(GBytes) bad_application = gif_with_hidden_frame (application, sizeof application);
  g_autoptr(GBytes) bad_graphic_control = gif_with_hidden_frame (graphic_control, sizeof graphic_control);
  g_autoptr(PlumbPhotoJudgement) plain_judgement = judge (plain, "comment.gif");
  g_autoptr(PlumbPhotoJudgement) application_judgement = NULL;
  g_autoptr(PlumbPhotoJudgement) graphic_control_judgement = NULL;
  g_autoptr(GdkPixbuf) result = NULL;

  /* The comment alone is fine, to both. */
  g_assert_cmpint (plain_judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);
  result = normalize (plain, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  assert_size (result, 8, 8);
  assert_all_near (result, RED, 0, 12);

  application_judgement = judge (bad_application, "empty-application.gif");
  assert_refused (application_judgement, bad_application, "gif", "damaged");

  graphic_control_judgement = judge (bad_graphic_control, "empty-graphic-control.gif");
  assert_refused (graphic_control_judgement, bad_graphic_control, "gif", "damaged");
}

static void
test_cmyk_jpeg (void)
{
  g_autoptr(GdkPixbuf) source = corpus_solid (64, 64, RED);
  g_autofree char *in = write_source_png ("cmyk-source.png", source);
  g_autofree char *out = g_build_filename (tmp_dir, "cmyk.jpg", NULL);
  const char *args[] = { in, "-colorspace", "CMYK", out, NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  g_autoptr(GdkPixbuf) result = NULL;

  if (!corpus_run_tool ("PLUMB_TEST_CONVERT", "imagemagick", TRUE, args))
    return;

  bytes = read_file (out);
  g_assert_cmpuint (corpus_jpeg_components (bytes), ==, 4);

  judgement = judge (bytes, "cmyk-copy.jpg");
  g_assert_cmpstr (judgement->format, ==, "jpeg");
  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);

  result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  assert_size (result, 64, 64);
  assert_all_near (result, RED, 0, 40);
}

static void
test_png_variants (void)
{
  g_autoptr(GdkPixbuf) source = corpus_pixbuf (90, 90, GREEN, 30, 30, 30, 30, RED);
  g_autofree char *in = write_source_png ("variant-source.png", source);
  g_autofree char *deep = g_build_filename (tmp_dir, "deep.png", NULL);
  g_autofree char *interlaced = g_build_filename (tmp_dir, "interlaced.png", NULL);
  g_autofree char *deep_spec = g_strconcat ("PNG48:", deep, NULL);
  g_autofree char *interlaced_spec = g_strconcat ("PNG24:", interlaced, NULL);
  const char *deep_args[] = { in, "-depth", "16", deep_spec, NULL };
  const char *interlaced_args[] = { in, "-interlace", "PNG", interlaced_spec, NULL };
  const char *paths[] = { deep, interlaced };

  if (!corpus_run_tool ("PLUMB_TEST_CONVERT", "imagemagick", TRUE, deep_args) ||
      !corpus_run_tool ("PLUMB_TEST_CONVERT", "imagemagick", TRUE, interlaced_args))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) bytes = read_file (paths[i]);
      const guint8 *ihdr = (const guint8 *) g_bytes_get_data (bytes, NULL) + 16;
      g_autoptr(PlumbPhotoJudgement) judgement = NULL;
      g_autoptr(GdkPixbuf) result = NULL;

      /* Make sure the corpus is what it claims: 16 bits, or Adam7. */
      if (i == 0)
        g_assert_cmpuint (ihdr[8], ==, 16);
      else
        g_assert_cmpuint (ihdr[12], ==, 1);

      judgement = judge (bytes, i == 0 ? "deep-copy.png" : "interlaced-copy.png");
      g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);
      g_assert_cmpuint (judgement->width, ==, 90);

      result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
      assert_size (result, 90, 90);
      g_assert_true (corpus_colour_near (result, 45, 45, RED, 2));
      g_assert_true (corpus_colour_near (result, 5, 5, GREEN, 2));
      g_assert_true (corpus_colour_near (result, 84, 84, GREEN, 2));
    }
}

/* Stored 200 × 100, left half red, right half blue; orientation 6 turns it
 * a quarter clockwise: shown 100 × 200, red on top, blue below. */
static void
test_exif_rotated_jpeg (void)
{
  g_autoptr(GdkPixbuf) source = corpus_pixbuf (200, 100, RED, 100, 0, 100, 100, BLUE);
  g_autoptr(GBytes) plain = corpus_save (source, "jpeg");
  g_autoptr(GBytes) bytes = corpus_jpeg_with_exif (plain, 6, TRUE);
  g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, "rotated.jpg");
  g_autoptr(GdkPixbuf) result = NULL;
  PlumbPhotoCrop top = { 0, 0, 100 };

  g_assert_true (corpus_contains (bytes, "Exif"));
  g_assert_cmpuint (judgement->orientation, ==, 6);
  g_assert_cmpuint (judgement->width, ==, 100);
  g_assert_cmpuint (judgement->height, ==, 200);
  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_NEEDS_CROP);

  /* Centred: the middle 100 × 100, red above blue. Unturned, the top right
   * would be blue; turned the wrong way, red and blue would swap. */
  result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  assert_size (result, 100, 100);
  g_assert_true (corpus_colour_near (result, 90, 10, RED, 40));
  g_assert_true (corpus_colour_near (result, 10, 90, BLUE, 40));
  g_clear_object (&result);

  result = normalize (bytes, &top, PLUMB_PHOTO_OUTPUT_JPEG, NULL);
  assert_size (result, 100, 100);
  assert_all_near (result, RED, 8, 40);
}

static void
test_multipage_tiff (void)
{
  g_autoptr(GdkPixbuf) first = corpus_solid (50, 50, RED);
  g_autoptr(GdkPixbuf) second = corpus_solid (80, 80, BLUE);
  g_autofree char *a = write_source_png ("page-1.png", first);
  g_autofree char *b = write_source_png ("page-2.png", second);
  g_autofree char *out = g_build_filename (tmp_dir, "pages.tif", NULL);
  const char *args[] = { a, b, out, NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  g_autoptr(GdkPixbuf) result = NULL;

  if (!corpus_run_tool ("PLUMB_TEST_CONVERT", "imagemagick", TRUE, args))
    return;

  bytes = read_file (out);
  judgement = judge (bytes, "pages-copy.tif");
  g_assert_cmpstr (judgement->format, ==, "tiff");
  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);
  g_assert_cmpuint (judgement->n_frames, ==, 2);
  g_assert_cmpuint (judgement->width, ==, 50);
  g_assert_nonnull (strstr (judgement->reason, "2 pages"));

  result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  assert_size (result, 50, 50);
  assert_all_near (result, RED, 0, 2);
}

static void
test_one_pixel (void)
{
  g_autoptr(GdkPixbuf) source = corpus_solid (1, 1, GREEN);
  g_autoptr(GBytes) bytes = corpus_save (source, "png");
  g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, "dot.png");
  g_autoptr(GdkPixbuf) result = NULL;

  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_ACCEPTED);
  g_assert_cmpuint (judgement->width, ==, 1);

  result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  assert_size (result, 1, 1);
  g_assert_true (corpus_colour_near (result, 0, 0, GREEN, 0));
}

/* A panorama whose middle square is red and whose sides are green: the
 * centred crop must be all red at every edge, so never squeezed. */
static void
test_panoramas (void)
{
  struct
  {
    int         width, height;
    const char *type;
    int         expect;
  } cases[] = {
    { 8000, 200, "png", 200 },
    { 200, 8000, "bmp", 200 },
    { 12000, 1000, "jpeg", 300 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int side = MIN (cases[i].width, cases[i].height);
      g_autoptr(GdkPixbuf) source = corpus_pixbuf (cases[i].width, cases[i].height, GREEN,
                                                   (cases[i].width - side) / 2,
                                                   (cases[i].height - side) / 2,
                                                   side, side, RED);
      g_autoptr(GBytes) bytes = corpus_save (source, cases[i].type);
      g_autofree char *name = g_strdup_printf ("panorama-%u", i);
      g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, name);
      g_autoptr(GdkPixbuf) result = NULL;

      g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_NEEDS_CROP);
      g_assert_cmpuint (judgement->width, ==, cases[i].width);
      g_assert_nonnull (strstr (judgement->reason, "not square"));

      result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
      assert_size (result, cases[i].expect, cases[i].expect);
      assert_all_near (result, RED, 2, 40);
    }
}

/* A 3000 × 2000 JPEG decodes at a fraction of its size: a crop chosen in
 * full-size coordinates must still land where it was chosen. */
static void
test_large_jpeg_crop (void)
{
  g_autoptr(GdkPixbuf) source = corpus_pixbuf (3000, 2000, GREEN, 2000, 1000, 1000, 1000, BLUE);
  g_autoptr(GBytes) bytes = corpus_save (source, "jpeg");
  g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, "large.jpg");
  g_autoptr(GdkPixbuf) result = NULL;
  PlumbPhotoCrop corner = { 2000, 1000, 1000 };
  PlumbPhotoCrop left = { 0, 0, 900 };
  PlumbPhotoCrop outside = { 2100, 1100, 1000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) nothing = NULL;

  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_NEEDS_CROP);

  result = normalize (bytes, &corner, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  assert_size (result, 300, 300);
  assert_all_near (result, BLUE, 3, 40);
  g_clear_object (&result);

  result = normalize (bytes, &left, PLUMB_PHOTO_OUTPUT_JPEG, NULL);
  assert_size (result, 300, 300);
  assert_all_near (result, GREEN, 3, 40);

  nothing = plumb_photo_normalize_bytes (bytes, &outside, PLUMB_PHOTO_OUTPUT_PNG, NULL, &error);
  g_assert_null (nothing);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
}

static void
test_square_scaled (void)
{
  g_autoptr(GdkPixbuf) source = corpus_pixbuf (900, 900, RED, 0, 450, 900, 450, BLUE);
  g_autoptr(GBytes) bytes = corpus_save (source, "tiff");
  g_autoptr(PlumbPhotoJudgement) judgement = judge (bytes, "square.tif");
  g_autoptr(GdkPixbuf) result = NULL;

  g_assert_cmpint (judgement->verdict, ==, PLUMB_PHOTO_NEEDS_CROP);
  g_assert_nonnull (strstr (judgement->reason, "scaled down"));

  result = normalize (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  assert_size (result, 300, 300);
  g_assert_true (corpus_colour_near (result, 150, 100, RED, 4));
  g_assert_true (corpus_colour_near (result, 150, 200, BLUE, 4));
}

/* Transparency stays in a PNG and is laid on white in a JPEG, which has none. */
static void
test_transparency (void)
{
  g_autoptr(GdkPixbuf) source = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 40, 40);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkPixbuf) as_png = NULL;
  g_autoptr(GdkPixbuf) as_jpeg = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (source);
  int stride = gdk_pixbuf_get_rowstride (source);

  for (int y = 0; y < 40; y++)
    for (int x = 0; x < 40; x++)
      {
        guint8 *p = pixels + y * stride + x * 4;

        p[0] = BLUE.r;
        p[1] = BLUE.g;
        p[2] = BLUE.b;
        p[3] = x < 20 ? 0 : 255;
      }
  png = corpus_save (source, "png");

  as_png = normalize (png, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL);
  g_assert_true (gdk_pixbuf_get_has_alpha (as_png));
  g_assert_cmpuint (gdk_pixbuf_read_pixels (as_png)[3], ==, 0);
  g_assert_true (corpus_colour_near (as_png, 30, 20, BLUE, 0));

  as_jpeg = normalize (png, NULL, PLUMB_PHOTO_OUTPUT_JPEG, NULL);
  g_assert_false (gdk_pixbuf_get_has_alpha (as_jpeg));
  g_assert_true (corpus_colour_near (as_jpeg, 5, 20, WHITE, 12));
  g_assert_true (corpus_colour_near (as_jpeg, 35, 20, BLUE, 40));
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, on_timeout, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);

  return *result;
}

static void
test_async (void)
{
  g_autoptr(GdkPixbuf) source = corpus_pixbuf (640, 480, GREEN, 80, 0, 480, 480, RED);
  g_autoptr(GBytes) jpeg = corpus_save (source, "jpeg");
  g_autofree char *path = corpus_write (tmp_dir, "async.jpg", jpeg);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) judged = NULL;
  g_autoptr(GAsyncResult) normalized = NULL;
  g_autoptr(GAsyncResult) from_memory = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement2 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) result = NULL;
  g_autoptr(GError) error = NULL;

  plumb_photo_judge_file_async (file, NULL, on_done, &judged);
  judgement = plumb_photo_judge_finish (wait_for (&judged), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (judgement->width, ==, 640);

  plumb_photo_judge_bytes_async (jpeg, NULL, on_done, &from_memory);
  judgement2 = plumb_photo_judge_finish (wait_for (&from_memory), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (judgement2->reason, ==, judgement->reason);

  plumb_photo_normalize_file_async (file, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL, on_done, &normalized);
  bytes = plumb_photo_normalize_finish (wait_for (&normalized), &error);
  g_assert_no_error (error);
  result = corpus_decode (bytes);
  assert_size (result, 300, 300);
  assert_all_near (result, RED, 3, 40);
}

static void
test_cancelled (void)
{
  g_autoptr(GdkPixbuf) source = corpus_solid (400, 400, RED);
  g_autoptr(GBytes) jpeg = corpus_save (source, "jpeg");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) normalized = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  bytes = plumb_photo_normalize_bytes (jpeg, NULL, PLUMB_PHOTO_OUTPUT_PNG, cancellable, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  plumb_photo_normalize_bytes_async (jpeg, NULL, PLUMB_PHOTO_OUTPUT_PNG, cancellable, on_done, &normalized);
  bytes = plumb_photo_normalize_finish (wait_for (&normalized), &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_unreadable_file (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "does-not-exist.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement = plumb_photo_judge_file (file, NULL, &error);

  g_assert_null (judgement);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_preview (void)
{
  g_autoptr(GdkPixbuf) rotated_source = corpus_pixbuf (200, 100, RED, 100, 0, 100, 100, BLUE);
  g_autoptr(GBytes) plain = corpus_save (rotated_source, "jpeg");
  g_autoptr(GBytes) rotated = corpus_jpeg_with_exif (plain, 6, FALSE);
  g_autoptr(GdkPixbuf) large_source = corpus_pixbuf (3000, 2000, GREEN, 2000, 1000, 1000, 1000, BLUE);
  g_autoptr(GBytes) large = corpus_save (large_source, "jpeg");
  g_autoptr(GBytes) text = g_bytes_new_static ("words", 5);
  g_autoptr(GdkPixbuf) preview = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;

  /* Shown upright: 100 × 200 fits 50 as 25 × 50, red above blue. */
  preview = plumb_photo_load_preview (rotated, 50, NULL, &error);
  g_assert_no_error (error);
  assert_size (preview, 25, 50);
  g_assert_true (corpus_colour_near (preview, 12, 5, RED, 40));
  g_assert_true (corpus_colour_near (preview, 12, 45, BLUE, 40));
  g_clear_object (&preview);

  plumb_photo_load_preview_async (large, 600, NULL, on_done, &loaded);
  preview = plumb_photo_load_preview_finish (wait_for (&loaded), &error);
  g_assert_no_error (error);
  assert_size (preview, 600, 400);
  g_assert_true (corpus_colour_near (preview, 500, 300, BLUE, 40));
  g_assert_true (corpus_colour_near (preview, 100, 100, GREEN, 40));
  g_clear_object (&preview);

  preview = plumb_photo_load_preview (text, 600, NULL, &error);
  g_assert_null (preview);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_UNSUPPORTED);
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
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("plumb-photo-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/photo/accepted/png-jpeg-tiff-bmp", test_accepted_formats);
  g_test_add_func ("/photo/accepted/gif", test_gif);
  g_test_add_func ("/photo/accepted/animated-gif", test_animated_gif);
  g_test_add_func ("/photo/accepted/png-named-jpg", test_png_named_jpg);
  g_test_add_func ("/photo/accepted/cmyk-jpeg", test_cmyk_jpeg);
  g_test_add_func ("/photo/accepted/png-16-bit-and-interlaced", test_png_variants);
  g_test_add_func ("/photo/accepted/exif-rotated-jpeg", test_exif_rotated_jpeg);
  g_test_add_func ("/photo/accepted/multipage-tiff", test_multipage_tiff);
  g_test_add_func ("/photo/accepted/one-pixel", test_one_pixel);
  g_test_add_func ("/photo/accepted/panoramas", test_panoramas);
  g_test_add_func ("/photo/accepted/large-jpeg-crop", test_large_jpeg_crop);
  g_test_add_func ("/photo/accepted/square-scaled", test_square_scaled);
  g_test_add_func ("/photo/refused/webp", test_refused_webp);
  g_test_add_func ("/photo/refused/svg", test_refused_svg);
  g_test_add_func ("/photo/refused/heic", test_refused_heic);
  g_test_add_func ("/photo/refused/avif", test_refused_avif);
  g_test_add_func ("/photo/refused/text-named-png", test_refused_text);
  g_test_add_func ("/photo/refused/pdf-named-jpg", test_refused_pdf);
  g_test_add_func ("/photo/refused/empty", test_refused_empty);
  g_test_add_func ("/photo/refused/truncated-jpeg", test_refused_truncated_jpeg);
  g_test_add_func ("/photo/refused/truncated-png", test_refused_truncated_png);
  g_test_add_func ("/photo/accepted/jpeg-with-trailer", test_jpeg_with_trailer);
  g_test_add_func ("/photo/refused/corrupt-png", test_refused_corrupt_png);
  g_test_add_func ("/photo/refused/huge-headers", test_refused_huge_headers);
  g_test_add_func ("/photo/refused/too-many-bytes", test_refused_too_many_bytes);
  g_test_add_func ("/photo/refused/decoder-traps", test_refused_decoder_traps);
  g_test_add_func ("/photo/refused/gif-empty-extension", test_refused_gif_empty_extension);
  g_test_add_func ("/photo/transparency", test_transparency);
  g_test_add_func ("/photo/async", test_async);
  g_test_add_func ("/photo/cancelled", test_cancelled);
  g_test_add_func ("/photo/preview", test_preview);
  g_test_add_func ("/photo/unreadable-file", test_unreadable_file);

  status = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
