#pragma once

// The parts of the OpenAPI document that describe protobuf types: JSON Schema
// (the OpenAPI 3.1 dialect, JSON Schema 2020-12) for messages, enums and fields
// under the proto3 JSON mapping, and the proto comments that become their
// descriptions. The document is built as a google.protobuf.Struct (the only
// JSON tree at hand) and printed with the protobuf JSON printer.
//
// Mapping: int64/uint64 (and fixed/sint variants) are strings, enums their
// value names, bytes base64 strings, Timestamp an RFC 3339 date-time, Duration
// "1.5s", FieldMask a comma-separated string, Struct/Value/ListValue free-form,
// Any an object with "@type", wrappers their wrapped type, maps objects with
// additionalProperties. Properties use the JSON (lowerCamelCase) names.

#include <set>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"

namespace samen::gateway::openapi {

using google::protobuf::Struct;
using google::protobuf::Value;

// Small builders for the Struct tree.
Value Str(absl::string_view text);
Value Num(double number);
Value Bool(bool value);
Value Obj(Struct object);
Value List(std::initializer_list<Value> items);
// The object member `key` of `parent`, created as an empty object if absent.
Struct& Member(Struct& parent, const std::string& key);
void Put(Struct& object, const std::string& key, Value value);
// Puts a "description" unless `text` is empty.
void PutDescription(Struct& object, absl::string_view text);

// The leading (else trailing) comments of API elements, cleaned up: from the
// descriptor itself when its file carries source info, else from the descriptor
// set with source info that the build embeds (see gateway/CMakeLists.txt).
// Empty when there is none.
class ProtoComments {
 public:
  // The process-wide instance over the embedded descriptor set.
  static const ProtoComments& Embedded();

  std::string Of(const google::protobuf::Descriptor* d) const;
  std::string Of(const google::protobuf::FieldDescriptor* d) const;
  std::string Of(const google::protobuf::EnumDescriptor* d) const;
  std::string Of(const google::protobuf::EnumValueDescriptor* d) const;
  std::string Of(const google::protobuf::ServiceDescriptor* d) const;
  std::string Of(const google::protobuf::MethodDescriptor* d) const;

  // How many files of the embedded set were loaded (0: no comments available).
  int files_loaded() const { return files_loaded_; }

 private:
  ProtoComments();

  google::protobuf::DescriptorPool pool_;
  int files_loaded_ = 0;
};

// The first sentence of a comment (for an operation's summary).
std::string FirstSentence(absl::string_view comment);

// Whether a field's comment marks it output only (AIP: "Output only.").
bool IsOutputOnly(absl::string_view comment);

// Collects components/schemas: every message reached from Ref() and every enum
// its fields use, keyed by full proto name.
class SchemaSet {
 public:
  explicit SchemaSet(const ProtoComments& comments) : comments_(comments) {}

  // A schema for a message: inline for the well-known types, else a $ref to
  // its component (created, with everything it refers to, on first use).
  Value Ref(const google::protobuf::Descriptor* type);
  // The schema of a field as it appears in a JSON object (arrays for repeated,
  // objects for maps), with the field's description.
  Value Field(const google::protobuf::FieldDescriptor* field);
  // The schema of one value of the field (the element of a repeated field).
  Value Element(const google::protobuf::FieldDescriptor* field);
  // A message's object schema without a $ref, leaving out the named top-level
  // fields (a request body whose other fields come from the path).
  Value InlineWithout(const google::protobuf::Descriptor* type,
                      const std::set<std::string>& left_out);

  const Struct& schemas() const { return schemas_; }

 private:
  Value EnumRef(const google::protobuf::EnumDescriptor* type);
  Struct MessageSchema(const google::protobuf::Descriptor* type,
                       const std::set<std::string>& left_out);

  const ProtoComments& comments_;
  Struct schemas_;
};

// Schemas of the well-known types with a JSON form of their own; false for
// other messages.
bool WellKnownSchema(const google::protobuf::Descriptor* type, Struct* out);

// The schema of a non-message scalar field value (no description).
Struct ScalarSchema(const google::protobuf::FieldDescriptor* field);

// Lines of enum value names and their comments, for a description.
std::string EnumValuesDescription(const google::protobuf::EnumDescriptor* type,
                                  const ProtoComments& comments);

}  // namespace samen::gateway::openapi
