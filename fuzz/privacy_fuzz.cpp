// Fuzz target: masking of personal numbers. Properties: valid UTF-8 stays
// valid (a mask never cuts a character); text without digits is unchanged;
// a mobile number written after any text, one space apart, is still masked
// (whatever number the text ends with).
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/privacy.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string out = privacy::MaskPersonalNumbers(in);
  if (fuzz::ValidUtf8(in) && !fuzz::ValidUtf8(out)) fuzz::Fail("masking broke valid UTF-8", out);
  bool digits = false;
  for (char c : in) digits = digits || (c >= '0' && c <= '9');
  if (!digits && out != in) fuzz::Fail("text without digits was changed", out);
  // A bare mobile number between spaces is always masked.
  // ("84 0909123456" reads as a 12-digit ID: masked all the same.)
  const std::string probe = privacy::MaskPersonalNumbers(std::string(in) + " 0909123456 ");
  auto ends_with = [&](std::string_view mask) {
    const std::string tail = std::string(mask) + " ";
    return probe.size() >= tail.size() && probe.compare(probe.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (!ends_with(privacy::kPhoneMask) && !ends_with(privacy::kIdMask))
    fuzz::Fail("a bare mobile number survived", probe);
  return 0;
}
