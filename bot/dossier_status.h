#pragma once
// Where a citizen's dossier (hồ sơ) stands, looked up by its receipt code.
// The province's tracking system sits behind this interface: the HTTP client
// is in webhook/http_dossier.h, tests use a fake. Implementations must be safe
// to call from several threads.
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace bot {

struct DossierRecord {
  std::string code;
  std::string procedure;     // name of the procedure
  std::string status;        // as the tracking system words it, e.g. "Đang xử lý"
  std::string received;      // date received, as given
  std::string due;           // date promised (ngày hẹn trả)
  std::string agency;        // who holds it now
};

class DossierStatus {
 public:
  virtual ~DossierStatus() = default;
  // nullopt: no dossier with that code; an error: the system could not be asked.
  virtual std::expected<std::optional<DossierRecord>, std::string> Lookup(std::string_view code) const = 0;
};

}  // namespace bot
