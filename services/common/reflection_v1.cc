#include "services/common/reflection_v1.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace samen {
namespace {

namespace rv1 = ::grpc::reflection::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;

class ReflectionV1 final : public rv1::ServerReflection::Service {
 public:
  explicit ReflectionV1(std::vector<std::string> services)
      : services_(std::move(services)) {}

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<rv1::ServerReflectionResponse,
                               rv1::ServerReflectionRequest>* stream) override {
    std::set<std::string> sent;  // files this stream has had
    rv1::ServerReflectionRequest request;
    while (!context->IsCancelled() && stream->Read(&request)) {
      if (!stream->Write(Answer(request, &sent))) {
        break;
      }
    }
    return grpc::Status::OK;
  }

 private:
  rv1::ServerReflectionResponse Answer(
      const rv1::ServerReflectionRequest& request,
      std::set<std::string>* sent) const {
    const DescriptorPool& pool = *DescriptorPool::generated_pool();
    rv1::ServerReflectionResponse response;
    response.set_valid_host(request.host());
    *response.mutable_original_request() = request;
    using Request = rv1::ServerReflectionRequest;
    switch (request.message_request_case()) {
      case Request::kListServices:
        for (const std::string& name : services_) {
          response.mutable_list_services_response()->add_service()->set_name(
              name);
        }
        break;
      case Request::kFileByFilename:
        AddFile(pool.FindFileByName(request.file_by_filename()),
                request.file_by_filename(), sent, &response);
        break;
      case Request::kFileContainingSymbol:
        AddFile(pool.FindFileContainingSymbol(request.file_containing_symbol()),
                request.file_containing_symbol(), sent, &response);
        break;
      case Request::kFileContainingExtension: {
        const auto& ext = request.file_containing_extension();
        const auto* type = pool.FindMessageTypeByName(ext.containing_type());
        const auto* field = type == nullptr ? nullptr
                                            : pool.FindExtensionByNumber(
                                                  type, ext.extension_number());
        AddFile(field == nullptr ? nullptr : field->file(),
                absl::StrCat(ext.containing_type(), " extension ",
                             ext.extension_number()),
                sent, &response);
        break;
      }
      case Request::kAllExtensionNumbersOfType: {
        const std::string& name = request.all_extension_numbers_of_type();
        const auto* type = pool.FindMessageTypeByName(name);
        if (type == nullptr) {
          Error(grpc::StatusCode::NOT_FOUND,
                absl::StrCat(name, " is not a known message type"), &response);
          break;
        }
        std::vector<const google::protobuf::FieldDescriptor*> extensions;
        pool.FindAllExtensions(type, &extensions);
        auto* numbers = response.mutable_all_extension_numbers_response();
        numbers->set_base_type_name(name);
        for (const auto* field : extensions) {
          numbers->add_extension_number(field->number());
        }
        break;
      }
      default:
        Error(grpc::StatusCode::INVALID_ARGUMENT,
              "the request names no reflection question", &response);
    }
    return response;
  }

  // `file` and those of its dependencies not sent yet, file first; NOT_FOUND
  // naming `asked` when there is no such file.
  static void AddFile(const FileDescriptor* file, const std::string& asked,
                      std::set<std::string>* sent,
                      rv1::ServerReflectionResponse* response) {
    if (file == nullptr) {
      Error(grpc::StatusCode::NOT_FOUND, absl::StrCat(asked, " is not known"),
            response);
      return;
    }
    auto* files = response->mutable_file_descriptor_response();
    std::vector<const FileDescriptor*> todo = {file};
    bool first = true;
    while (!todo.empty()) {
      const FileDescriptor* next = todo.back();
      todo.pop_back();
      if (!first && sent->count(next->name()) > 0) {
        continue;
      }
      first = false;
      sent->insert(next->name());
      google::protobuf::FileDescriptorProto proto;
      next->CopyTo(&proto);
      files->add_file_descriptor_proto(proto.SerializeAsString());
      for (int i = 0; i < next->dependency_count(); ++i) {
        todo.push_back(next->dependency(i));
      }
    }
  }

  static void Error(grpc::StatusCode code, const std::string& message,
                    rv1::ServerReflectionResponse* response) {
    response->mutable_error_response()->set_error_code(code);
    response->mutable_error_response()->set_error_message(message);
  }

  const std::vector<std::string> services_;
};

}  // namespace

std::unique_ptr<grpc::Service> NewReflectionV1Service(
    std::vector<std::string> services) {
  return std::make_unique<ReflectionV1>(std::move(services));
}

}  // namespace samen
