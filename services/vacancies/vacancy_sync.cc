// The feed's sync tokens and page positions (vacancy_rules.h).

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"
#include "services/vacancies/resource.h"
#include "services/vacancies/vacancy_rules.h"

namespace samen::vacancies {

// ---- Feed ---------------------------------------------------------------

std::string EncodeSyncToken(const SyncToken& token) {
  return absl::WebSafeBase64Escape(
      absl::StrCat("s1:", token.seq, ":", absl::ToUnixSeconds(token.issued)));
}

absl::StatusOr<SyncToken> DecodeSyncToken(absl::string_view token,
                                          absl::string_view field) {
  std::string raw;
  const absl::Status bad =
      InvalidField(field, "is not a sync token this service issued");
  if (token.size() > 200 || !absl::WebSafeBase64Unescape(token, &raw)) {
    return bad;
  }
  std::vector<absl::string_view> parts = absl::StrSplit(raw, ':');
  SyncToken out;
  int64_t issued = 0;
  if (parts.size() != 3 || parts[0] != "s1" ||
      !absl::SimpleAtoi(parts[1], &out.seq) ||
      !absl::SimpleAtoi(parts[2], &issued) || out.seq < 0) {
    return bad;
  }
  out.issued = absl::FromUnixSeconds(issued);
  return out;
}

absl::Status CheckSyncTokenUsable(const SyncToken& token, absl::Time now,
                                  absl::Duration retention,
                                  int64_t pruned_through) {
  if (token.issued + retention < now || token.seq < pruned_through) {
    return WithReason(
        absl::FailedPreconditionError(
            "the sync token is too old: changes since it are no longer "
            "kept; sync from scratch without a sync_token"),
        "SYNC_TOKEN_EXPIRED");
  }
  return absl::OkStatus();
}

std::string EncodeSyncPosition(const SyncPosition& position,
                               absl::string_view sync_token) {
  return EncodePageToken(
      position.full ? absl::StrCat("F:", position.seq, ":", position.last_id)
                    : absl::StrCat("I:", position.seq),
      absl::StrCat("sync|", sync_token));
}

absl::StatusOr<SyncPosition> DecodeSyncPosition(absl::string_view page_token,
                                                absl::string_view sync_token) {
  auto key = DecodePageToken(page_token, absl::StrCat("sync|", sync_token));
  if (!key.ok()) {
    return key.status();
  }
  std::vector<absl::string_view> parts =
      absl::StrSplit(*key, absl::MaxSplits(':', 2));
  SyncPosition out;
  if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &out.seq)) {
    if (parts[0] == "F" && parts.size() == 3) {
      out.full = true;
      out.last_id = std::string(parts[2]);
      return out;
    }
    if (parts[0] == "I" && parts.size() == 2) {
      out.full = false;
      return out;
    }
  }
  return InvalidField("page_token", "is not a token this service issued");
}

absl::string_view EventTypeOf(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kPublished:
      return "vacancy.published";
    case ChangeKind::kUpdated:
      return "vacancy.updated";
    case ChangeKind::kClosed:
      return "vacancy.closed";
  }
  return "vacancy.updated";
}

}  // namespace samen::vacancies
