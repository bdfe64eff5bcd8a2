#pragma once

// Edge authentication: bearer tokens checked at the gateway, so a request
// without a valid one is refused before it costs a backend call.
//
// Two filters, because the check and the refusal sit on either side of the
// rate limit: AuthenticateFilter verifies the token (the subject becomes the
// rate-limit key) and RequireTokenFilter refuses the request afterwards with
// 401 + WWW-Authenticate (RFC 6750), so a caller sending bad tokens is limited
// like any anonymous one. A route whose RPC has (samen.api.anonymous_access)
// goes on without a token; a token that is sent still counts. Without a
// verifier neither does anything: the backends check tokens alone.

#include <string>

#include "absl/strings/string_view.h"
#include "gateway/filter.h"
#include "services/common/auth/auth.h"

namespace samen::gateway {

// `verifier` may be null; else it must outlive the filters.
FilterFactory AuthenticateFilter(const auth::TokenVerifier* verifier);
FilterFactory RequireTokenFilter();

// 401 with WWW-Authenticate: `missing` token, or an invalid one (`why`).
Reply UnauthenticatedReply(const RequestContext& context, std::string route,
                           bool missing, absl::string_view why);

}  // namespace samen::gateway
