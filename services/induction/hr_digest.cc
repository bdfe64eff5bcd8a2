#include "services/induction/hr_digest.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/logging.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/induction/tracking_rules.h"

namespace samen::induction {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr int kPage = 200;
constexpr absl::Duration kLease = absl::Minutes(10);

std::string Text(const Struct& s, const char* key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

const char* ReasonText(v1::RiskReason r, bool en) {
  switch (r) {
    case v1::NO_RECENT_CONTACT:
      return en ? "no contact for weeks" : "al weken geen contact";
    case v1::REPEATED_NO_SHOWS:
      return en ? "repeated no-shows" : "herhaaldelijk niet verschenen";
    case v1::QUOTA_BEHIND_SCHEDULE:
      return en ? "behind on coaching sessions"
                : "achter op de coachgesprekken";
    default:
      return "";
  }
}

// One starter's line in the payload: name, reasons, sessions, last contact.
Value Row(const v1::StarterTracking& r) {
  Value v;
  Struct& s = *v.mutable_struct_value();
  (*s.mutable_fields())["name"].set_string_value(r.display_name());
  std::vector<std::string> reasons;
  for (int reason : r.risk_reasons()) {
    reasons.push_back(v1::RiskReason_Name(static_cast<v1::RiskReason>(reason)));
  }
  (*s.mutable_fields())["reasons"].set_string_value(
      absl::StrJoin(reasons, ","));
  (*s.mutable_fields())["used"].set_string_value(
      absl::StrCat(r.sessions_used()));
  (*s.mutable_fields())["quota"].set_string_value(
      absl::StrCat(r.sessions_quota()));
  if (r.has_last_contact_time()) {
    (*s.mutable_fields())["last_contact"].set_string_value(
        absl::FormatTime(absl::RFC3339_sec,
                         absl::FromUnixSeconds(r.last_contact_time().seconds()),
                         absl::UTCTimeZone()));
  }
  return v;
}

}  // namespace

DigestWeek DigestWeekOf(absl::Time now) {
  const absl::CivilDay today = absl::ToCivilDay(now, AmsterdamZone());
  absl::CivilDay monday = today;
  while (absl::GetWeekday(monday) != absl::Weekday::monday) {
    monday -= 1;
  }
  return {absl::FormatCivilTime(monday),
          absl::FromCivil(absl::CivilHour(monday) + 7, AmsterdamZone())};
}

HrDigest::HrDigest(InductionRepository* repository,
                   directory::Directory* directory, notify::Notifier* notifier,
                   const Clock* clock, absl::Duration interval)
    : repository_(repository),
      directory_(directory),
      notifier_(notifier),
      clock_(clock),
      interval_(interval),
      thread_([this] { Loop(); }) {}

HrDigest::~HrDigest() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  thread_.join();
}

void HrDigest::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto stopped = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return stop_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopped), interval_)) {
        return;
      }
    }
    if (auto s = RunOnce(); !s.ok()) {
      log::Warning("the weekly HR digest failed; trying again",
                   {{"error", s.ToString()}});
    }
  }
}

absl::Status HrDigest::RunOnce() {
  const absl::Time now = clock_->Now();
  const DigestWeek week = DigestWeekOf(now);
  if (now < week.due) {
    return absl::OkStatus();
  }
  notify::OutboxStore* store = notifier_->store();
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  ASSIGN_OR_RETURN(bool mine, store->ClaimPeriod(kHrDigest, week.period, now,
                                                 now + kLease, deadline));
  if (!mine) {
    return absl::OkStatus();  // done, or another replica is at it
  }
  RETURN_IF_ERROR(MakeDigests(week.period, now));
  return store->FinishPeriod(kHrDigest, week.period, now,
                             absl::Now() + absl::Seconds(10));
}

absl::Status HrDigest::MakeDigests(const std::string& period, absl::Time now) {
  ASSIGN_OR_RETURN(
      std::vector<std::string> schools,
      repository_->SchoolsWithActiveStarters(absl::Now() + absl::Seconds(10)));
  for (const std::string& school : schools) {
    ASSIGN_OR_RETURN(CallContext call,
                     notifier_->ServiceCall("hr-digest", absl::Seconds(30)));
    ASSIGN_OR_RETURN(std::vector<std::string> hr,
                     directory_->PeopleWithRole(
                         call, "hr", absl::StrCat("organisations/", school)));
    if (hr.empty()) {
      continue;
    }
    auto org = directory_->GetOrganisation(call, school);
    Struct payload;
    auto& f = *payload.mutable_fields();
    f["school"].set_string_value(org.ok() ? org->display_name : school);
    f["week"].set_string_value(period);
    int total = 0;
    std::string after;
    do {
      TrackingFilter filter;
      filter.status = v1::Starter::ACTIVE;
      ASSIGN_OR_RETURN(auto page,
                       repository_->Tracking(HrScope{false, {school}}, filter,
                                             after, kPage, now, call.deadline));
      for (auto& item : page.items) {
        AssessRisk(item.facts, now, &item.row);
        ++total;
        if (item.row.at_risk()) {
          *f["at_risk"].mutable_list_value()->add_values() = Row(item.row);
        }
      }
      after = page.next_key;
    } while (!after.empty());
    f["total"].set_string_value(absl::StrCat(total));
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(payload, &json);
    std::vector<notify::Notification> messages;
    for (const std::string& person : hr) {
      messages.push_back(
          {absl::StrCat(kHrDigest, "/", school, "/", period, "/", person),
           kHrDigest, person, json, now, ""});
    }
    RETURN_IF_ERROR(notifier_->store()->Add(messages, now,
                                            absl::Now() + absl::Seconds(10)));
  }
  notifier_->Wake();
  return absl::OkStatus();
}

absl::StatusOr<notify::Composition> ComposeHrDigest(
    const notify::ClaimedNotification& n, const notify::Recipient& to,
    const notify::ComposeContext& ctx) {
  if (!to.settings.hr_digest) {
    return absl::FailedPreconditionError(
        "the person has switched the weekly HR digest off");
  }
  Struct p;
  if (!google::protobuf::util::JsonStringToMessage(n.payload, &p).ok()) {
    return absl::FailedPreconditionError("the digest is unreadable");
  }
  const bool en = to.settings.language == "en";
  notify::Composition out;
  out.transactional = false;
  out.data.set("recipient", to.address.display_name);
  out.data.set("school", Text(p, "school"));
  out.data.set("total", Text(p, "total"));
  absl::Time monday;
  std::string err;
  if (absl::ParseTime("%Y-%m-%d", Text(p, "week"), AmsterdamZone(), &monday,
                      &err)) {
    out.data.set("week", notify::FormatDay(monday, to.settings.language));
  }
  kainjow::mustache::list rows;
  auto it = p.fields().find("at_risk");
  if (it != p.fields().end()) {
    for (const Value& v : it->second.list_value().values()) {
      const Struct& r = v.struct_value();
      std::vector<std::string> reasons;
      const std::string names = Text(r, "reasons");
      for (absl::string_view name : absl::StrSplit(names, ',')) {
        v1::RiskReason reason;
        if (v1::RiskReason_Parse(std::string(name), &reason)) {
          reasons.push_back(ReasonText(reason, en));
        }
      }
      notify::TemplateData row;
      row.set("name", Text(r, "name"));
      row.set("reasons", absl::StrJoin(reasons, ", "));
      row.set("used", Text(r, "used"));
      row.set("quota", Text(r, "quota"));
      absl::Time last;
      if (absl::ParseTime(absl::RFC3339_full, Text(r, "last_contact"), &last,
                          &err)) {
        row.set("last_contact", notify::FormatDay(last, to.settings.language));
      }
      rows.push_back(row);
    }
  }
  out.data.set("count", absl::StrCat(rows.size()));
  out.data.set("any", notify::TemplateData(!rows.empty()));
  out.data.set("rows", notify::TemplateData(rows));
  out.data.set("link", absl::StrCat(ctx.options->app_url, "/hr"));
  return out;
}

}  // namespace samen::induction
