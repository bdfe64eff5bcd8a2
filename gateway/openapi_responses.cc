#include "gateway/openapi_responses.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/field_binding.h"
#include "gateway/problem.h"

namespace samen::gateway::openapi {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

Value Ref(absl::string_view kind, absl::string_view name) {
  Struct ref;
  Put(ref, "$ref", Str(absl::StrCat("#/components/", kind, "/", name)));
  return Obj(std::move(ref));
}

Struct TypeSchema(absl::string_view type) {
  Struct schema;
  Put(schema, "type", Str(type));
  return schema;
}

Struct Header(absl::string_view description, Struct schema) {
  Struct header;
  PutDescription(header, description);
  Put(header, "schema", Obj(std::move(schema)));
  return header;
}

Struct Parameter(absl::string_view name, absl::string_view in,
                 absl::string_view description, Struct schema) {
  Struct param;
  Put(param, "name", Str(name));
  Put(param, "in", Str(in));
  PutDescription(param, description);
  Put(param, "schema", Obj(std::move(schema)));
  return param;
}

// An entry of the shared components: its name, what kind it is (an error
// response's HTTP status, a header's JSON type, where a parameter goes) and
// its description.
struct Shared {
  const char* kind;
  const char* name;
  const char* description;
};

// Every problem response (components/responses), by HTTP status.
constexpr Shared kErrors[] = {
    {"400", "BadRequest",
     "INVALID_ARGUMENT, FAILED_PRECONDITION or OUT_OF_RANGE: a parameter or "
     "body field is wrong (`field_violations` names it), or the resource is "
     "not in a state that allows this."},
    {"401", "Unauthenticated",
     "UNAUTHENTICATED: no bearer token, or one that is expired, malformed or "
     "not signed with a trusted key."},
    {"403", "PermissionDenied",
     "PERMISSION_DENIED: the token's roles and organisations do not allow "
     "this."},
    {"404", "NotFound", "NOT_FOUND: no such resource (or no such path)."},
    {"409", "Conflict",
     "ALREADY_EXISTS or ABORTED: the resource exists already, changed "
     "meanwhile (stale `etag`), or a request with the same Idempotency-Key "
     "is still in progress."},
    {"412", "PreconditionFailed",
     "`If-Match` does not match the resource's current ETag."},
    {"413", "ContentTooLarge", "The request body exceeds the gateway's limit."},
    {"422", "UnprocessableContent",
     "The Idempotency-Key was used before with a different request."},
    {"429", "TooManyRequests",
     "RESOURCE_EXHAUSTED: the caller's rate limit (see `Retry-After` and "
     "`RateLimit`), or a service's queue, is full."},
    {"503", "Unavailable",
     "UNAVAILABLE: a service is unreachable or overloaded, or the gateway "
     "is at its connection limit; retry later."},
    {"default", "Error",
     "Any other failure as problem details, e.g. 500 INTERNAL, 501 "
     "UNIMPLEMENTED, 504 DEADLINE_EXCEEDED."},
};

// A property schema: `type` with a description.
Value Property(absl::string_view type, absl::string_view description) {
  Struct schema = TypeSchema(type);
  PutDescription(schema, description);
  return Obj(std::move(schema));
}

Struct ProblemSchema() {
  Struct schema = TypeSchema("object");
  PutDescription(schema,
                 "RFC 9457 problem details, carrying the gRPC status code, a "
                 "stable machine-readable `reason` (google.rpc.ErrorInfo) and "
                 "the field violations (google.rpc.BadRequest).");
  Struct& p = Member(schema, "properties");
  Struct type = TypeSchema("string");
  Put(type, "format", Str("uri"));
  PutDescription(type, absl::StrCat("`", kProblemTypePrefix,
                                    "<code-in-kebab-case>`, e.g. ",
                                    kProblemTypePrefix, "invalid-argument"));
  Put(p, "type", Obj(std::move(type)));
  Put(p, "title", Property("string", "Short summary of the problem type."));
  Put(p, "status", Property("integer", "The HTTP status code."));
  Put(p, "detail", Property("string", "What went wrong in this occurrence."));
  Put(p, "code",
      Property("string", "The gRPC status code name, e.g. INVALID_ARGUMENT."));
  Put(p, "reason",
      Property("string", "Stable machine-readable reason, when given."));
  Struct violations = TypeSchema("array");
  Put(violations, "items", Ref("schemas", "FieldViolation"));
  Put(p, "field_violations", Obj(std::move(violations)));
  Put(p, "request_id",
      Property("string", "The request id (also in `X-Request-Id`)."));
  Put(schema, "required",
      List({Str("type"), Str("title"), Str("status"), Str("code")}));
  return schema;
}

Struct FieldViolationSchema() {
  Struct schema = TypeSchema("object");
  Struct& p = Member(schema, "properties");
  Put(p, "field",
      Property("string", "Path of the field or parameter, e.g. page_size."));
  Put(p, "description", Property("string", "What is wrong with it."));
  Put(schema, "required", List({Str("field"), Str("description")}));
  return schema;
}

// components/headers, by JSON type.
constexpr Shared kHeaders[] = {
    {"string", "X-Request-Id",
     "The request id: the client's X-Request-Id when sane, else a new one; it "
     "appears in every log line of the request."},
    {"string", "Location", "URL of the created resource."},
    {"string", "ETag",
     "Strong entity tag of the response; send it back in If-None-Match (GET) "
     "or If-Match (PATCH, DELETE)."},
    {"integer", "Retry-After", "Seconds to wait before retrying."},
    {"string", "RateLimit",
     "Remaining quota and reset time (IETF RateLimit fields)."},
    {"string", "RateLimit-Policy", "The quota policy (IETF RateLimit fields)."},
    {"string", "WWW-Authenticate",
     "`Bearer`, with `error=\"invalid_token\"` when a token was sent but "
     "refused."},
};

// components/parameters (all strings but X-Request-Timeout), by where they
// go.
constexpr Shared kParameters[] = {
    {"header", "X-Request-Id",
     "Correlation id (1-128 of `A-Za-z0-9._:-`); the gateway makes one up "
     "when absent."},
    {"header", "X-Request-Timeout",
     "Deadline in seconds for the whole call (capped by the gateway); passed "
     "on as the gRPC deadline."},
    {"header", "Idempotency-Key",
     "Makes a retry safe (AIP-155): sets the request's `request_id`; a retry "
     "with the same key returns the first outcome."},
    {"header", "If-Match",
     "Only act if the resource's ETag still matches; sets the request's "
     "`etag` (412 when stale)."},
    {"header", "If-None-Match",
     "304 with no body when the ETag is still current."},
    {"query", "fields",
     "Partial response: comma-separated field paths to keep, e.g. "
     "`name,clusters.name`."},
};

void AddSecuritySchemes(Struct* components) {
  Struct& security = Member(*components, "securitySchemes");
  Struct bearer;
  Put(bearer, "type", Str("http"));
  Put(bearer, "scheme", Str("bearer"));
  Put(bearer, "bearerFormat", Str("JWT"));
  PutDescription(bearer,
                 "`Authorization: Bearer <JWT>`, verified at the gateway and "
                 "again by every service (HS256 locally; RS256/ES256 with "
                 "JWKS in production).");
  Put(security, "bearerAuth", Obj(std::move(bearer)));
}

void AddErrorResponses(Struct* components) {
  Struct& responses = Member(*components, "responses");
  for (const Shared& error : kErrors) {
    Struct response;
    Put(response, "description", Str(error.description));
    Struct& h = Member(response, "headers");
    Put(h, "X-Request-Id", Ref("headers", "X-Request-Id"));
    const absl::string_view status = error.kind;
    if (status == "401") {
      Put(h, "WWW-Authenticate", Ref("headers", "WWW-Authenticate"));
    } else if (status == "429") {
      Put(h, "Retry-After", Ref("headers", "Retry-After"));
      Put(h, "RateLimit", Ref("headers", "RateLimit"));
      Put(h, "RateLimit-Policy", Ref("headers", "RateLimit-Policy"));
    }
    Put(Member(Member(response, "content"), std::string(kProblemContentType)),
        "schema", Ref("schemas", "Problem"));
    Put(responses, error.name, Obj(std::move(response)));
  }
}

void AddParameters(Struct* components) {
  Struct& parameters = Member(*components, "parameters");
  for (const Shared& parameter : kParameters) {
    Struct schema = TypeSchema("string");
    if (absl::string_view(parameter.name) == "X-Request-Timeout") {
      schema = TypeSchema("number");
      Put(schema, "exclusiveMinimum", Num(0));
    }
    Put(parameters, parameter.name,
        Obj(Parameter(parameter.name, parameter.kind, parameter.description,
                      std::move(schema))));
  }
}

}  // namespace

OperationTraits TraitsOf(const Route& route) {
  OperationTraits t;
  const std::string& method = route.http_method;
  t.streaming = route.server_streaming;
  t.http_body = route.response.http_body;
  t.success_status = route.response.success_status;
  t.json_response = t.success_status != 204 && !t.http_body && !t.streaming;
  t.conditional_get = method == "GET";
  const Descriptor* input = route.method->input_type();
  const Descriptor* body_type =
      route.body_field != nullptr &&
              route.body_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
          ? route.body_field->message_type()
          : nullptr;
  t.if_match = (method == "PATCH" || method == "PUT" || method == "DELETE") &&
               (SingularStringField(input, "etag") != nullptr ||
                SingularStringField(body_type, "etag") != nullptr);
  t.idempotency = (method == "POST" || method == "PATCH") &&
                  SingularStringField(input, "request_id") != nullptr;
  t.has_body = !route.body.empty();
  t.shared_parameters = {"X-Request-Id", "X-Request-Timeout"};
  if (t.idempotency) {
    t.shared_parameters.push_back("Idempotency-Key");
  }
  if (t.if_match) {
    t.shared_parameters.push_back("If-Match");
  }
  if (t.conditional_get) {
    t.shared_parameters.push_back("If-None-Match");
  }
  if (t.json_response) {
    t.shared_parameters.push_back("fields");
  }
  return t;
}

Struct Responses(const Route& route, const OperationTraits& traits,
                 SchemaSet* schemas) {
  Struct responses;
  const Descriptor* output = route.method->output_type();
  Struct& ok = Member(responses, std::to_string(traits.success_status));
  Put(ok, "description",
      Str(traits.success_status == 204   ? "Deleted."
          : traits.success_status == 201 ? "Created."
                                         : "OK."));
  if (traits.json_response) {
    Put(Member(Member(ok, "content"), "application/json"), "schema",
        route.response_body_field != nullptr
            ? schemas->Field(route.response_body_field)
            : schemas->Ref(output));
  } else if (traits.http_body) {
    Put(ok, "description",
        Str("The body as the service renders it, with its own Content-Type "
            "(e.g. text/csv, text/calendar)."));
    Member(Member(ok, "content"), "*/*");
  } else if (traits.streaming) {
    Put(ok, "description",
        Str(absl::StrCat("Server-Sent Events: one event per ", output->name(),
                         " (its JSON in `data`); a failure ends the stream "
                         "with an `error` event carrying a Problem.")));
    Struct& media = Member(Member(ok, "content"), "text/event-stream");
    Put(media, "schema", Obj(TypeSchema("string")));
    Put(media, "x-event-data", schemas->Ref(output));
  }
  Struct& headers = Member(ok, "headers");
  Put(headers, "X-Request-Id", Ref("headers", "X-Request-Id"));
  if (traits.success_status == 201) {
    Put(headers, "Location", Ref("headers", "Location"));
  }
  if (traits.conditional_get) {
    Put(headers, "ETag", Ref("headers", "ETag"));
    Struct not_modified;
    Put(not_modified, "description",
        Str("Not modified: `If-None-Match` names the current ETag; no body."));
    Put(Member(not_modified, "headers"), "ETag", Ref("headers", "ETag"));
    Put(responses, "304", Obj(std::move(not_modified)));
  }
  for (const Shared& error : kErrors) {
    const absl::string_view status = error.kind;
    if ((status == "412" && !traits.if_match) ||
        (status == "413" && !traits.has_body) ||
        (status == "422" && !traits.idempotency)) {
      continue;
    }
    Put(responses, error.kind, Ref("responses", error.name));
  }
  return responses;
}

void AddSharedComponents(Struct* components) {
  AddSecuritySchemes(components);
  Struct& schemas = Member(*components, "schemas");
  Put(schemas, "Problem", Obj(ProblemSchema()));
  Put(schemas, "FieldViolation", Obj(FieldViolationSchema()));
  Struct& headers = Member(*components, "headers");
  for (const Shared& header : kHeaders) {
    Put(headers, header.name,
        Obj(Header(header.description, TypeSchema(header.kind))));
  }
  AddErrorResponses(components);
  AddParameters(components);
}

}  // namespace samen::gateway::openapi
