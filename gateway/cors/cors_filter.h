#pragma once

// The CORS filter: answers preflights (OPTIONS with Origin and
// Access-Control-Request-Method on a path the API serves) before any other
// check, and puts the CORS headers on every reply on the way out.

#include "gateway/cors/cors.h"
#include "gateway/filter.h"

namespace samen::gateway {

// `options` should have passed Cors::Validate().
FilterFactory CorsFilter(CorsOptions options);

}  // namespace samen::gateway
