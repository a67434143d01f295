/* plumb-sandbox.c: the sandbox server object and its thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "plumb-sandbox.h"
#include "plumb-sandbox-private.h"

struct _PlumbSandbox
{
  GObject       parent_instance;

  guint         users;
  guint64       seed;
  char         *state_file;
  guint         rate_limit;
  guint         token_lifetime;

  GThread      *thread;
  GMainLoop    *loop;
  guint         port;
  char         *url;

  /* Held for the whole of a start or a stop, so a stop called from another
   * thread while the server is still starting waits for it, then stops it. */
  GMutex        life_lock;

  /* Start-up hand-over from the server thread */
  GMutex        lock;
  GCond         cond;
  gboolean      started;
  GError       *start_error;
};

G_DEFINE_FINAL_TYPE (PlumbSandbox, plumb_sandbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USERS,
  PROP_SEED,
  PROP_STATE_FILE,
  PROP_RATE_LIMIT,
  PROP_TOKEN_LIFETIME,
  PROP_PORT,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  PlumbSandbox *self;
  guint         port;
} StartData;

static gpointer
server_thread (gpointer data)
{
  StartData *start = data;
  PlumbSandbox *self = start->self;
  g_autoptr(GMainContext) context = g_main_context_new ();
  PlumbSandboxState *state = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (context);

  state = plumb_sandbox_state_new (self->users, self->seed, self->state_file,
                                   self->rate_limit, self->token_lifetime, &error);
  if (state != NULL && !plumb_sandbox_state_listen (state, start->port, &error))
    g_clear_pointer (&state, plumb_sandbox_state_free);

  g_mutex_lock (&self->lock);
  if (state != NULL)
    {
      self->loop = g_main_loop_new (context, FALSE);
      self->url = g_strdup (state->base_url);
      self->port = (guint) g_ascii_strtoull (strrchr (state->base_url, ':') + 1, NULL, 10);
    }
  self->start_error = error;
  self->started = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (state != NULL)
    {
      g_main_loop_run (self->loop);
      plumb_sandbox_state_free (state);
      /* Let sources that closed with the server finish their work. */
      while (g_main_context_iteration (context, FALSE))
        ;
    }

  g_main_context_pop_thread_default (context);
  g_free (start);
  return NULL;
}

gboolean
plumb_sandbox_start (PlumbSandbox  *self,
                     guint          port,
                     GError       **error)
{
  StartData *start;

  g_return_val_if_fail (PLUMB_IS_SANDBOX (self), FALSE);

  g_mutex_lock (&self->life_lock);
  if (self->thread != NULL)
    {
      g_mutex_unlock (&self->life_lock);
      g_return_val_if_reached (FALSE);
    }

  start = g_new0 (StartData, 1);
  start->self = self;
  start->port = port;
  self->started = FALSE;
  self->thread = g_thread_new ("plumb-sandbox", server_thread, start);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_mutex_unlock (&self->life_lock);
      return FALSE;
    }
  g_mutex_unlock (&self->life_lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  return TRUE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
plumb_sandbox_stop (PlumbSandbox *self)
{
  g_return_if_fail (PLUMB_IS_SANDBOX (self));

  g_mutex_lock (&self->life_lock);
  if (self->thread != NULL)
    {
      g_main_context_invoke (g_main_loop_get_context (self->loop), quit_cb, self->loop);
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->url, g_free);
      self->port = 0;
    }
  g_mutex_unlock (&self->life_lock);
}

guint
plumb_sandbox_get_port (PlumbSandbox *self)
{
  g_return_val_if_fail (PLUMB_IS_SANDBOX (self), 0);

  return self->port;
}

const char *
plumb_sandbox_get_url (PlumbSandbox *self)
{
  g_return_val_if_fail (PLUMB_IS_SANDBOX (self), NULL);

  return self->url;
}

PlumbSandbox *
plumb_sandbox_new (void)
{
  return g_object_new (PLUMB_TYPE_SANDBOX, NULL);
}

static void
plumb_sandbox_dispose (GObject *object)
{
  plumb_sandbox_stop (PLUMB_SANDBOX (object));

  G_OBJECT_CLASS (plumb_sandbox_parent_class)->dispose (object);
}

static void
plumb_sandbox_finalize (GObject *object)
{
  PlumbSandbox *self = PLUMB_SANDBOX (object);

  g_free (self->state_file);
  g_mutex_clear (&self->life_lock);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (plumb_sandbox_parent_class)->finalize (object);
}

static void
plumb_sandbox_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlumbSandbox *self = PLUMB_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_USERS:
      g_value_set_uint (value, self->users);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_STATE_FILE:
      g_value_set_string (value, self->state_file);
      break;
    case PROP_RATE_LIMIT:
      g_value_set_uint (value, self->rate_limit);
      break;
    case PROP_TOKEN_LIFETIME:
      g_value_set_uint (value, self->token_lifetime);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_sandbox_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlumbSandbox *self = PLUMB_SANDBOX (object);

  /* Read by the server thread when it starts; changing them later would
   * race with it. */
  if (self->thread != NULL)
    {
      g_warning ("PlumbSandbox:%s can only be set before the server starts", pspec->name);
      return;
    }

  switch (prop_id)
    {
    case PROP_USERS:
      self->users = g_value_get_uint (value);
      break;
    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;
    case PROP_STATE_FILE:
      g_free (self->state_file);
      self->state_file = g_value_dup_string (value);
      break;
    case PROP_RATE_LIMIT:
      self->rate_limit = g_value_get_uint (value);
      break;
    case PROP_TOKEN_LIFETIME:
      self->token_lifetime = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static void
plumb_sandbox_class_init (PlumbSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plumb_sandbox_dispose;
  object_class->finalize = plumb_sandbox_finalize;
  object_class->get_property = plumb_sandbox_get_property;
  object_class->set_property = plumb_sandbox_set_property;

  properties[PROP_USERS] =
    g_param_spec_uint ("users", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_FILE] =
    g_param_spec_string ("state-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE_LIMIT] =
    g_param_spec_uint ("rate-limit", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_LIFETIME] =
    g_param_spec_uint ("token-lifetime", NULL, NULL, 1, G_MAXUINT, 5400,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plumb_sandbox_init (PlumbSandbox *self)
{
  self->seed = 1;
  self->token_lifetime = 5400;
  g_mutex_init (&self->life_lock);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}
