// Fuzz target: the import line validator. The first input line names the
// data file (catalog.jsonl, offices.jsonl, …); the rest is its content.
// Properties: nothing crashes or throws; every error names the file and a line.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_util.h"
#include "knowledge/import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  static const char* kFiles[] = {"catalog.jsonl", "procedures.jsonl", "articles.jsonl", "aliases.jsonl",
                                 "synonyms.jsonl", "offices.jsonl", "communes.jsonl"};
  std::string file = kFiles[0];
  const std::size_t nl = in.find('\n');
  const std::string_view first = in.substr(0, nl);
  for (const char* f : kFiles)
    if (first == f) file = f;
  if (first == file) in.remove_prefix(nl == std::string_view::npos ? in.size() : nl + 1);
  for (const auto& e : knowledge::CheckFile(file, in)) {
    if (e.rfind(file + ":", 0) != 0) fuzz::Fail("error does not name the file", e);
  }
  return 0;
}
