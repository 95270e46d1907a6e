#include "webhook/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cctype>

namespace webhook {

std::string ComputeSignature(std::string_view app_id, std::string_view raw_body, std::string_view timestamp,
                             std::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  // Fetched once: EVP_sha256() makes OpenSSL 3 look the implementation up on every init.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_DigestInit_ex(ctx, sha256 ? sha256 : EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, app_id.data(), app_id.size());
  EVP_DigestUpdate(ctx, raw_body.data(), raw_body.size());
  EVP_DigestUpdate(ctx, timestamp.data(), timestamp.size());
  EVP_DigestUpdate(ctx, secret.data(), secret.size());
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

bool VerifySignature(std::string_view header, std::string_view app_id, std::string_view raw_body,
                     std::string_view timestamp, std::string_view secret) {
  if (secret.empty()) return false;
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  if (header.size() >= 4 && (header.substr(0, 4) == "mac=" || header.substr(0, 4) == "MAC=")) header.remove_prefix(4);
  const std::string expected = ComputeSignature(app_id, raw_body, timestamp, secret);
  if (header.size() != expected.size()) return false;
  std::string given(header);
  for (char& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

}  // namespace webhook
