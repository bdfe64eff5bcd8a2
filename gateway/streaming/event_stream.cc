#include "gateway/streaming/event_stream.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gateway/byte_buffers.h"
#include "gateway/transcoder.h"
#include "grpcpp/support/client_callback.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

// Lets the HTTP side cancel the call for as long as the call exists.
class Canceller {
 public:
  explicit Canceller(grpc::ClientContext* context) : context_(context) {}
  void Cancel() {
    absl::MutexLock lock(&mu_);
    if (context_ != nullptr) {
      context_->TryCancel();
    }
  }
  void Detach() {
    absl::MutexLock lock(&mu_);
    context_ = nullptr;
  }

 private:
  absl::Mutex mu_;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_);
};

HttpResponse StreamHead() {
  HttpResponse head(http::status::ok, 11);
  head.set(http::field::content_type, "text/event-stream");
  head.set(http::field::cache_control, "no-cache");
  // Tells nginx-style proxies not to buffer the stream.
  head.set("X-Accel-Buffering", "no");
  return head;
}

class EventStreamCall final
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  EventStreamCall(const Route& route,
                  std::unique_ptr<grpc::ClientContext> context,
                  grpc::ByteBuffer request, std::optional<FieldFilter> fields,
                  Responder respond, EventStreamHooks hooks,
                  CallRegistry* registry)
      : route_(route),
        context_(std::move(context)),
        request_(std::move(request)),
        fields_(std::move(fields)),
        respond_(std::move(respond)),
        hooks_(std::move(hooks)),
        canceller_(std::make_shared<Canceller>(context_.get())),
        registry_(registry) {
    registry_->Add(reinterpret_cast<std::uintptr_t>(this),
                   [canceller = canceller_] { canceller->Cancel(); });
  }

  void Start(grpc::GenericStub* stub) {
    stub->PrepareBidiStreamingCall(context_.get(), route_.grpc_method,
                                   grpc::StubOptions(), this);
    StartWriteLast(&request_, grpc::WriteOptions());
    StartRead(&response_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      return;  // the stream ended; OnDone follows
    }
    absl::StatusOr<std::string> json = Render();
    if (!json.ok()) {
      render_error_ = json.status();
      context_->TryCancel();
      return;
    }
    AddHold();
    Send(DataEvent(*json));
  }

  void OnDone(const grpc::Status& backend_status) override {
    Finish(backend_status);
    // Last: the HTTP side (and what the writer holds of it) may go away once
    // the registry no longer lists this call.
    CallRegistry* registry = registry_;
    const auto key = reinterpret_cast<std::uintptr_t>(this);
    delete this;
    registry->Remove(key);
  }

 private:
  // Ends the HTTP reply: the head and a failure, or the stream's last event.
  void Finish(const grpc::Status& backend_status) {
    canceller_->Detach();
    const grpc::Status status =
        render_error_.ok() ? backend_status
                           : grpc::Status(grpc::StatusCode::INTERNAL,
                                          std::string(render_error_.message()));
    std::shared_ptr<BodyWriter> writer;
    bool started = false;
    {
      absl::MutexLock lock(&mu_);
      writer = std::move(writer_);
      started = head_sent_;
    }
    if (!started) {
      if (status.ok()) {
        respond_(Reply(StreamHead(), route_.path.text(),
                       [](std::shared_ptr<BodyWriter> w) { w->Finish(); }));
      } else {
        respond_(hooks_.failure(status));
      }
    } else if (writer != nullptr) {
      if (!status.ok()) {
        writer->Write(ErrorEvent(hooks_.error_event(status)), nullptr);
      }
      writer->Finish();
    }
  }

  absl::StatusOr<std::string> Render() {
    std::unique_ptr<google::protobuf::Message> message =
        NewResponseMessage(route_);
    if (!message->ParseFromString(FromByteBuffer(response_))) {
      return absl::InternalError("the backend sent a malformed message");
    }
    if (fields_.has_value()) {
      fields_->ApplyToResponse(route_, message.get());
    }
    return RenderResponse(route_, *message);
  }

  // Called with a hold; the hold is released once the event is written.
  void Send(std::string event) {
    std::shared_ptr<BodyWriter> writer;
    {
      absl::MutexLock lock(&mu_);
      if (!head_sent_) {
        head_sent_ = true;
        first_event_ = std::move(event);
      } else {
        writer = writer_;
      }
    }
    if (writer == nullptr) {
      respond_(Reply(
          StreamHead(), route_.path.text(),
          [this](std::shared_ptr<BodyWriter> w) { OnWriter(std::move(w)); }));
      return;
    }
    writer->Write(std::move(event), [this](bool ok) { Continue(ok); });
  }

  void OnWriter(std::shared_ptr<BodyWriter> writer) {
    writer->OnCancel([canceller = canceller_] { canceller->Cancel(); });
    std::string first;
    {
      absl::MutexLock lock(&mu_);
      writer_ = writer;
      first = std::move(first_event_);
    }
    writer->Write(std::move(first), [this](bool ok) { Continue(ok); });
  }

  void Continue(bool ok) {
    if (ok) {
      StartRead(&response_);
    } else {
      context_->TryCancel();
    }
    RemoveHold();
  }

  const Route& route_;
  std::unique_ptr<grpc::ClientContext> context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  const std::optional<FieldFilter> fields_;
  const Responder respond_;
  const EventStreamHooks hooks_;
  const std::shared_ptr<Canceller> canceller_;
  CallRegistry* const registry_;
  absl::Status render_error_;
  absl::Mutex mu_;
  bool head_sent_ ABSL_GUARDED_BY(mu_) = false;
  std::string first_event_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<BodyWriter> writer_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

std::string DataEvent(absl::string_view json) {
  return absl::StrCat("data: ", json, "\n\n");
}

std::string ErrorEvent(absl::string_view problem_json) {
  return absl::StrCat("event: error\ndata: ", problem_json, "\n\n");
}

void StartEventStream(grpc::GenericStub* stub, const Route& route,
                      std::unique_ptr<grpc::ClientContext> context,
                      grpc::ByteBuffer request,
                      std::optional<FieldFilter> fields, Responder respond,
                      EventStreamHooks hooks, CallRegistry* registry) {
  auto* call = new EventStreamCall(
      route, std::move(context), std::move(request), std::move(fields),
      std::move(respond), std::move(hooks), registry);
  call->Start(stub);
}

}  // namespace samen::gateway
