/* photo-corpus.c: pictures the photo tests make for themselves
 *
 * gdk-pixbuf writes PNG, JPEG, TIFF and BMP; GIF and the deliberately broken
 * or hand-made headers are written here byte by byte; the rest comes from
 * ImageMagick, cwebp and heif-enc.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "photo-corpus.h"

const Colour RED = { 230, 20, 20 };
const Colour GREEN = { 20, 200, 40 };
const Colour BLUE = { 20, 30, 220 };
const Colour WHITE = { 255, 255, 255 };

GdkPixbuf *
corpus_pixbuf (int    width,
               int    height,
               Colour background,
               int    x,
               int    y,
               int    w,
               int    h,
               Colour foreground)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  g_assert_nonnull (pixbuf);

  for (int row = 0; row < height; row++)
    for (int col = 0; col < width; col++)
      {
        gboolean inside = col >= x && col < x + w && row >= y && row < y + h;
        const Colour *c = inside ? &foreground : &background;
        guint8 *p = pixels + (gsize) row * stride + col * 3;

        p[0] = c->r;
        p[1] = c->g;
        p[2] = c->b;
      }

  return pixbuf;
}

GdkPixbuf *
corpus_solid (int    width,
              int    height,
              Colour colour)
{
  return corpus_pixbuf (width, height, colour, 0, 0, 0, 0, colour);
}

GBytes *
corpus_save (GdkPixbuf  *pixbuf,
             const char *type)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize len = 0;

  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, type, &error, NULL);
  g_assert_no_error (error);

  return g_bytes_new_take (buffer, len);
}

char *
corpus_write (const char *dir,
              const char *name,
              GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  return path;
}

/* LZW codes, nine bits each, packed from the least significant bit. */
typedef struct
{
  GByteArray *out;
  guint32     bits;
  guint       n_bits;
} BitWriter;

static void
put_code (BitWriter *w,
          guint      code)
{
  w->bits |= (guint32) code << w->n_bits;
  w->n_bits += 9;
  while (w->n_bits >= 8)
    {
      guint8 byte = w->bits & 0xff;

      g_byte_array_append (w->out, &byte, 1);
      w->bits >>= 8;
      w->n_bits -= 8;
    }
}

static void
append (GByteArray *out,
        const void *data,
        gsize       len)
{
  g_byte_array_append (out, data, len);
}

static void
append_le16 (GByteArray *out,
             guint       value)
{
  guint8 b[2] = { value & 0xff, (value >> 8) & 0xff };

  append (out, b, 2);
}

/* An uncompressed GIF: every pixel a literal code, with a clear code often
 * enough that the code size never grows past nine bits. */
GBytes *
corpus_gif (int           width,
            int           height,
            const Colour *frame_colours,
            guint         n_frames)
{
  GByteArray *out = g_byte_array_new ();
  guint8 palette[256 * 3] = { 0 };

  append (out, "GIF89a", 6);
  append_le16 (out, width);
  append_le16 (out, height);
  append (out, "\xf7\x00\x00", 3);
  for (guint i = 0; i < n_frames && i < 256; i++)
    {
      palette[i * 3] = frame_colours[i].r;
      palette[i * 3 + 1] = frame_colours[i].g;
      palette[i * 3 + 2] = frame_colours[i].b;
    }
  append (out, palette, sizeof palette);

  if (n_frames > 1)
    append (out, "\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00", 19);

  for (guint f = 0; f < n_frames; f++)
    {
      g_autoptr(GByteArray) codes = g_byte_array_new ();
      BitWriter w = { codes, 0, 0 };
      guint since_clear = 0;

      append (out, "\x21\xf9\x04\x00\x0a\x00\x00\x00", 8);
      append (out, "\x2c\x00\x00\x00\x00", 5);
      append_le16 (out, width);
      append_le16 (out, height);
      append (out, "\x00\x08", 2);

      put_code (&w, 256);
      for (int i = 0; i < width * height; i++)
        {
          if (since_clear == 250)
            {
              put_code (&w, 256);
              since_clear = 0;
            }
          put_code (&w, f);
          since_clear++;
        }
      put_code (&w, 257);
      if (w.n_bits > 0)
        {
          guint8 byte = w.bits & 0xff;

          g_byte_array_append (codes, &byte, 1);
        }

      for (guint at = 0; at < codes->len; at += 255)
        {
          guint8 n = MIN (255, codes->len - at);

          append (out, &n, 1);
          append (out, codes->data + at, n);
        }
      append (out, "\x00", 1);
    }

  append (out, "\x3b", 1);

  return g_byte_array_free_to_bytes (out);
}

static void
append_be16 (GByteArray *out,
             guint       value)
{
  guint8 b[2] = { (value >> 8) & 0xff, value & 0xff };

  append (out, b, 2);
}

static void
append_be32 (GByteArray *out,
             guint32     value)
{
  guint8 b[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  append (out, b, 4);
}

/* Inserts an APP1 Exif segment after the JFIF one: big-endian TIFF, an
 * orientation tag and, when asked, a GPS directory with a latitude. */
GBytes *
corpus_jpeg_with_exif (GBytes   *jpeg,
                       guint     orientation,
                       gboolean  with_gps)
{
  g_autoptr(GByteArray) tiff = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (jpeg, &len);
  gsize insert_at = 2;

  g_assert_true (len > 4 && data[0] == 0xff && data[1] == 0xd8);
  if (data[2] == 0xff && data[3] == 0xe0)
    insert_at = 4 + ((data[4] << 8) | data[5]);

  append (tiff, "MM\0*", 4);
  append_be32 (tiff, 8);
  append_be16 (tiff, with_gps ? 2 : 1);
  append_be16 (tiff, 0x0112);
  append_be16 (tiff, 3);
  append_be32 (tiff, 1);
  append_be16 (tiff, orientation);
  append_be16 (tiff, 0);
  if (with_gps)
    {
      append_be16 (tiff, 0x8825);
      append_be16 (tiff, 4);
      append_be32 (tiff, 1);
      append_be32 (tiff, 8 + 2 + 2 * 12 + 4);
    }
  append_be32 (tiff, 0);
  if (with_gps)
    {
      append_be16 (tiff, 1);
      append_be16 (tiff, 0x0001);
      append_be16 (tiff, 2);
      append_be32 (tiff, 2);
      append (tiff, "N\0\0\0", 4);
      append_be32 (tiff, 0);
    }

  append (out, data, insert_at);
  append (out, "\xff\xe1", 2);
  append_be16 (out, 2 + 6 + tiff->len);
  append (out, "Exif\0\0", 6);
  append (out, tiff->data, tiff->len);
  append (out, data + insert_at, len - insert_at);

  return g_byte_array_free_to_bytes (out);
}

static void
append_png_chunk (GByteArray   *out,
                  const char   *type,
                  const guint8 *data,
                  guint32       len)
{
  guint32 crc = crc32 (0, (const Bytef *) type, 4);

  crc = crc32 (crc, data, len);
  append_be32 (out, len);
  append (out, type, 4);
  append (out, data, len);
  append_be32 (out, crc);
}

/* A whole, well-formed PNG structure whose header claims @width × @height,
 * with a few bytes of pixel data: small on disk, enormous if decoded. */
GBytes *
corpus_png_header_only (guint32 width,
                        guint32 height)
{
  GByteArray *out = g_byte_array_new ();
  guint8 ihdr[13] = {
    width >> 24, (width >> 16) & 0xff, (width >> 8) & 0xff, width & 0xff,
    height >> 24, (height >> 16) & 0xff, (height >> 8) & 0xff, height & 0xff,
    8, 2, 0, 0, 0,
  };
  static const guint8 idat[] = { 0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };

  append (out, "\x89PNG\r\n\x1a\n", 8);
  append_png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  append_png_chunk (out, "IDAT", idat, sizeof idat);
  append_png_chunk (out, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (out);
}

static void
append_le32 (GByteArray *out,
             guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  append (out, b, 4);
}

GBytes *
corpus_bmp_header_only (gint32 width,
                        gint32 height)
{
  GByteArray *out = g_byte_array_new ();

  append (out, "BM", 2);
  append_le32 (out, 54 + 16);
  append_le32 (out, 0);
  append_le32 (out, 54);
  append_le32 (out, 40);
  append_le32 (out, (guint32) width);
  append_le32 (out, (guint32) height);
  append_le16 (out, 1);
  append_le16 (out, 24);
  append_le32 (out, 0);
  append_le32 (out, 0);
  append_le32 (out, 2835);
  append_le32 (out, 2835);
  append_le32 (out, 0);
  append_le32 (out, 0);
  append (out, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);

  return g_byte_array_free_to_bytes (out);
}

/* SOI, a baseline SOF0 for three components, a token scan and EOI. */
GBytes *
corpus_jpeg_sof_only (guint16 width,
                      guint16 height)
{
  GByteArray *out = g_byte_array_new ();

  append (out, "\xff\xd8", 2);
  append (out, "\xff\xc0", 2);
  append_be16 (out, 17);
  append (out, "\x08", 1);
  append_be16 (out, height);
  append_be16 (out, width);
  append (out, "\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
  append (out, "\xff\xda", 2);
  append_be16 (out, 12);
  append (out, "\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00", 10);
  append (out, "\x12\x34\x56", 3);
  append (out, "\xff\xd9", 2);

  return g_byte_array_free_to_bytes (out);
}

gboolean
corpus_run_tool (const char  *env_var,
                 const char  *package,
                 gboolean     fail_if_missing,
                 const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *tool = g_getenv (env_var);
  int status = 0;

  if (tool == NULL || *tool == '\0' || !g_file_test (tool, G_FILE_TEST_IS_EXECUTABLE))
    {
      if (fail_if_missing)
        g_test_fail_printf ("this test needs a tool that is not installed: %s (Debian package %s)",
                            tool != NULL && *tool != '\0' ? tool : env_var, package);
      return FALSE;
    }

  g_ptr_array_add (argv, (gpointer) tool);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      if (fail_if_missing)
        g_test_fail_printf ("%s failed: %s\n%s", tool, error->message, err != NULL ? err : "");
      else
        g_test_message ("%s failed: %s\n%s", tool, error->message, err != NULL ? err : "");
      return FALSE;
    }

  return TRUE;
}

GdkPixbuf *
corpus_decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);

  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

gboolean
corpus_colour_near (GdkPixbuf *pixbuf,
                    int        x,
                    int        y,
                    Colour     colour,
                    int        tolerance)
{
  const guint8 *p;

  g_assert_cmpint (x, <, gdk_pixbuf_get_width (pixbuf));
  g_assert_cmpint (y, <, gdk_pixbuf_get_height (pixbuf));

  p = gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
      (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);

  if (ABS (p[0] - colour.r) > tolerance || ABS (p[1] - colour.g) > tolerance ||
      ABS (p[2] - colour.b) > tolerance)
    {
      g_test_message ("pixel (%d, %d) is %u,%u,%u, expected about %u,%u,%u",
                      x, y, p[0], p[1], p[2], colour.r, colour.g, colour.b);
      return FALSE;
    }

  return TRUE;
}

gboolean
corpus_contains (GBytes     *bytes,
                 const char *needle)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gsize needle_len = strlen (needle);

  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (data + i, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}

/* "IHDR IDAT IEND": the chunk types of a PNG, in order. */
char *
corpus_png_chunk_list (GBytes *png)
{
  GString *list = g_string_new (NULL);
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);

  g_assert_true (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0);
  for (gsize at = 8; at + 8 <= len; )
    {
      guint32 chunk_len = (guint32) data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 | data[at + 3];

      if (list->len == 0 || !g_str_has_suffix (list->str, "IDAT") || memcmp (data + at + 4, "IDAT", 4) != 0)
        {
          if (list->len > 0)
            g_string_append_c (list, ' ');
          g_string_append_len (list, (const char *) data + at + 4, 4);
        }
      at += 12 + (gsize) chunk_len;
    }

  return g_string_free (list, FALSE);
}

/* The number of components in a JPEG's frame header: 4 for CMYK. */
guint
corpus_jpeg_components (GBytes *jpeg)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (jpeg, &len);

  for (gsize at = 2; at + 4 <= len; )
    {
      guint8 marker = data[at + 1];
      guint seg_len = data[at + 2] << 8 | data[at + 3];

      if (data[at] != 0xff)
        return 0;
      if (marker == 0xc0 || marker == 0xc1 || marker == 0xc2)
        return at + 9 < len ? data[at + 9] : 0;
      at += 2 + seg_len;
    }

  return 0;
}
