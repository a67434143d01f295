/* plumb-photo.c: the verdict on a profile photo, from its headers alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-photo-private.h"

G_DEFINE_BOXED_TYPE (PlumbPhotoJudgement, plumb_photo_judgement,
                     plumb_photo_judgement_copy, plumb_photo_judgement_free)

PlumbPhotoJudgement *
plumb_photo_judgement_copy (const PlumbPhotoJudgement *judgement)
{
  PlumbPhotoJudgement *copy;

  g_return_val_if_fail (judgement != NULL, NULL);

  copy = g_memdup2 (judgement, sizeof *judgement);
  copy->format = g_strdup (judgement->format);
  copy->description = g_strdup (judgement->description);
  copy->reason = g_strdup (judgement->reason);

  return copy;
}

void
plumb_photo_judgement_free (PlumbPhotoJudgement *judgement)
{
  if (judgement == NULL)
    return;

  g_free (judgement->format);
  g_free (judgement->description);
  g_free (judgement->reason);
  g_free (judgement);
}

const char *
plumb_photo_verdict_to_string (PlumbPhotoVerdict verdict)
{
  switch (verdict)
    {
    case PLUMB_PHOTO_ACCEPTED:   return "accepted";
    case PLUMB_PHOTO_NEEDS_CROP: return "needs-crop";
    case PLUMB_PHOTO_REFUSED:    return "refused";
    default:                     return "refused";
    }
}

/* The largest square in the middle: what the cropper offers first and what
 * `plumb photo normalize` uses. */
void
plumb_photo_crop_centred (guint           width,
                          guint           height,
                          PlumbPhotoCrop *crop)
{
  g_return_if_fail (crop != NULL);

  crop->size = MIN (width, height);
  crop->x = (width - crop->size) / 2;
  crop->y = (height - crop->size) / 2;
}

/* What each kind of file is, for a person, and the sentence that refuses it. */
static const struct
{
  const char *name;         /* the format's own name, for "The JPEG file is cut short" */
  const char *description;
  const char *refusal;
} kind_texts[PHOTO_N_KINDS] = {
  [PHOTO_KIND_PNG] = { "PNG", N_("PNG image"), NULL },
  [PHOTO_KIND_JPEG] = { "JPEG", N_("JPEG image"), NULL },
  [PHOTO_KIND_GIF] = { "GIF", N_("GIF image"), NULL },
  [PHOTO_KIND_BMP] = { "BMP", N_("BMP image"), NULL },
  [PHOTO_KIND_TIFF] = { "TIFF", N_("TIFF image"), NULL },
  [PHOTO_KIND_EMPTY] = { NULL, N_("empty file"), N_("The file is empty.") },
  [PHOTO_KIND_WEBP] = { NULL, N_("WebP image"), N_("The file is a WebP image.") },
  [PHOTO_KIND_SVG] = { NULL, N_("SVG image"), N_("The file is an SVG drawing.") },
  [PHOTO_KIND_HEIC] = { NULL, N_("HEIC image"), N_("The file is a HEIC image.") },
  [PHOTO_KIND_AVIF] = { NULL, N_("AVIF image"), N_("The file is an AVIF image.") },
  [PHOTO_KIND_JPEG_XL] = { NULL, N_("JPEG XL image"), N_("The file is a JPEG XL image.") },
  [PHOTO_KIND_JPEG_2000] = { NULL, N_("JPEG 2000 image"), N_("The file is a JPEG 2000 image.") },
  [PHOTO_KIND_PDF] = { NULL, N_("PDF document"), N_("The file is a PDF document.") },
  [PHOTO_KIND_PSD] = { NULL, N_("Photoshop document"), N_("The file is a Photoshop document.") },
  [PHOTO_KIND_ICO] = { NULL, N_("Windows icon"), N_("The file is a Windows icon.") },
  [PHOTO_KIND_CAMERA_RAW] = { NULL, N_("camera raw photo"), N_("The file is a camera’s raw photo.") },
  [PHOTO_KIND_NETPBM] = { NULL, N_("Netpbm image"), N_("The file is a Netpbm image.") },
  [PHOTO_KIND_XPM] = { NULL, N_("XPM image"), N_("The file is an XPM image.") },
  [PHOTO_KIND_VIDEO] = { NULL, N_("video"), N_("The file is a video.") },
  [PHOTO_KIND_ZIP] = { NULL, N_("ZIP archive"), N_("The file is a ZIP archive or an office document.") },
  [PHOTO_KIND_GZIP] = { NULL, N_("compressed file"), N_("The file is compressed.") },
  [PHOTO_KIND_HTML] = { NULL, N_("web page"), N_("The file is a web page.") },
  [PHOTO_KIND_XML] = { NULL, N_("XML document"), N_("The file is an XML document.") },
  [PHOTO_KIND_TEXT] = { NULL, N_("text file"), N_("The file is text, not a picture.") },
  [PHOTO_KIND_UNKNOWN] = { NULL, N_("unknown file"), N_("The file is not a picture of any kind Plumbline knows.") },
};

static void
set_refused (PlumbPhotoJudgement *judgement,
             char                *reason)
{
  judgement->verdict = PLUMB_PHOTO_REFUSED;
  g_free (judgement->reason);
  judgement->reason = reason;
}

static char *
frames_sentence (const PhotoHeader *header)
{
  if (header->n_frames <= 1)
    return NULL;

  if (header->kind == PHOTO_KIND_TIFF)
    return g_strdup_printf (ngettext ("It has %u page; only the first is used.",
                                      "It has %u pages; only the first is used.",
                                      header->n_frames),
                            header->n_frames);

  return g_strdup_printf (ngettext ("It is animated, with %u frame; only the first is used.",
                                    "It is animated, with %u frames; only the first is used.",
                                    header->n_frames),
                          header->n_frames);
}

PlumbPhotoJudgement *
plumb_photo_judgement_new (const PhotoHeader *header,
                           guint64            size)
{
  g_autoptr(PlumbPhotoJudgement) judgement = g_new0 (PlumbPhotoJudgement, 1);
  g_autofree char *frames = NULL;
  const char *name = kind_texts[header->kind].name;
  guint64 pixels = (guint64) header->width * header->height;
  guint64 max_pixels;

  judgement->format = g_strdup (plumb_photo_kind_to_format (header->kind));
  judgement->description = g_strdup (_(kind_texts[header->kind].description));
  judgement->orientation = header->orientation;
  judgement->n_frames = MAX (header->n_frames, 1);
  if (plumb_photo_orientation_swaps (header->orientation))
    {
      judgement->width = header->height;
      judgement->height = header->width;
    }
  else
    {
      judgement->width = header->width;
      judgement->height = header->height;
    }

  if (size > PLUMB_PHOTO_MAX_BYTES)
    {
      g_autofree char *actual = g_format_size (size);
      g_autofree char *limit = g_format_size (PLUMB_PHOTO_MAX_BYTES);

      set_refused (judgement, g_strdup_printf (_("The file is %s, too large for a photo: the limit is %s."),
                                               actual, limit));
      return g_steal_pointer (&judgement);
    }

  if (kind_texts[header->kind].refusal != NULL)
    {
      if (header->kind == PHOTO_KIND_EMPTY)
        set_refused (judgement, g_strdup (_(kind_texts[header->kind].refusal)));
      else
        set_refused (judgement, g_strdup_printf ("%s %s", _(kind_texts[header->kind].refusal),
                                                 _("A profile photo must be a BMP, GIF, JPEG, PNG or TIFF picture.")));
      return g_steal_pointer (&judgement);
    }

  switch (header->problem)
    {
    case PHOTO_PROBLEM_NONE:
    case PHOTO_PROBLEM_TRUNCATED:
      break;
    case PHOTO_PROBLEM_CORRUPT:
      judgement->width = judgement->height = 0;
      set_refused (judgement, g_strdup_printf (_("The %s file is damaged and cannot be read."), name));
      return g_steal_pointer (&judgement);
    case PHOTO_PROBLEM_VARIANT:
      set_refused (judgement, g_strdup_printf (_("The %s file is of a kind that cannot be read. Save it again as an ordinary JPEG or PNG."), name));
      return g_steal_pointer (&judgement);
    case PHOTO_PROBLEM_READ_ERROR:
    default:
      set_refused (judgement, g_strdup (_("The file could not be read.")));
      return g_steal_pointer (&judgement);
    }

  /* Before the truncation: a bare header claiming a huge size is cut short
   * too, but its size is the better thing to tell. */
  max_pixels = header->kind == PHOTO_KIND_JPEG ? PLUMB_PHOTO_MAX_PIXELS_JPEG : PLUMB_PHOTO_MAX_PIXELS;
  if (pixels > max_pixels)
    {
      set_refused (judgement, g_strdup_printf (_("The picture is %u × %u pixels, too large for a photo: the limit for a %s is %u megapixels."),
                                               judgement->width, judgement->height, name,
                                               (guint) (max_pixels / 1000000)));
      return g_steal_pointer (&judgement);
    }

  if (header->problem == PHOTO_PROBLEM_TRUNCATED)
    {
      set_refused (judgement, g_strdup_printf (_("The %s file is cut short: it may not have finished downloading or copying."), name));
      return g_steal_pointer (&judgement);
    }

  if (judgement->width == judgement->height && judgement->width <= PLUMB_PHOTO_SIZE)
    {
      judgement->verdict = PLUMB_PHOTO_ACCEPTED;
      judgement->reason = g_strdup_printf (_("The picture is %u × %u pixels and will be used as it is."),
                                           judgement->width, judgement->height);
    }
  else if (judgement->width == judgement->height)
    {
      judgement->verdict = PLUMB_PHOTO_NEEDS_CROP;
      judgement->reason = g_strdup_printf (_("The picture is %u × %u pixels and will be scaled down to %u × %u."),
                                           judgement->width, judgement->height,
                                           PLUMB_PHOTO_SIZE, PLUMB_PHOTO_SIZE);
    }
  else if (MIN (judgement->width, judgement->height) > PLUMB_PHOTO_SIZE)
    {
      judgement->verdict = PLUMB_PHOTO_NEEDS_CROP;
      judgement->reason = g_strdup_printf (_("The picture is %u × %u pixels and not square: a square part of it will be used, scaled down to %u × %u."),
                                           judgement->width, judgement->height,
                                           PLUMB_PHOTO_SIZE, PLUMB_PHOTO_SIZE);
    }
  else
    {
      judgement->verdict = PLUMB_PHOTO_NEEDS_CROP;
      judgement->reason = g_strdup_printf (_("The picture is %u × %u pixels and not square: a square part of it will be used."),
                                           judgement->width, judgement->height);
    }

  frames = frames_sentence (header);
  if (frames != NULL)
    {
      char *reason = g_strdup_printf ("%s %s", judgement->reason, frames);

      g_free (judgement->reason);
      judgement->reason = reason;
    }

  return g_steal_pointer (&judgement);
}

/* Only the kind is read from a file over the byte cap: walking a huge file
 * to find it is cut short would cost what the cap is there to save. */
static PlumbPhotoJudgement *
judge_reader (PlumbPhotoReader  *reader,
              GError           **error)
{
  PhotoHeader header;

  if (reader->size > PLUMB_PHOTO_MAX_BYTES)
    {
      memset (&header, 0, sizeof header);
      header.kind = plumb_photo_sniff (reader);
      header.orientation = 1;
    }
  else
    {
      plumb_photo_read_header (reader, &header);
    }

  if (reader->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return NULL;
    }

  return plumb_photo_judgement_new (&header, reader->size);
}

/**
 * plumb_photo_judge_bytes:
 * @bytes: a whole file
 *
 * Returns: (transfer full): the verdict; never %NULL.
 */
PlumbPhotoJudgement *
plumb_photo_judge_bytes (GBytes *bytes)
{
  PlumbPhotoReader reader;
  PlumbPhotoJudgement *judgement;

  g_return_val_if_fail (bytes != NULL, NULL);

  plumb_photo_reader_init_bytes (&reader, bytes);
  judgement = judge_reader (&reader, NULL);
  plumb_photo_reader_clear (&reader);

  return judgement;
}

/**
 * plumb_photo_judge_file:
 *
 * Reads the headers and the tail of @file, not its pixels. Blocks: call it
 * from a thread, or use plumb_photo_judge_file_async().
 *
 * Returns: (transfer full): the verdict, or %NULL with @error set when the
 *   file cannot be read at all (a refusal is a verdict, not an error).
 */
PlumbPhotoJudgement *
plumb_photo_judge_file (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  PlumbPhotoReader reader;
  PlumbPhotoJudgement *judgement;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, error);
  if (info == NULL)
    return NULL;

  plumb_photo_reader_init_stream (&reader, G_INPUT_STREAM (stream), g_file_info_get_size (info), cancellable);
  judgement = judge_reader (&reader, error);
  plumb_photo_reader_clear (&reader);

  return judgement;
}

typedef struct
{
  GFile  *file;
  GBytes *bytes;
} JudgeData;

static void
judge_data_free (JudgeData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

static void
judge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  JudgeData *data = task_data;
  GError *error = NULL;
  PlumbPhotoJudgement *judgement;

  if (data->file != NULL)
    judgement = plumb_photo_judge_file (data->file, cancellable, &error);
  else
    judgement = plumb_photo_judge_bytes (data->bytes);

  if (judgement == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, judgement, (GDestroyNotify) plumb_photo_judgement_free);
}

static void
judge_async (JudgeData           *data,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, judge_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, data, (GDestroyNotify) judge_data_free);
  g_task_run_in_thread (task, judge_thread);
}

void
plumb_photo_judge_file_async (GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  JudgeData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (JudgeData, 1);
  data->file = g_object_ref (file);
  judge_async (data, cancellable, callback, user_data);
}

void
plumb_photo_judge_bytes_async (GBytes              *bytes,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  JudgeData *data;

  g_return_if_fail (bytes != NULL);

  data = g_new0 (JudgeData, 1);
  data->bytes = g_bytes_ref (bytes);
  judge_async (data, cancellable, callback, user_data);
}

/**
 * plumb_photo_judge_finish:
 *
 * Returns: (transfer full): the verdict, or %NULL with @error set.
 */
PlumbPhotoJudgement *
plumb_photo_judge_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == judge_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
