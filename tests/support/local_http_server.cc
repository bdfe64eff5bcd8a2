#include "tests/support/local_http_server.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace samen::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

void AddExtension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr || X509_add_ext(cert, ext, -1) != 1) {
    throw std::runtime_error("cannot add certificate extension");
  }
  X509_EXTENSION_free(ext);
}

template <typename Stream>
void ServeOne(Stream& stream, const LocalHttpServer::Handler& handler) {
  beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> req;
  error_code ec;
  bhttp::read(stream, buffer, req, ec);
  if (ec) {
    return;
  }
  LocalRequest request;
  request.method = std::string(req.method_string());
  request.target = std::string(req.target());
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (char& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    request.headers[name] = std::string(field.value());
  }
  request.body = req.body();
  LocalResponse response = handler(request);
  if (response.delay.count() > 0) {
    std::this_thread::sleep_for(response.delay);
  }
  bhttp::response<bhttp::string_body> res(
      static_cast<bhttp::status>(response.status), 11);
  for (const auto& [name, value] : response.headers) {
    res.insert(name, value);
  }
  res.set(bhttp::field::connection, "close");
  res.body() = response.body;
  res.prepare_payload();
  bhttp::write(stream, res, ec);
}

}  // namespace

struct LocalHttpServer::Impl {
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::ssl::context ssl{asio::ssl::context::tls_server};
};

TlsIdentity MakeSelfSignedIdentity(const std::string& dns_name) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  if (key == nullptr || cert == nullptr) {
    throw std::runtime_error("cannot create key or certificate");
  }
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), std::rand() + 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(
      name, "CN", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>(dns_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, key);
  AddExtension(cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, NID_subject_alt_name, "DNS:" + dns_name);
  if (X509_sign(cert, key, EVP_sha256()) == 0) {
    throw std::runtime_error("cannot sign certificate");
  }
  TlsIdentity identity;
  BIO* cert_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_bio, cert);
  identity.cert_pem = BioToString(cert_bio);
  BIO* key_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  identity.key_pem = BioToString(key_bio);
  BIO_free(cert_bio);
  BIO_free(key_bio);
  X509_free(cert);
  EVP_PKEY_free(key);
  return identity;
}

std::string WriteTempFile(const std::string& name,
                          const std::string& contents) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/" + name +
                     "." + std::to_string(std::rand());
  std::ofstream out(path, std::ios::binary);
  out << contents;
  return path;
}

LocalHttpServer::LocalHttpServer(Handler handler,
                                 std::optional<TlsIdentity> tls)
    : impl_(std::make_unique<Impl>()), tls_(tls.has_value()) {
  handler_ = [this, inner = std::move(handler)](const LocalRequest& request) {
    ++requests_;
    return inner(request);
  };
  if (tls_) {
    impl_->ssl.use_certificate_chain(asio::buffer(tls->cert_pem));
    impl_->ssl.use_private_key(asio::buffer(tls->key_pem),
                               asio::ssl::context::pem);
  }
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  thread_ = std::thread([this] { Loop(); });
}

LocalHttpServer::~LocalHttpServer() {
  stopping_ = true;
  // Wake the blocking accept with a connection of our own.
  error_code ec;
  asio::io_context ioc;
  tcp::socket waker(ioc);
  waker.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
  thread_.join();
}

std::string LocalHttpServer::Url(const std::string& path,
                                 const std::string& host) const {
  return std::string(tls_ ? "https://" : "http://") + host + ":" +
         std::to_string(port_) + path;
}

void LocalHttpServer::Loop() {
  while (true) {
    tcp::socket socket(impl_->ioc);
    error_code ec;
    impl_->acceptor.accept(socket, ec);
    if (stopping_) {
      return;
    }
    if (ec) {
      continue;
    }
    if (!tls_) {
      ServeOne(socket, handler_);
      socket.shutdown(tcp::socket::shutdown_both, ec);
      continue;
    }
    asio::ssl::stream<tcp::socket&> stream(socket, impl_->ssl);
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (!ec) {
      ServeOne(stream, handler_);
      stream.shutdown(ec);
    }
  }
}

}  // namespace samen::testing
