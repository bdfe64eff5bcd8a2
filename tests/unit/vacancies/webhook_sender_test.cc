// SendWebhook against a real TLS server on loopback: a certificate made for the
// test by the openssl command (Debian's ca-certificates depends on it) and
// trusted through SSL_CERT_FILE, which the sender's default verify paths read.
// Shows the request on the wire, that the certificate must match the
// registered host, and that a silent server costs at most the timeout.

#include "services/vacancies/webhook_sender.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/ssl.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/vacancies/webhook_rules.h"

namespace samen::vacancies {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using ::testing::HasSubstr;

// What the server saw.
struct Seen {
  std::string method, target, id, timestamp, signature, content_type, body;
};

// A TLS server for one connection, answering `status`, or nothing at all
// for two seconds when `silent`.
class TlsServer {
 public:
  TlsServer(const std::string& cert, const std::string& key, int status,
            bool silent)
      : context_(ssl::context::tls_server),
        acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        status_(status),
        silent_(silent) {
    context_.use_certificate_chain_file(cert);
    context_.use_private_key_file(key, ssl::context::pem);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TlsServer() { thread_.join(); }
  int port() const { return acceptor_.local_endpoint().port(); }
  std::optional<Seen> seen() {
    absl::MutexLock lock(&mu_);
    return seen_;
  }

 private:
  void Serve() {
    {
      beast::error_code ec;
      tcp::socket socket(ioc_);
      acceptor_.accept(socket, ec);
      if (ec) {
        return;
      }
      ssl::stream<tcp::socket> stream(std::move(socket), context_);
      stream.handshake(ssl::stream_base::server, ec);
      if (ec) {
        return;  // the client refused our certificate
      }
      beast::flat_buffer buffer;
      http::request<http::string_body> req;
      http::read(stream, buffer, req, ec);
      if (ec) {
        return;
      }
      {
        absl::MutexLock lock(&mu_);
        seen_ = Seen{std::string(req.method_string()),
                     std::string(req.target()),
                     std::string(req["webhook-id"]),
                     std::string(req["webhook-timestamp"]),
                     std::string(req["webhook-signature"]),
                     std::string(req[http::field::content_type]),
                     req.body()};
      }
      if (silent_) {
        absl::SleepFor(absl::Seconds(2));
        return;
      }
      http::response<http::string_body> res(static_cast<http::status>(status_),
                                            11);
      res.prepare_payload();
      http::write(stream, res, ec);
      stream.shutdown(ec);
    }
  }

  asio::io_context ioc_;
  ssl::context context_;
  tcp::acceptor acceptor_;
  const int status_;
  const bool silent_;
  absl::Mutex mu_;
  std::optional<Seen> seen_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

class WebhookSenderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string((std::filesystem::temp_directory_path() /
                            absl::StrCat("samen-webhook-tls-", getpid()))
                               .string());
    std::filesystem::create_directories(*dir_);
    const std::string command = absl::StrCat(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
        "-nodes -days 1 -subj /CN=hooks.test -addext "
        "subjectAltName=DNS:hooks.test,IP:127.0.0.1 -keyout ",
        *dir_, "/key.pem -out ", *dir_, "/cert.pem 2>/dev/null");
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    // Before the sender's TLS context exists: it reads the roots once.
    setenv("SSL_CERT_FILE", Cert().c_str(), 1);
    InitWebhookSender();
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static std::string Cert() { return *dir_ + "/cert.pem"; }
  static std::string Key() { return *dir_ + "/key.pem"; }

  static WebhookRequest Request(const std::string& url) {
    WebhookRequest request;
    request.url = url;
    auto parsed = ParseWebhookUrl(url, /*allow_http=*/true, "url");
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    request.target.url = *parsed;
    request.target.address = "127.0.0.1";  // as the URL policy pinned it
    request.id = "msg_test";
    request.timestamp = 1700000000;
    request.signature = "v1,c2lnbmF0dXJl";
    request.body = R"({"type":"vacancy.published"})";
    return request;
  }

  static std::string* dir_;
};

std::string* WebhookSenderTest::dir_ = nullptr;

TEST_F(WebhookSenderTest, PostsOverVerifiedTlsToThePinnedAddress) {
  TlsServer server(Cert(), Key(), 204, false);
  // The host name is not resolved: the request goes to the pinned address,
  // and the certificate is checked against the registered name.
  WebhookResponse r = SendWebhook(
      Request(absl::StrCat("https://hooks.test:", server.port(), "/in?x=1")),
      absl::Seconds(5));
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.http_status, 204);
  std::optional<Seen> seen = server.seen();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->method, "POST");
  EXPECT_EQ(seen->target, "/in?x=1");
  EXPECT_EQ(seen->id, "msg_test");
  EXPECT_EQ(seen->timestamp, "1700000000");
  EXPECT_EQ(seen->signature, "v1,c2lnbmF0dXJl");
  EXPECT_EQ(seen->content_type, "application/json");
  EXPECT_EQ(seen->body, R"({"type":"vacancy.published"})");
}

TEST_F(WebhookSenderTest, ACertificateForAnotherNameIsRefused) {
  TlsServer server(Cert(), Key(), 200, false);
  WebhookResponse r = SendWebhook(
      Request(absl::StrCat("https://elsewhere.test:", server.port(), "/")),
      absl::Seconds(5));
  EXPECT_EQ(r.http_status, 0);
  EXPECT_THAT(r.error, HasSubstr("TLS handshake"));
  EXPECT_FALSE(server.seen().has_value());
}

TEST_F(WebhookSenderTest, ASilentReceiverCostsTheTimeoutOnly) {
  TlsServer server(Cert(), Key(), 200, /*silent=*/true);
  const absl::Time start = absl::Now();
  WebhookResponse r = SendWebhook(
      Request(absl::StrCat("https://hooks.test:", server.port(), "/")),
      absl::Milliseconds(500));
  EXPECT_EQ(r.http_status, 0);
  EXPECT_THAT(r.error, HasSubstr("timed out"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_F(WebhookSenderTest, NoListenerIsATransportError) {
  int port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor closed(ioc,
                         tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = closed.local_endpoint().port();
  }
  WebhookResponse r =
      SendWebhook(Request(absl::StrCat("https://hooks.test:", port, "/")),
                  absl::Seconds(2));
  EXPECT_EQ(r.http_status, 0);
  EXPECT_THAT(r.error, HasSubstr("connecting"));
}

}  // namespace
}  // namespace samen::vacancies
