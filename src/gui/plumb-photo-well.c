/* plumb-photo-well.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A picture is judged from its headers first, off the UI thread; a refused
 * one is never decoded. One that fits is re-encoded as it is; a larger or
 * non-square one goes through the crop step. Each new picture cancels the
 * work on the one before.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-crop-area.h"
#include "plumb-photo.h"
#include "plumb-photo-well.h"

#define PREVIEW_SIZE 1024
#define AVATAR_SIZE  192

struct _PlumbPhotoWell
{
  GtkWidget             parent_instance;

  GCancellable         *cancellable;     /* the current picture's work */
  GtkDropTarget        *drop_target;
  GtkFileChooserNative *chooser;
  char                 *state;
  char                 *verdict;
  GBytes               *source;          /* the picture being cropped */
  PlumbPhotoJudgement  *judgement;
  GBytes               *photo;           /* the new photo, normalized */
  char                 *photo_type;
  gboolean              remove;
  gboolean              has_current;

  /* Template widgets */
  GtkStack             *stack;
  GtkWidget            *well;
  AdwAvatar            *current_avatar;
  AdwAvatar            *new_avatar;
  GtkWidget            *new_box;
  GtkLabel             *new_caption;
  GtkWidget            *arrow;
  GtkWidget            *verdict_box;
  GtkImage             *verdict_icon;
  GtkLabel             *verdict_label;
  GtkSpinner           *spinner;
  GtkLabel             *crop_label;
  PlumbCropArea        *crop_area;
  GtkWidget            *remove_button;
  GtkWidget            *undo_button;
};

G_DEFINE_FINAL_TYPE (PlumbPhotoWell, plumb_photo_well, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATE,
  PROP_HAS_CHANGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
plumb_photo_well_new (void)
{
  return g_object_new (PLUMB_TYPE_PHOTO_WELL, NULL);
}

static void
update_actions (PlumbPhotoWell *self)
{
  gboolean can_remove = !self->remove && (self->has_current || self->photo != NULL);
  gboolean can_reset = self->remove || self->photo != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "well.remove", can_remove);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "well.reset", can_reset);
  /* Only what can be done is offered, so the row fits a narrow window. */
  gtk_widget_set_visible (self->remove_button, can_remove);
  gtk_widget_set_visible (self->undo_button, can_reset);
}

static void
set_state (PlumbPhotoWell *self,
           const char     *state,
           const char     *verdict,
           const char     *icon)
{
  gboolean had_change = plumb_photo_well_get_has_change (self);

  g_free (self->state);
  self->state = g_strdup (state);
  if (verdict != self->verdict)
    {
      g_free (self->verdict);
      self->verdict = g_strdup (verdict);
    }

  gtk_widget_set_visible (self->verdict_box, verdict != NULL);
  gtk_label_set_label (self->verdict_label, verdict != NULL ? verdict : "");
  gtk_image_set_from_icon_name (self->verdict_icon, icon);
  gtk_widget_remove_css_class (self->verdict_box, "error");
  gtk_widget_remove_css_class (self->verdict_box, "success");
  if (g_str_equal (state, "refused"))
    gtk_widget_add_css_class (self->verdict_box, "error");
  else if (g_str_equal (state, "accepted"))
    gtk_widget_add_css_class (self->verdict_box, "success");

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), g_str_equal (state, "checking"));
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "checking"));
  gtk_stack_set_visible_child_name (self->stack, g_str_equal (state, "crop") ? "crop" : "well");

  gtk_widget_set_visible (self->new_box, self->photo != NULL || self->remove);
  gtk_widget_set_visible (self->arrow, self->photo != NULL || self->remove);
  gtk_label_set_label (self->new_caption, self->remove ? _("Removed") : _("New"));
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (had_change != plumb_photo_well_get_has_change (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CHANGE]);
}

static void
restart (PlumbPhotoWell *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->source, g_bytes_unref);
  g_clear_pointer (&self->judgement, plumb_photo_judgement_free);
}

static void
refuse (PlumbPhotoWell *self,
        const char     *reason)
{
  set_state (self, "refused", reason, "dialog-error-symbolic");
}

static void
new_avatar_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PlumbPhotoWell *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = plumb_photo_load_preview_finish (result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pixbuf != NULL)
    texture = gdk_texture_new_for_pixbuf (pixbuf);
  adw_avatar_set_custom_image (self->new_avatar, GDK_PAINTABLE (texture));
}

static void
normalized_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PlumbPhotoWell *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = plumb_photo_normalize_finish (result, &error);
  g_autofree char *verdict = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (photo == NULL)
    {
      refuse (self, error->message);
      return;
    }

  g_clear_pointer (&self->photo, g_bytes_unref);
  self->photo = g_bytes_ref (photo);
  self->remove = FALSE;
  plumb_photo_load_preview_async (photo, AVATAR_SIZE, self->cancellable, new_avatar_cb, self);
  if (self->judgement != NULL && self->judgement->verdict == PLUMB_PHOTO_ACCEPTED)
    verdict = g_strdup (self->judgement->reason);
  else
    verdict = g_strdup (_("Cropped and scaled to 300 × 300 pixels. It is sent when you click Update."));
  set_state (self, "accepted", verdict, "emblem-ok-symbolic");
}

static void
crop_preview_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlumbPhotoWell *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = plumb_photo_load_preview_finish (result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pixbuf == NULL)
    {
      refuse (self, error->message);
      return;
    }
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  plumb_crop_area_set_picture (self->crop_area, GDK_PAINTABLE (texture),
                               self->judgement->width, self->judgement->height);
  gtk_label_set_label (self->crop_label, self->judgement->reason);
  set_state (self, "crop", self->judgement->reason, "image-x-generic-symbolic");
  gtk_widget_grab_focus (GTK_WIDGET (self->crop_area));
}

static PlumbPhotoOutput
output_for (PlumbPhotoJudgement *judgement)
{
  /* Keep what may be transparent as PNG; photographs go as JPEG. */
  if (g_strcmp0 (judgement->format, "png") == 0 || g_strcmp0 (judgement->format, "gif") == 0)
    return PLUMB_PHOTO_OUTPUT_PNG;
  return PLUMB_PHOTO_OUTPUT_JPEG;
}

static void
judged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PlumbPhotoWell *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement = plumb_photo_judge_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (judgement == NULL)
    {
      refuse (self, error->message);
      return;
    }
  if (judgement->verdict == PLUMB_PHOTO_REFUSED)
    {
      refuse (self, judgement->reason);
      return;
    }
  g_clear_pointer (&self->judgement, plumb_photo_judgement_free);
  self->judgement = g_steal_pointer (&judgement);
  g_free (self->photo_type);
  self->photo_type = g_strdup (output_for (self->judgement) == PLUMB_PHOTO_OUTPUT_PNG ? "image/png" : "image/jpeg");

  if (self->judgement->verdict == PLUMB_PHOTO_ACCEPTED)
    plumb_photo_normalize_bytes_async (self->source, NULL, output_for (self->judgement), self->cancellable,
                                       normalized_cb, self);
  else
    plumb_photo_load_preview_async (self->source, PREVIEW_SIZE, self->cancellable, crop_preview_cb, self);
}

void
plumb_photo_well_take_bytes (PlumbPhotoWell *self,
                             GBytes         *bytes)
{
  g_return_if_fail (PLUMB_IS_PHOTO_WELL (self));
  g_return_if_fail (bytes != NULL);

  restart (self);
  self->source = g_bytes_ref (bytes);
  set_state (self, "checking", _("Checking the picture…"), NULL);
  plumb_photo_judge_bytes_async (bytes, self->cancellable, judged_cb, self);
}

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PlumbPhotoWell *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      refuse (self, error->message);
      return;
    }
  plumb_photo_well_take_bytes (self, bytes);
}

static void
file_judged_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PlumbPhotoWell *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbPhotoJudgement) judgement = plumb_photo_judge_finish (result, &error);
  GFile *file = g_object_get_data (G_OBJECT (self), "plumb-file");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (judgement == NULL)
    {
      refuse (self, error->message);
      return;
    }
  /* A refused file is never read whole. */
  if (judgement->verdict == PLUMB_PHOTO_REFUSED)
    {
      refuse (self, judgement->reason);
      return;
    }
  g_file_load_bytes_async (file, self->cancellable, file_loaded_cb, self);
}

void
plumb_photo_well_take_file (PlumbPhotoWell *self,
                            GFile          *file)
{
  g_return_if_fail (PLUMB_IS_PHOTO_WELL (self));
  g_return_if_fail (G_IS_FILE (file));

  restart (self);
  set_state (self, "checking", _("Checking the picture…"), NULL);
  /* Kept for reading the file whole once its headers pass. */
  g_object_set_data_full (G_OBJECT (self), "plumb-file", g_object_ref (file), g_object_unref);
  plumb_photo_judge_file_async (file, self->cancellable, file_judged_cb, self);
}

void
plumb_photo_well_take_texture (PlumbPhotoWell *self,
                               GdkTexture     *texture)
{
  g_autoptr(GBytes) png = NULL;

  g_return_if_fail (PLUMB_IS_PHOTO_WELL (self));

  png = gdk_texture_save_to_png_bytes (texture);
  plumb_photo_well_take_bytes (self, png);
}

void
plumb_photo_well_reset (PlumbPhotoWell *self)
{
  g_return_if_fail (PLUMB_IS_PHOTO_WELL (self));

  restart (self);
  g_clear_pointer (&self->photo, g_bytes_unref);
  self->remove = FALSE;
  adw_avatar_set_custom_image (self->new_avatar, NULL);
  set_state (self, "current", NULL, NULL);
}

void
plumb_photo_well_set_name (PlumbPhotoWell *self,
                           const char     *name)
{
  g_return_if_fail (PLUMB_IS_PHOTO_WELL (self));

  adw_avatar_set_text (self->current_avatar, name);
  adw_avatar_set_text (self->new_avatar, name);
}

void
plumb_photo_well_set_current (PlumbPhotoWell *self,
                              GdkPaintable   *photo,
                              gboolean        has_photo)
{
  g_return_if_fail (PLUMB_IS_PHOTO_WELL (self));

  self->has_current = has_photo;
  adw_avatar_set_custom_image (self->current_avatar, photo);
  update_actions (self);
}

const char *
plumb_photo_well_get_state (PlumbPhotoWell *self)
{
  g_return_val_if_fail (PLUMB_IS_PHOTO_WELL (self), NULL);

  return self->state;
}

gboolean
plumb_photo_well_get_has_change (PlumbPhotoWell *self)
{
  g_return_val_if_fail (PLUMB_IS_PHOTO_WELL (self), FALSE);

  return self->photo != NULL || self->remove;
}

GBytes *
plumb_photo_well_get_photo (PlumbPhotoWell  *self,
                            const char     **content_type)
{
  g_return_val_if_fail (PLUMB_IS_PHOTO_WELL (self), NULL);

  if (content_type != NULL)
    *content_type = self->photo_type;
  return self->photo;
}

gboolean
plumb_photo_well_get_remove (PlumbPhotoWell *self)
{
  g_return_val_if_fail (PLUMB_IS_PHOTO_WELL (self), FALSE);

  return self->remove;
}

const char *
plumb_photo_well_get_verdict (PlumbPhotoWell *self)
{
  g_return_val_if_fail (PLUMB_IS_PHOTO_WELL (self), NULL);

  return self->verdict;
}

GtkDropTarget *
plumb_photo_well_get_drop_target (PlumbPhotoWell *self)
{
  g_return_val_if_fail (PLUMB_IS_PHOTO_WELL (self), NULL);

  return self->drop_target;
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         PlumbPhotoWell *self)
{
  gtk_widget_remove_css_class (self->well, "drop-hover");
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files == NULL)
        return FALSE;
      plumb_photo_well_take_file (self, files->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      plumb_photo_well_take_file (self, g_value_get_object (value));
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      plumb_photo_well_take_texture (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget  *target,
               double          x,
               double          y,
               PlumbPhotoWell *self)
{
  gtk_widget_add_css_class (self->well, "drop-hover");
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget  *target,
               PlumbPhotoWell *self)
{
  gtk_widget_remove_css_class (self->well, "drop-hover");
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     PlumbPhotoWell  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        plumb_photo_well_take_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlumbPhotoWell *self = PLUMB_PHOTO_WELL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  static const char *const types[] = {
    "image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff", NULL
  };

  gtk_file_filter_set_name (filter, _("Pictures"));
  for (guint i = 0; types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, types[i]);

  g_clear_object (&self->chooser);
  /* Through the file chooser portal when the app is sandboxed. */
  self->chooser = gtk_file_chooser_native_new (_("Attach a Profile Photo"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
paste_files_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlumbPhotoWell) self = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, &error);

  if (value == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        refuse (self, _("The clipboard holds no picture. Copy a picture or a picture file, then paste."));
      return;
    }
  drop_cb (NULL, value, 0, 0, self);
}

static void
paste_texture_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlumbPhotoWell) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);

  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        refuse (self, _("The clipboard holds no picture. Copy a picture or a picture file, then paste."));
      return;
    }
  plumb_photo_well_take_texture (self, texture);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlumbPhotoWell *self = PLUMB_PHOTO_WELL (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  /* A copied file is read as the file, so its own format is judged. */
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, self->cancellable,
                                    paste_files_cb, g_object_ref (self));
  else
    gdk_clipboard_read_texture_async (clipboard, self->cancellable, paste_texture_cb, g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlumbPhotoWell *self = PLUMB_PHOTO_WELL (widget);

  restart (self);
  g_clear_pointer (&self->photo, g_bytes_unref);
  self->remove = TRUE;
  adw_avatar_set_custom_image (self->new_avatar, NULL);
  set_state (self, "remove", _("The photo is removed when you click Update."), "user-trash-symbolic");
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  plumb_photo_well_reset (PLUMB_PHOTO_WELL (widget));
}

static void
use_crop_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlumbPhotoWell *self = PLUMB_PHOTO_WELL (widget);
  PlumbPhotoCrop crop;

  if (self->source == NULL || self->judgement == NULL)
    return;
  plumb_crop_area_get_crop (self->crop_area, &crop);
  set_state (self, "checking", _("Cropping the picture…"), NULL);
  plumb_photo_normalize_bytes_async (self->source, &crop, output_for (self->judgement), self->cancellable,
                                     normalized_cb, self);
}

static void
cancel_crop_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlumbPhotoWell *self = PLUMB_PHOTO_WELL (widget);

  restart (self);
  if (self->photo != NULL)
    set_state (self, "accepted", NULL, NULL);
  else if (self->remove)
    set_state (self, "remove", NULL, NULL);
  else
    set_state (self, "current", NULL, NULL);
}

static void
plumb_photo_well_dispose (GObject *object)
{
  PlumbPhotoWell *self = PLUMB_PHOTO_WELL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLUMB_TYPE_PHOTO_WELL);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (plumb_photo_well_parent_class)->dispose (object);
}

static void
plumb_photo_well_finalize (GObject *object)
{
  PlumbPhotoWell *self = PLUMB_PHOTO_WELL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->source, g_bytes_unref);
  g_clear_pointer (&self->photo, g_bytes_unref);
  g_clear_pointer (&self->judgement, plumb_photo_judgement_free);
  g_free (self->photo_type);
  g_free (self->state);
  g_free (self->verdict);

  G_OBJECT_CLASS (plumb_photo_well_parent_class)->finalize (object);
}

static void
plumb_photo_well_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlumbPhotoWell *self = PLUMB_PHOTO_WELL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_HAS_CHANGE:
      g_value_set_boolean (value, plumb_photo_well_get_has_change (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_photo_well_class_init (PlumbPhotoWellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = plumb_photo_well_dispose;
  object_class->finalize = plumb_photo_well_finalize;
  object_class->get_property = plumb_photo_well_get_property;

  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, "current", ro);
  properties[PROP_HAS_CHANGE] = g_param_spec_boolean ("has-change", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plumbline/Plumbline/ui/plumb-photo-well.ui");
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, stack);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, well);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, current_avatar);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, new_avatar);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, new_box);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, new_caption);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, arrow);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, crop_label);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, crop_area);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, remove_button);
  gtk_widget_class_bind_template_child (widget_class, PlumbPhotoWell, undo_button);

  gtk_widget_class_install_action (widget_class, "well.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "well.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "well.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "well.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "well.use-crop", NULL, use_crop_action);
  gtk_widget_class_install_action (widget_class, "well.cancel-crop", NULL, cancel_crop_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "well.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "well.use-crop", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (PLUMB_TYPE_CROP_AREA);
}

static void
plumb_photo_well_init (PlumbPhotoWell *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, GDK_TYPE_TEXTURE };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->state = g_strdup ("current");
  self->cancellable = g_cancellable_new ();

  self->drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (self->drop_target, types, G_N_ELEMENTS (types));
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect (self->drop_target, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect (self->drop_target, "leave", G_CALLBACK (drop_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));

  update_actions (self);
}
