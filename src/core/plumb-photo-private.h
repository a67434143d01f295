/* plumb-photo-private.h: what the photo judge and the normalizer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-photo.h"

G_BEGIN_DECLS

/* Random access to a picture in memory or in a file, through a window so
 * that judging a large file reads only its headers and its tail. */
typedef struct
{
  const guint8  *data;        /* the whole picture when it is in memory */
  guint64        size;
  GInputStream  *stream;      /* seekable, when reading a file */
  guint8        *window;
  guint64        window_offset;
  gsize          window_len;
  GCancellable  *cancellable;
  GError        *error;       /* the first read error */
} PlumbPhotoReader;

#define PLUMB_PHOTO_READER_WINDOW (128 * 1024)

void           plumb_photo_reader_init_bytes  (PlumbPhotoReader *reader,
                                               GBytes           *bytes);
void           plumb_photo_reader_init_stream (PlumbPhotoReader *reader,
                                               GInputStream     *stream,
                                               guint64           size,
                                               GCancellable     *cancellable);
void           plumb_photo_reader_clear       (PlumbPhotoReader *reader);
const guint8  *plumb_photo_reader_peek        (PlumbPhotoReader *reader,
                                               guint64           offset,
                                               gsize             len);

static inline guint16 be16 (const guint8 *p) { return (guint16) (p[0] << 8 | p[1]); }
static inline guint16 le16 (const guint8 *p) { return (guint16) (p[1] << 8 | p[0]); }
static inline guint32 be32 (const guint8 *p) { return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3]; }
static inline guint32 le32 (const guint8 *p) { return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0]; }

typedef enum
{
  PHOTO_KIND_PNG,
  PHOTO_KIND_JPEG,
  PHOTO_KIND_GIF,
  PHOTO_KIND_BMP,
  PHOTO_KIND_TIFF,
  PHOTO_N_ACCEPTED_KINDS,
  PHOTO_KIND_EMPTY = PHOTO_N_ACCEPTED_KINDS,
  PHOTO_KIND_WEBP,
  PHOTO_KIND_SVG,
  PHOTO_KIND_HEIC,
  PHOTO_KIND_AVIF,
  PHOTO_KIND_JPEG_XL,
  PHOTO_KIND_JPEG_2000,
  PHOTO_KIND_PDF,
  PHOTO_KIND_PSD,
  PHOTO_KIND_ICO,
  PHOTO_KIND_CAMERA_RAW,
  PHOTO_KIND_NETPBM,
  PHOTO_KIND_XPM,
  PHOTO_KIND_VIDEO,
  PHOTO_KIND_ZIP,
  PHOTO_KIND_GZIP,
  PHOTO_KIND_HTML,
  PHOTO_KIND_XML,
  PHOTO_KIND_TEXT,
  PHOTO_KIND_UNKNOWN,
  PHOTO_N_KINDS
} PhotoKind;

typedef enum
{
  PHOTO_PROBLEM_NONE,
  PHOTO_PROBLEM_TRUNCATED,
  PHOTO_PROBLEM_CORRUPT,
  PHOTO_PROBLEM_VARIANT,      /* a kind of the format that gdk-pixbuf cannot decode */
  PHOTO_PROBLEM_READ_ERROR,   /* the reader's error says why */
} PhotoProblem;

/* What the headers say, before any policy is applied. */
typedef struct
{
  PhotoKind     kind;
  PhotoProblem  problem;
  guint32       width;            /* as stored, before the orientation */
  guint32       height;
  guint         orientation;      /* 1-8 */
  guint         n_frames;
  guint64       first_frame_end;  /* GIF: the offset just past the first image */
} PhotoHeader;

PhotoKind    plumb_photo_sniff            (PlumbPhotoReader *reader);
void         plumb_photo_read_header      (PlumbPhotoReader *reader,
                                           PhotoHeader      *header);
const char  *plumb_photo_kind_to_format   (PhotoKind         kind);
const char  *plumb_photo_kind_loader_type (PhotoKind         kind);

/* Judges a header already read: the byte and pixel caps and the verdict. */
PlumbPhotoJudgement *plumb_photo_judgement_new (const PhotoHeader *header,
                                                guint64            size);

gboolean     plumb_photo_orientation_swaps (guint orientation);

G_END_DECLS
