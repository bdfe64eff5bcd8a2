#pragma once

// Conditional requests (RFC 9110 §13) on top of the AIP `etag` fields.
//
// GET: the response message's `etag` becomes a strong `ETag: "<etag>"`, and an
// `If-None-Match` that matches it (weak comparison; `*` matches any) turns the
// answer into 304 with no body.
// Writes: `If-Match: "<etag>"` fills the resource's `etag` field — the `etag`
// of the body message when the body is one message field that has one (PATCH),
// else the request's own `etag` (DELETE, custom methods) — and the service
// compares it; its ABORTED/ETAG_MISMATCH then answers 412 (problem.h).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/route_table.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace samen::gateway {

struct EntityTag {
  std::string opaque;  // without the quotes
  bool weak = false;
};

// An If-Match / If-None-Match value: `*`, or a list of entity tags.
struct EntityTagList {
  bool any = false;
  std::vector<EntityTag> tags;
};

// Parses `value` (RFC 9110 §8.8.3: `*` or `#entity-tag`); INVALID_ARGUMENT
// naming `header` when malformed.
absl::StatusOr<EntityTagList> ParseEntityTags(absl::string_view value,
                                              absl::string_view header);

// The strong ETag header value for an `etag` field value (`"value"`); nothing
// when it is empty or holds a character an entity tag cannot carry.
std::optional<std::string> StrongETag(absl::string_view etag_field);

// Whether If-None-Match `list` matches the current `etag_field` (weak
// comparison), i.e. a GET should answer 304.
bool IfNoneMatchMatches(const EntityTagList& list,
                        absl::string_view etag_field);

// The singular string `etag` field of `type`, or null.
const google::protobuf::FieldDescriptor* EtagField(
    const google::protobuf::Descriptor* type);

// The etag field value of `message` ("" when it has none).
std::string EtagOf(const google::protobuf::Message& message);

// Fills the resource's etag in `request` from If-Match `list`. `*` changes
// nothing. Fails with INVALID_ARGUMENT naming If-Match when the request has no
// etag to fill or the list has several tags, and with FAILED_PRECONDITION when
// the precondition cannot hold (a weak tag never matches strongly, or the body
// already carries a different etag).
absl::Status ApplyIfMatch(const Route& route, const EntityTagList& list,
                          google::protobuf::Message* request);

}  // namespace samen::gateway
