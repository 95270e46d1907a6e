#include "webhook/http_dossier.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace webhook {
namespace {

// Receipt codes are letters, digits, dots and dashes; anything else is
// percent-encoded so a code can never change the path.
std::string EncodePathSegment(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Field(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace

HttpDossierStatus::HttpDossierStatus(const config::Dossier& cfg)
    : cfg_(cfg), client_(std::make_unique<httplib::Client>(cfg.base_url)) {
  client_->set_connection_timeout(cfg.timeout_s, 0);
  client_->set_read_timeout(cfg.timeout_s, 0);
  client_->set_write_timeout(cfg.timeout_s, 0);
}

HttpDossierStatus::~HttpDossierStatus() = default;

std::expected<std::optional<bot::DossierRecord>, std::string> HttpDossierStatus::Lookup(std::string_view code) const {
  httplib::Headers headers;
  if (!cfg_.api_key.empty()) headers.emplace("X-Api-Key", cfg_.api_key);
  std::unique_lock lock(mutex_);
  httplib::Result res = client_->Get("/dossiers/" + EncodePathSegment(code), headers);
  lock.unlock();
  if (!res) return std::unexpected("transport: " + httplib::to_string(res.error()));
  if (res->status == 404) return std::optional<bot::DossierRecord>{};
  if (res->status != 200) return std::unexpected("HTTP " + std::to_string(res->status));
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::unexpected("unreadable response");
  bot::DossierRecord d{Field(j, "code"), Field(j, "procedure"), Field(j, "status"),
                       Field(j, "received"), Field(j, "due"), Field(j, "agency")};
  if (d.status.empty()) return std::unexpected("response without a status");
  return d;
}

}  // namespace webhook
