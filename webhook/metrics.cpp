#include "webhook/metrics.h"

#include <sstream>

namespace webhook {
namespace {

// Label values are ours, but escape anyway so a surprise never breaks the format.
std::string Escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Number(double v) {
  std::ostringstream os;
  os.precision(12);
  os << v;
  return os.str();
}

}  // namespace

void Metrics::ObserveWebhook(std::string_view type, std::string_view outcome, double seconds) {
  std::pair<std::string, std::string> key{type, outcome};
  std::lock_guard lock(mutex_);
  ++events_[std::move(key)];
  for (std::size_t i = 0; i < kAckBuckets.size(); ++i)
    if (seconds <= kAckBuckets[i]) ++ack_buckets_[i];
  ++ack_count_;
  ack_sum_ += seconds;
}

void Metrics::CountSend(std::string_view outcome, int code) {
  std::lock_guard lock(mutex_);
  ++sends_[{std::string(outcome), code}];
}

void Metrics::CountTokenRefresh(std::string_view outcome) {
  std::lock_guard lock(mutex_);
  ++refreshes_[std::string(outcome)];
}

void Metrics::SetTokenRefreshFailing(bool failing) {
  std::lock_guard lock(mutex_);
  refresh_failing_ = failing;
}

void Metrics::CountDeadLetter(std::string_view reason) {
  std::lock_guard lock(mutex_);
  ++dead_letters_[std::string(reason)];
}

void Metrics::CountWorker(std::string_view outcome) {
  std::lock_guard lock(mutex_);
  ++worker_[std::string(outcome)];
}

void Metrics::CountAckPause(std::string_view by, double seconds) {
  std::lock_guard lock(mutex_);
  auto& [count, total] = ack_pauses_[std::string(by)];
  ++count;
  total += seconds;
}

std::uint64_t Metrics::EventCount(std::string_view type, std::string_view outcome) const {
  std::lock_guard lock(mutex_);
  auto it = events_.find({std::string(type), std::string(outcome)});
  return it == events_.end() ? 0 : it->second;
}

std::uint64_t Metrics::SendCount(std::string_view outcome, int code) const {
  std::lock_guard lock(mutex_);
  auto it = sends_.find({std::string(outcome), code});
  return it == sends_.end() ? 0 : it->second;
}

std::uint64_t Metrics::TokenRefreshCount(std::string_view outcome) const {
  std::lock_guard lock(mutex_);
  auto it = refreshes_.find(std::string(outcome));
  return it == refreshes_.end() ? 0 : it->second;
}

std::string Metrics::Render(const std::vector<Gauge>& gauges) const {
  std::lock_guard lock(mutex_);
  std::ostringstream o;
  o << "# HELP hccbot_webhook_events_total Webhook requests by event type and outcome.\n"
       "# TYPE hccbot_webhook_events_total counter\n";
  for (const auto& [k, v] : events_)
    o << "hccbot_webhook_events_total{type=\"" << Escape(k.first) << "\",outcome=\"" << Escape(k.second)
      << "\"} " << v << "\n";
  o << "# HELP hccbot_webhook_ack_seconds Time from request received to response ready.\n"
       "# TYPE hccbot_webhook_ack_seconds histogram\n";
  for (std::size_t i = 0; i < kAckBuckets.size(); ++i)
    o << "hccbot_webhook_ack_seconds_bucket{le=\"" << Number(kAckBuckets[i]) << "\"} " << ack_buckets_[i] << "\n";
  o << "hccbot_webhook_ack_seconds_bucket{le=\"+Inf\"} " << ack_count_ << "\n"
    << "hccbot_webhook_ack_seconds_sum " << Number(ack_sum_) << "\n"
    << "hccbot_webhook_ack_seconds_count " << ack_count_ << "\n";
  o << "# HELP hccbot_worker_events_total Inbox events processed by outcome.\n"
       "# TYPE hccbot_worker_events_total counter\n";
  for (const auto& [k, v] : worker_) o << "hccbot_worker_events_total{outcome=\"" << Escape(k) << "\"} " << v << "\n";
  o << "# HELP hccbot_ack_priority_pauses_total Times a worker or sender let waiting acknowledgements go first.\n"
       "# TYPE hccbot_ack_priority_pauses_total counter\n";
  for (const auto& [by, v] : ack_pauses_)
    o << "hccbot_ack_priority_pauses_total{by=\"" << Escape(by) << "\"} " << v.first << "\n";
  o << "# HELP hccbot_ack_priority_pause_seconds_total Time spent in those pauses.\n"
       "# TYPE hccbot_ack_priority_pause_seconds_total counter\n";
  for (const auto& [by, v] : ack_pauses_)
    o << "hccbot_ack_priority_pause_seconds_total{by=\"" << Escape(by) << "\"} " << Number(v.second) << "\n";
  o << "# HELP hccbot_send_attempts_total Outbox send attempts by outcome and Zalo error code.\n"
       "# TYPE hccbot_send_attempts_total counter\n";
  for (const auto& [k, v] : sends_)
    o << "hccbot_send_attempts_total{outcome=\"" << Escape(k.first) << "\",code=\"" << k.second << "\"} " << v
      << "\n";
  o << "# HELP hccbot_dead_letters_total Texts given up on, by reason.\n"
       "# TYPE hccbot_dead_letters_total counter\n";
  for (const auto& [k, v] : dead_letters_)
    o << "hccbot_dead_letters_total{reason=\"" << Escape(k) << "\"} " << v << "\n";
  o << "# HELP hccbot_token_refreshes_total Access token refreshes by outcome.\n"
       "# TYPE hccbot_token_refreshes_total counter\n";
  for (const auto& [k, v] : refreshes_)
    o << "hccbot_token_refreshes_total{outcome=\"" << Escape(k) << "\"} " << v << "\n";
  o << "# HELP hccbot_token_refresh_failing 1 while the last refresh failed: a person must act.\n"
       "# TYPE hccbot_token_refresh_failing gauge\n"
    << "hccbot_token_refresh_failing " << (refresh_failing_ ? 1 : 0) << "\n";
  for (const auto& g : gauges) {
    o << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " gauge\n"
      << g.name << " " << Number(g.value) << "\n";
  }
  return o.str();
}

}  // namespace webhook
