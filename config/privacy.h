#pragma once
// Masks personal numbers before text is logged or stored: 12-digit ID cards
// (CCCD), 9-digit ID cards (CMND) and phone numbers (0xx…, +84…, spaced,
// dotted or with zero-width characters inside). Procedure codes (1.001193),
// amounts of money (50.000 đồng) and dates stay readable.
#include <string>
#include <string_view>

namespace privacy {

inline constexpr std::string_view kIdMask = "[số giấy tờ]";
inline constexpr std::string_view kPhoneMask = "[số điện thoại]";

std::string MaskPersonalNumbers(std::string_view text);

}  // namespace privacy
