#include "webhook/signature.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"
#include "webhook/event.h"

namespace {

using testing_support::FixturePath;
using testing_support::ReadFile;

TEST(Signature, EveryVectorVerifies) {
  auto vectors = nlohmann::json::parse(ReadFile(FixturePath("webhook_signature_vectors.json")));
  const std::string app_id = vectors["app_id"];
  const std::string secret = vectors["oa_secret_key"];
  int checked = 0;
  for (const auto& v : vectors["vectors"]) {
    const std::string body = ReadFile(FixturePath(v["file"].get<std::string>()));
    ASSERT_EQ(body.size(), v["body_bytes"].get<std::size_t>()) << v["file"] << " must stay byte-exact";
    auto ts = webhook::ExtractTimestamp(body);
    ASSERT_TRUE(ts.has_value());
    EXPECT_EQ(*ts, v["timestamp"].get<std::string>());
    const std::string header = v["x_zevent_signature"];
    EXPECT_TRUE(webhook::VerifySignature(header, app_id, body, *ts, secret)) << v["file"];
    EXPECT_EQ("mac=" + webhook::ComputeSignature(app_id, body, *ts, secret), header);
    ++checked;
  }
  EXPECT_EQ(checked, 14);
}

TEST(Signature, RejectsTamperingAndWrongSecrets) {
  const std::string body = ReadFile(FixturePath("user_send_text.json"));
  const std::string sig = webhook::ComputeSignature("7000000000000000001", body, "1767225600000", "k");
  EXPECT_TRUE(webhook::VerifySignature("mac=" + sig, "7000000000000000001", body, "1767225600000", "k"));
  EXPECT_TRUE(webhook::VerifySignature(sig, "7000000000000000001", body, "1767225600000", "k")) << "without mac=";
  std::string upper = sig;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(webhook::VerifySignature("mac=" + upper, "7000000000000000001", body, "1767225600000", "k"));
  EXPECT_FALSE(webhook::VerifySignature("mac=" + sig, "7000000000000000001", body + " ", "1767225600000", "k"));
  EXPECT_FALSE(webhook::VerifySignature("mac=" + sig, "7000000000000000001", body, "1767225600001", "k"));
  EXPECT_FALSE(webhook::VerifySignature("mac=" + sig, "7000000000000000001", body, "1767225600000", "other"));
  EXPECT_FALSE(webhook::VerifySignature("", "7000000000000000001", body, "1767225600000", "k"));
  EXPECT_FALSE(webhook::VerifySignature("mac=" + sig.substr(1), "7000000000000000001", body, "1767225600000", "k"));
  EXPECT_FALSE(webhook::VerifySignature("mac=" + sig, "7000000000000000001", body, "1767225600000", "")) << "no secret, no pass";
}

}  // namespace
