#pragma once

// The resource conventions the vacancy code shares with every service
// (services/common/resource/): ids and names, text checks, update masks, etags
// and page tokens, named here once for the vacancy code.

#include "services/common/resource/etag.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"

namespace samen::vacancies {

using ::samen::resource::ApplyMask;
using ::samen::resource::CheckEtag;
using ::samen::resource::DecodePageToken;
using ::samen::resource::EffectiveMask;
using ::samen::resource::EffectivePageSize;
using ::samen::resource::EncodePageToken;
using ::samen::resource::MakeEtag;
using ::samen::resource::Page;
using ::samen::resource::ParseName;
using ::samen::resource::ParseNameId;
using ::samen::resource::ParseNamePattern;
using ::samen::resource::ValidateDate;
using ::samen::resource::ValidateId;
using ::samen::resource::ValidateText;

}  // namespace samen::vacancies
