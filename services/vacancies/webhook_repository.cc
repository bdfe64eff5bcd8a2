#include "services/vacancies/webhook_repository.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/list_column.h"
#include "db/rows.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"
#include "services/vacancies/webhook_rules.h"

namespace samen::vacancies {
namespace {

using db::Rows;
using db::Str;

constexpr int kPending = 1;
constexpr int kDelivered = 2;
constexpr int kFailed = 3;
constexpr int kCancelled = 4;

constexpr char kEndpointColumns[] =
    "id, owner, url, event_types, description, state, disabled_reason, "
    "version, "
    "create_time, update_time";

absl::StatusOr<EndpointRecord> ReadEndpoint(sql::ResultSet& rs) {
  EndpointRecord r;
  v1::WebhookEndpoint& e = r.endpoint;
  r.owner = Str(rs, "owner");
  e.set_name(absl::StrCat("webhookEndpoints/", Str(rs, "id")));
  e.set_url(Str(rs, "url"));
  for (absl::string_view t :
       absl::StrSplit(Str(rs, "event_types"), ',', absl::SkipEmpty())) {
    e.add_event_types(std::string(t));
  }
  e.set_description(Str(rs, "description"));
  e.set_state(static_cast<v1::WebhookEndpoint::State>(rs.getInt("state")));
  e.set_disabled_reason(Str(rs, "disabled_reason"));
  ReadStoredMetadata(rs, &e);
  return r;
}

absl::StatusOr<EndpointRecord> LoadEndpoint(sql::Connection& c,
                                            const std::string& id, bool lock) {
  auto* ps = &db::Cached(c, absl::StrCat("SELECT ", kEndpointColumns,
                                         " FROM webhook_endpoints WHERE id = ?",
                                         lock ? " FOR UPDATE" : ""));
  ps->setString(1, id);
  Rows rs(ps->executeQuery());
  if (!rs->next()) {
    return absl::NotFoundError(
        absl::StrCat("webhookEndpoints/", id, " does not exist"));
  }
  return ReadEndpoint(*rs);
}

void CancelPending(sql::Connection& c, const std::string& endpoint_id,
                   absl::Time now) {
  auto* ps = &db::Cached(c,
                         "UPDATE webhook_deliveries SET state = 4, "
                         "lease_token = NULL, finish_time = ? "
                         "WHERE endpoint_id = ? AND state = 1");
  ps->setString(1, db::FormatSqlDatetime(now));
  ps->setString(2, endpoint_id);
  ps->executeUpdate();
}

std::string NewEventId() {
  return absl::StrCat("msg_", absl::BytesToHexString(RandomBytes(12)));
}

}  // namespace

absl::Status WebhookRepository::OnVacancyChange(sql::Connection& c,
                                                ChangeKind kind,
                                                const std::string& vacancy_name,
                                                absl::Time now) {
  const std::string type(EventTypeOf(kind));
  const std::string id = NewEventId();
  auto* fan_out = &db::Cached(
      c,
      "INSERT INTO webhook_deliveries (event_id, endpoint_id, state, attempts, "
      "next_attempt_time, create_time) SELECT ?, id, 1, 0, ?, ? FROM "
      "webhook_endpoints "
      "WHERE state = 1 AND (event_types = '' OR FIND_IN_SET(?, event_types) > "
      "0)");
  const std::string now_text = db::FormatSqlDatetime(now);
  fan_out->setString(1, id);
  fan_out->setString(2, now_text);
  fan_out->setString(3, now_text);
  fan_out->setString(4, type);
  if (fan_out->executeUpdate() == 0) {
    return absl::OkStatus();  // nobody listens
  }
  auto* event = &db::Cached(c,
                            "INSERT INTO webhook_events (id, type, "
                            "payload, create_time) VALUES (?, ?, ?, ?)");
  event->setString(1, id);
  event->setString(2, type);
  event->setString(3, ThinPayload(type, vacancy_name, now));
  event->setString(4, now_text);
  event->executeUpdate();
  return absl::OkStatus();
}

absl::StatusOr<v1::WebhookEndpoint> WebhookRepository::CreateEndpoint(
    const std::string& owner, const std::string& id,
    const v1::WebhookEndpoint& endpoint, const std::string& secret,
    absl::Time now, absl::Time deadline) {
  return db::InTransaction<v1::WebhookEndpoint>(
      *pool_, deadline, "create webhook endpoint",
      [&](sql::Connection& c) -> absl::StatusOr<v1::WebhookEndpoint> {
        auto* ps = &db::Cached(c,
                               "INSERT INTO webhook_endpoints (id, owner, "
                               "url, event_types, description, "
                               "secret, state, disabled_reason, version, "
                               "create_time, update_time) VALUES "
                               "(?, ?, ?, ?, ?, ?, 1, '', 1, ?, ?)");
        ps->setString(1, id);
        ps->setString(2, owner);
        ps->setString(3, endpoint.url());
        ps->setString(4, absl::StrJoin(endpoint.event_types(), ","));
        ps->setString(5, endpoint.description());
        ps->setString(6, secrets_->Seal(secret, id));
        ps->setString(7, db::FormatSqlDatetime(now));
        ps->setString(8, db::FormatSqlDatetime(now));
        ps->executeUpdate();
        auto r = LoadEndpoint(c, id, false);
        if (!r.ok()) {
          return r.status();
        }
        return r->endpoint;
      });
}

absl::StatusOr<EndpointRecord> WebhookRepository::GetEndpoint(
    const std::string& id, absl::Time deadline) {
  return db::WithConnection<EndpointRecord>(
      *pool_, deadline, "get webhook endpoint",
      [&](sql::Connection& c) { return LoadEndpoint(c, id, false); });
}

absl::StatusOr<Page<v1::WebhookEndpoint>> WebhookRepository::ListEndpoints(
    const std::string& owner, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::WebhookEndpoint>>(
      *pool_, deadline, "list webhook endpoints",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::WebhookEndpoint>> {
        auto* ps = &db::Cached(
            c, absl::StrCat("SELECT ", kEndpointColumns,
                            " FROM webhook_endpoints WHERE owner = ? "
                            "AND id > ? ORDER BY id LIMIT ?"));
        ps->setString(1, owner);
        ps->setString(2, after);
        ps->setInt(3, limit + 1);
        Rows rs(ps->executeQuery());
        Page<v1::WebhookEndpoint> page;
        while (rs->next()) {
          auto r = ReadEndpoint(*rs);
          if (!r.ok()) {
            return r.status();
          }
          page.items.push_back(std::move(r->endpoint));
        }
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          page.next_key =
              page.items.back().name().substr(sizeof("webhookEndpoints/") - 1);
        }
        return page;
      });
}

absl::StatusOr<v1::WebhookEndpoint> WebhookRepository::UpdateEndpoint(
    const std::string& id, const std::string& etag,
    const std::function<absl::Status(EndpointRecord*, EndpointChange*)>& mutate,
    absl::Time now, absl::Time deadline) {
  return db::InTransaction<v1::WebhookEndpoint>(
      *pool_, deadline, "update webhook endpoint",
      [&](sql::Connection& c) -> absl::StatusOr<v1::WebhookEndpoint> {
        auto current = LoadEndpoint(c, id, true);
        if (!current.ok()) {
          return current.status();
        }
        EndpointRecord next = *current;
        EndpointChange change;
        if (auto s = mutate(&next, &change); !s.ok()) {
          return s;
        }
        if (auto s = CheckEtag(etag, current->endpoint.etag()); !s.ok()) {
          return s;
        }
        const v1::WebhookEndpoint& e = next.endpoint;
        const bool enabling =
            e.state() == v1::WebhookEndpoint::ENABLED &&
            current->endpoint.state() != v1::WebhookEndpoint::ENABLED;
        const bool disabling =
            e.state() == v1::WebhookEndpoint::DISABLED &&
            current->endpoint.state() != v1::WebhookEndpoint::DISABLED;
        auto* ps = &db::Cached(c,
                               "UPDATE webhook_endpoints SET url = ?, "
                               "event_types = ?, description = ?, "
                               "state = ?, disabled_reason = ?, secret = "
                               "COALESCE(?, secret), version = "
                               "version + 1, update_time = ? WHERE id = ?");
        ps->setString(1, e.url());
        ps->setString(2, absl::StrJoin(e.event_types(), ","));
        ps->setString(3, e.description());
        ps->setInt(4, e.state());
        ps->setString(5, enabling    ? ""
                         : disabling ? "disabled by its owner"
                                     : e.disabled_reason());
        if (change.new_secret.has_value()) {
          ps->setString(6, secrets_->Seal(*change.new_secret, id));
        } else {
          ps->setNull(6, sql::DataType::VARCHAR);
        }
        ps->setString(7, db::FormatSqlDatetime(now));
        ps->setString(8, id);
        ps->executeUpdate();
        if (disabling) {
          CancelPending(c, id, now);
        }
        auto r = LoadEndpoint(c, id, false);
        if (!r.ok()) {
          return r.status();
        }
        return r->endpoint;
      });
}

absl::Status WebhookRepository::DeleteEndpoint(
    const std::string& id, const std::string& etag,
    const std::function<absl::Status(const EndpointRecord&)>& authorize,
    absl::Time now, absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete webhook endpoint",
      [&](sql::Connection& c) -> absl::Status {
        auto current = LoadEndpoint(c, id, true);
        if (!current.ok()) {
          return current.status();
        }
        if (auto s = authorize(*current); !s.ok()) {
          return s;
        }
        if (auto s = CheckEtag(etag, current->endpoint.etag()); !s.ok()) {
          return s;
        }
        CancelPending(c, id, now);
        auto* del =
            &db::Cached(c, "DELETE FROM webhook_endpoints WHERE id = ?");
        del->setString(1, id);
        del->executeUpdate();
        return absl::OkStatus();
      });
}

absl::StatusOr<Page<v1::WebhookDeliveryAttempt>>
WebhookRepository::ListAttempts(const std::string& endpoint_id, int64_t before,
                                int limit, absl::Time deadline) {
  return db::WithConnection<Page<v1::WebhookDeliveryAttempt>>(
      *pool_, deadline, "list webhook attempts",
      [&](sql::Connection& c)
          -> absl::StatusOr<Page<v1::WebhookDeliveryAttempt>> {
        auto* ps = &db::Cached(
            c,
            "SELECT id, event_id, event_type, attempt, attempt_time, "
            "duration_ms, "
            "http_status, error, outcome, next_attempt_time FROM "
            "webhook_attempts WHERE "
            "endpoint_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
        ps->setString(1, endpoint_id);
        ps->setInt64(2, before > 0 ? before : INT64_MAX);
        ps->setInt(3, limit + 1);
        Rows rs(ps->executeQuery());
        Page<v1::WebhookDeliveryAttempt> page;
        std::vector<int64_t> ids;
        while (rs->next()) {
          v1::WebhookDeliveryAttempt a;
          ids.push_back(rs->getInt64("id"));
          a.set_name(absl::StrCat("webhookEndpoints/", endpoint_id,
                                  "/deliveryAttempts/", ids.back()));
          a.set_event_id(Str(*rs, "event_id"));
          a.set_event_type(Str(*rs, "event_type"));
          a.set_attempt(rs->getInt("attempt"));
          ToTimestamp(db::Datetime(*rs, "attempt_time"),
                      a.mutable_attempt_time());
          a.set_duration_ms(rs->getInt("duration_ms"));
          a.set_http_status(rs->getInt("http_status"));
          a.set_error(Str(*rs, "error"));
          a.set_outcome(static_cast<v1::WebhookDeliveryAttempt::Outcome>(
              rs->getInt("outcome")));
          if (!rs->isNull("next_attempt_time")) {
            ToTimestamp(db::Datetime(*rs, "next_attempt_time"),
                        a.mutable_next_attempt_time());
          }
          page.items.push_back(std::move(a));
        }
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          page.next_key = absl::StrCat(ids[limit - 1]);
        }
        return page;
      });
}

absl::StatusOr<std::vector<ClaimedDelivery>> WebhookRepository::Claim(
    absl::Time now, int limit, absl::Duration lease, absl::Time deadline) {
  return db::InTransaction<std::vector<ClaimedDelivery>>(
      *pool_, deadline, "claim webhook deliveries",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<ClaimedDelivery>> {
        auto* pick = &db::Cached(
            c,
            "SELECT id FROM webhook_deliveries WHERE state = 1 AND "
            "next_attempt_time <= ? "
            "ORDER BY next_attempt_time LIMIT ? FOR UPDATE SKIP LOCKED");
        pick->setString(1, db::FormatSqlDatetime(now));
        pick->setInt(2, limit);
        std::vector<int64_t> ids;
        {
          Rows rs(pick->executeQuery());
          while (rs->next()) {
            ids.push_back(rs->getInt64("id"));
          }
        }
        std::vector<ClaimedDelivery> out;
        if (ids.empty()) {
          return out;
        }
        const std::string token = absl::BytesToHexString(RandomBytes(12));
        const std::string in = db::Placeholders(ids.size());
        {
          db::Statement up(
              c,
              absl::StrCat(
                  "UPDATE webhook_deliveries SET next_attempt_time = ?, "
                  "lease_token = ? WHERE id IN (",
                  in, ")"),
              ids.size() == static_cast<size_t>(limit));
          up->setString(1, db::FormatSqlDatetime(now + lease));
          up->setString(2, token);
          for (size_t i = 0; i < ids.size(); ++i) {
            up->setInt64(static_cast<int>(i) + 3, ids[i]);
          }
          up->executeUpdate();
        }
        db::Statement read(
            c,
            absl::StrCat(
                "SELECT d.id, d.event_id, d.endpoint_id, d.attempts, e.type, "
                "e.payload, w.url, w.secret, w.state FROM webhook_deliveries d "
                "JOIN webhook_events e ON e.id = d.event_id LEFT JOIN "
                "webhook_endpoints w ON w.id = d.endpoint_id WHERE d.id IN (",
                in, ") ORDER BY d.id"),
            ids.size() == static_cast<size_t>(limit));
        for (size_t i = 0; i < ids.size(); ++i) {
          read->setInt64(static_cast<int>(i) + 1, ids[i]);
        }
        Rows rs(read->executeQuery());
        while (rs->next()) {
          ClaimedDelivery d;
          d.id = rs->getInt64("id");
          d.event_id = Str(*rs, "event_id");
          d.endpoint_id = Str(*rs, "endpoint_id");
          d.attempts = rs->getInt("attempts");
          d.event_type = Str(*rs, "type");
          d.payload = Str(*rs, "payload");
          d.lease_token = token;
          d.endpoint_enabled = !rs->isNull("state") && rs->getInt("state") == 1;
          if (d.endpoint_enabled) {
            d.url = Str(*rs, "url");
            auto secret = secrets_->Open(Str(*rs, "secret"), d.endpoint_id);
            if (secret.ok()) {
              d.secret = *std::move(secret);
            }
          }
          out.push_back(std::move(d));
        }
        return out;
      });
}

absl::StatusOr<bool> WebhookRepository::Complete(const ClaimedDelivery& d,
                                                 const AttemptRecord& a,
                                                 absl::Time deadline) {
  return db::InTransaction<bool>(
      *pool_, deadline, "complete webhook delivery",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        const bool gone =
            a.outcome == v1::WebhookDeliveryAttempt::ENDPOINT_GONE;
        const int state = a.outcome == v1::WebhookDeliveryAttempt::SUCCEEDED
                              ? kDelivered
                          : a.next_attempt.has_value() ? kPending
                                                       : kFailed;
        const absl::Time finished = a.time + a.duration;
        auto* up = &db::Cached(
            c,
            "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, "
            "next_attempt_time = ?, lease_token = NULL, finish_time = ? WHERE "
            "id = ? AND "
            "lease_token = ?");
        up->setInt(1, state);
        up->setString(2,
                      db::FormatSqlDatetime(a.next_attempt.value_or(finished)));
        if (state == kPending) {
          up->setNull(3, sql::DataType::TIMESTAMP);
        } else {
          up->setString(3, db::FormatSqlDatetime(finished));
        }
        up->setInt64(4, d.id);
        up->setString(5, d.lease_token);
        if (up->executeUpdate() == 0) {
          return false;  // the lease ran out and another worker took over
        }
        auto* log = &db::Cached(
            c,
            "INSERT INTO webhook_attempts (delivery_id, endpoint_id, event_id, "
            "event_type, "
            "attempt, attempt_time, duration_ms, http_status, error, outcome, "
            "next_attempt_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        log->setInt64(1, d.id);
        log->setString(2, d.endpoint_id);
        log->setString(3, d.event_id);
        log->setString(4, d.event_type);
        log->setInt(5, d.attempts + 1);
        log->setString(6, db::FormatSqlDatetime(a.time));
        log->setInt(7, static_cast<int>(absl::ToInt64Milliseconds(a.duration)));
        log->setInt(8, a.http_status);
        log->setString(9, a.error.substr(0, 300));
        log->setInt(10, a.outcome);
        if (a.next_attempt.has_value()) {
          log->setString(11, db::FormatSqlDatetime(*a.next_attempt));
        } else {
          log->setNull(11, sql::DataType::TIMESTAMP);
        }
        log->executeUpdate();
        if (gone) {
          auto* off = &db::Cached(
              c,
              "UPDATE webhook_endpoints SET state = 2, disabled_reason = ?, "
              "version = "
              "version + 1, update_time = ? WHERE id = ? AND state = 1");
          off->setString(
              1, absl::StrCat("the endpoint answered 410 Gone at ",
                              absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", a.time,
                                               absl::UTCTimeZone())));
          off->setString(2, db::FormatSqlDatetime(finished));
          off->setString(3, d.endpoint_id);
          off->executeUpdate();
          CancelPending(c, d.endpoint_id, finished);
        }
        return true;
      });
}

absl::Status WebhookRepository::Cancel(const ClaimedDelivery& d, absl::Time now,
                                       absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "cancel webhook delivery",
      [&](sql::Connection& c) -> absl::Status {
        auto* ps = &db::Cached(
            c,
            "UPDATE webhook_deliveries SET state = 4, lease_token = "
            "NULL, finish_time = ? WHERE id = ? AND lease_token = ?");
        ps->setString(1, db::FormatSqlDatetime(now));
        ps->setInt64(2, d.id);
        ps->setString(3, d.lease_token);
        ps->executeUpdate();
        return absl::OkStatus();
      });
}

}  // namespace samen::vacancies
