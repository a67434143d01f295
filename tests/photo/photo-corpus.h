/* photo-corpus.h: pictures the photo tests make for themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

typedef struct
{
  guint8 r, g, b;
} Colour;

extern const Colour RED, GREEN, BLUE, WHITE;

/* A picture of one colour with a rectangle of another. */
GdkPixbuf  *corpus_pixbuf          (int           width,
                                    int           height,
                                    Colour        background,
                                    int           x,
                                    int           y,
                                    int           w,
                                    int           h,
                                    Colour        foreground);
GdkPixbuf  *corpus_solid           (int           width,
                                    int           height,
                                    Colour        colour);
GBytes     *corpus_save            (GdkPixbuf    *pixbuf,
                                    const char   *type);
char       *corpus_write           (const char   *dir,
                                    const char   *name,
                                    GBytes       *bytes);

GBytes     *corpus_gif             (int           width,
                                    int           height,
                                    const Colour *frame_colours,
                                    guint         n_frames);
GBytes     *corpus_jpeg_with_exif  (GBytes       *jpeg,
                                    guint         orientation,
                                    gboolean      with_gps);
GBytes     *corpus_png_header_only (guint32       width,
                                    guint32       height);
GBytes     *corpus_bmp_header_only (gint32        width,
                                    gint32        height);
GBytes     *corpus_jpeg_sof_only   (guint16       width,
                                    guint16       height);

/* Runs a tool named by an environment variable that meson sets; fails the
 * test, naming the Debian package, when it is missing or fails. */
gboolean    corpus_run_tool        (const char   *env_var,
                                    const char   *package,
                                    gboolean      fail_if_missing,
                                    const char  **args);

GdkPixbuf  *corpus_decode          (GBytes       *bytes);
gboolean    corpus_colour_near     (GdkPixbuf    *pixbuf,
                                    int           x,
                                    int           y,
                                    Colour        colour,
                                    int           tolerance);
gboolean    corpus_contains        (GBytes       *bytes,
                                    const char   *needle);
char       *corpus_png_chunk_list  (GBytes       *png);
guint       corpus_jpeg_components (GBytes       *jpeg);

G_END_DECLS
