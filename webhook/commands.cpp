#include "webhook/commands.h"

#include <pthread.h>

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "bot/responder.h"
#include "config/config.h"
#include "config/logging.h"
#include "knowledge/backup.h"
#include "knowledge/conversations.h"
#include "knowledge/evaluation.h"
#include "knowledge/audit.h"
#include "knowledge/entities.h"
#include "knowledge/import.h"
#include "knowledge/index.h"
#include "knowledge/regression.h"
#include "knowledge/reports.h"
#include "knowledge/revisions.h"
#include "knowledge/staff.h"
#include "knowledge/transfer.h"
#include "knowledge/outbox.h"
#include "webhook/admin_api.h"
#include "webhook/auth.h"
#include "webhook/report_format.h"
#include "webhook/dev_chat.h"
#include "webhook/edge.h"
#include "webhook/http_dossier.h"
#include "webhook/http_messenger.h"
#include "webhook/server.h"

namespace webhook {
namespace {

constexpr const char* kUsage = R"(usage: hccbot [--config FILE] COMMAND [options]

commands:
  serve [--port N] [--host H] [--dev-chat]
                         answer Zalo webhooks (default 127.0.0.1:8080)
  import [--data DIR]    rebuild the knowledge base from JSON Lines files
  search --jsonl [--top K]
                         one question per stdin line -> one JSON result per line
  eval --questions FILE.jsonl [--quiet] [--no-bigrams]
                         answer quality on a question set: top-1, top-3,
                         answered rates per style, and the misses
                         (--no-bigrams: search without syllable pairs)
  ask "question"         print the reply a citizen would get
  chat [--user ID]       one citizen's conversation: a message per stdin line, the
                         replies printed; lines /image, /sticker, /file, /follow,
                         /location LAT LON send those events, /release hands the
                         citizen back from staff to the bot
  dead-letters [--limit N]
                         texts given up on, newest first, one JSON object per line
  queue-status           inbox and outbox counts as one JSON object
  user add NAME --role viewer|editor|admin
                         create a staff account; the password is read from stdin
                         (prompted twice without echo on a terminal), never an argument
  user passwd NAME       set a new password (read like user add)
  user role NAME --role R | user disable NAME | user enable NAME | user list
  knowledge export ENTITY [--format jsonl|csv] [--out FILE]
  knowledge import ENTITY FILE [--format jsonl|csv]
                         ENTITY: procedure faq synonym office commune; import creates drafts
  knowledge drafts | knowledge check | knowledge publish [--as NAME]
                         list drafts, run the question set on them, publish them
  report --from DATE --to DATE [--format csv|json|html]
                         answer rates and satisfaction (SIPAS: top two of four levels)
  questions import FILE  add questions ({"q": ..., "expect": [...]} lines) to the check set
  backup PATH            copy the live database to PATH (safe while serving), checked
common options:
  --db PATH              database file (default: the embedded default, built if missing)
)";

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --key value, or --flag -> "1"
  bool Has(const std::string& k) const { return options.count(k) > 0; }
  std::string Get(const std::string& k, const std::string& def = "") const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
};

const std::map<std::string, bool> kTakesValue = {
    {"--role", true}, {"--format", true}, {"--out", true}, {"--as", true}, {"--from", true}, {"--to", true},
    {"--config", true}, {"--db", true}, {"--data", true}, {"--top", true}, {"--port", true}, {"--host", true}, {"--user", true},
    {"--limit", true}, {"--questions", true}, {"--quiet", false}, {"--no-bigrams", false},
    {"--jsonl", false}, {"--dev-chat", false}, {"--help", false}};

std::expected<Args, std::string> ParseArgs(const std::vector<std::string>& argv) {
  Args a;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& s = argv[i];
    if (s.rfind("--", 0) == 0) {
      auto it = kTakesValue.find(s);
      if (it == kTakesValue.end()) return std::unexpected("unknown option " + s);
      if (it->second) {
        if (i + 1 >= argv.size()) return std::unexpected(s + " needs a value");
        a.options[s] = argv[++i];
      } else {
        a.options[s] = "1";
      }
    } else if (a.command.empty()) {
      a.command = s;
    } else {
      a.positional.push_back(s);
    }
  }
  if (a.command.empty()) a.command = "serve";
  return a;
}

std::optional<int> ParseInt(const std::string& s) {
  try {
    std::size_t used = 0;
    int v = std::stoi(s, &used);
    if (used != s.size()) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

// Everything a command needs once the knowledge base is open.
struct Context {
  config::Config cfg;
  knowledge::Database db;
  std::unique_ptr<knowledge::Index> index;
};

std::expected<std::unique_ptr<Context>, std::string> Open(const Args& a) {
  auto cfg = config::Load(a.Get("--config"));
  if (!cfg) return std::unexpected(cfg.error());
  if (a.Has("--db")) cfg->knowledge.db_path = a.Get("--db");
  if (a.Has("--data")) cfg->knowledge.data_dir = a.Get("--data");
  auto db = knowledge::OpenOrBuild(cfg->knowledge.db_path, cfg->knowledge.data_dir);
  if (!db) return std::unexpected(db.error());
  if (auto notice = knowledge::StaleDataNotice(*db, cfg->knowledge.data_dir))
    logging::Warn("knowledge.data_newer_than_import", {{"notice", *notice}});
  auto ctx = std::unique_ptr<Context>(new Context{std::move(*cfg), std::move(*db), nullptr});
  ctx->index = std::make_unique<knowledge::Index>(ctx->db, ctx->cfg.knowledge);
  if (auto r = ctx->index->Reload(); !r) return std::unexpected(r.error());
  return ctx;
}

int Import(const Args& a) {
  auto cfg = config::Load(a.Get("--config"));
  if (!cfg) {
    std::cerr << "config: " << cfg.error() << "\n";
    return 2;
  }
  const std::string db_path = a.Get("--db", cfg->knowledge.db_path);
  const std::string data_dir = a.Get("--data", cfg->knowledge.data_dir);
  std::error_code ec;
  auto parent = std::filesystem::path(db_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto db = knowledge::OpenServing(db_path);
  if (!db) {
    std::cerr << db.error() << "\n";
    return 1;
  }
  auto stats = knowledge::ImportDirectory(*db, data_dir);
  if (!stats) {
    std::cerr << "import rejected, the database was not changed:\n";
    for (const auto& e : stats.error()) std::cerr << "  " << e << "\n";
    return 1;
  }
  std::cout << "imported " << stats->procedures << " procedures (" << stats->curated << " curated), "
            << stats->articles << " articles, " << stats->offices << " offices, " << stats->communes
            << " communes, " << stats->synonyms << " synonyms, " << stats->fillers << " fillers, "
            << stats->extra_aliases << " extra aliases into " << db_path << "\n";
  return 0;
}

int Search(const Args& a) {
  if (!a.Has("--jsonl")) {
    std::cerr << "search: only --jsonl output is supported\n";
    return 2;
  }
  int top = 3;
  if (a.Has("--top")) {
    auto v = ParseInt(a.Get("--top"));
    if (!v || *v < 1 || *v > 50) {
      std::cerr << "search: --top must be 1..50\n";
      return 2;
    }
    top = *v;
  }
  auto ctx = Open(a);
  if (!ctx) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  knowledge::SearchOptions opts;
  opts.top_k = top;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto r = (*ctx)->index->Search(line, opts);
    nlohmann::json out = {{"query", line}, {"answered", r.answered}, {"results", nlohmann::json::array()}};
    for (const auto& h : r.hits) out["results"].push_back({{"id", h.id}, {"name", h.name}, {"score", h.score}});
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}

// Same search path as `search --jsonl --top 3` (knowledge::Evaluate calls
// Index::Search with the same options).
int Eval(const Args& a) {
  if (!a.Has("--questions")) {
    std::cerr << "eval: --questions FILE.jsonl is required\n";
    return 2;
  }
  auto questions = knowledge::LoadQuestions(a.Get("--questions"));
  if (!questions) {
    std::cerr << "eval: " << questions.error() << "\n";
    return 1;
  }
  auto ctx = Open(a);
  if (!ctx) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  knowledge::SearchOptions opts;
  opts.use_bigrams = !a.Has("--no-bigrams");
  const auto report = knowledge::Evaluate(*(*ctx)->index, *questions, opts);
  std::cout << knowledge::FormatReport(report, !a.Has("--quiet"));
  return 0;
}

int Ask(const Args& a) {
  if (a.positional.empty()) {
    std::cerr << "ask: give the question in quotes\n";
    return 2;
  }
  std::string question;
  for (const auto& p : a.positional) question += (question.empty() ? "" : " ") + p;
  auto ctx = Open(a);
  if (!ctx) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  bot::Responder responder(*(*ctx)->index, (*ctx)->cfg.bot);
  bot::Message m;
  m.user_id = "cli";
  m.text = question;
  auto reply = responder.Respond(m);
  for (std::size_t i = 0; i < reply.messages.size(); ++i) {
    if (i) std::cout << "\n---\n";
    std::cout << reply.messages[i] << "\n";
  }
  return 0;
}

// One event of a chat line: text, or a /command for the other event kinds.
bot::Message ChatMessage(const std::string& user, const std::string& line, long long n) {
  bot::Message m;
  m.user_id = user;
  m.msg_id = "chat-" + std::to_string(n);
  m.text = line;
  auto starts = [&](const char* p) { return line.rfind(p, 0) == 0; };
  if (line == "/image") m.kind = bot::MessageKind::kImage;
  else if (line == "/sticker") m.kind = bot::MessageKind::kSticker;
  else if (line == "/file") m.kind = bot::MessageKind::kFile;
  else if (line == "/follow") m.kind = bot::MessageKind::kFollow;
  else if (line == "/chatnow") m.kind = bot::MessageKind::kChatNow;
  else if (starts("/location")) {
    m.kind = bot::MessageKind::kLocation;
    std::istringstream in(line.substr(9));
    in >> m.latitude >> m.longitude;
  }
  if (m.kind != bot::MessageKind::kText) m.text.clear();
  return m;
}

int Chat(const Args& a) {
  auto ctx = Open(a);
  if (!ctx) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  // Sessions live in memory for the run: a CLI conversation leaves no record.
  bot::Responder responder(*(*ctx)->index, (*ctx)->cfg.bot);
  const std::string user = a.Get("--user", "cli-chat");
  std::string line;
  long long n = 0;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::cout << ">>> " << line << "\n";
    if (line == "/release") {
      const bool released = responder.ReleaseHandoff(user, "cli", 0);
      std::cout << (released ? "[released: the bot answers again]" : "[no hand-off was open]") << "\n\n";
      continue;
    }
    auto reply = responder.Respond(ChatMessage(user, line, ++n));
    std::cout << "[" << reply.intent << (reply.procedure_id.empty() ? "" : " " + reply.procedure_id) << "]\n";
    if (reply.messages.empty()) std::cout << "(silent: a staff member has the conversation)\n";
    for (std::size_t i = 0; i < reply.messages.size(); ++i) {
      if (i) std::cout << "---\n";
      std::cout << reply.messages[i] << "\n";
    }
    std::cout << "\n" << std::flush;
  }
  return 0;
}

// Reads a password from stdin: prompted twice without echo on a terminal, or
// the first line of piped input. Never from the command line, where it would
// show in the process list and shell history.
std::optional<std::string> ReadPassword() {
  if (!::isatty(STDIN_FILENO)) {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  termios old{};
  ::tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string first, second;
  std::cerr << "Mật khẩu: " << std::flush;
  std::getline(std::cin, first);
  std::cerr << "\nNhập lại mật khẩu: " << std::flush;
  std::getline(std::cin, second);
  std::cerr << "\n";
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (first != second) {
    std::cerr << "user: the two passwords differ\n";
    return std::nullopt;
  }
  return first;
}

int StaffCommand(const Args& a) {
  const std::string sub = a.positional.empty() ? "" : a.positional[0];
  const std::string name = a.positional.size() > 1 ? a.positional[1] : "";
  auto ctx = Open(a);
  if (!ctx) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  knowledge::Database& db = (*ctx)->db;
  knowledge::StaffStore staff(db);
  auto audit = [&](const std::string& action, const std::string& before, const std::string& after) {
    (void)knowledge::AppendAudit(db, "cli", action, "user", name, before, after);
  };
  auto describe = [](const knowledge::StaffUser& u) {
    return nlohmann::json{{"name", u.name}, {"role", knowledge::RoleName(u.role)}, {"active", u.active}}.dump();
  };
  if (sub == "list") {
    for (const auto& u : staff.ListUsers())
      std::cout << u.name << "\t" << knowledge::RoleName(u.role) << "\t" << (u.active ? "active" : "disabled") << "\t"
                << u.created << "\n";
    return 0;
  }
  if (name.empty()) {
    std::cerr << "user: give a subcommand and a NAME\n" << kUsage;
    return 2;
  }
  if (sub == "add" || sub == "passwd") {
    std::optional<knowledge::Role> role;
    if (sub == "add") {
      role = knowledge::ParseRole(a.Get("--role"));
      if (!role) {
        std::cerr << "user add: --role must be viewer, editor or admin\n";
        return 2;
      }
      if (!knowledge::StaffStore::ValidName(name)) {
        std::cerr << "user add: a name is 2..40 of a-z A-Z 0-9 . _ -\n";
        return 2;
      }
    } else if (!staff.FindUser(name)) {
      std::cerr << "user passwd: no user " << name << "\n";
      return 1;
    }
    auto password = ReadPassword();
    if (!password) {
      std::cerr << "user: no password given on stdin\n";
      return 2;
    }
    if (auto why = PasswordProblem(*password); !why.empty()) {
      std::cerr << "user: " << why << "\n";
      return 2;
    }
    const std::string hash = HashPassword(*password);
    if (sub == "add") {
      auto u = staff.AddUser(name, *role, hash);
      if (!u) {
        std::cerr << "user add: " << u.error() << "\n";
        return 1;
      }
      audit("user.add", "", describe(*u));
      std::cout << "created " << name << " (" << knowledge::RoleName(*role) << ")\n";
    } else {
      if (auto r = staff.UpdateUser(name, std::nullopt, std::nullopt, hash); !r) {
        std::cerr << "user passwd: " << r.error() << "\n";
        return 1;
      }
      audit("user.passwd", "", "");
      std::cout << "password of " << name << " changed; their sessions ended\n";
    }
    return 0;
  }
  if (sub == "role" || sub == "disable" || sub == "enable") {
    auto before = staff.FindUser(name);
    if (!before) {
      std::cerr << "user: no user " << name << "\n";
      return 1;
    }
    std::optional<knowledge::Role> role;
    std::optional<bool> active;
    if (sub == "role") {
      role = knowledge::ParseRole(a.Get("--role"));
      if (!role) {
        std::cerr << "user role: --role must be viewer, editor or admin\n";
        return 2;
      }
    } else {
      active = sub == "enable";
    }
    if (auto r = staff.UpdateUser(name, role, active, std::nullopt); !r) {
      std::cerr << "user: " << r.error() << "\n";
      return 1;
    }
    audit("user.update", describe(*before), describe(*staff.FindUser(name)));
    std::cout << "updated " << name << "\n";
    return 0;
  }
  std::cerr << "user: unknown subcommand " << sub << "\n" << kUsage;
  return 2;
}

std::optional<knowledge::TransferFormat> FormatOption(const Args& a) {
  const std::string f = a.Get("--format", "jsonl");
  if (f == "jsonl") return knowledge::TransferFormat::kJsonl;
  if (f == "csv") return knowledge::TransferFormat::kCsv;
  std::cerr << "--format must be jsonl or csv\n";
  return std::nullopt;
}

int KnowledgeCommand(const Args& a) {
  const std::string sub = a.positional.empty() ? "" : a.positional[0];
  auto ctx = Open(a);
  if (!ctx) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  knowledge::Database& db = (*ctx)->db;
  knowledge::Editor editor(db);
  const std::string actor = a.Get("--as", "cli");
  if (sub == "export" || sub == "import") {
    const std::string entity = a.positional.size() > 1 ? a.positional[1] : "";
    auto fmt = FormatOption(a);
    if (!fmt) return 2;
    if (!knowledge::IsEntity(entity)) {
      std::cerr << "knowledge " << sub << ": ENTITY is one of procedure faq synonym office commune\n";
      return 2;
    }
    if (sub == "export") {
      auto out = knowledge::ExportEntities(db, entity, *fmt);
      if (!out) {
        std::cerr << out.error() << "\n";
        return 1;
      }
      if (a.Has("--out")) {
        std::ofstream f(a.Get("--out"), std::ios::binary);
        f << *out;
        if (!f) {
          std::cerr << "cannot write " << a.Get("--out") << "\n";
          return 1;
        }
      } else {
        std::cout << *out;
      }
      return 0;
    }
    if (a.positional.size() < 3) {
      std::cerr << "knowledge import: give the FILE\n";
      return 2;
    }
    std::ifstream f(a.positional[2], std::ios::binary);
    if (!f) {
      std::cerr << "cannot read " << a.positional[2] << "\n";
      return 1;
    }
    std::ostringstream text;
    text << f.rdbuf();
    auto n = knowledge::ImportEntities(db, actor, entity, *fmt, text.str());
    if (!n) {
      std::cerr << "import rejected, nothing was changed:\n";
      for (const auto& e : n.error()) std::cerr << "  " << e << "\n";
      return 1;
    }
    std::cout << *n << " drafts created; review them, then run: hccbot knowledge publish\n";
    return 0;
  }
  if (sub == "drafts") {
    for (const auto& d : editor.Drafts())
      std::cout << d.rid << "\t" << d.entity << "\t" << d.key << "\t" << d.author << "\t" << d.created << "\n";
    return 0;
  }
  if (sub == "check") {
    auto r = knowledge::RunRegression(db, (*ctx)->cfg.knowledge);
    if (!r) {
      std::cerr << r.error() << "\n";
      return 1;
    }
    std::cout << r->questions << " questions, " << r->drafts << " drafts applied; correct "
              << r->correct_before << " -> " << r->correct_after << " of " << r->with_expect << "\n";
    for (const auto& c : r->changes)
      std::cout << c.question << "\t" << (c.before_id.empty() ? "-" : c.before_id) << " -> "
                << (c.after_id.empty() ? "-" : c.after_id) << "\n";
    return 0;
  }
  if (sub == "publish") {
    auto r = editor.Publish(actor);
    if (!r) {
      std::cerr << "nothing published:\n";
      for (const auto& e : r.error()) std::cerr << "  " << e << "\n";
      return 1;
    }
    std::cout << "published " << r->size() << " revisions\n";
    return 0;
  }
  std::cerr << "knowledge: unknown subcommand " << sub << "\n" << kUsage;
  return 2;
}

int QuestionsCommand(const Args& a) {
  if (a.positional.size() < 2 || a.positional[0] != "import") {
    std::cerr << "usage: hccbot questions import FILE\n";
    return 2;
  }
  auto ctx = Open(a);
  if (!ctx) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  std::ifstream f(a.positional[1], std::ios::binary);
  if (!f) {
    std::cerr << "cannot read " << a.positional[1] << "\n";
    return 1;
  }
  std::ostringstream text;
  text << f.rdbuf();
  const std::string origin = std::filesystem::path(a.positional[1]).filename().string();
  auto n = knowledge::ImportQuestions((*ctx)->db, text.str(), origin, a.Get("--as", "cli"));
  if (!n) {
    for (const auto& e : n.error()) std::cerr << "  " << e << "\n";
    return 1;
  }
  std::cout << "added " << *n << " questions\n";
  return 0;
}

int BackupCommand(const Args& a) {
  if (a.positional.size() != 1) {
    std::cerr << "backup: give the destination file: hccbot backup PATH\n";
    return 2;
  }
  auto cfg = config::Load(a.Get("--config"));
  if (!cfg) {
    std::cerr << "config: " << cfg.error() << "\n";
    return 2;
  }
  const std::string db_path = a.Get("--db", cfg->knowledge.db_path);
  const std::string& dest = a.positional[0];
  std::error_code ec;
  if (std::filesystem::exists(dest, ec)) {
    std::cerr << "backup: " << dest << " exists; choose a new file\n";
    return 2;
  }
  auto stats = knowledge::Backup(db_path, dest);
  if (!stats) {
    std::cerr << stats.error() << "\n";
    return 1;
  }
  std::cout << "backed up " << db_path << " to " << dest << ": " << stats->pages << " pages, " << stats->bytes
            << " bytes, integrity ok\n";
  return 0;
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int ReportCommand(const Args& a) {
  const std::string from = a.Get("--from"), to = a.Get("--to");
  const std::string format = a.Get("--format", "json");
  if (from.empty() || to.empty() || (format != "json" && format != "csv" && format != "html")) {
    std::cerr << "usage: hccbot report --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json|html]\n";
    return 2;
  }
  auto ctx = Open(a);
  if (!ctx) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  auto r = knowledge::BuildReport((*ctx)->db, from, to);
  if (!r) {
    std::cerr << "report: " << r.error() << "\n";
    return 2;
  }
  if (format == "csv") std::cout << ReportCsv(*r);
  else if (format == "html") std::cout << ReportHtml(*r);
  else std::cout << ReportJson(*r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}

int Serve(const Args& a) {
  // Block the stop signals in every thread; one thread waits for them, so the
  // shutdown runs as ordinary code instead of inside a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto ctx = Open(a);
  if (!ctx) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  config::Config& cfg = (*ctx)->cfg;
  if (a.Has("--port")) {
    auto v = ParseInt(a.Get("--port"));
    if (!v || *v < 0 || *v > 65535) {
      std::cerr << "serve: --port must be 0..65535\n";
      return 2;
    }
    cfg.server.port = *v;
  }
  if (a.Has("--host")) cfg.server.host = a.Get("--host");
  if (a.Has("--dev-chat")) cfg.server.dev_chat = true;
  // The simulator signs its events; without a configured secret it makes one up.
  if (cfg.server.dev_chat && cfg.zalo.oa_secret_key.empty()) cfg.zalo.oa_secret_key = RandomDevSecret();
  // The conversation record lives in the same database file as the knowledge.
  knowledge::ConversationStore store((*ctx)->db);
  std::unique_ptr<HttpDossierStatus> dossier;
  if (!cfg.dossier.base_url.empty()) dossier = std::make_unique<HttpDossierStatus>(cfg.dossier);
  bot::Responder responder(*(*ctx)->index, cfg.bot, &store, dossier.get());
  // Replies go out with the access token the edge manages (stored in the database).
  TokenManager* tokens = nullptr;
  HttpMessenger http_messenger(cfg.zalo, [&tokens] { return tokens ? tokens->Current() : std::string(); });
  // With the simulator on, replies are recorded for the page; real users still
  // get theirs through Zalo when a token is configured.
  RecordingMessenger recorder(cfg.zalo.access_token.empty() ? nullptr : &http_messenger);
  Messenger& messenger = cfg.server.dev_chat ? static_cast<Messenger&>(recorder) : http_messenger;
  auto edge = Edge::Open(cfg, responder, &messenger);
  if (!edge) {
    std::cerr << edge.error() << "\n";
    return 1;
  }
  tokens = &(*edge)->tokens();
  Server server(cfg, **edge, edge->get());
  AdminApi admin(cfg, *(*ctx)->index, responder);
  if (auto r = admin.Open(); !r) {
    std::cerr << r.error() << "\n";
    return 1;
  }
  admin.SetSender([&edge](const std::string& user_id, const std::string& text, const std::string& staff) {
    return (*edge)->outbox().Enqueue(user_id, text, "staff:" + staff, NowMs());
  });
  admin.Register(server.http());
  if (cfg.server.dev_chat) RegisterDevChat(server.http(), cfg, **edge, recorder, responder);
  std::thread signals([&server, &stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (sig == SIGUSR1) return;  // our own wake-up after an early exit
    logging::Info("webhook.stopping", {{"signal", sig == SIGTERM ? "TERM" : "INT"}});
    server.Stop();
  });
  logging::Info("webhook.starting",
                {{"host", cfg.server.host}, {"port", std::to_string(cfg.server.port)},
                 {"db", cfg.knowledge.db_path}, {"procedures", std::to_string((*ctx)->index->ProcedureCount())},
                 {"api", cfg.zalo.api_base_url}, {"signature", cfg.zalo.oa_secret_key.empty() ? "no secret" : "set"},
                 {"workers", std::to_string(cfg.queue.workers)}, {"senders", std::to_string(cfg.queue.senders)},
                 {"dev_chat", cfg.server.dev_chat ? "on" : "off"},
                 {"dossier", cfg.dossier.base_url.empty() ? "off" : cfg.dossier.base_url}});
  (*edge)->Start();
  auto r = server.Run([](int port) { logging::Info("webhook.listening", {{"port", std::to_string(port)}}); });
  // Requests in flight have finished; now the workers and senders finish their
  // current item. Whatever is still pending stays in the database.
  (*edge)->Stop();
  pthread_kill(signals.native_handle(), SIGUSR1);
  signals.join();
  auto in = (*edge)->inbox().Counts();
  auto out = (*edge)->outbox().Counts();
  logging::Info("webhook.stopped", {{"inbox_pending", in ? std::to_string(in->pending) : "?"},
                                    {"outbox_pending", out ? std::to_string(out->pending) : "?"}});
  if (!r) {
    std::cerr << r.error() << "\n";
    return 1;
  }
  return 0;
}

// The database a queue command reads: --db, else the configured one.
std::expected<std::unique_ptr<knowledge::Outbox>, std::string> OpenOutbox(const Args& a) {
  auto cfg = config::Load(a.Get("--config"));
  if (!cfg) return std::unexpected(cfg.error());
  return knowledge::Outbox::Open(a.Get("--db", cfg->knowledge.db_path));
}

int DeadLetters(const Args& a) {
  int limit = 100;
  if (a.Has("--limit")) {
    auto v = ParseInt(a.Get("--limit"));
    if (!v || *v < 1) {
      std::cerr << "dead-letters: --limit must be a positive number\n";
      return 2;
    }
    limit = *v;
  }
  auto outbox = OpenOutbox(a);
  if (!outbox) {
    std::cerr << outbox.error() << "\n";
    return 1;
  }
  auto rows = (*outbox)->DeadLetters(limit);
  if (!rows) {
    std::cerr << rows.error() << "\n";
    return 1;
  }
  for (const auto& d : *rows) {
    nlohmann::json j = {{"id", d.id},           {"user_id", d.user_id}, {"origin", d.origin},
                        {"inbox_id", d.inbox_id}, {"attempts", d.attempts}, {"created_ms", d.created_ms},
                        {"dead_ms", d.dead_ms},   {"reason", d.reason},   {"text", d.text}};
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}

int QueueStatus(const Args& a) {
  auto cfg = config::Load(a.Get("--config"));
  if (!cfg) {
    std::cerr << cfg.error() << "\n";
    return 1;
  }
  const std::string path = a.Get("--db", cfg->knowledge.db_path);
  auto inbox = knowledge::Inbox::Open(path);
  auto outbox = knowledge::Outbox::Open(path);
  if (!inbox || !outbox) {
    std::cerr << (!inbox ? inbox.error() : outbox.error()) << "\n";
    return 1;
  }
  auto in = (*inbox)->Counts(/*with_done=*/true);
  auto out = (*outbox)->Counts();
  auto unanswered = (*outbox)->UnansweredDoneEvents("");
  if (!in || !out || !unanswered) {
    std::cerr << "cannot read the queues\n";
    return 1;
  }
  nlohmann::json j = {{"inbox", {{"pending", in->pending}, {"done", in->done}, {"failed", in->failed}}},
                      {"outbox", {{"pending", out->pending}, {"sent", out->sent}, {"dead", out->dead}}},
                      {"answered_without_sent_or_dead", *unanswered}};
  std::cout << j.dump() << "\n";
  return 0;
}

}  // namespace

int RunCommand(const std::vector<std::string>& argv) {
  auto a = ParseArgs(argv);
  if (!a) {
    std::cerr << a.error() << "\n" << kUsage;
    return 2;
  }
  if (a->Has("--help") || a->command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (a->command == "serve") return Serve(*a);
  if (a->command == "import") return Import(*a);
  if (a->command == "search") return Search(*a);
  if (a->command == "ask") return Ask(*a);
  if (a->command == "user") return StaffCommand(*a);
  if (a->command == "knowledge") return KnowledgeCommand(*a);
  if (a->command == "questions") return QuestionsCommand(*a);
  if (a->command == "report") return ReportCommand(*a);
  if (a->command == "chat") return Chat(*a);
  if (a->command == "dead-letters") return DeadLetters(*a);
  if (a->command == "queue-status") return QueueStatus(*a);
  if (a->command == "backup") return BackupCommand(*a);
  if (a->command == "eval") return Eval(*a);
  std::cerr << "unknown command " << a->command << "\n" << kUsage;
  return 2;
}

}  // namespace webhook
