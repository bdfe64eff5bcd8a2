// One HTTP connection of the gateway's server: read a request (limits,
// timeouts, 100-continue), hand it to the handler, write the reply — whole, or
// streamed chunk by chunk — and log it.

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "boost/asio/dispatch.hpp"
#include "boost/asio/post.hpp"
#include "boost/asio/write.hpp"
#include "boost/beast/http/chunk_encode.hpp"
#include "boost/beast/http/error.hpp"
#include "boost/beast/http/read.hpp"
#include "boost/beast/http/write.hpp"
#include "gateway/http_server_internal.h"
#include "gateway/problem.h"
#include "services/common/logging.h"

namespace samen::gateway::internal {
namespace {

// The Date header (RFC 9110 §6.6.1, IMF-fixdate) for now, formatted once per
// second per thread.
const std::string& HttpDate() {
  thread_local int64_t second = -1;
  thread_local std::string text;
  const absl::Time now = absl::Now();
  if (const int64_t s = absl::ToUnixSeconds(now); s != second) {
    second = s;
    text = FormatHttpDate(now);
  }
  return text;
}

// What every response carries: Date, the request id, and on 429 and 503 a
// Retry-After (the answer's own, else one second).
void SetCommonHeaders(HttpResponse& response, const std::string& request_id) {
  response.set(http::field::date, HttpDate());
  response.set("X-Request-Id", request_id);
  const unsigned status = response.result_int();
  if ((status == 429 || status == 503) &&
      response.find(http::field::retry_after) == response.end()) {
    response.set(http::field::retry_after, "1");
  }
}

// The handler's end of a streamed body: everything is posted to the session's
// strand. Finish() hands the session over to the strand, so the last reference
// never drops on a gRPC thread.
class SessionBodyWriter : public BodyWriter {
 public:
  SessionBodyWriter(std::shared_ptr<Session> session,
                    net::any_io_executor executor)
      : session_(std::move(session)), executor_(std::move(executor)) {}
  ~SessionBodyWriter() override { Finish(); }

  void Write(std::string chunk, std::function<void(bool)> done) override {
    std::shared_ptr<Session> session;
    {
      absl::MutexLock lock(&mu_);
      session = session_;
    }
    if (session == nullptr) {
      if (done) {
        done(false);  // finished already
      }
      return;
    }
    net::post(executor_,
              [session = std::move(session), chunk = std::move(chunk),
               done = std::move(done)]() mutable {
                session->QueueChunk(std::move(chunk), std::move(done));
              });
  }

  void Finish() override {
    absl::MutexLock lock(&mu_);
    if (session_ == nullptr) {
      return;
    }
    net::post(executor_,
              [session = std::move(session_)] { session->FinishStream(); });
    session_ = nullptr;
  }

  void OnCancel(std::function<void()> cancel) override {
    absl::MutexLock lock(&mu_);
    if (session_ == nullptr) {
      return;
    }
    net::post(executor_, [session = session_, cancel = std::move(cancel)]() {
      session->SetStreamCancel(cancel);
    });
  }

 private:
  absl::Mutex mu_;
  std::shared_ptr<Session> session_ ABSL_GUARDED_BY(mu_);
  const net::any_io_executor executor_;
};

}  // namespace

Session::Session(tcp::socket socket, Server* server, bool reject)
    : stream_(std::move(socket)), server_(server), reject_(reject) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    remote_ = endpoint.address().to_string();
  }
  if (server_->observer() != nullptr) {
    server_->observer()->ConnectionOpened();
  }
}

Session::~Session() {
  if (server_->observer() != nullptr) {
    server_->observer()->ConnectionClosed();
  }
  server_->Unregister(this);
}

void Session::Start() {
  server_->Register(shared_from_this());
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (self->reject_) {
      self->busy_ = true;
      self->drain_on_close_ = true;
      self->started_ = absl::Now();
      self->request_id_ = RequestIdFrom("");
      self->SendProblem(503, absl::StatusCode::kUnavailable, "unavailable",
                        "Unavailable", "too many connections; retry later");
      return;
    }
    self->ReadHeader();
  });
}

void Session::Stop() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    if (self->stream_state_.has_value()) {
      self->CancelStream();
      return;
    }
    const bool mid_request =
        self->parser_.has_value() && self->parser_->got_some();
    if (!self->busy_ && !mid_request) {
      self->Close();
    }
  });
}

void Session::ReadHeader() {
  if (stopping_ || server_->stopping()) {
    Close();
    return;
  }
  parser_.emplace();
  body_limit_ = server_->options().max_body_bytes;
  parser_->body_limit(body_limit_);
  parser_->header_limit(server_->options().max_header_bytes);
  stream_.expires_after(Chrono(requests_ == 0
                                   ? server_->options().read_timeout
                                   : server_->options().idle_timeout));
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) {
        self->OnHeader(ec);
      });
}

void Session::OnHeader(beast::error_code ec) {
  started_ = absl::Now();
  if (!ec) {
    const auto& header = parser_->get();
    method_ = std::string(header.method_string());
    path_ = std::string(header.target().substr(0, header.target().find('?')));
    request_id_ = RequestIdFrom(AsAbsl(header["X-Request-Id"]));
    // Only a body that may be larger than the default asks for the route's
    // limit (a route lookup): not every GET.
    const auto length = parser_->content_length();
    const bool may_exceed = length ? *length > body_limit_ : parser_->chunked();
    if (const auto& limit_for = server_->options().body_limit_for;
        limit_for && may_exceed) {
      if (const uint64_t limit = limit_for(method_, path_); limit > 0) {
        body_limit_ = limit;
        parser_->body_limit(limit);
      }
    }
    if (absl::AsciiStrToLower(std::string(header[http::field::expect])) ==
        "100-continue") {
      continue_response_.emplace(http::status::continue_, header.version());
      stream_.expires_after(Chrono(server_->options().read_timeout));
      http::async_write(
          stream_, *continue_response_,
          [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) {
              self->Close();
              return;
            }
            self->ReadBody();
          });
      return;
    }
    ReadBody();
    return;
  }
  OnBody(ec);
}

void Session::ReadBody() {
  stream_.expires_after(Chrono(server_->options().read_timeout));
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) {
                     self->OnBody(ec);
                   });
}

void Session::OnBody(beast::error_code ec) {
  if (!ec) {
    Dispatch();
    return;
  }
  if (request_id_.empty()) {
    request_id_ = RequestIdFrom("");
  }
  busy_ = true;
  drain_on_close_ = true;
  if (ec == http::error::body_limit) {
    SendProblem(
        413, absl::StatusCode::kInvalidArgument, "payload-too-large",
        "Payload too large",
        absl::StrCat("the request body exceeds ", body_limit_, " bytes"));
  } else if (ec == http::error::header_limit) {
    SendProblem(431, absl::StatusCode::kInvalidArgument,
                "header-fields-too-large", "Request header fields too large",
                absl::StrCat("the request header exceeds ",
                             server_->options().max_header_bytes, " bytes"));
  } else if (ec != http::error::end_of_stream && ec != beast::error::timeout &&
             ec != net::error::operation_aborted &&
             ec != net::error::connection_reset && ec != net::error::eof &&
             parser_.has_value() && parser_->got_some()) {
    SendProblem(400, absl::StatusCode::kInvalidArgument, "malformed-request",
                "Malformed request",
                absl::StrCat("malformed HTTP request: ", ec.message()));
  } else {
    Close();
  }
}

void Session::Dispatch() {
  HttpRequest request = parser_->release();
  parser_.reset();
  busy_ = true;
  dispatched_ = true;
  ++requests_;
  keep_alive_ = request.keep_alive();
  version_ = request.version();
  bytes_in_ = request.body().size();
  route_.clear();
  work_.emplace(server_->ioc().get_executor());
  stream_.expires_never();
  if (server_->observer() != nullptr) {
    server_->observer()->RequestStarted();
  }

  // The responder may run on any thread; it hands the session to a posted
  // handler so that no other thread keeps the session alive once the reply is
  // on its way.
  struct Pending {
    std::shared_ptr<Session> session;
  };
  auto pending = std::make_shared<Pending>(Pending{shared_from_this()});
  Responder respond = [pending](Reply reply) {
    std::shared_ptr<Session> session = std::move(pending->session);
    if (session == nullptr) {
      return;  // answered already
    }
    auto executor = session->stream_.get_executor();
    net::post(executor, [session = std::move(session),
                         reply = std::move(reply)]() mutable {
      session->Write(std::move(reply), false);
    });
  };
  RequestContext context{request_id_, remote_};
  try {
    server_->handler()(std::move(request), std::move(context), respond);
  } catch (const std::exception& e) {
    log::Error("handler threw",
               {{"error", e.what()}, {"request_id", request_id_}});
    SendProblem(500, absl::StatusCode::kInternal, "internal", "Internal",
                "internal error");
  }
}

void Session::SendProblem(unsigned status, absl::StatusCode code,
                          std::string type, std::string title,
                          std::string detail) {
  Problem problem = ProblemForCode(code, std::move(detail));
  problem.http_status = static_cast<int>(status);
  problem.type = std::move(type);
  problem.title = std::move(title);
  Write(Reply{MakeResponse(status, std::string(kProblemContentType),
                           ProblemJson(problem, request_id_), version_),
              ""},
        true);
}

void Session::Write(Reply reply, bool close) {
  close = close || !keep_alive_ || stopping_ || server_->stopping();
  if (reply.stream) {
    WriteHead(std::move(reply));
    return;
  }
  route_ = std::move(reply.route);
  response_ = std::make_shared<HttpResponse>(std::move(reply.response));
  response_->version(version_);
  SetCommonHeaders(*response_, request_id_);
  response_->keep_alive(!close);
  response_->prepare_payload();
  const unsigned status = response_->result_int();
  if (status == 204 || status == 304) {
    // No Content-Length on these (RFC 9110 §8.6); they have no body anyway.
    response_->erase(http::field::content_length);
  } else if (method_ == "HEAD") {
    // The GET answer's header, Content-Length included, without its body
    // (RFC 9110 §9.3.2).
    const size_t length = response_->body().size();
    response_->body().clear();
    response_->content_length(length);
  }
  stream_.expires_after(Chrono(server_->options().read_timeout));
  http::async_write(
      stream_, *response_,
      [self = shared_from_this(), close](beast::error_code ec, size_t bytes) {
        self->OnWrite(close, ec, bytes);
      });
}

void Session::OnWrite(bool close, beast::error_code ec, size_t bytes) {
  LogAccess(response_->result_int(), response_->body().size());
  (void)bytes;
  response_.reset();
  busy_ = false;
  work_.reset();
  method_ = "-";
  path_ = "-";
  request_id_.clear();
  if (!ec && close && drain_on_close_) {
    Drain();
    return;
  }
  if (ec || close) {
    Close();
    return;
  }
  ReadHeader();
}

// A streamed response always ends its connection: the stream may last long,
// and closing is what tells an HTTP/1.0 client that the body ended.
void Session::WriteHead(Reply reply) {
  route_ = std::move(reply.route);
  response_ = std::make_shared<HttpResponse>(std::move(reply.response));
  response_->version(version_);
  SetCommonHeaders(*response_, request_id_);
  response_->body().clear();
  response_->erase(http::field::content_length);
  response_->keep_alive(false);
  stream_state_.emplace();
  stream_state_->chunked = version_ >= 11;
  if (stream_state_->chunked) {
    response_->chunked(true);
  }
  stream_state_->serializer.emplace(*response_);
  stream_.expires_after(Chrono(server_->options().read_timeout));
  http::async_write_header(
      stream_, *stream_state_->serializer,
      [self = shared_from_this(), start = std::move(reply.stream)](
          beast::error_code ec, size_t) {
        self->stream_.expires_never();
        Stream& s = *self->stream_state_;
        s.head_sent = true;
        s.failed = static_cast<bool>(ec);
        if (!s.failed) {
          self->WatchForDisconnect();
        }
        start(std::make_shared<SessionBodyWriter>(
            self, self->stream_.get_executor()));
        self->WriteNextChunk();
      });
}

void Session::WatchForDisconnect() {
  // The client sends nothing while it receives a stream; a read completing
  // means it closed the connection (or sent bytes it should not have).
  stream_.socket().async_read_some(
      net::buffer(drain_buffer_),
      [self = shared_from_this()](beast::error_code ec, size_t) {
        if (self->stream_state_.has_value()) {
          self->stream_state_->failed = true;
          self->CancelStream();
        }
        (void)ec;
      });
}

void Session::SetStreamCancel(std::function<void()> cancel) {
  if (!stream_state_.has_value()) {
    return;
  }
  if (stream_state_->cancelled) {
    cancel();
    return;
  }
  stream_state_->cancel = std::move(cancel);
}

void Session::CancelStream() {
  Stream& s = *stream_state_;
  if (s.cancelled) {
    return;
  }
  s.cancelled = true;
  if (s.cancel) {
    std::function<void()> cancel = std::move(s.cancel);
    cancel();
  }
  WriteNextChunk();
}

void Session::QueueChunk(std::string chunk, std::function<void(bool)> done) {
  if (!stream_state_.has_value() || stream_state_->finish_requested) {
    if (done) {
      done(false);
    }
    return;
  }
  stream_state_->queue.push_back({std::move(chunk), std::move(done)});
  WriteNextChunk();
}

void Session::FinishStream() {
  if (!stream_state_.has_value()) {
    return;
  }
  stream_state_->finish_requested = true;
  WriteNextChunk();
}

void Session::WriteNextChunk() {
  Stream& s = *stream_state_;
  if (!s.head_sent || s.writing || s.ending) {
    return;
  }
  if (s.failed) {
    while (!s.queue.empty()) {
      Chunk chunk = std::move(s.queue.front());
      s.queue.pop_front();
      if (chunk.done) {
        chunk.done(false);
      }
    }
    if (s.finish_requested) {
      EndStream();
    }
    return;
  }
  if (s.queue.empty()) {
    if (!s.finish_requested) {
      return;
    }
    s.ending = true;
    if (!s.chunked) {
      EndStream();
      return;
    }
    stream_.expires_after(Chrono(server_->options().read_timeout));
    net::async_write(stream_, http::make_chunk_last(),
                     [self = shared_from_this()](beast::error_code, size_t) {
                       self->EndStream();
                     });
    return;
  }
  Chunk chunk = std::move(s.queue.front());
  s.queue.pop_front();
  if (chunk.data.empty()) {  // an empty chunk would end the body
    if (chunk.done) {
      chunk.done(true);
    }
    WriteNextChunk();
    return;
  }
  s.in_flight = std::move(chunk.data);
  s.writing = true;
  auto on_written = [self = shared_from_this(), done = std::move(chunk.done)](
                        beast::error_code ec, size_t) {
    Stream& s = *self->stream_state_;
    self->stream_.expires_never();
    s.writing = false;
    s.bytes += s.in_flight.size();
    if (ec) {
      s.failed = true;
      self->CancelStream();
    }
    if (done) {
      done(!ec);
    }
    self->WriteNextChunk();
  };
  stream_.expires_after(Chrono(server_->options().read_timeout));
  if (s.chunked) {
    net::async_write(stream_, http::make_chunk(net::buffer(s.in_flight)),
                     std::move(on_written));
  } else {
    net::async_write(stream_, net::buffer(s.in_flight), std::move(on_written));
  }
}

void Session::EndStream() {
  LogAccess(response_->result_int(), stream_state_->bytes);
  stream_state_.reset();
  response_.reset();
  busy_ = false;
  work_.reset();
  Close();
}

void Session::Drain() {
  if (drained_ == 0) {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
  }
  stream_.async_read_some(
      net::buffer(drain_buffer_),
      [self = shared_from_this()](beast::error_code ec, size_t n) {
        self->drained_ += n + 1;
        if (ec || self->drained_ > (8u << 20)) {
          self->stream_.close();
          return;
        }
        self->Drain();
      });
}

void Session::Close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.close();
}

void Session::LogAccess(unsigned status, size_t bytes_out) {
  const absl::Duration elapsed = absl::Now() - started_;
  if (server_->observer() != nullptr) {
    server_->observer()->RequestFinished(method_, route_, status, elapsed,
                                         dispatched_);
  }
  dispatched_ = false;
  log::Info("http request",
            {{"method", method_},
             {"route", route_},
             {"path", path_},
             {"status", std::to_string(status)},
             {"duration_ms",
              absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(elapsed))},
             {"request_id", request_id_},
             {"bytes_in", std::to_string(bytes_in_)},
             {"bytes_out", std::to_string(bytes_out)},
             {"remote", remote_}});
}

}  // namespace samen::gateway::internal
