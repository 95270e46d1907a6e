// Fuzz target: the webhook signature check. Input fields (0x1F-separated):
// header, app_id, body, timestamp, secret. Properties: arbitrary headers never
// crash; the signature we compute always verifies, with or without "mac=" and
// in upper case; a different secret never verifies it.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_util.h"
#include "webhook/signature.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto f = fuzz::Fields(std::string_view(reinterpret_cast<const char*>(data), size), 5);
  const auto header = f[0], app_id = f[1], body = f[2], ts = f[3], secret = f[4];
  (void)webhook::VerifySignature(header, app_id, body, ts, secret);
  const std::string sig = webhook::ComputeSignature(app_id, body, ts, secret);
  if (sig.size() != 64) fuzz::Fail("signature is not 64 hex digits", sig);
  if (secret.empty()) {
    if (webhook::VerifySignature(sig, app_id, body, ts, secret)) fuzz::Fail("verified without a secret");
    return 0;
  }
  if (!webhook::VerifySignature("mac=" + sig, app_id, body, ts, secret)) fuzz::Fail("own signature refused");
  std::string upper = sig;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!webhook::VerifySignature(upper, app_id, body, ts, secret)) fuzz::Fail("upper-case signature refused");
  const std::string other = std::string(secret) + "x";
  if (webhook::VerifySignature(sig, app_id, body, ts, other)) fuzz::Fail("verified with another secret");
  return 0;
}
