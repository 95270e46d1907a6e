#include "bot/wording.h"

#include <algorithm>
#include <functional>

#include "bot/phrases.h"
#include "knowledge/text.h"

namespace bot::wording {
namespace {

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// Curator remarks name the portal, the crawl or a need to check; citizens get
// the figure and a short request to confirm instead.
bool IsCuratorRemark(std::string_view s) {
  for (std::string_view m : {"DVCQG", "Cổng Dịch vụ công", "Cổng hiển thị", "Cổng ghi", "bản crawl", "cần đối chiếu",
                             "cần xác nhận", "cần kiểm tra", "cần xác minh", "không ghi đơn vị", "mâu thuẫn"})
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

const Phrases& VietnamesePhrases() {
  static const Phrases p = {
      .procedure_intro = "Dạ, thông tin về thủ tục «{name}» (mã {id}):",
      .stored_in_vietnamese = "",
      .documents = "Hồ sơ cần chuẩn bị:",
      .no_documents = "Hồ sơ: chưa có danh sách đã kiểm tra, anh/chị vui lòng hỏi tại nơi nộp.",
      .time = "Thời hạn giải quyết: ",
      .fee = "Lệ phí: ",
      .unknown = "chưa có thông tin chắc chắn, anh/chị vui lòng hỏi tại nơi nộp hồ sơ.",
      .channels = "Cách nộp: ",
      .online_level = " Dịch vụ công trực tuyến {level}.",
      .handled_by = "Cơ quan giải quyết: {agency}.",
      .field = "Lĩnh vực: {field}.",
      .catalogue_agency = "Cơ quan thực hiện: {agency}.",
      .no_guidance = "Hệ thống chưa có hướng dẫn chi tiết đã kiểm tra cho thủ tục này tại tỉnh {province}. Hồ sơ, thời "
                     "hạn và lệ phí anh/chị vui lòng xem trang chính thức dưới đây hoặc hỏi tại nơi nộp hồ sơ.",
      .page = "Trang thủ tục và nộp trực tuyến: ",
      .where = "Nơi nộp: ",
      .where_commune_level = "Nơi nộp: Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) của xã/phường nơi anh/chị "
                             "cư trú, hoặc Trung tâm Phục vụ hành chính công tỉnh {province}:",
      .where_province_level = "Nơi nộp: Trung tâm Phục vụ hành chính công tỉnh {province}:",
      .commune_office = "Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) {commune}.",
      .commune_unknown_contacts = " Hệ thống chưa có địa chỉ và số điện thoại đã kiểm chứng của nơi này; anh/chị có "
                                  "thể hỏi trực tiếp tại UBND {commune} hoặc liên hệ Trung tâm Phục vụ hành chính công "
                                  "tỉnh {province}:",
      .commune_or_centre = "Hoặc Trung tâm Phục vụ hành chính công tỉnh {province}:",
      .address = "Địa chỉ: ",
      .phone = "Điện thoại: ",
      .hours = "Giờ làm việc: ",
      .email = "Email: ",
      .channel_in_person = "trực tiếp tại Bộ phận Một cửa",
      .channel_post = "qua dịch vụ bưu chính",
      .channel_online = "trực tuyến",
      .source = "Nguồn: Cổng Dịch vụ công quốc gia",
      .updated = ", cập nhật {date}",
      .source_sure = ". Thông tin mang tính hướng dẫn, anh/chị vui lòng đối chiếu khi nộp hồ sơ.",
      .source_doubtful = ". Thông tin mang tính hướng dẫn; một số mục cần được xác nhận lại tại nơi nộp hồ sơ.",
      .article_intro = "Dạ, {name}:",
      .article_more = "Xem thêm: ",
      .article_source = "Nguồn: {source}",
      .ask_back_intro = "Dạ, anh/chị muốn hỏi thủ tục nào:",
      .ask_back_close = "Anh/chị trả lời số thứ tự (ví dụ: 1) hoặc gõ tên thủ tục giúp em ạ.",
      .contacts = "Anh/chị cần hỗ trợ trực tiếp, vui lòng liên hệ Trung tâm Phục vụ hành chính công tỉnh {province} "
                  "hoặc Bộ phận Một cửa của xã/phường nơi cư trú:",
      .procedure_search = "Tra cứu thủ tục: ",
      .portal = "Cổng Dịch vụ công: ",
      .fallback = "Dạ, em chưa tìm được thủ tục hành chính phù hợp với câu hỏi của anh/chị. Anh/chị có thể ghi rõ tên "
                  "thủ tục hoặc việc cần làm (ví dụ: “đăng ký khai sinh”, “cấp lại thẻ căn cước”, “sang tên sổ đỏ”) "
                  "để em tìm lại ạ.",
      .out_of_scope = "Dạ, em xin lỗi, câu hỏi này nằm ngoài phạm vi em hỗ trợ. Em chỉ hướng dẫn thủ tục hành chính, "
                      "nơi nộp hồ sơ, cải cách hành chính, tiếp nhận phản ánh, kiến nghị và tra cứu hồ sơ của tỉnh "
                      "{province}. Anh/chị có thể hỏi, ví dụ: “đăng ký khai sinh cần giấy tờ gì”.\n\nNơi hỗ trợ "
                      "trực tiếp: Trung tâm Phục vụ hành chính công tỉnh {province}:",
      .rating_prompt = "Anh/chị có hài lòng với câu trả lời này không? Anh/chị trả lời một số giúp em:\n1. Rất hài "
                       "lòng\n2. Hài lòng\n3. Bình thường\n4. Không hài lòng",
      .rating_thanks = "Dạ, em cảm ơn anh/chị đã đánh giá ({label}).",
      .rating_more = " Em sẽ chuyển ý kiến để cải thiện câu trả lời. Anh/chị có thể nhắn “góp ý” kèm nội dung, hoặc "
                     "“gặp nhân viên” để được hỗ trợ trực tiếp ạ.",
      .rating_labels = {"Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"},
  };
  return p;
}

Language LanguageOf(std::string_view code) { return code == "en" ? Language::kEnglish : Language::kVietnamese; }

std::string Fill(std::string_view tpl, std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  std::size_t i = 0;
  while (i < tpl.size()) {
    const std::size_t open = tpl.find('{', i);
    const std::size_t close = open == std::string_view::npos ? open : tpl.find('}', open);
    if (close == std::string_view::npos) {
      out.append(tpl.substr(i));
      break;
    }
    out.append(tpl.substr(i, open - i));
    const std::string_view key = tpl.substr(open + 1, close - open - 1);
    const auto* v = std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == key; });
    if (v != values.end()) out.append(v->second);
    else out.append(tpl.substr(open, close - open + 1));
    i = close + 1;
  }
  return out;
}

std::string ChannelName(std::string_view c, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  if (c == "truc_tiep") return std::string(w.channel_in_person);
  if (c == "buu_chinh") return std::string(w.channel_post);
  if (c == "truc_tuyen") return std::string(w.channel_online);
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

std::string OfficeLine(const knowledge::Office& o, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  std::string s = "• " + o.name;
  if (!o.address.empty()) s += "\n  " + std::string(w.address) + o.address;
  if (!o.phone.empty()) s += "\n  " + std::string(w.phone) + o.phone;
  if (!o.hours.empty()) s += "\n  " + std::string(w.hours) + o.hours;
  if (!o.email.empty()) s += "\n  " + std::string(w.email) + o.email;
  return s;
}

namespace {

// Every one-stop office we know, or the configured opening hours.
std::string OneStopOffices(const std::vector<knowledge::Office>& offices, const config::Bot& cfg, Language lang) {
  std::string s;
  for (const auto& o : offices)
    if (o.kind == "mot_cua") s += "\n" + OfficeLine(o, lang);
  if (s.empty()) s = "\n" + std::string(PhrasesFor(lang).hours) + cfg.office_hours;
  return s;
}

std::string WhereToGo(const knowledge::Procedure& p, const std::vector<knowledge::Office>& offices,
                      const config::Bot& cfg, const std::string& commune, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  const bool commune_level = Contains(p.level, "xa");
  if (commune_level && !commune.empty()) return std::string(w.where) + CommuneOffice(commune, offices, cfg, lang);
  return Fill(commune_level ? w.where_commune_level : w.where_province_level, {{"province", cfg.province}}) +
         OneStopOffices(offices, cfg, lang);
}

}  // namespace

std::string SourceLine(const knowledge::Procedure& p, bool doubtful, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  std::string s(w.source);
  if (!p.checked.empty()) s += Fill(w.updated, {{"date", VietnameseDate(p.checked)}});
  s += doubtful ? w.source_doubtful : w.source_sure;
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
                            const config::Bot& cfg, const std::string& commune, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  std::string s = Fill(w.procedure_intro, {{"name", p.name}, {"id", p.id}});
  if (!w.stored_in_vietnamese.empty()) s += "\n" + std::string(w.stored_in_vietnamese);
  bool doubtful = false;
  if (p.curated) {
    if (!p.documents.empty()) {
      s += "\n\n" + std::string(w.documents);
      for (const auto& d : p.documents) s += "\n- " + d;
    } else {
      s += "\n\n" + std::string(w.no_documents);
    }
    auto time = CleanFact(p.processing_time);
    auto fee = CleanFact(p.fees);
    doubtful = time.doubtful || fee.doubtful;
    s += "\n\n" + std::string(w.time) + (time.text.empty() ? std::string(w.unknown) : time.text);
    s += "\n" + std::string(w.fee) + (fee.text.empty() ? std::string(w.unknown) : fee.text);
    if (!p.submit_channels.empty()) {
      s += "\n\n" + std::string(w.channels);
      for (std::size_t i = 0; i < p.submit_channels.size(); ++i) {
        if (i) s += "; ";
        s += ChannelName(p.submit_channels[i], lang);
      }
      s += ".";
      if (!p.online_level.empty()) s += Fill(w.online_level, {{"level", p.online_level}});
    }
    if (!p.agency.empty()) s += "\n" + Fill(w.handled_by, {{"agency", p.agency}});
  } else {
    if (!p.field.empty()) s += "\n" + Fill(w.field, {{"field", p.field}});
    if (!p.agency.empty() && !NamesAnotherProvince(p.agency, cfg.province))
      s += "\n" + Fill(w.catalogue_agency, {{"agency", p.agency}});
    s += "\n\n" + Fill(w.no_guidance, {{"province", cfg.province}});
  }
  if (!p.url.empty()) s += "\n\n" + std::string(w.page) + p.url;
  s += "\n\n" + WhereToGo(p, offices, cfg, commune, lang);
  s += "\n\n" + SourceLine(p, doubtful, lang);
  return s;
}

std::string ArticleAnswer(const knowledge::Procedure& a, const std::vector<knowledge::Office>& offices,
                          const config::Bot& cfg, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  std::string s = Fill(w.article_intro, {{"name", a.name}}) + "\n\n" + a.body;
  if (!a.url.empty()) s += "\n\n" + std::string(w.article_more) + a.url;
  s += "\n\n" + OfficeContacts(offices, cfg, lang);
  if (!a.source.empty())
    s += "\n\n" + Fill(w.article_source, {{"source", a.source}}) +
         (a.checked.empty() ? "" : Fill(w.updated, {{"date", VietnameseDate(a.checked)}})) + ".";
  return s;
}

std::string AskBack(const std::vector<knowledge::Hit>& hits, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  std::string s(w.ask_back_intro);
  int n = 0;
  for (const auto& h : hits) {
    if (n == 3) break;
    s += "\n" + std::to_string(++n) + ". " + h.name;
  }
  s += "\n\n" + std::string(w.ask_back_close);
  return s;
}

std::string OfficeContacts(const std::vector<knowledge::Office>& offices, const config::Bot& cfg, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  return Fill(w.contacts, {{"province", cfg.province}}) + OneStopOffices(offices, cfg, lang) + "\n" +
         std::string(w.procedure_search) + cfg.portal_url;
}

std::string Fallback(const std::vector<knowledge::Office>& offices, const config::Bot& cfg, Language lang) {
  return std::string(PhrasesFor(lang).fallback) + "\n\n" + OfficeContacts(offices, cfg, lang);
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
