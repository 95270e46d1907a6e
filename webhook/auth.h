#pragma once
// Staff credentials and session secrets (OpenSSL): salted PBKDF2-HMAC-SHA256
// password hashes, random session and CSRF tokens, and the SHA-256 under
// which a session token is stored. Stateless and thread-safe.
#include <string>
#include <string_view>

namespace webhook {

// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
inline constexpr int kPasswordIterations = 600000;
inline constexpr std::size_t kMinPasswordChars = 10;

// "pbkdf2-sha256$ITER$SALT_HEX$HASH_HEX" with a fresh 16-byte salt.
std::string HashPassword(std::string_view password, int iterations = kPasswordIterations);

// Constant-time comparison against a stored hash; false for malformed hashes.
bool VerifyPassword(std::string_view password, std::string_view stored);

// Why a new password is refused, in Vietnamese; empty when acceptable.
std::string PasswordProblem(std::string_view password);

// 32 random bytes as 64 hex characters.
std::string RandomToken();

std::string Sha256Hex(std::string_view data);

bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace webhook
