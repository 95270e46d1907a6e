#pragma once
// Shared by the fuzz targets: split one input into several fields and report a
// broken property the way libFuzzer expects (abort, so the input is saved).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

// Splits on the byte 0x1F (unit separator) into exactly n fields, so that a
// seed file can address each field and the fuzzer can still mutate freely.
inline std::vector<std::string_view> Fields(std::string_view data, std::size_t n) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < n) {
    const std::size_t p = data.find('\x1f');
    if (p == std::string_view::npos) break;
    out.push_back(data.substr(0, p));
    data.remove_prefix(p + 1);
  }
  out.push_back(data);
  while (out.size() < n) out.emplace_back();
  return out;
}

[[noreturn]] inline void Fail(const char* property, std::string_view detail = {}) {
  std::fprintf(stderr, "property broken: %s\n%.*s\n", property, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline bool ValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      const unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    const char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace fuzz
