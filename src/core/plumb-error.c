/* plumb-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-error.h"

G_DEFINE_QUARK (plumb-error-quark, plumb_error)

const char *
plumb_error_code_to_string (PlumbErrorCode code)
{
  switch (code)
    {
    case PLUMB_ERROR_FAILED:         return "failed";
    case PLUMB_ERROR_INVALID_INPUT:  return "invalid-input";
    case PLUMB_ERROR_INSECURE_URL:   return "insecure-url";
    case PLUMB_ERROR_NETWORK:        return "network";
    case PLUMB_ERROR_UNAUTHORIZED:   return "unauthorized";
    case PLUMB_ERROR_FORBIDDEN:      return "forbidden";
    case PLUMB_ERROR_NOT_FOUND:      return "not-found";
    case PLUMB_ERROR_CONFLICT:       return "conflict";
    case PLUMB_ERROR_VALIDATION:     return "validation";
    case PLUMB_ERROR_RATE_LIMITED:   return "rate-limited";
    case PLUMB_ERROR_SERVER:         return "server";
    case PLUMB_ERROR_BAD_RESPONSE:   return "bad-response";
    case PLUMB_ERROR_NOT_SIGNED_IN:  return "not-signed-in";
    case PLUMB_ERROR_STATE_MISMATCH: return "state-mismatch";
    case PLUMB_ERROR_UNSUPPORTED:    return "unsupported";
    case PLUMB_ERROR_STORE:          return "store";
    default:                         return "unknown";
    }
}
