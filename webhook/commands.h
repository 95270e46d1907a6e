#pragma once
// The hccbot command line: serve, import, search, ask, … Each command returns
// the process exit code.
#include <string>
#include <vector>

namespace webhook {

int RunCommand(const std::vector<std::string>& args);

}  // namespace webhook
