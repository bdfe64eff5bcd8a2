// Students (students/{student}): managed by the partnership's coordinators and
// the institute's institute educators; read also by the student themself and
// by school educators and mentors of the schools they are placed at; never by
// HR (student_rules.h). Every read of a student's record by someone other
// than the student is recorded (student_access_records), which the student
// lists.

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/status_macros.h"
#include "services/partners/partners_handler.h"
#include "services/partners/student_rules.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

using resource::Tail;

// The optional resource-name filter `field` of a listing: its id, or "".
absl::StatusOr<std::string> OptionalId(const std::string& name,
                                       absl::string_view collection,
                                       absl::string_view field) {
  if (name.empty()) {
    return std::string();
  }
  return resource::ParseName(name, collection, field);
}

}  // namespace

absl::Status PartnersHandler::RecordStudentReads(
    const CallContext& call, const std::vector<std::string>& student_ids,
    const StudentFacts* student, absl::string_view action,
    absl::string_view method) {
  StudentRead read;
  read.viewer_role = StudentReaderRole(call.principal, student);
  if (read.viewer_role.empty() || student_ids.empty()) {
    return absl::OkStatus();  // the student's own record
  }
  read.viewer_id = call.principal.subject;
  read.viewer_name = call.principal.display_name;
  read.action = std::string(action);
  read.method = std::string(method);
  return placements_->RecordStudentReads(student_ids, read, call.deadline);
}

ServerUnaryReactor* PartnersHandler::GetStudent(
    CallbackServerContext* ctx, const v1::GetStudentRequest* req,
    v1::Student* resp) {
  return runtime_->Serve(
      ctx, "GetStudent", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(std::string id, ParseStudentName(req.name(), "name"));
        // Who sees no student at all (HR) learns nothing, not even whether
        // the record exists.
        RETURN_IF_ERROR(VisibleStudents(call.principal).status());
        ASSIGN_OR_RETURN(StoredStudent stored,
                         placements_->GetStudent(id, call.deadline));
        RETURN_IF_ERROR(MayReadStudent(call.principal, stored.facts));
        RETURN_IF_ERROR(
            RecordStudentReads(call, {id}, &stored.facts, "GET", "GetStudent"));
        *resp = std::move(stored.student);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListStudents(
    CallbackServerContext* ctx, const v1::ListStudentsRequest* req,
    v1::ListStudentsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListStudents", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        StudentFilter filter;
        ASSIGN_OR_RETURN(filter.visibility, VisibleStudents(call.principal));
        ASSIGN_OR_RETURN(
            filter.partnership_id,
            OptionalId(req.partnership(), "partnerships", "partnership"));
        ASSIGN_OR_RETURN(
            filter.institute_id,
            OptionalId(req.institute(), "organisations", "institute"));
        if (!v1::StudentCategory_IsValid(req.category())) {
          return InvalidField("category", "is not a known category");
        }
        filter.category = req.category();
        if (req.programme_year() < 0 || req.programme_year() > 6) {
          return InvalidField("programme_year", "must be 0 (any) to 6");
        }
        filter.programme_year = req.programme_year();
        return resource::ServeListPage(
            req,
            absl::StrCat("students|", filter.partnership_id, "|",
                         filter.institute_id, "|", filter.category, "|",
                         filter.programme_year),
            [&](const resource::PageQuery& q)
                -> absl::StatusOr<resource::Page<v1::Student>> {
              ASSIGN_OR_RETURN(
                  auto page, placements_->ListStudents(filter, q.after, q.size,
                                                       call.deadline));
              std::vector<std::string> ids;
              for (const v1::Student& s : page.items) {
                ids.push_back(Tail(s.name()));
              }
              RETURN_IF_ERROR(RecordStudentReads(call, ids, nullptr, "LIST",
                                                 "ListStudents"));
              return page;
            },
            [](auto* r, auto item) { *r->add_students() = std::move(item); },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::ListStudentAccessRecords(
    CallbackServerContext* ctx, const v1::ListStudentAccessRecordsRequest* req,
    v1::ListStudentAccessRecordsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListStudentAccessRecords", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(std::string id,
                         ParseStudentName(req.parent(), "parent"));
        // As GetStudent: who sees no student at all learns nothing.
        RETURN_IF_ERROR(VisibleStudents(call.principal).status());
        ASSIGN_OR_RETURN(StoredStudent stored,
                         placements_->GetStudent(id, call.deadline));
        if (call.principal.subject.empty() ||
            call.principal.subject != stored.facts.person_id) {
          return absl::PermissionDeniedError(
              "only the student lists who read their record");
        }
        return resource::ServeListPage(
            req, absl::StrCat("student-access|", id),
            [&](const resource::PageQuery& q) {
              return placements_->ListStudentAccessRecords(id, q.after, q.size,
                                                           call.deadline);
            },
            [](auto* r, auto item) { *r->add_records() = std::move(item); },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::CreateStudent(
    CallbackServerContext* ctx, const v1::CreateStudentRequest* req,
    v1::Student* resp) {
  return runtime_->Serve(
      ctx, "CreateStudent", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const v1::Student& s = req.student();
        RETURN_IF_ERROR(ValidateStudent(s, "student"));
        RETURN_IF_ERROR(MayManageStudent(call.principal, Tail(s.partnership()),
                                         Tail(s.institute())));
        std::string id = req.student_id();
        if (id.empty()) {
          id = absl::StrCat("st-", Tail(s.person()));
          for (char& ch : id) {
            ch = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? ch
                 : (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32)
                                            : '-';
          }
          id = id.substr(0, 63);
          while (!id.empty() && id.back() == '-') {
            id.pop_back();
          }
        }
        RETURN_IF_ERROR(resource::ValidateId(id, "student_id"));
        ASSIGN_OR_RETURN(*resp,
                         placements_->CreateStudent(id, s, call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdateStudent(
    CallbackServerContext* ctx, const v1::UpdateStudentRequest* req,
    v1::Student* resp) {
  return runtime_->Serve(
      ctx, "UpdateStudent", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const v1::Student& patch = req.student();
        ASSIGN_OR_RETURN(std::string id,
                         ParseStudentName(patch.name(), "student.name"));
        RETURN_IF_ERROR(VisibleStudents(call.principal).status());
        ASSIGN_OR_RETURN(auto mask,
                         resource::EffectiveMask(req.update_mask(), patch,
                                                 UpdatableStudentFields()));
        const auth::Principal& who = call.principal;
        ASSIGN_OR_RETURN(
            *resp, placements_->UpdateStudent(
                       id, patch.etag(),
                       [&](const StudentFacts& f) {
                         return MayManageStudent(who, f.partnership_id,
                                                 f.institute_id);
                       },
                       [&](v1::Student* current, const StudentFacts& f) {
                         resource::ApplyMask(mask, patch, current);
                         RETURN_IF_ERROR(ValidateStudent(*current, "student"));
                         // Moving a student to another institute needs the
                         // right there too.
                         return MayManageStudent(who, f.partnership_id,
                                                 Tail(current->institute()));
                       },
                       call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeleteStudent(
    CallbackServerContext* ctx, const v1::DeleteStudentRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteStudent", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* /*resp*/) -> absl::Status {
        ASSIGN_OR_RETURN(std::string id, ParseStudentName(req.name(), "name"));
        RETURN_IF_ERROR(VisibleStudents(call.principal).status());
        const auth::Principal& who = call.principal;
        return placements_->DeleteStudent(
            id, req.etag(),
            [&](const StudentFacts& f) {
              return MayManageStudent(who, f.partnership_id, f.institute_id);
            },
            call.deadline);
      });
}

}  // namespace samen::partners
