// Intent rules. Every phrase is written folded (no diacritics, đ → d) and is
// matched at word boundaries, so "phí" and "phi" behave alike and "phi" never
// matches inside "phiếu". Whole-message rules (greeting, choice, rating) only
// fire when nothing but their words and politeness is present.
#include "bot/intents.h"

#include <cctype>
#include <set>
#include <vector>

#include "knowledge/text.h"

namespace bot::intents {
namespace {

std::vector<std::string> Words(std::string_view folded) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && folded[i] == ' ') ++i;
    std::size_t j = i;
    while (j < folded.size() && folded[j] != ' ') ++j;
    if (j > i) out.emplace_back(folded.substr(i, j - i));
    i = j;
  }
  return out;
}

bool AnyPhrase(std::string_view folded, std::initializer_list<std::string_view> phrases) {
  for (auto p : phrases)
    if (HasPhrase(folded, p)) return true;
  return false;
}

bool OnlyWords(std::string_view folded, const std::set<std::string>& allowed) {
  auto words = Words(folded);
  if (words.empty()) return false;
  for (const auto& w : words)
    if (!allowed.count(w)) return false;
  return true;
}

const std::set<std::string> kPoliteness = {"a", "ah", "ak", "nhe", "nha", "em", "anh", "chi", "ban", "oi", "ad",
                                           "admin", "bot", "toi", "minh", "xin", "vui", "long", "giup", "voi",
                                           "cho", "hoi", "ok", "oke", "vang", "da", "u", "uh", "roi"};

}  // namespace

bool HasPhrase(std::string_view folded, std::string_view phrase) {
  if (phrase.empty()) return false;
  std::size_t at = 0;
  while ((at = folded.find(phrase, at)) != std::string_view::npos) {
    const bool left = at == 0 || folded[at - 1] == ' ';
    const std::size_t end = at + phrase.size();
    const bool right = end == folded.size() || folded[end] == ' ';
    if (left && right) return true;
    ++at;
  }
  return false;
}

bool IsGreeting(std::string_view folded) {
  static const std::set<std::string> kWords = [] {
    std::set<std::string> s = kPoliteness;
    for (const char* w : {"chao", "hello", "hi", "alo", "alô", "buoi", "sang", "chieu", "trua", "toi", "moi",
                          "nguoi", "ca", "co", "the", "hey"})
      s.insert(w);
    return s;
  }();
  if (!AnyPhrase(folded, {"chao", "hello", "hi", "alo", "hey"})) return false;
  return OnlyWords(folded, kWords);
}

bool IsThanks(std::string_view folded) {
  if (!AnyPhrase(folded, {"cam on", "thank", "thanks", "thank you", "tks", "thanks you", "cam ta", "ok cam on",
                          "chuc ad", "chuc em", "chuc ban", "chuc ngay moi", "chuc anh chi"}))
    return false;
  return Words(folded).size() <= 14;
}

bool IsBye(std::string_view folded) {
  if (!AnyPhrase(folded, {"tam biet", "bye", "bye bye", "goodbye", "bai bai", "hen gap lai"})) return false;
  return Words(folded).size() <= 8;
}

bool IsAcknowledgement(std::string_view folded) {
  static const std::set<std::string> kWords = [] {
    std::set<std::string> s = kPoliteness;
    for (const char* w : {"vang", "hihi", "haha", "hehe", "ua", "uh", "um", "duoc", "the", "a", "vay", "biet",
                          "hieu", "ro", "okay", "okie", "oki", "nhe"})
      s.insert(w);
    return s;
  }();
  return OnlyWords(folded, kWords);
}

bool IsAboutTheBot(std::string_view folded) {
  return AnyPhrase(folded, {"la nguoi that", "nguoi that hay", "hay may", "ban la ai", "em la ai", "la robot",
                            "la bot", "la may", "ban ten gi", "em ten gi", "tra loi tu dong", "co ai truc",
                            "co ai o do", "co ai khong"});
}

bool IsHandoff(std::string_view folded) {
  if (IsAboutTheBot(folded)) return false;
  return AnyPhrase(folded, {"gap nhan vien", "noi chuyen voi nhan vien", "chuyen nhan vien", "nhan vien tu van",
                            "nhan vien ho tro", "nhan vien truc", "gap can bo", "can bo tu van", "nguoi that",
                            "tu van vien", "gap nguoi", "noi chuyen voi nguoi", "nguoi tu van", "tong dai vien",
                            "gap truc tiep nhan vien"});
}

bool IsOutOfScope(std::string_view folded) {
  if (AnyPhrase(folded, {"thu tuc", "ho so", "giay to", "dang ky", "cap lai", "cap doi", "le phi", "mot cua",
                         "hanh chinh", "chung thuc", "can cuoc", "khai sinh", "ket hon", "so do", "dat dai",
                         "bao hiem", "giay phep", "ho chieu"}))
    return false;
  return AnyPhrase(folded, {"thoi tiet", "du bao thoi tiet", "gia vang", "da voi", "tran dau", "doi tuyen",
                            "iphone", "samsung", "mua dien thoai", "co phieu", "tang tran", "cach nau", "nau canh",
                            "bai van", "viet giup", "ngoai tinh", "cho em vay", "cho toi vay", "cho minh vay",
                            "cap treo", "uong thuoc", "bi sot", "visa di", "visa dinh cu", "dinh cu uc", "ignore all",
                            "system prompt", "mat khau admin", "bo qua tat ca", "ngu vl", "bot ngu", "tra loi ngu", "ty gia", "chung khoan", "gia xang",
                            "gia dien thoai", "bong da", "ket qua tran", "world cup", "xo so", "so de", "lo de",
                            "chuyen cuoi", "ke chuyen", "bai hat", "hat cho", "hat mot", "xem phim", "bo phim",
                            "choi game", "nguoi yeu", "tinh yeu", "lam quen", "an com chua", "nau an", "mon an",
                            "cong thuc nau", "ban bao nhieu tuoi", "may tuoi", "lam tho", "bai tho", "giai toan",
                            "du lich", "khach san", "dat ve", "mua ban", "cho vay", "vay tien", "tien ao", "bitcoin"});
}

bool IsQuestion(std::string_view text, std::string_view folded) {
  if (text.find('?') != std::string_view::npos) return true;
  return AnyPhrase(folded, {"nhu the nao", "the nao", "o dau", "la gi", "lam sao", "lam the nao", "cach nao",
                            "bang cach nao", "cach gui", "cach phan anh", "cach khieu nai", "cach kien nghi",
                            "quy trinh", "huong dan", "co duoc khong", "duoc khong", "ra sao", "gui o dau",
                            "gui qua dau", "o kenh nao"});
}

std::optional<std::string> PetitionKind(std::string_view text, std::string_view folded) {
  std::string kind;
  std::size_t best = std::string_view::npos;
  for (const auto& [phrase, k] : {std::pair<std::string_view, std::string_view>{"phan anh", "phan_anh"},
                                  {"kien nghi", "kien_nghi"},
                                  {"khieu nai", "khieu_nai"},
                                  {"gop y", "gop_y"},
                                  {"to cao", "khieu_nai"}}) {
    if (!HasPhrase(folded, phrase)) continue;
    std::size_t at = folded.find(phrase);
    if (at < best) {
      best = at;
      kind = std::string(k);
    }
  }
  if (kind.empty()) return std::nullopt;
  // "Phản ánh ở đâu?" asks how petitions work; another question with a long
  // body is still a petition ("phản ánh: đèn đường hỏng cả tháng, khi nào sửa?").
  if (AnyPhrase(folded, {"gui o dau", "o dau", "nhu the nao", "the nao", "lam sao", "cach nao", "bang cach nao",
                         "thi sao", "ra sao", "quy trinh", "huong dan", "o kenh nao", "gui qua dau", "gui cho ai",
                         "gui den dau", "la gi", "cach gui", "cach phan anh", "cach khieu nai", "cach kien nghi"}))
    return std::nullopt;
  if (IsQuestion(text, folded) && knowledge::Syllables(PetitionContent(text)).size() < 8) return std::nullopt;
  return kind;
}

std::string PetitionContent(std::string_view text) {
  const auto syl = knowledge::Syllables(text);
  for (std::size_t i = 0; i + 1 < syl.size(); ++i) {
    const std::string pair = syl[i].folded + " " + syl[i + 1].folded;
    if (pair == "phan anh" || pair == "kien nghi" || pair == "khieu nai" || pair == "gop y" || pair == "to cao") {
      std::size_t j = i + 2;
      // Skip a second keyword and joining words: "phản ánh, kiến nghị về việc …".
      static const std::set<std::string> kJoin = {"ve", "viec", "la", "rang", "voi", "va", "phan", "anh", "kien",
                                                  "nghi", "khieu", "nai", "gop", "y", "noi", "dung", "sau"};
      while (j < syl.size() && kJoin.count(syl[j].folded)) ++j;
      if (j >= syl.size()) return {};
      std::string rest(text.substr(syl[j].begin));
      // The words before the keyword may be the content too ("đèn đường hỏng, tôi phản ánh").
      if (knowledge::Syllables(rest).size() < 4 && i >= 4) return std::string(text);
      return rest;
    }
  }
  return {};
}

bool IsDossierQuery(std::string_view folded) {
  // "hồ sơ của tôi trễ hẹn, muốn khiếu nại thì sao" asks about complaints.
  if (AnyPhrase(folded, {"tai sao", "vi sao", "khieu nai", "phan anh", "kien nghi", "thi sao"})) return false;
  return AnyPhrase(folded, {"tra cuu ho so", "tinh trang ho so", "ho so cua toi", "ho so den dau", "kiem tra ho so",
                            "ho so da xong", "ho so xong chua", "ma ho so", "ma bien nhan", "giay hen", "tien do ho so",
                            "theo doi ho so", "ho so toi nop", "ket qua ho so", "tra cuu tinh trang"});
}

std::optional<std::string> ReceiptCode(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !(std::isalnum(static_cast<unsigned char>(text[i])))) ++i;
    std::size_t j = i;
    while (j < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '.' || text[j] == '-' || text[j] == '_'))
      ++j;
    std::string token(text.substr(i, j - i));
    while (!token.empty() && (token.back() == '.' || token.back() == '-')) token.pop_back();
    int digits = 0, letters = 0, seps = 0;
    for (char c : token) {
      if (c >= '0' && c <= '9') ++digits;
      else if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
      else ++seps;
    }
    // Letters keep phone numbers out; a separator keeps plain words out.
    if (token.size() >= 10 && token.size() <= 40 && digits >= 6 && letters >= 1 && seps >= 1) return token;
    i = j == i ? i + 1 : j;
  }
  return std::nullopt;
}

Aspect FollowUpAspect(std::string_view f) {
  if (AnyPhrase(f, {"le phi", "phi bao nhieu", "bao nhieu tien", "het bao nhieu", "ton bao nhieu", "mat phi",
                    "mien phi", "co mat tien", "mat tien", "phi", "chi phi", "tien le phi", "dong tien",
                    "bao nhieu phi", "gia bao nhieu"}))
    return Aspect::kFee;
  if (AnyPhrase(f, {"may ngay", "bao lau", "bao nhieu ngay", "thoi han", "thoi gian", "lau khong", "mat may",
                    "bao gio co", "khi nao co", "khi nao xong", "bao gio xong", "may hom", "bao nhieu lau"}))
    return Aspect::kTime;
  if (AnyPhrase(f, {"giay to gi", "giay to", "ho so gom", "ho so can", "can nhung gi", "can gi", "mang theo",
                    "chuan bi gi", "thanh phan ho so", "can mang", "nhung giay to", "can chuan bi"}))
    return Aspect::kDocuments;
  if (AnyPhrase(f, {"online", "truc tuyen", "qua mang", "tren mang", "dich vu cong", "nop qua mang",
                    "qua internet", "buu dien", "buu chinh", "lam tai nha", "tu xa", "tren dien thoai"}))
    return Aspect::kOnline;
  if (AnyPhrase(f, {"nop o dau", "o dau", "lam o dau", "noi nop", "den dau", "cho nao", "dia diem", "nop tai dau",
                    "di dau", "nop dau"}))
    return Aspect::kWhere;
  return Aspect::kNone;
}

int ContentSyllables(std::string_view folded) {
  static const std::set<std::string> kLight = [] {
    std::set<std::string> s = kPoliteness;
    for (const char* w :
         {"vay", "the", "con", "thi", "sao", "nhu", "nao", "duoc", "khong", "co", "can", "phai", "mat", "bao", "nhieu",
          "may", "ngay", "lau", "phi", "le", "tien", "giay", "to", "gi", "ho", "so", "nop", "o", "dau", "lam", "online",
          "truc", "tuyen", "qua", "mang", "thu", "tuc", "nay", "cai", "do", "va", "la", "het", "ton", "thoi", "gian",
          "han", "noi", "den", "theo", "chuan", "bi", "nhung", "gom", "dich", "vu", "cong", "buu", "dien", "chinh",
          "tren", "di", "nua", "them", "ket", "qua", "khi", "gio", "lay", "tu", "nhan", "xong", "chi", "mien",
          "internet", "nha", "tai", "dong", "gia", "hom", "thanh", "phan", "cu", "the", "muon", "hoi", "biet", "xem",
          "minh", "ben", "viec", "ve", "luon", "hay", "rieng", "diem", "cho"})
      s.insert(w);
    return s;
  }();
  int n = 0;
  for (const auto& w : Words(folded))
    if (!kLight.count(w)) ++n;
  return n;
}

OfficeTopic OfficeQuestion(std::string_view f) {
  if (AnyPhrase(f, {"gio lam viec", "may gio", "lam viec luc", "mo cua", "dong cua", "thu bay", "chu nhat", "thu 7",
                    "co lam viec", "lam viec khong", "lam viec ko", "buoi trua",
                    "gio hanh chinh", "lam viec vao", "lam viec nhung ngay", "nghi trua", "gio mo"}))
    return OfficeTopic::kHours;
  if (AnyPhrase(f, {"so dien thoai", "sdt", "dien thoai lien he", "dien thoai cua", "hotline", "goi so", "so may",
                    "goi dien", "lien he", "email", "duong day nong"}))
    return OfficeTopic::kPhone;
  const bool office_words = AnyPhrase(
      f, {"mot cua", "hanh chinh cong", "trung tam phuc vu", "ubnd", "uy ban", "bo phan tiep nhan", "trung tam hcc"});
  if (AnyPhrase(f, {"dia chi", "tru so", "duong nao", "nam o dau", "o cho nao"})) return OfficeTopic::kAddress;
  // "muốn phản ánh cán bộ một cửa thì gửi ở đâu" is about petitions.
  if (office_words && AnyPhrase(f, {"o dau", "cho nao"}) &&
      !AnyPhrase(f, {"phan anh", "khieu nai", "kien nghi", "gop y", "to cao"}))
    return OfficeTopic::kWhich;
  // Office words only: "làm giấy phép ở đâu" is a procedure question first.
  if (AnyPhrase(f, {"mot cua", "hanh chinh cong", "trung tam phuc vu", "ubnd", "uy ban", "bo phan tiep nhan",
                    "phuc vu xa", "phuc vu phuong", "noi nop ho so", "do dau phuc vu", "noi nao phuc vu", "thuoc dau",
                    "noi tiep nhan", "co quan nao phuc vu", "phuc vu", "lam giay to o dau", "nop ho so o dau",
                    "thuoc phuong nao", "thuoc xa nao"}))
    return OfficeTopic::kWhich;
  return OfficeTopic::kNone;
}

std::optional<int> ChoiceNumber(std::string_view folded) {
  static const std::set<std::string> kFill = {"so", "cai", "thu", "cau", "chon", "em", "toi", "minh", "a", "ah",
                                              "nhe", "nha", "y", "phuong", "an", "muc", "lua", "tuc", "dong", "la",
                                              "anh", "chi", "oi", "vang", "da", "ok", "cho", "hoi", "lua"};
  if (HasPhrase(folded, "dau tien")) {
    bool only = true;
    for (const auto& w : Words(folded))
      if (w != "dau" && w != "tien" && !kFill.count(w)) only = false;
    if (only) return 1;
  }
  std::vector<std::string> rest;
  for (const auto& w : Words(folded))
    if (!kFill.count(w)) rest.push_back(w);
  if (rest.size() != 1) return std::nullopt;
  const std::string& w = rest[0];
  if (w.size() == 1 && w[0] >= '1' && w[0] <= '9') return w[0] - '0';
  static const std::pair<std::string_view, int> kWords[] = {{"nhat", 1}, {"mot", 1}, {"hai", 2}, {"nhi", 2},
                                                            {"ba", 3},   {"bon", 4}, {"tu", 4}};
  for (const auto& [word, n] : kWords)
    if (w == word) return n;
  return std::nullopt;
}

std::optional<int> RatingScore(std::string_view folded) {
  const auto words = Words(folded);
  if (words.empty() || words.size() > 6) return std::nullopt;
  if (AnyPhrase(folded, {"khong hai long", "chua hai long", "khong tot", "te", "kem"})) return 4;
  if (AnyPhrase(folded, {"rat hai long", "rat tot", "tuyet voi"})) return 1;
  if (AnyPhrase(folded, {"binh thuong", "tam duoc", "tam on"})) return 3;
  if (AnyPhrase(folded, {"hai long", "tot"})) return 2;
  if (auto n = ChoiceNumber(folded); n && *n >= 1 && *n <= 4) return n;
  return std::nullopt;
}

}  // namespace bot::intents
