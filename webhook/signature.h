#pragma once
// Zalo's webhook MAC: X-ZEvent-Signature: mac=<hex sha256(app_id + raw_body + timestamp + secret)>.
// A plain SHA-256, not an HMAC; the raw body bytes exactly as received.
#include <string>
#include <string_view>

namespace webhook {

std::string ComputeSignature(std::string_view app_id, std::string_view raw_body, std::string_view timestamp,
                             std::string_view secret);

// Accepts the header with or without "mac=", hex in any case; constant-time.
bool VerifySignature(std::string_view header, std::string_view app_id, std::string_view raw_body,
                     std::string_view timestamp, std::string_view secret);

}  // namespace webhook
