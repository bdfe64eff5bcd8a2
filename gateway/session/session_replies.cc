#include "gateway/session/session_replies.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/logging.h"

namespace samen::gateway::session {
namespace {

namespace http = boost::beast::http;

void AppendString(absl::string_view value, std::string* out) {
  out->push_back('"');
  log::AppendJsonEscaped(value, out);
  out->push_back('"');
}

std::string TimeText(const google::protobuf::Timestamp& time) {
  return google::protobuf::util::TimeUtil::ToString(time);
}

}  // namespace

Reply Redirect(unsigned status, const std::string& location,
               std::string route) {
  Reply reply(MakeResponse(status, "", ""), std::move(route));
  reply.response.set(http::field::location, location);
  reply.response.set(http::field::cache_control, "no-store");
  return reply;
}

Reply LogoutJson(const std::string& next, std::string route) {
  std::string body = "{\"logoutUrl\":";
  AppendString(next, &body);
  body.push_back('}');
  Reply reply(MakeResponse(200, "application/json; charset=utf-8", body),
              std::move(route));
  reply.response.set(http::field::cache_control, "no-store");
  return reply;
}

int SignInFailureStatus(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
      return 400;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    default:
      return 502;
  }
}

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&#39;");
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

Reply SignInErrorPage(int status, absl::string_view message,
                      std::string route) {
  const std::string body = absl::StrCat(
      "<!doctype html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\"><title>Aanmelden mislukt - Samen</title></head>\n"
      "<body>\n<h1>Aanmelden is niet gelukt</h1>\n<p>",
      HtmlEscape(message.empty() ? "Er ging iets mis bij het aanmelden."
                                 : message),
      "</p>\n<p><a href=\"/auth/login\">Probeer opnieuw aan te melden</a></p>"
      "\n</body>\n</html>\n");
  Reply reply(MakeResponse(static_cast<unsigned>(status),
                           "text/html; charset=utf-8", body),
              std::move(route));
  reply.response.set(http::field::cache_control, "no-store");
  return reply;
}

Reply SignInFailurePage(const grpc::Status& status, std::string route) {
  const grpc::StatusCode code = status.error_code();
  const bool unreachable = code == grpc::StatusCode::UNAVAILABLE ||
                           code == grpc::StatusCode::DEADLINE_EXCEEDED ||
                           code == grpc::StatusCode::CANCELLED;
  return SignInErrorPage(
      SignInFailureStatus(code),
      unreachable ? "Samen kan de aanmelding nu niet afhandelen. Probeer het "
                    "over een paar minuten opnieuw."
                  : status.error_message(),
      std::move(route));
}

std::string SafeReturnPath(absl::string_view return_to) {
  if (return_to.empty() || return_to[0] != '/' ||
      (return_to.size() > 1 && (return_to[1] == '/' || return_to[1] == '\\'))) {
    return "/";
  }
  for (const char c : return_to) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return "/";
    }
  }
  return std::string(return_to);
}

std::string SessionJson(const identity::v1::ResumeSessionResponse& session) {
  std::string out = "{\"person\":";
  AppendString(session.person(), &out);
  out.append(",\"displayName\":");
  AppendString(session.display_name(), &out);
  out.append(",\"grants\":[");
  for (int i = 0; i < session.grants_size(); ++i) {
    if (i > 0) {
      out.push_back(',');
    }
    AppendString(session.grants(i), &out);
  }
  out.append("],\"csrfToken\":");
  AppendString(session.csrf_token(), &out);
  out.append(",\"expireTime\":");
  AppendString(TimeText(session.expire_time()), &out);
  out.append(",\"idleExpireTime\":");
  AppendString(TimeText(session.idle_expire_time()), &out);
  out.push_back('}');
  return out;
}

}  // namespace samen::gateway::session
