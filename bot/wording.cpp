#include "bot/wording.h"

#include <algorithm>
#include <functional>

#include "knowledge/text.h"

namespace bot::wording {
namespace {

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// Curator remarks name the portal, the crawl or a need to check; citizens get
// the figure and a short request to confirm instead.
bool IsCuratorRemark(std::string_view s) {
  for (std::string_view m : {"DVCQG", "Cổng Dịch vụ công", "bản crawl", "cần đối chiếu", "cần xác nhận", "cần kiểm tra",
                             "cần xác minh", "không ghi đơn vị", "mâu thuẫn"})
    if (Contains(s, m)) return true;
  return false;
}

std::string Trim(std::string_view s) {
  const char* ws = " \t\n;,–-";
  std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\n;,");
  return std::string(s.substr(b, e - b + 1));
}

bool HasLetter(std::string_view s) {
  for (const auto& syl : knowledge::Syllables(s))
    if (!syl.is_number) return true;
  return false;
}

}  // namespace

std::string ChannelName(std::string_view c) {
  if (c == "truc_tiep") return "trực tiếp tại Bộ phận Một cửa";
  if (c == "buu_chinh") return "qua dịch vụ bưu chính";
  if (c == "truc_tuyen") return "trực tuyến";
  return std::string(c);
}

namespace {

bool NamesAnotherProvince(std::string_view agency, std::string_view province) {
  for (std::string_view marker : {"Thành phố ", "thành phố ", "tỉnh ", "Tỉnh "}) {
    std::size_t at = agency.find(marker);
    while (at != std::string_view::npos) {
      std::string_view rest = agency.substr(at + marker.size());
      // "tỉnh" followed by a capitalised name that is not ours names a place.
      if (!rest.empty() && static_cast<unsigned char>(rest[0]) >= 'A' &&
          (static_cast<unsigned char>(rest[0]) <= 'Z' || static_cast<unsigned char>(rest[0]) >= 0xC3) &&
          rest.substr(0, province.size()) != province)
        return true;
      at = agency.find(marker, at + 1);
    }
  }
  return false;
}

}  // namespace

std::string OfficeLine(const knowledge::Office& o) {
  std::string s = "• " + o.name;
  if (!o.address.empty()) s += "\n  Địa chỉ: " + o.address;
  if (!o.phone.empty()) s += "\n  Điện thoại: " + o.phone;
  if (!o.hours.empty()) s += "\n  Giờ làm việc: " + o.hours;
  if (!o.email.empty()) s += "\n  Email: " + o.email;
  return s;
}

namespace {

std::string WhereToGo(const knowledge::Procedure& p, const std::vector<knowledge::Office>& offices,
                      const config::Bot& cfg, const std::string& commune) {
  std::string s;
  const bool commune_level = Contains(p.level, "xa");
  if (commune_level && !commune.empty()) return "Nơi nộp: " + CommuneOffice(commune, offices, cfg);
  if (commune_level) {
    s += "Nơi nộp: Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) của xã/phường nơi anh/chị cư trú, "
         "hoặc Trung tâm Phục vụ hành chính công tỉnh " + cfg.province + ":";
  } else {
    s += "Nơi nộp: Trung tâm Phục vụ hành chính công tỉnh " + cfg.province + ":";
  }
  bool any = false;
  for (const auto& o : offices) {
    if (o.kind != "mot_cua") continue;
    s += "\n" + OfficeLine(o);
    any = true;
  }
  if (!any) s += "\nGiờ làm việc: " + cfg.office_hours;
  return s;
}

}  // namespace

std::string SourceLine(const knowledge::Procedure& p, bool doubtful) {
  std::string s = "Nguồn: Cổng Dịch vụ công quốc gia";
  if (!p.checked.empty()) s += ", cập nhật " + VietnameseDate(p.checked);
  s += ". Thông tin mang tính hướng dẫn";
  s += doubtful ? "; một số mục cần được xác nhận lại tại nơi nộp hồ sơ." : ", anh/chị vui lòng đối chiếu khi nộp hồ sơ.";
  return s;
}

std::string VietnameseDate(std::string_view iso) {
  if (iso.size() != 10) return std::string(iso);
  return std::string(iso.substr(8, 2)) + "/" + std::string(iso.substr(5, 2)) + "/" + std::string(iso.substr(0, 4));
}

CitizenFact CleanFact(std::string_view raw) {
  CitizenFact f;
  std::string text(raw);
  // 1. Parenthesised remarks.
  std::string kept;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find('(', i);
    if (open == std::string::npos) {
      kept += text.substr(i);
      break;
    }
    std::size_t close = text.find(')', open);
    if (close == std::string::npos) {
      kept += text.substr(i);
      break;
    }
    std::string_view inner(text.data() + open, close - open + 1);
    if (IsCuratorRemark(inner)) {
      kept += text.substr(i, open - i);
      while (!kept.empty() && kept.back() == ' ') kept.pop_back();
      f.doubtful = true;
    } else {
      kept += text.substr(i, close + 1 - i);
    }
    i = close + 1;
  }
  // 2. Whole sentences that are remarks.
  std::string out;
  std::size_t start = 0;
  while (start < kept.size()) {
    std::size_t end = kept.find(". ", start);
    std::string sentence = kept.substr(start, end == std::string::npos ? std::string::npos : end + 1 - start);
    if (IsCuratorRemark(sentence)) {
      f.doubtful = true;
    } else {
      if (!out.empty()) out += ' ';
      out += Trim(sentence);
    }
    if (end == std::string::npos) break;
    start = end + 2;
  }
  out = Trim(out);
  if (!out.empty() && out.back() != '.') out += '.';
  // A bare figure without a unit ("3.") tells a citizen nothing reliable.
  if (!HasLetter(out)) {
    if (!out.empty()) f.doubtful = true;
    out.clear();
  }
  f.text = out;
  return f;
}

std::string ProcedureAnswer(const knowledge::Procedure& p, const std::vector<knowledge::Office>& offices,
                            const config::Bot& cfg, const std::string& commune) {
  std::string s = "Dạ, thông tin về thủ tục «" + p.name + "» (mã " + p.id + "):";
  bool doubtful = false;
  if (p.curated) {
    if (!p.documents.empty()) {
      s += "\n\nHồ sơ cần chuẩn bị:";
      for (const auto& d : p.documents) s += "\n- " + d;
    } else {
      s += "\n\nHồ sơ: chưa có danh sách đã kiểm tra, anh/chị vui lòng hỏi tại nơi nộp.";
    }
    auto time = CleanFact(p.processing_time);
    auto fee = CleanFact(p.fees);
    doubtful = time.doubtful || fee.doubtful;
    s += "\n\nThời hạn giải quyết: " +
         (time.text.empty() ? std::string("chưa có thông tin chắc chắn, anh/chị vui lòng hỏi tại nơi nộp hồ sơ.")
                            : time.text);
    s += "\nLệ phí: " +
         (fee.text.empty() ? std::string("chưa có thông tin chắc chắn, anh/chị vui lòng hỏi tại nơi nộp hồ sơ.")
                           : fee.text);
    if (!p.submit_channels.empty()) {
      s += "\n\nCách nộp: ";
      for (std::size_t i = 0; i < p.submit_channels.size(); ++i) {
        if (i) s += "; ";
        s += ChannelName(p.submit_channels[i]);
      }
      s += ".";
      if (!p.online_level.empty()) s += " Dịch vụ công trực tuyến " + p.online_level + ".";
    }
    if (!p.agency.empty()) s += "\nCơ quan giải quyết: " + p.agency + ".";
  } else {
    if (!p.field.empty()) s += "\nLĩnh vực: " + p.field + ".";
    if (!p.agency.empty() && !NamesAnotherProvince(p.agency, cfg.province))
      s += "\nCơ quan thực hiện: " + p.agency + ".";
    s += "\n\nHệ thống chưa có hướng dẫn chi tiết đã kiểm tra cho thủ tục này tại tỉnh " + cfg.province +
         ". Hồ sơ, thời hạn và lệ phí anh/chị vui lòng xem trang chính thức dưới đây hoặc hỏi tại nơi nộp hồ sơ.";
  }
  if (!p.url.empty()) s += "\n\nTrang thủ tục và nộp trực tuyến: " + p.url;
  s += "\n\n" + WhereToGo(p, offices, cfg, commune);
  s += "\n\n" + SourceLine(p, doubtful);
  return s;
}

std::string ArticleAnswer(const knowledge::Procedure& a, const std::vector<knowledge::Office>& offices,
                          const config::Bot& cfg) {
  std::string s = "Dạ, " + a.name + ":\n\n" + a.body;
  if (!a.url.empty()) s += "\n\nXem thêm: " + a.url;
  s += "\n\n" + OfficeContacts(offices, cfg);
  if (!a.source.empty()) s += "\n\nNguồn: " + a.source + (a.checked.empty() ? "" : ", cập nhật " + VietnameseDate(a.checked)) + ".";
  return s;
}

std::string AskBack(const std::vector<knowledge::Hit>& hits) {
  std::string s = "Dạ, anh/chị muốn hỏi thủ tục nào:";
  int n = 0;
  for (const auto& h : hits) {
    if (n == 3) break;
    s += "\n" + std::to_string(++n) + ". " + h.name;
  }
  s += "\n\nAnh/chị trả lời số thứ tự (ví dụ: 1) hoặc gõ tên thủ tục giúp em ạ.";
  return s;
}

std::string OfficeContacts(const std::vector<knowledge::Office>& offices, const config::Bot& cfg) {
  std::string s = "Anh/chị cần hỗ trợ trực tiếp, vui lòng liên hệ Trung tâm Phục vụ hành chính công tỉnh " +
                  cfg.province + " hoặc Bộ phận Một cửa của xã/phường nơi cư trú:";
  bool any = false;
  for (const auto& o : offices) {
    if (o.kind != "mot_cua") continue;
    s += "\n" + OfficeLine(o);
    any = true;
  }
  if (!any) s += "\nGiờ làm việc: " + cfg.office_hours;
  s += "\nTra cứu thủ tục: " + cfg.portal_url;
  return s;
}

std::string Fallback(const std::vector<knowledge::Office>& offices, const config::Bot& cfg) {
  return "Dạ, em chưa tìm được thủ tục hành chính phù hợp với câu hỏi của anh/chị. Anh/chị có thể ghi rõ tên "
         "thủ tục hoặc việc cần làm (ví dụ: “đăng ký khai sinh”, “cấp lại thẻ căn cước”, “sang tên sổ đỏ”) để em "
         "tìm lại ạ.\n\n" +
         OfficeContacts(offices, cfg);
}

std::string EmptyQuestion() {
  return "Dạ, anh/chị vui lòng nhập câu hỏi về thủ tục hành chính cần làm (ví dụ: “làm giấy khai sinh cho con cần "
         "giấy tờ gì”) để em hướng dẫn ạ.";
}

std::vector<std::string> SplitMessage(std::string_view text_in, std::size_t max_chars) {
  const std::string text = knowledge::ComposeNfc(text_in);
  std::vector<std::string> out;
  auto length = [](std::string_view s) { return knowledge::CodePointCount(s); };
  // Pieces in order of preference: paragraphs, lines, words.
  auto split_by = [](std::string_view s, std::string_view sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      std::size_t at = s.find(sep, start);
      parts.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
      if (at == std::string_view::npos) break;
      start = at + sep.size();
    }
    return parts;
  };
  std::string current;
  std::string_view current_sep;
  auto flush = [&] {
    if (!current.empty()) out.push_back(std::move(current));
    current.clear();
  };
  std::function<void(const std::string&, int)> place = [&](const std::string& piece, int level) {
    static constexpr std::string_view kSeps[] = {"\n\n", "\n", " "};
    std::string_view sep = kSeps[std::min(level, 2)];
    if (length(piece) > max_chars) {
      if (level >= 2) {
        // One word longer than a message: cut at code point boundaries.
        flush();
        std::size_t i = 0;
        std::string chunk;
        std::size_t n = 0;
        while (i < piece.size()) {
          std::size_t j = i + 1;
          while (j < piece.size() && (static_cast<unsigned char>(piece[j]) & 0xC0) == 0x80) ++j;
          chunk.append(piece, i, j - i);
          i = j;
          if (++n == max_chars) {
            out.push_back(std::move(chunk));
            chunk.clear();
            n = 0;
          }
        }
        current = std::move(chunk);
        return;
      }
      for (const auto& sub : split_by(piece, kSeps[level + 1])) place(sub, level + 1);
      return;
    }
    const std::size_t need = length(current) + (current.empty() ? 0 : length(sep)) + length(piece);
    if (need > max_chars) flush();
    if (!current.empty()) current += sep;
    current += piece;
  };
  (void)current_sep;
  for (const auto& para : split_by(text, "\n\n")) place(para, 0);
  flush();
  // Trim pieces that start or end with separators left over from splitting.
  for (auto& m : out) {
    std::size_t b = m.find_first_not_of(" \n");
    std::size_t e = m.find_last_not_of(" \n");
    m = b == std::string::npos ? std::string() : m.substr(b, e - b + 1);
  }
  std::erase_if(out, [](const std::string& m) { return m.empty(); });
  return out;
}

}  // namespace bot::wording
