#include "webhook/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <string>
#include <vector>

#include "knowledge/text.h"

namespace webhook {
namespace {

constexpr const char* kScheme = "pbkdf2-sha256";

std::string Hex(const unsigned char* data, std::size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

bool Unhex(std::string_view hex, std::vector<unsigned char>& out) {
  if (hex.size() % 2) return false;
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out.clear();
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int a = val(hex[i]), b = val(hex[i + 1]);
    if (a < 0 || b < 0) return false;
    out.push_back(static_cast<unsigned char>(a * 16 + b));
  }
  return true;
}

bool Derive(std::string_view password, const std::vector<unsigned char>& salt, int iterations,
            unsigned char* out, std::size_t out_len) {
  return PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                           static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(out_len),
                           out) == 1;
}

}  // namespace

std::string HashPassword(std::string_view password, int iterations) {
  std::vector<unsigned char> salt(16);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) return {};
  unsigned char dk[32];
  if (!Derive(password, salt, iterations, dk, sizeof dk)) return {};
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + Hex(salt.data(), salt.size()) + "$" +
         Hex(dk, sizeof dk);
}

bool VerifyPassword(std::string_view password, std::string_view stored) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    auto d = stored.find('$', start);
    parts.push_back(stored.substr(start, d == std::string_view::npos ? std::string_view::npos : d - start));
    if (d == std::string_view::npos) break;
    start = d + 1;
  }
  if (parts.size() != 4 || parts[0] != kScheme) return false;
  int iterations = 0;
  for (char c : parts[1]) {
    if (c < '0' || c > '9' || iterations > 100000000) return false;
    iterations = iterations * 10 + (c - '0');
  }
  if (iterations < 1) return false;
  std::vector<unsigned char> salt, expected;
  if (!Unhex(parts[2], salt) || !Unhex(parts[3], expected) || expected.empty() || expected.size() > 64) return false;
  std::vector<unsigned char> dk(expected.size());
  if (!Derive(password, salt, iterations, dk.data(), dk.size())) return false;
  return CRYPTO_memcmp(dk.data(), expected.data(), dk.size()) == 0;
}

std::string PasswordProblem(std::string_view password) {
  if (knowledge::CodePointCount(password) < kMinPasswordChars)
    return "Mật khẩu phải có ít nhất " + std::to_string(kMinPasswordChars) + " ký tự";
  if (password.size() > 1024) return "Mật khẩu quá dài";
  return {};
}

std::string RandomToken() {
  unsigned char b[32];
  if (RAND_bytes(b, sizeof b) != 1) return {};
  return Hex(b, sizeof b);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return Hex(md, sizeof md);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace webhook
