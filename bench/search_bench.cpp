// Search latency over the full shipped knowledge base and the time to build
// the index from knowledge/data. Figures and the command: docs/BENCHMARKS.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <time.h>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "config/config.h"
#include "knowledge/import.h"
#include "knowledge/index.h"

namespace {

namespace fs = std::filesystem;

// The development questions are the realistic mix (short, long, accented,
// unaccented, out of scope) that a query sees in production.
std::vector<std::string> Questions() {
  std::vector<std::string> out;
  std::ifstream in(HCCBOT_BENCH_QUESTIONS);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    out.push_back(nlohmann::json::parse(line).at("q").get<std::string>());
  }
  return out;
}

fs::path TempDb(const std::string& tag) {
  return fs::temp_directory_path() / ("hccbot-bench-" + tag + "-" + std::to_string(::getpid()) + ".db");
}

void RemoveDb(const fs::path& p) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(p.string() + suffix, ec);
}

struct Loaded {
  fs::path path;
  config::Knowledge cfg;
  std::unique_ptr<knowledge::Database> db;
  std::unique_ptr<knowledge::Index> index;
  ~Loaded() {
    index.reset();
    db.reset();
    RemoveDb(path);
  }
};

std::unique_ptr<Loaded> Load() {
  auto l = std::make_unique<Loaded>();
  l->path = TempDb("search");
  RemoveDb(l->path);
  l->cfg.db_path = l->path.string();
  l->cfg.data_dir = HCCBOT_KNOWLEDGE_DATA;
  auto db = knowledge::OpenOrBuild(l->cfg.db_path, l->cfg.data_dir);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().c_str());
    std::exit(1);
  }
  l->db = std::make_unique<knowledge::Database>(std::move(*db));
  l->index = std::make_unique<knowledge::Index>(*l->db, l->cfg);
  if (auto r = l->index->Reload(); !r) {
    std::fprintf(stderr, "%s\n", r.error().c_str());
    std::exit(1);
  }
  return l;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

// One iteration = one question, cycling through the whole set; p50/p99 are
// over every timed query, wall clock and this thread's CPU time (the machine
// is shared, so wall clock also measures the neighbours).
void RunSearch(benchmark::State& state, bool fts_candidates) {
  static auto loaded = Load();
  static const auto questions = Questions();
  knowledge::SearchOptions opts;
  opts.top_k = 3;
  opts.fts_candidates = fts_candidates;
  std::vector<double> wall, cpu;
  wall.reserve(state.max_iterations);
  cpu.reserve(state.max_iterations);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = ThreadCpuMicros();
    auto r = loaded->index->Search(questions[i++ % questions.size()], opts);
    benchmark::DoNotOptimize(r);
    cpu.push_back(ThreadCpuMicros() - c0);
    wall.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  // Averaged over threads: each thread reports its own percentiles.
  using benchmark::Counter;
  state.counters["p50_us"] = Counter(Percentile(wall, 0.50), Counter::kAvgThreads);
  state.counters["p99_us"] = Counter(Percentile(wall, 0.99), Counter::kAvgThreads);
  state.counters["p50_cpu_us"] = Counter(Percentile(cpu, 0.50), Counter::kAvgThreads);
  state.counters["p99_cpu_us"] = Counter(Percentile(cpu, 0.99), Counter::kAvgThreads);
}

void BM_Search(benchmark::State& state) { RunSearch(state, false); }
BENCHMARK(BM_Search)->Iterations(3200)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Search)->Iterations(3200)->Threads(2)->Unit(benchmark::kMicrosecond);

// The same search with candidates from FTS5's MATCH … ORDER BY bm25: what
// the in-memory postings replace.
void BM_SearchFtsCandidates(benchmark::State& state) { RunSearch(state, true); }
BENCHMARK(BM_SearchFtsCandidates)->Iterations(640)->Unit(benchmark::kMicrosecond);

// The full import of knowledge/data into a fresh file plus the in-memory
// snapshot: what `hccbot import` and a first start cost.
void BM_IndexBuild(benchmark::State& state) {
  for (auto _ : state) {
    const fs::path path = TempDb("build");
    RemoveDb(path);
    config::Knowledge cfg;
    cfg.db_path = path.string();
    cfg.data_dir = HCCBOT_KNOWLEDGE_DATA;
    {
      auto db = knowledge::OpenOrBuild(cfg.db_path, cfg.data_dir);
      if (!db) {
        state.SkipWithError(db.error().c_str());
        break;
      }
      knowledge::Index index(*db, cfg);
      if (auto r = index.Reload(); !r) {
        state.SkipWithError(r.error().c_str());
        break;
      }
    }
    RemoveDb(path);
  }
}
BENCHMARK(BM_IndexBuild)->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
