-- wrk script: posts user_send_text events signed like Zalo
-- (X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + secret)), each
-- with a new msg_id and a new citizen, timestamped now.
-- Environment: APP_ID, OA_SECRET (the webhook secret), RATE (events per
-- second over all wrk threads; 0 or unset: as fast as possible), THREADS
-- (wrk's -t, to split RATE).
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } hcc_timespec;
int clock_gettime(int clk_id, hcc_timespec *tp);
unsigned char *SHA256(const unsigned char *d, size_t n, unsigned char *md);
]]
local ok, crypto = pcall(ffi.load, "crypto")
if not ok then crypto = ffi.load("libcrypto.so.3") end

local app_id = os.getenv("APP_ID") or "7000000000000000001"
local secret = os.getenv("OA_SECRET") or "FAKE_OA_SECRET_KEY_000000000001"
local rate = tonumber(os.getenv("RATE") or "0")
local threads = tonumber(os.getenv("THREADS") or "1")

local questions = {
  "đăng ký khai sinh cần giấy tờ gì",
  "làm căn cước công dân ở đâu",
  "cấp lại giấy phép lái xe bị mất",
  "thủ tục đăng ký kết hôn",
  "xin giấy xác nhận tình trạng hôn nhân",
  "đăng ký thường trú cần gì",
}

local ts = ffi.new("hcc_timespec")
local function now_ms(clock)
  ffi.C.clock_gettime(clock, ts)
  return tonumber(ts.tv_sec) * 1000 + math.floor(tonumber(ts.tv_nsec) / 1000000)
end

local digest = ffi.new("unsigned char[32]")
local function sha256_hex(s)
  crypto.SHA256(s, #s, digest)
  local out = {}
  for i = 0, 31 do out[#out + 1] = string.format("%02x", digest[i]) end
  return table.concat(out)
end

local thread_no = 0
function setup(thread)
  thread_no = thread_no + 1
  thread:set("tid", thread_no)
end

local counter = 0
local seed = nil
function request()
  if not seed then
    seed = string.format("%d%04d", now_ms(0) % 100000000, (tid or 0) * 1000 + math.random(0, 999))
  end
  counter = counter + 1
  local t = now_ms(0)  -- CLOCK_REALTIME: the event's own timestamp
  local id = string.format("%s%d%08d", seed, tid or 0, counter)
  local body = string.format(
    '{"app_id":"%s","sender":{"id":"9%s"},"recipient":{"id":"8000000000000000001"},' ..
    '"event_name":"user_send_text","message":{"text":"%s","msg_id":"b%s"},' ..
    '"timestamp":"%d","user_id_by_app":"6%s"}',
    app_id, id, questions[(counter % #questions) + 1], id, t, id)
  local mac = sha256_hex(app_id .. body .. tostring(t) .. secret)
  return wrk.format("POST", "/webhook",
                    {["Content-Type"] = "application/json", ["X-ZEvent-Signature"] = "mac=" .. mac}, body)
end

if rate > 0 then
  -- Each request takes the next slot of this thread's schedule; the connection
  -- waits for it, so the offered load is RATE in total whatever the latency.
  local interval = 1000.0 * threads / rate
  local next_due = nil
  function delay()
    local t = now_ms(1)  -- CLOCK_MONOTONIC
    if not next_due or next_due < t - 1000 then next_due = t end
    next_due = next_due + interval
    local d = next_due - t
    if d < 0 then return 0 end
    return math.floor(d)
  end
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d errors_connect=%d errors_read=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.status, summary.errors.timeout))
  io.write(string.format("latency_ms p50=%.3f p90=%.3f p99=%.3f max=%.3f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
