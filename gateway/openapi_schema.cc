#include "gateway/openapi_schema.h"

#include <cstddef>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gateway/field_binding.h"
#include "google/protobuf/descriptor.pb.h"
#include "services/common/logging.h"

namespace samen::gateway::openapi {

// The descriptor set with source info, compiled in by gateway/CMakeLists.txt
// (openapi_descriptor_set.cc in the build tree).
extern const unsigned char kApiDescriptorSet[];
extern const size_t kApiDescriptorSetSize;

namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;

std::string CleanComment(absl::string_view raw) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(raw, '\n')) {
    absl::ConsumePrefix(&line, " ");
    lines.emplace_back(absl::StripTrailingAsciiWhitespace(line));
  }
  return std::string(absl::StripAsciiWhitespace(absl::StrJoin(lines, "\n")));
}

template <typename D>
std::string CommentOf(const D* d) {
  google::protobuf::SourceLocation location;
  if (d == nullptr || !d->GetSourceLocation(&location)) {
    return "";
  }
  return CleanComment(location.leading_comments.empty()
                          ? location.trailing_comments
                          : location.leading_comments);
}

Struct Schema(absl::string_view type) {
  Struct s;
  Put(s, "type", Str(type));
  return s;
}

Struct Schema(absl::string_view type, absl::string_view format) {
  Struct s = Schema(type);
  Put(s, "format", Str(format));
  return s;
}

}  // namespace

Value Str(absl::string_view text) {
  Value v;
  v.set_string_value(std::string(text));
  return v;
}

Value Num(double number) {
  Value v;
  v.set_number_value(number);
  return v;
}

Value Bool(bool value) {
  Value v;
  v.set_bool_value(value);
  return v;
}

Value Obj(Struct object) {
  Value v;
  *v.mutable_struct_value() = std::move(object);
  return v;
}

Value List(std::initializer_list<Value> items) {
  Value v;
  v.mutable_list_value();  // an empty list is still a list
  for (const Value& item : items) {
    *v.mutable_list_value()->add_values() = item;
  }
  return v;
}

Struct& Member(Struct& parent, const std::string& key) {
  return *(*parent.mutable_fields())[key].mutable_struct_value();
}

void Put(Struct& object, const std::string& key, Value value) {
  (*object.mutable_fields())[key] = std::move(value);
}

void PutDescription(Struct& object, absl::string_view text) {
  if (!text.empty()) {
    Put(object, "description", Str(text));
  }
}

const ProtoComments& ProtoComments::Embedded() {
  static const ProtoComments comments;
  return comments;
}

ProtoComments::ProtoComments() {
  google::protobuf::FileDescriptorSet set;
  if (!set.ParseFromArray(kApiDescriptorSet,
                          static_cast<int>(kApiDescriptorSetSize))) {
    log::Warning(
        "the embedded API descriptor set does not parse; "
        "/openapi.json goes without descriptions");
    return;
  }
  // protoc --include_imports lists every file after its dependencies.
  for (const auto& file : set.file()) {
    if (pool_.BuildFile(file) != nullptr) {
      ++files_loaded_;
    }
  }
}

std::string ProtoComments::Of(const Descriptor* d) const {
  std::string own = CommentOf(d);
  return !own.empty() ? own
                      : CommentOf(pool_.FindMessageTypeByName(d->full_name()));
}

std::string ProtoComments::Of(const FieldDescriptor* d) const {
  std::string own = CommentOf(d);
  return !own.empty() ? own : CommentOf(pool_.FindFieldByName(d->full_name()));
}

std::string ProtoComments::Of(const EnumDescriptor* d) const {
  std::string own = CommentOf(d);
  return !own.empty() ? own
                      : CommentOf(pool_.FindEnumTypeByName(d->full_name()));
}

std::string ProtoComments::Of(
    const google::protobuf::EnumValueDescriptor* d) const {
  std::string own = CommentOf(d);
  return !own.empty() ? own
                      : CommentOf(pool_.FindEnumValueByName(d->full_name()));
}

std::string ProtoComments::Of(
    const google::protobuf::ServiceDescriptor* d) const {
  std::string own = CommentOf(d);
  return !own.empty() ? own
                      : CommentOf(pool_.FindServiceByName(d->full_name()));
}

std::string ProtoComments::Of(
    const google::protobuf::MethodDescriptor* d) const {
  std::string own = CommentOf(d);
  return !own.empty() ? own : CommentOf(pool_.FindMethodByName(d->full_name()));
}

std::string FirstSentence(absl::string_view comment) {
  std::string flat = absl::StrReplaceAll(comment, {{"\n", " "}});
  for (size_t i = 0; i < flat.size(); ++i) {
    if (flat[i] != '.' || (i + 1 < flat.size() && flat[i + 1] != ' ')) {
      continue;
    }
    const absl::string_view before = absl::string_view(flat).substr(0, i);
    if (absl::EndsWith(before, "e.g") || absl::EndsWith(before, "i.e")) {
      continue;
    }
    return flat.substr(0, i + 1);
  }
  return flat;
}

bool IsOutputOnly(absl::string_view comment) {
  return absl::StrContains(comment, "Output only");
}

bool WellKnownSchema(const Descriptor* type, Struct* out) {
  if (IsWrapperType(type)) {
    *out = ScalarSchema(type->FindFieldByName("value"));
    return true;
  }
  switch (type->well_known_type()) {
    case Descriptor::WELLKNOWNTYPE_TIMESTAMP:
      *out = Schema("string", "date-time");
      PutDescription(*out, "RFC 3339 date-time, e.g. 2024-09-01T08:30:00Z");
      return true;
    case Descriptor::WELLKNOWNTYPE_DURATION:
      *out = Schema("string");
      Put(*out, "pattern", Str("^-?[0-9]+(\\.[0-9]{1,9})?s$"));
      PutDescription(*out, "Seconds with an `s` suffix, e.g. \"1.5s\"");
      return true;
    case Descriptor::WELLKNOWNTYPE_FIELDMASK:
      *out = Schema("string");
      PutDescription(*out,
                     "Comma-separated field paths, e.g. "
                     "\"displayName,region\" (google.protobuf.FieldMask)");
      return true;
    case Descriptor::WELLKNOWNTYPE_STRUCT:
      *out = Schema("object");
      Put(*out, "additionalProperties", Bool(true));
      return true;
    case Descriptor::WELLKNOWNTYPE_VALUE:
      *out = Struct();  // any JSON value
      return true;
    case Descriptor::WELLKNOWNTYPE_LISTVALUE:
      *out = Schema("array");
      return true;
    case Descriptor::WELLKNOWNTYPE_ANY: {
      *out = Schema("object");
      Put(Member(*out, "properties"), "@type", Obj(Schema("string")));
      Put(*out, "required", List({Str("@type")}));
      Put(*out, "additionalProperties", Bool(true));
      return true;
    }
    default:
      break;
  }
  if (type->full_name() == "google.protobuf.Empty") {
    *out = Schema("object");
    return true;
  }
  return false;
}

Struct ScalarSchema(const FieldDescriptor* field) {
  switch (field->type()) {
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SFIXED32:
      return Schema("integer", "int32");
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32: {
      Struct s = Schema("integer", "uint32");
      Put(s, "minimum", Num(0));
      return s;
    }
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_SFIXED64:
      return Schema("string", "int64");
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      return Schema("string", "uint64");
    case FieldDescriptor::TYPE_FLOAT:
      return Schema("number", "float");
    case FieldDescriptor::TYPE_DOUBLE:
      return Schema("number", "double");
    case FieldDescriptor::TYPE_BOOL:
      return Schema("boolean");
    case FieldDescriptor::TYPE_BYTES: {
      Struct s = Schema("string", "byte");
      Put(s, "contentEncoding", Str("base64"));
      return s;
    }
    case FieldDescriptor::TYPE_ENUM: {
      Struct s = Schema("string");
      Value names;
      for (int i = 0; i < field->enum_type()->value_count(); ++i) {
        *names.mutable_list_value()->add_values() =
            Str(field->enum_type()->value(i)->name());
      }
      Put(s, "enum", names);
      return s;
    }
    default:
      break;
  }
  return Schema("string");
}

std::string EnumValuesDescription(const EnumDescriptor* type,
                                  const ProtoComments& comments) {
  std::vector<std::string> lines;
  for (int i = 0; i < type->value_count(); ++i) {
    const std::string comment = comments.Of(type->value(i));
    lines.push_back(absl::StrCat("- `", type->value(i)->name(), "`",
                                 comment.empty() ? "" : ": ",
                                 absl::StrReplaceAll(comment, {{"\n", " "}})));
  }
  return absl::StrJoin(lines, "\n");
}

Value SchemaSet::Ref(const Descriptor* type) {
  Struct inline_schema;
  if (WellKnownSchema(type, &inline_schema)) {
    return Obj(std::move(inline_schema));
  }
  const std::string& key = type->full_name();
  if (schemas_.fields().count(key) == 0) {
    Put(schemas_, key, Obj(Struct()));  // placeholder: recursive types
    Value schema = Obj(MessageSchema(type, {}));
    Put(schemas_, key, std::move(schema));
  }
  Struct ref;
  Put(ref, "$ref", Str(absl::StrCat("#/components/schemas/", key)));
  return Obj(std::move(ref));
}

Value SchemaSet::EnumRef(const EnumDescriptor* type) {
  if (type->full_name() == "google.protobuf.NullValue") {
    return Obj(Schema("null"));
  }
  const std::string& key = type->full_name();
  if (schemas_.fields().count(key) == 0) {
    Struct schema = Schema("string");
    Value names;
    for (int i = 0; i < type->value_count(); ++i) {
      *names.mutable_list_value()->add_values() = Str(type->value(i)->name());
    }
    Put(schema, "enum", names);
    const std::string comment = comments_.Of(type);
    const std::string values = EnumValuesDescription(type, comments_);
    PutDescription(schema, comment.empty()
                               ? values
                               : absl::StrCat(comment, "\n\n", values));
    Put(schemas_, key, Obj(std::move(schema)));
  }
  Struct ref;
  Put(ref, "$ref", Str(absl::StrCat("#/components/schemas/", key)));
  return Obj(std::move(ref));
}

Value SchemaSet::Element(const FieldDescriptor* field) {
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    return Ref(field->message_type());
  }
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
    return EnumRef(field->enum_type());
  }
  return Obj(ScalarSchema(field));
}

Value SchemaSet::Field(const FieldDescriptor* field) {
  Struct schema;
  if (field->is_map()) {
    schema = Schema("object");
    Put(schema, "additionalProperties",
        Element(field->message_type()->map_value()));
  } else if (field->is_repeated()) {
    schema = Schema("array");
    Put(schema, "items", Element(field));
  } else {
    schema = Element(field).struct_value();
  }
  std::string comment = comments_.Of(field);
  const auto* oneof = field->real_containing_oneof();
  if (oneof != nullptr) {
    std::vector<std::string> names;
    for (int i = 0; i < oneof->field_count(); ++i) {
      names.push_back(absl::StrCat("`", oneof->field(i)->json_name(), "`"));
    }
    absl::StrAppend(&comment, comment.empty() ? "" : "\n\n", "At most one of ",
                    absl::StrJoin(names, ", "), ".");
  }
  const auto known = schema.fields().find("description");
  if (known == schema.fields().end()) {
    PutDescription(schema, comment);
  } else if (!comment.empty()) {
    Put(schema, "description",
        Str(absl::StrCat(comment, "\n\n", known->second.string_value())));
  }
  if (IsOutputOnly(comment)) {
    Put(schema, "readOnly", Bool(true));
  }
  return Obj(std::move(schema));
}

Struct SchemaSet::MessageSchema(const Descriptor* type,
                                const std::set<std::string>& left_out) {
  Struct schema = Schema("object");
  PutDescription(schema, comments_.Of(type));
  Struct properties;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (left_out.count(field->name()) > 0) {
      continue;
    }
    Put(properties, field->json_name(), Field(field));
  }
  Put(schema, "properties", Obj(std::move(properties)));
  return schema;
}

Value SchemaSet::InlineWithout(const Descriptor* type,
                               const std::set<std::string>& left_out) {
  return Obj(MessageSchema(type, left_out));
}

}  // namespace samen::gateway::openapi
