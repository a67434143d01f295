/* plumb-photo.h: judging and normalizing profile photos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Procore shows a profile photo at 300 × 300 and distorts anything else. */
#define PLUMB_PHOTO_SIZE 300

/* Checked before any decoding. A phone photo is a few megabytes and at most
 * about 200 megapixels; a JPEG decodes at up to 1/8 of its size, so it may be
 * larger than the other formats, which decode at full size. */
#define PLUMB_PHOTO_MAX_BYTES            (50 * 1000 * 1000)
#define PLUMB_PHOTO_MAX_PIXELS           (50 * 1000 * 1000)
#define PLUMB_PHOTO_MAX_PIXELS_JPEG      (200 * 1000 * 1000)

typedef enum
{
  PLUMB_PHOTO_ACCEPTED,    /* square and within 300 × 300: used as it is, re-encoded */
  PLUMB_PHOTO_NEEDS_CROP,  /* larger or not square: cropped to a square, scaled to fit */
  PLUMB_PHOTO_REFUSED,
} PlumbPhotoVerdict;

typedef enum
{
  PLUMB_PHOTO_OUTPUT_PNG,
  PLUMB_PHOTO_OUTPUT_JPEG,
} PlumbPhotoOutput;

/* A square in the coordinates of the picture as it is shown, that is after
 * its EXIF orientation, at full size. */
typedef struct
{
  guint x;
  guint y;
  guint size;
} PlumbPhotoCrop;

#define PLUMB_TYPE_PHOTO_JUDGEMENT (plumb_photo_judgement_get_type ())

/* What a picture is, read from its headers without decoding its pixels. */
typedef struct
{
  PlumbPhotoVerdict  verdict;
  char              *format;       /* "png", "jpeg", "gif", "bmp", "tiff"; or what a refused
                                    * file is: "webp", "svg", "heic", "avif", "pdf", "text",
                                    * "empty", "unknown", ... */
  char              *description;  /* the same for a person: "JPEG image", "WebP image" */
  guint              width;        /* as shown, after the EXIF orientation; 0 when unknown */
  guint              height;
  guint              orientation;  /* EXIF orientation 1-8, 1 when the file has none */
  guint              n_frames;     /* frames of an animation or pages of a TIFF: the first is used */
  char              *reason;       /* a sentence for a person */
} PlumbPhotoJudgement;

GType                plumb_photo_judgement_get_type  (void) G_GNUC_CONST;
PlumbPhotoJudgement *plumb_photo_judgement_copy      (const PlumbPhotoJudgement *judgement);
void                 plumb_photo_judgement_free      (PlumbPhotoJudgement       *judgement);
const char          *plumb_photo_verdict_to_string   (PlumbPhotoVerdict          verdict);
void                 plumb_photo_crop_centred        (guint                      width,
                                                      guint                      height,
                                                      PlumbPhotoCrop            *crop);

PlumbPhotoJudgement *plumb_photo_judge_bytes          (GBytes               *bytes);
PlumbPhotoJudgement *plumb_photo_judge_file           (GFile                *file,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
void                 plumb_photo_judge_bytes_async    (GBytes               *bytes,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
void                 plumb_photo_judge_file_async     (GFile                *file,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PlumbPhotoJudgement *plumb_photo_judge_finish         (GAsyncResult         *result,
                                                       GError              **error);

/* Returns a fresh PNG or JPEG with no metadata: the crop (NULL for the
 * largest centred square) scaled down to 300 × 300, or kept at its size when
 * it is smaller. Fails with PLUMB_ERROR_UNSUPPORTED on a refused picture. */
GBytes              *plumb_photo_normalize_bytes      (GBytes               *bytes,
                                                       const PlumbPhotoCrop *crop,
                                                       PlumbPhotoOutput      output,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
GBytes              *plumb_photo_normalize_file       (GFile                *file,
                                                       const PlumbPhotoCrop *crop,
                                                       PlumbPhotoOutput      output,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
void                 plumb_photo_normalize_bytes_async (GBytes               *bytes,
                                                        const PlumbPhotoCrop *crop,
                                                        PlumbPhotoOutput      output,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void                 plumb_photo_normalize_file_async  (GFile                *file,
                                                        const PlumbPhotoCrop *crop,
                                                        PlumbPhotoOutput      output,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GBytes              *plumb_photo_normalize_finish      (GAsyncResult         *result,
                                                        GError              **error);

/* For a cropper: the picture as shown, scaled to fit max_size. */
GdkPixbuf           *plumb_photo_load_preview          (GBytes               *bytes,
                                                        guint                 max_size,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
void                 plumb_photo_load_preview_async    (GBytes               *bytes,
                                                        guint                 max_size,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GdkPixbuf           *plumb_photo_load_preview_finish   (GAsyncResult         *result,
                                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbPhotoJudgement, plumb_photo_judgement_free)

G_END_DECLS
