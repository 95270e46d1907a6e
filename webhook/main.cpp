// hccbot: answers citizens' questions about administrative procedures on Zalo.
#include <string>
#include <vector>

#include "webhook/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return webhook::RunCommand(args);
}
