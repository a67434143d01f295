/* plumb-sandbox-png.c: small avatar pictures, made without an image library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox must not depend on gdk-pixbuf, so it writes PNG files itself:
 * RGB rows in stored (uncompressed) deflate blocks, which every decoder
 * reads.
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-private.h"

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  static guint32 table[256];
  static gsize table_ready = 0;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 b[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  guint32 crc = crc32_update (0, (const guint8 *) type, 4);

  crc = crc32_update (crc, data, len);
  put_u32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  put_u32 (out, crc);
}

static void
hsv_to_rgb (double  h,
            double  s,
            double  v,
            guint8 *rgb)
{
  double r, g, b;
  int i = (int) (h * 6) % 6;
  double f = h * 6 - (int) (h * 6);
  double p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s);

  switch (i)
    {
    case 0: r = v; g = t; b = p; break;
    case 1: r = q; g = v; b = p; break;
    case 2: r = p; g = v; b = t; break;
    case 3: r = p; g = q; b = v; break;
    case 4: r = t; g = p; b = v; break;
    default: r = v; g = p; b = q; break;
    }
  rgb[0] = (guint8) (r * 255);
  rgb[1] = (guint8) (g * 255);
  rgb[2] = (guint8) (b * 255);
}

/* A head-and-shoulders silhouette on a background whose hue comes from
 * @seed, so people are told apart at a glance. */
GBytes *
plumb_sandbox_png_avatar (guint32 seed,
                          guint   size)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_sized_new ((size * 3 + 1) * size);
  g_autoptr(GByteArray) zdata = g_byte_array_new ();
  guint8 background[3], figure[3];
  guint8 header[13];
  guint32 a = 1, b = 0;
  gsize offset = 0;
  double cx = size / 2.0;

  hsv_to_rgb ((seed % 360) / 360.0, 0.45, 0.85, background);
  hsv_to_rgb ((seed % 360) / 360.0, 0.15, 0.98, figure);

  for (guint y = 0; y < size; y++)
    {
      guint8 filter = 0;

      g_byte_array_append (raw, &filter, 1);
      for (guint x = 0; x < size; x++)
        {
          double dx = x + 0.5 - cx;
          double hy = y + 0.5 - size * 0.38;
          double sy = y + 0.5 - size * 1.02;
          gboolean head = dx * dx + hy * hy < (size * 0.2) * (size * 0.2);
          gboolean body = (dx * dx) / (size * 0.38 * size * 0.38) +
                          (sy * sy) / (size * 0.42 * size * 0.42) < 1.0;

          g_byte_array_append (raw, head || body ? figure : background, 3);
        }
    }

  /* zlib stream: header, stored blocks of at most 65535 bytes, Adler-32 */
  {
    guint8 zheader[2] = { 0x78, 0x01 };

    g_byte_array_append (zdata, zheader, 2);
  }
  do
    {
      gsize len = MIN (raw->len - offset, 65535);
      guint8 block[5];

      block[0] = offset + len >= raw->len ? 1 : 0;
      block[1] = len & 0xff;
      block[2] = len >> 8;
      block[3] = ~len & 0xff;
      block[4] = (~len >> 8) & 0xff;
      g_byte_array_append (zdata, block, 5);
      g_byte_array_append (zdata, raw->data + offset, len);
      offset += len;
    }
  while (offset < raw->len);
  for (guint i = 0; i < raw->len; i++)
    {
      a = (a + raw->data[i]) % 65521;
      b = (b + a) % 65521;
    }
  put_u32 (zdata, (b << 16) | a);

  g_byte_array_append (out, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  header[0] = size >> 24;
  header[1] = size >> 16;
  header[2] = size >> 8;
  header[3] = size;
  memcpy (header + 4, header, 4);
  header[8] = 8;   /* bit depth */
  header[9] = 2;   /* truecolour */
  header[10] = 0;
  header[11] = 0;
  header[12] = 0;
  put_chunk (out, "IHDR", header, sizeof header);
  put_chunk (out, "IDAT", zdata->data, zdata->len);
  put_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}
