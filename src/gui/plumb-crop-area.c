/* plumb-crop-area.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The square is kept in the full picture's coordinates, so that what is
 * shown (a smaller preview, scaled again to the widget) never rounds the
 * crop that is sent. Drag inside to move, drag a corner to resize; arrow
 * keys move, + and - resize.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-crop-area.h"

#define HANDLE_SIZE   12.0
#define HANDLE_REACH  18.0
/* The smallest square, as a part of the picture's short side. */
#define MIN_PART      0.1

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_RESIZE,
} DragMode;

struct _PlumbCropArea
{
  GtkWidget     parent_instance;

  GdkPaintable *preview;
  double        full_width;
  double        full_height;
  double        x, y, size;      /* the square, full picture coordinates */

  DragMode      mode;
  double        start_x, start_y, start_size;
  double        anchor_x, anchor_y;  /* the corner that stays during a resize */
  double        sign_x, sign_y;      /* where the dragged corner is from the anchor */
};

G_DEFINE_FINAL_TYPE (PlumbCropArea, plumb_crop_area, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CROP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
plumb_crop_area_new (void)
{
  return g_object_new (PLUMB_TYPE_CROP_AREA, NULL);
}

static double
min_size (PlumbCropArea *self)
{
  return MAX (1.0, floor (MIN (self->full_width, self->full_height) * MIN_PART));
}

static double
max_size (PlumbCropArea *self)
{
  return MIN (self->full_width, self->full_height);
}

/* Where the picture is drawn, and its scale from full size. */
static void
get_frame (PlumbCropArea *self,
           double        *ox,
           double        *oy,
           double        *scale)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->full_width <= 0 || self->full_height <= 0)
    {
      *ox = *oy = 0;
      *scale = 1;
      return;
    }
  *scale = MIN (width / self->full_width, height / self->full_height);
  *ox = (width - self->full_width * *scale) / 2;
  *oy = (height - self->full_height * *scale) / 2;
}

static void
changed (PlumbCropArea *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CROP]);
}

static void
clamp_square (PlumbCropArea *self)
{
  self->size = CLAMP (round (self->size), min_size (self), max_size (self));
  self->x = CLAMP (round (self->x), 0, self->full_width - self->size);
  self->y = CLAMP (round (self->y), 0, self->full_height - self->size);
}

void
plumb_crop_area_set_picture (PlumbCropArea *self,
                             GdkPaintable  *preview,
                             guint          width,
                             guint          height)
{
  PlumbPhotoCrop crop;

  g_return_if_fail (PLUMB_IS_CROP_AREA (self));

  g_set_object (&self->preview, preview);
  self->full_width = width;
  self->full_height = height;
  plumb_photo_crop_centred (width, height, &crop);
  self->x = crop.x;
  self->y = crop.y;
  self->size = crop.size;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  changed (self);
}

void
plumb_crop_area_get_crop (PlumbCropArea  *self,
                          PlumbPhotoCrop *crop)
{
  g_return_if_fail (PLUMB_IS_CROP_AREA (self));

  crop->x = (guint) self->x;
  crop->y = (guint) self->y;
  crop->size = (guint) self->size;
}

void
plumb_crop_area_set_crop (PlumbCropArea        *self,
                          const PlumbPhotoCrop *crop)
{
  g_return_if_fail (PLUMB_IS_CROP_AREA (self));

  self->x = crop->x;
  self->y = crop->y;
  self->size = crop->size;
  clamp_square (self);
  changed (self);
}

void
plumb_crop_area_nudge (PlumbCropArea *self,
                       double         dx,
                       double         dy,
                       double         grow)
{
  double step = MAX (1.0, self->size);
  double centre_x = self->x + self->size / 2;
  double centre_y = self->y + self->size / 2;

  g_return_if_fail (PLUMB_IS_CROP_AREA (self));

  if (grow != 0)
    {
      self->size = CLAMP (self->size + grow * step, min_size (self), max_size (self));
      self->x = centre_x - self->size / 2;
      self->y = centre_y - self->size / 2;
    }
  self->x += dx * step;
  self->y += dy * step;
  clamp_square (self);
  changed (self);
}

static void
append_shade (GtkSnapshot *snapshot,
              double       x,
              double       y,
              double       width,
              double       height)
{
  static const GdkRGBA shade = { 0, 0, 0, 0.55 };

  if (width > 0 && height > 0)
    gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
plumb_crop_area_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PlumbCropArea *self = PLUMB_CROP_AREA (widget);
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA edge = { 0, 0, 0, 0.6 };
  double ox, oy, scale, w, h, sx, sy, ss;
  GskRoundedRect outline;
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colours[4] = { white, white, white, white };

  if (self->preview == NULL || self->full_width <= 0)
    return;

  get_frame (self, &ox, &oy, &scale);
  w = self->full_width * scale;
  h = self->full_height * scale;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (ox, oy));
  gdk_paintable_snapshot (self->preview, snapshot, w, h);
  gtk_snapshot_restore (snapshot);

  sx = ox + self->x * scale;
  sy = oy + self->y * scale;
  ss = self->size * scale;
  append_shade (snapshot, ox, oy, w, sy - oy);
  append_shade (snapshot, ox, sy + ss, w, oy + h - sy - ss);
  append_shade (snapshot, ox, sy, sx - ox, ss);
  append_shade (snapshot, sx + ss, sy, ox + w - sx - ss, ss);

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (sx, sy, ss, ss), 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colours);

  for (int corner = 0; corner < 4; corner++)
    {
      double hx = (corner & 1 ? sx + ss : sx) - HANDLE_SIZE / 2;
      double hy = (corner & 2 ? sy + ss : sy) - HANDLE_SIZE / 2;

      gtk_snapshot_append_color (snapshot, &edge, &GRAPHENE_RECT_INIT (hx - 1, hy - 1, HANDLE_SIZE + 2, HANDLE_SIZE + 2));
      gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (hx, hy, HANDLE_SIZE, HANDLE_SIZE));
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };
      GdkRGBA accents[4] = { accent, accent, accent, accent };
      float thin[4] = { 2, 2, 2, 2 };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (sx - 3, sy - 3, ss + 6, ss + 6), 0);
      gtk_snapshot_append_border (snapshot, &outline, thin, accents);
    }
}

static void
plumb_crop_area_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = 160;
  *natural = 320;
}

/* Which corner, if any, is under a point in widget coordinates: 0 top
 * left, 1 top right, 2 bottom left, 3 bottom right, -1 none. */
static int
corner_at (PlumbCropArea *self,
           double         px,
           double         py)
{
  double ox, oy, scale;

  get_frame (self, &ox, &oy, &scale);
  for (int corner = 0; corner < 4; corner++)
    {
      double cx = ox + (self->x + (corner & 1 ? self->size : 0)) * scale;
      double cy = oy + (self->y + (corner & 2 ? self->size : 0)) * scale;

      if (fabs (px - cx) <= HANDLE_REACH && fabs (py - cy) <= HANDLE_REACH)
        return corner;
    }
  return -1;
}

static gboolean
inside (PlumbCropArea *self,
        double         px,
        double         py)
{
  double ox, oy, scale;
  double fx, fy;

  get_frame (self, &ox, &oy, &scale);
  fx = (px - ox) / scale;
  fy = (py - oy) / scale;
  return fx >= self->x && fx <= self->x + self->size && fy >= self->y && fy <= self->y + self->size;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          px,
               double          py,
               PlumbCropArea  *self)
{
  int corner = corner_at (self, px, py);

  self->start_x = self->x;
  self->start_y = self->y;
  self->start_size = self->size;
  if (corner >= 0)
    {
      self->mode = DRAG_RESIZE;
      self->sign_x = corner & 1 ? 1 : -1;
      self->sign_y = corner & 2 ? 1 : -1;
      self->anchor_x = corner & 1 ? self->x : self->x + self->size;
      self->anchor_y = corner & 2 ? self->y : self->y + self->size;
    }
  else if (inside (self, px, py))
    self->mode = DRAG_MOVE;
  else
    {
      self->mode = DRAG_NONE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                PlumbCropArea  *self)
{
  double ox, oy, scale;
  double fdx, fdy;

  get_frame (self, &ox, &oy, &scale);
  fdx = dx / scale;
  fdy = dy / scale;

  if (self->mode == DRAG_MOVE)
    {
      self->x = self->start_x + fdx;
      self->y = self->start_y + fdy;
      clamp_square (self);
      changed (self);
    }
  else if (self->mode == DRAG_RESIZE)
    {
      /* The dragged corner follows the pointer along the square's diagonal. */
      double grow = MAX (fdx * self->sign_x, fdy * self->sign_y);
      double room_x = self->sign_x > 0 ? self->full_width - self->anchor_x : self->anchor_x;
      double room_y = self->sign_y > 0 ? self->full_height - self->anchor_y : self->anchor_y;
      double size = CLAMP (round (self->start_size + grow), min_size (self), MIN (room_x, room_y));

      self->size = size;
      self->x = self->sign_x > 0 ? self->anchor_x : self->anchor_x - size;
      self->y = self->sign_y > 0 ? self->anchor_y : self->anchor_y - size;
      changed (self);
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             PlumbCropArea  *self)
{
  self->mode = DRAG_NONE;
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    px,
           double                    py,
           PlumbCropArea            *self)
{
  int corner = corner_at (self, px, py);
  const char *cursor = NULL;

  if (corner == 0 || corner == 3)
    cursor = "nwse-resize";
  else if (corner == 1 || corner == 2)
    cursor = "nesw-resize";
  else if (inside (self, px, py))
    cursor = "move";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PlumbCropArea         *self)
{
  double step = state & GDK_SHIFT_MASK ? 0.25 : 0.05;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      plumb_crop_area_nudge (self, -step, 0, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      plumb_crop_area_nudge (self, step, 0, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      plumb_crop_area_nudge (self, 0, -step, 0);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      plumb_crop_area_nudge (self, 0, step, 0);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      plumb_crop_area_nudge (self, 0, 0, step);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      plumb_crop_area_nudge (self, 0, 0, -step);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
plumb_crop_area_dispose (GObject *object)
{
  PlumbCropArea *self = PLUMB_CROP_AREA (object);

  g_clear_object (&self->preview);

  G_OBJECT_CLASS (plumb_crop_area_parent_class)->dispose (object);
}

static void
plumb_crop_area_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlumbCropArea *self = PLUMB_CROP_AREA (object);

  switch (prop_id)
    {
    case PROP_CROP:
      g_value_set_pointer (value, self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_crop_area_class_init (PlumbCropAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plumb_crop_area_dispose;
  object_class->get_property = plumb_crop_area_get_property;

  properties[PROP_CROP] = g_param_spec_pointer ("crop", NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->snapshot = plumb_crop_area_snapshot;
  widget_class->measure = plumb_crop_area_measure;

  gtk_widget_class_set_css_name (widget_class, "plumb-crop-area");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
plumb_crop_area_init (PlumbCropArea *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Part of the picture to use"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag the square or its corners; arrow keys move it, plus and minus resize it"),
                                  -1);
}
