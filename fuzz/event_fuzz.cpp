// Fuzz target: the Zalo event parser and the webhook decision on untrusted
// bodies. Properties: nothing crashes or throws; every body gets one of the
// statuses the edge is allowed to answer; a parsed event yields a dedupe key.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.h"
#include "fuzz/fuzz_util.h"
#include "webhook/event.h"
#include "webhook/server.h"
#include "webhook/signature.h"

namespace {

class CountingSink : public webhook::EventSink {
 public:
  std::expected<webhook::AcceptStatus, std::string> Accept(const webhook::Event&, std::string_view) override {
    ++accepted;
    return webhook::AcceptStatus::kStored;
  }
  int accepted = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto ts = webhook::ExtractTimestamp(body);
  auto event = webhook::ParseEvent(body);
  if (event) {
    if (!ts || *ts != event->timestamp) fuzz::Fail("ParseEvent and ExtractTimestamp disagree on the timestamp");
    if (webhook::DedupeKey(*event).empty()) fuzz::Fail("empty dedupe key");
    (void)webhook::ToMessage(*event);
  }

  config::Zalo cfg;
  cfg.app_id = "7000000000000000001";
  cfg.oa_secret_key = "FAKE_OA_SECRET_KEY_000000000001";
  cfg.max_event_age_s = 24 * 3600;
  CountingSink sink;
  const long long now_ms = 1767225600000;
  // Unsigned, as a bad signature must be refused before anything else.
  auto out = webhook::HandleWebhook(cfg, sink, body, "mac=00", now_ms);
  if (out.status != 400 && out.status != 401) fuzz::Fail("a bad signature was not refused", out.reason);
  if (sink.accepted != 0) fuzz::Fail("an unsigned body reached the sink");
  // Correctly signed, so the parser and the age check behind the signature run too.
  if (ts) {
    const std::string sig = "mac=" + webhook::ComputeSignature(cfg.app_id, body, *ts, cfg.oa_secret_key);
    out = webhook::HandleWebhook(cfg, sink, body, sig, now_ms);
    if (out.status != 200) fuzz::Fail("a signed body was not acknowledged", out.reason);
    if ((out.outcome == "stored") != (sink.accepted == 1)) fuzz::Fail("stored without reaching the sink");
  } else if (out.status != 400) {
    fuzz::Fail("a body without a timestamp was not a 400", out.reason);
  }
  return 0;
}
