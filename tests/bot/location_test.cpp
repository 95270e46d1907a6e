// A location finds the nearest one-stop office once offices carry
// coordinates (the shipped data has none yet: tests/data/dialogues covers that).
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "bot/responder.h"
#include "knowledge/import.h"
#include "tests/support/test_support.h"

namespace {

TEST(Location, NearestOfficeWhenOfficesHaveCoordinates) {
  testing_support::TempDir dir;
  const auto data = dir / "data";
  std::filesystem::copy(testing_support::KnowledgeDataDir(), data, std::filesystem::copy_options::recursive);
  // Staff add coordinates to the two provincial centres (test values).
  std::ifstream in(data / "offices.jsonl");
  std::string out, line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    const std::string name = j["name"];
    if (name.find("Cơ sở 1") != std::string::npos) j["latitude"] = 10.54, j["longitude"] = 106.41;
    if (name.find("Cơ sở 2") != std::string::npos) j["latitude"] = 11.31, j["longitude"] = 106.10;
    out += j.dump() + "\n";
  }
  in.close();
  std::ofstream(data / "offices.jsonl", std::ios::trunc) << out;
  auto db = knowledge::OpenOrBuild((dir / "k.db").string(), data.string());
  ASSERT_TRUE(db.has_value()) << db.error();
  config::Knowledge kcfg;
  knowledge::Index index(*db, kcfg);
  ASSERT_TRUE(index.Reload());
  config::Bot cfg;
  bot::Responder responder(index, cfg);
  bot::Message m;
  m.user_id = "u";
  m.kind = bot::MessageKind::kLocation;
  m.latitude = 11.30;   // near the old town of Tây Ninh
  m.longitude = 106.11;
  auto r = responder.Respond(m);
  ASSERT_EQ(r.intent, "location");
  ASSERT_FALSE(r.messages.empty());
  EXPECT_NE(r.messages[0].find("Cơ sở 2"), std::string::npos) << r.messages[0];
  EXPECT_EQ(r.messages[0].find("Cơ sở 1"), std::string::npos);
  EXPECT_NE(r.messages[0].find("km"), std::string::npos);
}

}  // namespace
