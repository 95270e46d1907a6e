#pragma once
// DossierStatus over the province's dossier-tracking system (hệ thống một cửa
// điện tử). The adapter contract, to be matched to each province's system:
//   GET {dossier.base_url}/dossiers/{code}   (X-Api-Key when configured)
//   200 {"code", "procedure", "status", "received", "due", "agency"} (strings)
//   404 no such dossier; anything else is a failure the citizen is told about.
// Safe to share across threads (one client, guarded by a mutex).
#include <memory>
#include <mutex>

#include "bot/dossier_status.h"
#include "config/config.h"

namespace httplib {
class Client;
}

namespace webhook {

class HttpDossierStatus : public bot::DossierStatus {
 public:
  explicit HttpDossierStatus(const config::Dossier& cfg);
  ~HttpDossierStatus() override;

  std::expected<std::optional<bot::DossierRecord>, std::string> Lookup(std::string_view code) const override;

 private:
  const config::Dossier& cfg_;
  mutable std::mutex mutex_;                 // httplib::Client is not thread-safe
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace webhook
