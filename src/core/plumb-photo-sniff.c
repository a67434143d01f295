/* plumb-photo-sniff.c: what kind of file this is, from its first bytes
 *
 * The name of a file never decides its kind: a PNG named .jpg is a PNG, and
 * text named .png is text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-photo-private.h"

static const struct
{
  const char *format;
  const char *loader_type;
} kinds[PHOTO_N_KINDS] = {
  [PHOTO_KIND_PNG] = { "png", "png" },
  [PHOTO_KIND_JPEG] = { "jpeg", "jpeg" },
  [PHOTO_KIND_GIF] = { "gif", "gif" },
  [PHOTO_KIND_BMP] = { "bmp", "bmp" },
  [PHOTO_KIND_TIFF] = { "tiff", "tiff" },
  [PHOTO_KIND_EMPTY] = { "empty", NULL },
  [PHOTO_KIND_WEBP] = { "webp", NULL },
  [PHOTO_KIND_SVG] = { "svg", NULL },
  [PHOTO_KIND_HEIC] = { "heic", NULL },
  [PHOTO_KIND_AVIF] = { "avif", NULL },
  [PHOTO_KIND_JPEG_XL] = { "jxl", NULL },
  [PHOTO_KIND_JPEG_2000] = { "jp2", NULL },
  [PHOTO_KIND_PDF] = { "pdf", NULL },
  [PHOTO_KIND_PSD] = { "psd", NULL },
  [PHOTO_KIND_ICO] = { "ico", NULL },
  [PHOTO_KIND_CAMERA_RAW] = { "camera-raw", NULL },
  [PHOTO_KIND_NETPBM] = { "netpbm", NULL },
  [PHOTO_KIND_XPM] = { "xpm", NULL },
  [PHOTO_KIND_VIDEO] = { "video", NULL },
  [PHOTO_KIND_ZIP] = { "zip", NULL },
  [PHOTO_KIND_GZIP] = { "gzip", NULL },
  [PHOTO_KIND_HTML] = { "html", NULL },
  [PHOTO_KIND_XML] = { "xml", NULL },
  [PHOTO_KIND_TEXT] = { "text", NULL },
  [PHOTO_KIND_UNKNOWN] = { "unknown", NULL },
};

const char *
plumb_photo_kind_to_format (PhotoKind kind)
{
  g_return_val_if_fail (kind < PHOTO_N_KINDS, "unknown");

  return kinds[kind].format;
}

/* The gdk-pixbuf module for an accepted kind, chosen by content so that a
 * file's name never picks the decoder. */
const char *
plumb_photo_kind_loader_type (PhotoKind kind)
{
  g_return_val_if_fail (kind < PHOTO_N_KINDS, NULL);

  return kinds[kind].loader_type;
}

gboolean
plumb_photo_orientation_swaps (guint orientation)
{
  return orientation >= 5 && orientation <= 8;
}

static gboolean
has_prefix (const guint8 *head,
            gsize         len,
            const char   *prefix,
            gsize         prefix_len)
{
  return len >= prefix_len && memcmp (head, prefix, prefix_len) == 0;
}

#define HAS(s) has_prefix (head, len, s, sizeof s - 1)

static gboolean
is_heif_brand (const guint8 *brand)
{
  static const char *const brands[] = {
    "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (brands); i++)
    if (memcmp (brand, brands[i], 4) == 0)
      return TRUE;

  return FALSE;
}

/* An ISO base media file: HEIC, AVIF, or a video. The major brand and the
 * compatible brands say which; AVIF shares HEIF's "mif1". */
static PhotoKind
sniff_ftyp (const guint8 *head,
            gsize         len)
{
  guint32 box_len = be32 (head);
  gboolean heif = is_heif_brand (head + 8);

  if (memcmp (head + 8, "avif", 4) == 0 || memcmp (head + 8, "avis", 4) == 0)
    return PHOTO_KIND_AVIF;

  if (memcmp (head + 8, "crx ", 4) == 0)
    return PHOTO_KIND_CAMERA_RAW;

  for (gsize i = 16; i + 4 <= MIN ((gsize) box_len, len); i += 4)
    {
      if (memcmp (head + i, "avif", 4) == 0 || memcmp (head + i, "avis", 4) == 0)
        return PHOTO_KIND_AVIF;
      if (is_heif_brand (head + i))
        heif = TRUE;
    }

  return heif ? PHOTO_KIND_HEIC : PHOTO_KIND_VIDEO;
}

static gboolean
is_text (const guint8 *head,
         gsize         len)
{
  const char *end = NULL;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = head[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
        return FALSE;
      if (c == 0x7f)
        return FALSE;
    }

  /* The head may end in the middle of a character. */
  if (!g_utf8_validate ((const char *) head, len, &end))
    return (const guint8 *) end + 4 > head + len;

  return TRUE;
}

static gboolean
contains (const guint8 *head,
          gsize         len,
          const char   *needle)
{
  return g_strstr_len ((const char *) head, len, needle) != NULL;
}

static PhotoKind
sniff_markup (const guint8 *head,
              gsize         len)
{
  g_autofree char *lower = NULL;

  if (memchr (head, '\0', len) != NULL)
    return PHOTO_KIND_UNKNOWN;

  if (contains (head, len, "<svg"))
    return PHOTO_KIND_SVG;

  lower = g_ascii_strdown ((const char *) head, len);
  if (strstr (lower, "<html") != NULL || strstr (lower, "<!doctype html") != NULL)
    return PHOTO_KIND_HTML;

  return PHOTO_KIND_XML;
}

PhotoKind
plumb_photo_sniff (PlumbPhotoReader *reader)
{
  const guint8 *head;
  gsize len;
  gsize skip = 0;

  if (reader->size == 0)
    return PHOTO_KIND_EMPTY;

  len = MIN (reader->size, (guint64) 4096);
  head = plumb_photo_reader_peek (reader, 0, len);
  if (head == NULL)
    return PHOTO_KIND_UNKNOWN;

  if (HAS ("\x89PNG\r\n\x1a\n"))
    return PHOTO_KIND_PNG;
  if (HAS ("\xff\xd8\xff"))
    return PHOTO_KIND_JPEG;
  if (HAS ("GIF87a") || HAS ("GIF89a"))
    return PHOTO_KIND_GIF;
  if (HAS ("BM") && len >= 18)
    {
      guint32 dib = le32 (head + 14);

      if (dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 ||
          dib == 64 || dib == 108 || dib == 124)
        return PHOTO_KIND_BMP;
    }
  if (HAS ("II*\0") || HAS ("MM\0*") || HAS ("II+\0") || HAS ("MM\0+"))
    {
      if (len >= 10 && memcmp (head + 8, "CR", 2) == 0)
        return PHOTO_KIND_CAMERA_RAW;
      return PHOTO_KIND_TIFF;
    }

  if (len >= 12 && HAS ("RIFF") && memcmp (head + 8, "WEBP", 4) == 0)
    return PHOTO_KIND_WEBP;
  if (len >= 12 && memcmp (head + 4, "ftyp", 4) == 0)
    return sniff_ftyp (head, len);
  if (HAS ("\xff\x0a") || HAS ("\0\0\0\x0cJXL \r\n\x87\n"))
    return PHOTO_KIND_JPEG_XL;
  if (HAS ("\0\0\0\x0cjP  \r\n\x87\n") || HAS ("\xff\x4f\xff\x51"))
    return PHOTO_KIND_JPEG_2000;
  if (HAS ("%PDF-"))
    return PHOTO_KIND_PDF;
  if (HAS ("8BPS"))
    return PHOTO_KIND_PSD;
  if (HAS ("\0\0\1\0") || HAS ("\0\0\2\0"))
    return PHOTO_KIND_ICO;
  if (HAS ("PK\3\4"))
    return PHOTO_KIND_ZIP;
  if (HAS ("\x1f\x8b"))
    return PHOTO_KIND_GZIP;
  if (HAS ("/* XPM */"))
    return PHOTO_KIND_XPM;
  if (len >= 3 && head[0] == 'P' && head[1] >= '1' && head[1] <= '7' && g_ascii_isspace (head[2]))
    return PHOTO_KIND_NETPBM;

  if (HAS ("\xef\xbb\xbf"))
    skip = 3;
  while (skip < len && g_ascii_isspace (head[skip]))
    skip++;
  if (skip < len && head[skip] == '<')
    return sniff_markup (head, len);

  if (is_text (head, len))
    return PHOTO_KIND_TEXT;

  return PHOTO_KIND_UNKNOWN;
}

#undef HAS
