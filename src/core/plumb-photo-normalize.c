/* plumb-photo-normalize.c: a square crop of a photo, scaled and re-encoded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-photo-private.h"

/* Fed in pieces so that a cancelled decode stops early. */
#define FEED_CHUNK (1024 * 1024)

typedef struct
{
  int width;
  int height;
} TargetSize;

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  const TargetSize *target = user_data;

  if (target->width > 0 && target->height > 0 &&
      (target->width != width || target->height != height))
    gdk_pixbuf_loader_set_size (loader, target->width, target->height);
}

static gboolean
feed (GdkPixbufLoader  *loader,
      const guint8     *data,
      gsize             len,
      GCancellable     *cancellable,
      GError          **error)
{
  for (gsize done = 0; done < len; )
    {
      gsize n = MIN (len - done, (gsize) FEED_CHUNK);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!gdk_pixbuf_loader_write (loader, data + done, n, error))
        return FALSE;
      done += n;
    }

  return TRUE;
}

static GdkPixbuf *
decode (GBytes             *bytes,
        const PhotoHeader  *header,
        guint               crop_size,
        guint               out_size,
        GCancellable       *cancellable,
        GError            **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  TargetSize target = { 0, 0 };
  const guint8 *data;
  gsize len;
  gboolean ok;
  GdkPixbuf *pixbuf;

  loader = gdk_pixbuf_loader_new_with_type (plumb_photo_kind_loader_type (header->kind), error);
  if (loader == NULL)
    return NULL;

  /* libjpeg decodes at 1/2, 1/4 or 1/8 of the size for almost nothing:
   * take the smallest that still leaves the crop at least out_size wide,
   * asking for exactly that size so the loader does not scale again. */
  if (header->kind == PHOTO_KIND_JPEG)
    {
      guint denom = 8;

      while (denom > 1 && crop_size / denom < out_size)
        denom /= 2;
      if (denom > 1)
        {
          target.width = (header->width + denom - 1) / denom;
          target.height = (header->height + denom - 1) / denom;
        }
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &target);

  data = g_bytes_get_data (bytes, &len);

  /* Only the first frame of a GIF is decoded: the loader would otherwise
   * composite every frame of an animation at full size. */
  if (header->kind == PHOTO_KIND_GIF && header->first_frame_end > 0 && header->first_frame_end < len)
    {
      static const guint8 trailer = 0x3b;

      ok = feed (loader, data, header->first_frame_end, cancellable, &local_error) &&
           feed (loader, &trailer, 1, cancellable, &local_error);
    }
  else
    {
      ok = feed (loader, data, len, cancellable, &local_error);
    }

  /* Always closed, so the loader is not finalized while still open. */
  if (ok)
    ok = gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!ok || pixbuf == NULL)
    {
      if (local_error != NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_UNSUPPORTED,
                     _("The picture is damaged and cannot be read (%s)."),
                     local_error != NULL ? local_error->message : _("no image in the file"));
      return NULL;
    }

  return g_object_ref (pixbuf);
}

static GdkPixbuf *
flatten_on_white (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  GdkPixbuf *flat;

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return g_object_ref (pixbuf);

  flat = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  gdk_pixbuf_fill (flat, 0xffffffff);
  gdk_pixbuf_composite (pixbuf, flat, 0, 0, width, height, 0, 0, 1, 1, GDK_INTERP_NEAREST, 255);

  return flat;
}

static GBytes *
encode (GdkPixbuf         *pixbuf,
        PlumbPhotoOutput   output,
        GError           **error)
{
  g_autoptr(GdkPixbuf) flat = NULL;
  char *buffer = NULL;
  gsize len = 0;
  char *jpeg_keys[] = { (char *) "quality", NULL };
  char *jpeg_values[] = { (char *) "92", NULL };

  /* No option asks for metadata, so none is written: no Exif, no GPS, no
   * text chunks, no colour profile. */
  if (output == PLUMB_PHOTO_OUTPUT_JPEG)
    {
      flat = flatten_on_white (pixbuf);
      if (!gdk_pixbuf_save_to_bufferv (flat, &buffer, &len, "jpeg", jpeg_keys, jpeg_values, error))
        return NULL;
    }
  else
    {
      if (!gdk_pixbuf_save_to_bufferv (pixbuf, &buffer, &len, "png", NULL, NULL, error))
        return NULL;
    }

  return g_bytes_new_take (buffer, len);
}

/* The same verdict as the judge's, so nothing refused is ever decoded. */
static PlumbPhotoJudgement *
judge_for_decoding (GBytes       *bytes,
                    PhotoHeader  *header,
                    GError      **error)
{
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  PlumbPhotoReader reader;

  plumb_photo_reader_init_bytes (&reader, bytes);
  if (reader.size > PLUMB_PHOTO_MAX_BYTES)
    {
      memset (header, 0, sizeof *header);
      header->kind = plumb_photo_sniff (&reader);
      header->orientation = 1;
    }
  else
    {
      plumb_photo_read_header (&reader, header);
    }
  judgement = plumb_photo_judgement_new (header, reader.size);
  plumb_photo_reader_clear (&reader);

  if (judgement->verdict == PLUMB_PHOTO_REFUSED)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_UNSUPPORTED, judgement->reason);
      return NULL;
    }

  return g_steal_pointer (&judgement);
}

static GBytes *
normalize_bytes (GBytes                *bytes,
                 const PlumbPhotoCrop  *crop,
                 PlumbPhotoOutput       output,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GdkPixbuf) square = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  PhotoHeader header;
  PlumbPhotoCrop want;
  guint out_size;
  double fx, fy;
  int dw, dh, cx, cy, cs;

  judgement = judge_for_decoding (bytes, &header, error);
  if (judgement == NULL)
    return NULL;

  if (crop != NULL)
    {
      if (crop->size == 0 ||
          crop->x > judgement->width || crop->size > judgement->width - crop->x ||
          crop->y > judgement->height || crop->size > judgement->height - crop->y)
        {
          g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                       _("The chosen square does not lie inside the %u × %u picture."),
                       judgement->width, judgement->height);
          return NULL;
        }
      want = *crop;
    }
  else
    {
      plumb_photo_crop_centred (judgement->width, judgement->height, &want);
    }

  out_size = MIN (want.size, (guint) PLUMB_PHOTO_SIZE);

  decoded = decode (bytes, &header, want.size, out_size, cancellable, error);
  if (decoded == NULL)
    return NULL;

  oriented = gdk_pixbuf_apply_embedded_orientation (decoded);
  if (oriented == NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_FAILED, _("Not enough memory to turn the picture upright."));
      return NULL;
    }

  /* The crop is in full-size coordinates; the picture may have decoded
   * smaller. Each axis is mapped on its own, and the square stays square. */
  dw = gdk_pixbuf_get_width (oriented);
  dh = gdk_pixbuf_get_height (oriented);
  fx = (double) dw / judgement->width;
  fy = (double) dh / judgement->height;
  cs = MAX (1, (int) (want.size * MIN (fx, fy) + 0.5));
  cs = MIN (cs, MIN (dw, dh));
  cx = CLAMP ((int) (want.x * fx + 0.5), 0, dw - cs);
  cy = CLAMP ((int) (want.y * fy + 0.5), 0, dh - cs);

  square = gdk_pixbuf_new_subpixbuf (oriented, cx, cy, cs, cs);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if ((guint) cs == out_size)
    scaled = g_object_ref (square);
  else
    scaled = gdk_pixbuf_scale_simple (square, out_size, out_size,
                                      (guint) cs <= 4 * out_size ? GDK_INTERP_HYPER : GDK_INTERP_BILINEAR);
  if (scaled == NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_FAILED, _("Not enough memory to scale the picture."));
      return NULL;
    }

  return encode (scaled, output, error);
}

/**
 * plumb_photo_normalize_bytes:
 * @bytes: a whole file
 * @crop: (nullable): a square in the picture as shown, at full size; %NULL
 *   for the largest square in the middle
 *
 * Blocks for as long as decoding takes: call it from a thread, or use
 * plumb_photo_normalize_bytes_async().
 *
 * Returns: (transfer full): the new file's bytes, or %NULL with @error set.
 */
GBytes *
plumb_photo_normalize_bytes (GBytes                *bytes,
                             const PlumbPhotoCrop  *crop,
                             PlumbPhotoOutput       output,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  return normalize_bytes (bytes, crop, output, cancellable, error);
}

GBytes *
plumb_photo_normalize_file (GFile                 *file,
                            const PlumbPhotoCrop  *crop,
                            PlumbPhotoOutput       output,
                            GCancellable          *cancellable,
                            GError               **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  /* A file over the cap is judged from its head, never read whole. */
  if (g_file_info_get_size (info) > PLUMB_PHOTO_MAX_BYTES)
    {
      g_autoptr(PlumbPhotoJudgement) judgement = plumb_photo_judge_file (file, cancellable, error);

      if (judgement == NULL)
        return NULL;
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_UNSUPPORTED, judgement->reason);
      return NULL;
    }

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;

  return normalize_bytes (bytes, crop, output, cancellable, error);
}

typedef struct
{
  GFile            *file;
  GBytes           *bytes;
  PlumbPhotoCrop    crop;
  gboolean          has_crop;
  PlumbPhotoOutput  output;
  guint             max_size;   /* previews only */
} NormalizeData;

static void
normalize_data_free (NormalizeData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

static void
normalize_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  NormalizeData *data = task_data;
  const PlumbPhotoCrop *crop = data->has_crop ? &data->crop : NULL;
  GError *error = NULL;
  GBytes *result;

  if (data->file != NULL)
    result = plumb_photo_normalize_file (data->file, crop, data->output, cancellable, &error);
  else
    result = plumb_photo_normalize_bytes (data->bytes, crop, data->output, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_bytes_unref);
}

static void
normalize_async (NormalizeData        *data,
                 const PlumbPhotoCrop *crop,
                 PlumbPhotoOutput      output,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  if (crop != NULL)
    {
      data->crop = *crop;
      data->has_crop = TRUE;
    }
  data->output = output;

  g_task_set_source_tag (task, normalize_async);
  g_task_set_task_data (task, data, (GDestroyNotify) normalize_data_free);
  g_task_run_in_thread (task, normalize_thread);
}

void
plumb_photo_normalize_file_async (GFile                *file,
                                  const PlumbPhotoCrop *crop,
                                  PlumbPhotoOutput      output,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  NormalizeData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (NormalizeData, 1);
  data->file = g_object_ref (file);
  normalize_async (data, crop, output, cancellable, callback, user_data);
}

void
plumb_photo_normalize_bytes_async (GBytes               *bytes,
                                   const PlumbPhotoCrop *crop,
                                   PlumbPhotoOutput      output,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  NormalizeData *data;

  g_return_if_fail (bytes != NULL);

  data = g_new0 (NormalizeData, 1);
  data->bytes = g_bytes_ref (bytes);
  normalize_async (data, crop, output, cancellable, callback, user_data);
}

/**
 * plumb_photo_normalize_finish:
 *
 * Returns: (transfer full): the new file's bytes, or %NULL with @error set.
 */
GBytes *
plumb_photo_normalize_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == normalize_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * plumb_photo_load_preview:
 * @bytes: a whole file
 * @max_size: the longest side wanted
 *
 * The picture as shown (EXIF orientation applied, first frame), scaled down
 * to fit @max_size, for a cropper to draw. A crop chosen on it maps to the
 * full-size picture by the judgement's width and height. Blocks: call it
 * from a thread, or use plumb_photo_load_preview_async().
 *
 * Returns: (transfer full): the picture, or %NULL with @error set.
 */
GdkPixbuf *
plumb_photo_load_preview (GBytes        *bytes,
                          guint          max_size,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  PhotoHeader header;
  guint longest;
  int width, height;
  double scale;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (max_size > 0, NULL);

  judgement = judge_for_decoding (bytes, &header, error);
  if (judgement == NULL)
    return NULL;

  longest = MAX (judgement->width, judgement->height);
  decoded = decode (bytes, &header, longest, MIN (longest, max_size), cancellable, error);
  if (decoded == NULL)
    return NULL;

  oriented = gdk_pixbuf_apply_embedded_orientation (decoded);
  width = gdk_pixbuf_get_width (oriented);
  height = gdk_pixbuf_get_height (oriented);
  if ((guint) MAX (width, height) <= max_size)
    return g_steal_pointer (&oriented);

  scale = (double) max_size / MAX (width, height);

  return gdk_pixbuf_scale_simple (oriented,
                                  MAX (1, (int) (width * scale + 0.5)),
                                  MAX (1, (int) (height * scale + 0.5)),
                                  GDK_INTERP_BILINEAR);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  NormalizeData *data = task_data;
  GError *error = NULL;
  GdkPixbuf *pixbuf = plumb_photo_load_preview (data->bytes, data->max_size, cancellable, &error);

  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

void
plumb_photo_load_preview_async (GBytes              *bytes,
                                guint                max_size,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NormalizeData *data;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (max_size > 0);

  data = g_new0 (NormalizeData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->max_size = max_size;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_photo_load_preview_async);
  g_task_set_task_data (task, data, (GDestroyNotify) normalize_data_free);
  g_task_run_in_thread (task, preview_thread);
}

/**
 * plumb_photo_load_preview_finish:
 *
 * Returns: (transfer full): the picture, or %NULL with @error set.
 */
GdkPixbuf *
plumb_photo_load_preview_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plumb_photo_load_preview_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
