#include "tests/support/smtp_catcher.h"

#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace samen::testing {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "smtp catcher: %s\n", message.c_str());
  std::abort();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string SourceRoot() {
  const char* dir = std::getenv("SAMEN_SOURCE_DIR");
  if (dir != nullptr && *dir != '\0') {
    return dir;
  }
#ifdef SAMEN_SOURCE_DIR_DEFAULT
  return SAMEN_SOURCE_DIR_DEFAULT;
#else
  Die("SAMEN_SOURCE_DIR is not set; run the tests through ctest");
#endif
}

std::string MakeTempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "samen-smtp-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    Die("cannot create a temporary directory");
  }
  return pattern;
}

std::string StringField(const Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  if (it == s.fields().end()) {
    return "";
  }
  if (it->second.kind_case() == Value::kStringValue) {
    return it->second.string_value();
  }
  if (it->second.kind_case() == Value::kNumberValue) {
    return absl::StrCat(it->second.number_value());
  }
  return "";
}

std::vector<std::string> StringList(const Value& value) {
  std::vector<std::string> out;
  for (const Value& v : value.list_value().values()) {
    out.push_back(v.string_value());
  }
  return out;
}

std::vector<std::string> StringListField(const Struct& s,
                                         const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? std::vector<std::string>{}
                                : StringList(it->second);
}

CaughtPart ToPart(const Struct& p) {
  CaughtPart part;
  part.content_type = StringField(p, "content_type");
  part.disposition = StringField(p, "disposition");
  part.filename = StringField(p, "filename");
  part.text = StringField(p, "text");
  auto params = p.fields().find("params");
  if (params != p.fields().end()) {
    for (const auto& [k, v] : params->second.struct_value().fields()) {
      part.params[k] = v.string_value();
    }
  }
  return part;
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

absl::Status Run(const std::string& command) {
  const int rc = std::system((command + " >/dev/null 2>&1").c_str());
  if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
    return absl::InternalError(absl::StrCat("command failed: ", command));
  }
  return absl::OkStatus();
}

}  // namespace

const CaughtPart* CaughtMail::FindPart(const std::string& content_type) const {
  const std::string wanted = absl::AsciiStrToLower(content_type);
  for (const CaughtPart& part : parts) {
    if (part.content_type == wanted) {
      return &part;
    }
  }
  return nullptr;
}

std::string CaughtMail::Header(const std::string& name) const {
  auto it = headers.find(absl::AsciiStrToLower(name));
  return it == headers.end() ? "" : it->second;
}

absl::StatusOr<CaughtMail> ReadCaughtMail(const std::string& json_path) {
  Struct s;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(ReadFile(json_path), &s);
  if (!parsed.ok()) {
    return absl::DataLossError(
        absl::StrCat(json_path, ": ", std::string(parsed.message())));
  }
  CaughtMail mail;
  mail.file = json_path;
  mail.mail_from = StringField(s, "mail_from");
  mail.rcpt_tos = StringListField(s, "rcpt_tos");
  mail.subject = StringField(s, "subject");
  mail.message_id = StringField(s, "message_id");
  mail.raw = StringField(s, "raw");
  auto received = s.fields().find("received_at");
  if (received != s.fields().end()) {
    mail.received_at = received->second.number_value();
  }
  auto headers = s.fields().find("headers");
  if (headers != s.fields().end()) {
    for (const auto& [name, values] : headers->second.struct_value().fields()) {
      for (std::string& v : StringList(values)) {
        mail.headers.emplace(name, std::move(v));
      }
    }
  }
  auto parts = s.fields().find("parts");
  if (parts != s.fields().end()) {
    for (const Value& p : parts->second.list_value().values()) {
      mail.parts.push_back(ToPart(p.struct_value()));
    }
  }
  return mail;
}

SmtpCatcher::SmtpCatcher(SmtpCatcherOptions options)
    : options_(std::move(options)) {
  dir_ = options_.dir;
  if (dir_.empty()) {
    dir_ = MakeTempDir();
    own_dir_ = true;
  }
  std::filesystem::create_directories(dir_);
  std::vector<std::string> args = {
      SourceRoot() + "/tests/support/smtp_catcher.py", "--port",
      absl::StrCat(options_.port), "--dir", dir_};
  auto add = [&args](const std::string& flag, const std::string& value) {
    if (!value.empty()) {
      args.push_back(flag);
      args.push_back(value);
    }
  };
  add("--refuse", options_.refuse);
  add("--stall", options_.stall);
  if (!options_.stall.empty()) {
    add("--stall-seconds",
        absl::StrCat(absl::ToDoubleSeconds(options_.stall_for)));
    add("--stall-times", absl::StrCat(options_.stall_times));
  }
  if (options_.fail_first > 0) {
    add("--fail-first", absl::StrCat(options_.fail_first));
  }
  add("--auth", options_.auth);
  add("--tls-cert", options_.tls_cert);
  add("--tls-key", options_.tls_key);
  const std::string out = dir_ + "/catcher.out";
  std::filesystem::remove(out);
  process_ =
      std::make_unique<Process>("/usr/bin/python3", std::move(args),
                                std::map<std::string, std::string>{}, out);
  process_->Start();
  static const std::regex kListening("listening ([0-9]+)");
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline && port_ == 0) {
    std::smatch m;
    const std::string text = ReadFile(out);
    if (std::regex_search(text, m, kListening)) {
      (void)absl::SimpleAtoi(m[1].str(), &port_);
    } else if (!process_->running()) {
      Die(absl::StrCat("exited before listening:\n", text));
    } else {
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  if (port_ == 0) {
    Die(absl::StrCat("not listening after 20 s:\n", ReadFile(out)));
  }
}

SmtpCatcher::~SmtpCatcher() {
  Stop();
  if (own_dir_) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string SmtpCatcher::url() const {
  return absl::StrCat("smtp://127.0.0.1:", port_);
}

std::vector<CaughtMail> SmtpCatcher::Messages() const {
  static const std::regex kMessageFile("[0-9]{6}\\.json");
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    if (std::regex_match(name, kMessageFile)) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<CaughtMail> mails;
  for (const std::string& file : files) {
    auto mail = ReadCaughtMail(file);
    if (!mail.ok()) {
      Die(std::string(mail.status().message()));
    }
    mails.push_back(*std::move(mail));
  }
  return mails;
}

std::vector<CaughtMail> SmtpCatcher::WaitForMessages(
    size_t n, absl::Duration timeout) const {
  const absl::Time deadline = absl::Now() + timeout;
  std::vector<CaughtMail> mails = Messages();
  while (mails.size() < n && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
    mails = Messages();
  }
  return mails;
}

SmtpCatcherStats SmtpCatcher::Stats() const {
  Struct s;
  SmtpCatcherStats stats;
  if (!google::protobuf::util::JsonStringToMessage(
           ReadFile(dir_ + "/stats.json"), &s)
           .ok()) {
    return stats;
  }
  auto get = [&s](const char* name) {
    auto it = s.fields().find(name);
    return it == s.fields().end() ? 0
                                  : static_cast<int>(it->second.number_value());
  };
  stats.connections = get("connections");
  stats.transactions = get("transactions");
  stats.accepted = get("accepted");
  stats.failed_transactions = get("failed_transactions");
  stats.refused_recipients = get("refused_recipients");
  stats.stalled_recipients = get("stalled_recipients");
  stats.auth_failures = get("auth_failures");
  return stats;
}

std::string SmtpCatcher::Log() const {
  return absl::StrCat(ReadFile(dir_ + "/log.txt"), "\n--- output ---\n",
                      ReadFile(dir_ + "/catcher.out"));
}

void SmtpCatcher::Stop() {
  if (process_ != nullptr) {
    process_->Stop(absl::Seconds(5));
  }
}

void SmtpCatcher::Kill() {
  if (process_ != nullptr) {
    process_->Kill();
  }
}

absl::StatusOr<TestCertificate> MakeTestCertificate(const std::string& dir) {
  std::filesystem::create_directories(dir);
  TestCertificate cert{dir + "/ca.pem", dir + "/server.pem",
                       dir + "/server.key"};
  const std::string ca_key = dir + "/ca.key";
  const std::string csr = dir + "/server.csr";
  const std::string ext = dir + "/server.ext";
  std::ofstream(ext) << "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                        "basicConstraints=critical,CA:FALSE\n"
                        "keyUsage=critical,digitalSignature,keyEncipherment\n"
                        "extendedKeyUsage=serverAuth\n";
  const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1";
  for (const std::string& command : {
           absl::StrCat("openssl req -x509 -nodes ", ec, " -days 2 -keyout ",
                        Quote(ca_key), " -out ", Quote(cert.ca_file),
                        " -subj '/CN=Samen Test CA'",
                        " -addext basicConstraints=critical,CA:TRUE",
                        " -addext keyUsage=critical,keyCertSign,cRLSign"),
           absl::StrCat("openssl req -nodes ", ec, " -keyout ",
                        Quote(cert.key_file), " -out ", Quote(csr),
                        " -subj /CN=localhost"),
           absl::StrCat("openssl x509 -req -days 2 -in ", Quote(csr), " -CA ",
                        Quote(cert.ca_file), " -CAkey ", Quote(ca_key),
                        " -CAcreateserial -out ", Quote(cert.cert_file),
                        " -extfile ", Quote(ext)),
       }) {
    if (absl::Status s = Run(command); !s.ok()) {
      return s;
    }
  }
  return cert;
}

}  // namespace samen::testing
