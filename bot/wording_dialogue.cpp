// The conversation's sentences: welcome, commune, offices, follow-ups,
// petitions, dossier status, hand-off, ratings. Same rules as wording.cpp:
// polite (Dạ, anh/chị), short, and every answer says where to go and gives the
// official link. Nothing here states a fact the knowledge base does not hold:
// communes have no address or phone in our data, so none is given.
#include <cstdio>

#include "bot/phrases.h"
#include "bot/wording.h"

namespace bot::wording {
namespace {

std::string ProvinceOffices(const std::vector<knowledge::Office>& offices, const config::Bot& cfg,
                            Language lang = Language::kVietnamese) {
  std::string s;
  for (const auto& o : offices)
    if (o.kind == "mot_cua" && o.level == "tinh") s += "\n" + OfficeLine(o, lang);
  if (s.empty()) s = "\n" + std::string(PhrasesFor(lang).hours) + cfg.office_hours;
  return s;
}

std::string Portal(const config::Bot& cfg, Language lang = Language::kVietnamese) {
  return std::string(PhrasesFor(lang).portal) + cfg.portal_url;
}

std::string Capitalised(const std::string& commune) {
  // "phường Tân Ninh" → "Phường Tân Ninh" at the start of a sentence.
  if (commune.rfind("phường", 0) == 0) return "P" + commune.substr(1);
  if (commune.rfind("xã", 0) == 0) return "X" + commune.substr(1);
  return commune;
}

}  // namespace

std::string CommuneOffice(const std::string& commune, const std::vector<knowledge::Office>& offices,
                          const config::Bot& cfg, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  std::string s = Fill(w.commune_office, {{"commune", commune}});
  bool own = false;
  for (const auto& o : offices) {
    // A commune office staff have added to offices.jsonl, named by its commune.
    if (o.level == "xa" && !o.commune.empty() && commune.size() >= o.commune.size() &&
        commune.compare(commune.size() - o.commune.size(), o.commune.size(), o.commune) == 0) {
      s += "\n" + OfficeLine(o, lang);
      own = true;
    }
  }
  if (!own)
    s += Fill(w.commune_unknown_contacts, {{"commune", commune}, {"province", cfg.province}});
  else
    s += "\n" + Fill(w.commune_or_centre, {{"province", cfg.province}});
  s += ProvinceOffices(offices, cfg, lang);
  s += "\n" + Portal(cfg, lang);
  return s;
}

std::string Welcome(const std::string& commune, const config::Bot& cfg) {
  std::string s = "Dạ, em chào anh/chị! Em là trợ lý tự động của Trung tâm Phục vụ hành chính công tỉnh " +
                  cfg.province + ". Em có thể:\n"
                  "- hướng dẫn thủ tục hành chính: hồ sơ, thời hạn, lệ phí, nơi nộp (ví dụ: “làm lại căn cước bị mất”);\n"
                  "- cho biết Bộ phận Một cửa của xã/phường anh/chị (ví dụ: “tôi ở phường Tân Ninh”);\n"
                  "- giải thích cải cách hành chính, dịch vụ công trực tuyến;\n"
                  "- tiếp nhận phản ánh, kiến nghị; tra cứu hồ sơ theo mã biên nhận;\n"
                  "- chuyển anh/chị gặp nhân viên (gõ “gặp nhân viên”).";
  if (!commune.empty()) s += "\nEm đang ghi nhận anh/chị ở " + commune + ".";
  s += "\n" + Portal(cfg);
  return s;
}

std::string Thanks(const config::Bot& cfg) {
  return "Dạ, không có gì ạ. Anh/chị cần hỏi thêm thủ tục nào cứ nhắn cho em nhé.\n" + Portal(cfg);
}

std::string Acknowledge(const config::Bot& cfg) {
  return "Dạ vâng ạ. Anh/chị cần hỏi thủ tục hay nơi nộp hồ sơ nào, cứ nhắn để em hướng dẫn nhé.\n" + Portal(cfg);
}

std::string AboutTheBot(const std::string& commune, const config::Bot& cfg) {
  return "Dạ, em là trợ lý trả lời tự động, không phải nhân viên. Anh/chị muốn trao đổi với nhân viên thì gõ “gặp "
         "nhân viên” ạ.\n\n" + Welcome(commune, cfg).substr(std::string("Dạ, ").size());
}

std::string Bye(const config::Bot& cfg) {
  return "Dạ, em cảm ơn anh/chị. Chúc anh/chị một ngày tốt lành! Khi cần, anh/chị nhắn lại cho em bất cứ lúc nào.\n" +
         Portal(cfg);
}

std::string OutOfScope(const std::vector<knowledge::Office>& offices, const config::Bot& cfg, Language lang) {
  return Fill(PhrasesFor(lang).out_of_scope, {{"province", cfg.province}}) + ProvinceOffices(offices, cfg, lang) +
         "\n" + Portal(cfg, lang);
}

std::string AskForText(const std::string& kind) {
  std::string what = "tin nhắn này";
  if (kind == "image") what = "hình ảnh";
  else if (kind == "sticker") what = "nhãn dán";
  else if (kind == "file") what = "tệp đính kèm";
  else if (kind == "audio") what = "tin nhắn thoại";
  else if (kind == "video") what = "video";
  else if (kind == "link") what = "đường liên kết";
  return "Dạ, em cảm ơn anh/chị. Em chưa đọc được " + what +
         ", anh/chị vui lòng gõ câu hỏi bằng chữ (ví dụ: “làm giấy khai sinh cần gì”) để em hướng dẫn ạ. Nếu cần nộp "
         "giấy tờ, anh/chị nộp qua Cổng Dịch vụ công hoặc tại Bộ phận Một cửa, không gửi qua tin nhắn này ạ.";
}

std::string AskCommuneForLocation() {
  return "Dạ, em đã nhận vị trí của anh/chị. Hệ thống chưa có tọa độ của các Bộ phận Một cửa nên em chưa tìm được nơi "
         "gần nhất. Anh/chị cho em biết đang ở xã/phường nào (ví dụ: “tôi ở phường Tân Ninh”, tên cũ cũng được) để em "
         "chỉ nơi nộp hồ sơ ạ.";
}

std::string NearestOffice(const knowledge::Office& o, double km, const config::Bot& cfg) {
  char dist[32];
  std::snprintf(dist, sizeof dist, "%.1f", km);
  return "Dạ, nơi tiếp nhận hồ sơ gần anh/chị nhất (khoảng " + std::string(dist) + " km theo đường chim bay):\n" +
         OfficeLine(o) + "\n" + Portal(cfg);
}

std::string CommuneNoted(const std::string& commune, const std::string& said, bool old,
                         const std::vector<knowledge::Office>& offices, const config::Bot& cfg) {
  std::string s = "Dạ, em ghi nhận anh/chị ở " + commune + ".";
  if (old)
    s += " Từ ngày 01/7/2025, đơn vị cũ " + said + " đã được sắp xếp vào " + commune +
         " theo Nghị quyết 1682/NQ-UBTVQH15.";
  s += "\n\nNơi tiếp nhận hồ sơ của anh/chị: " + CommuneOffice(commune, offices, cfg);
  s += "\n\nAnh/chị cần làm thủ tục gì, cứ nhắn để em hướng dẫn ạ.";
  return s;
}

std::string AskWhichCommune(const std::string& said, const std::vector<std::string>& communes) {
  std::string s = "Dạ, “" + said + "” cũ nay thuộc nhiều đơn vị khác nhau. Anh/chị ở đơn vị nào:";
  for (std::size_t i = 0; i < communes.size() && i < 9; ++i) s += "\n" + std::to_string(i + 1) + ". " + communes[i];
  s += "\n\nAnh/chị trả lời số thứ tự, hoặc ghi rõ tên huyện/thành phố cũ giúp em ạ.";
  return s;
}

std::string OfficeAnswer(OfficeTopic topic, const std::string& commune, const std::vector<knowledge::Office>& offices,
                         const config::Bot& cfg) {
  std::string s = "Dạ, ";
  switch (topic) {
    case OfficeTopic::kHours: s += "giờ làm việc: " + cfg.office_hours + "."; break;
    case OfficeTopic::kPhone: s += "số điện thoại và địa chỉ liên hệ như sau."; break;
    case OfficeTopic::kAddress: s += "địa chỉ nơi tiếp nhận hồ sơ như sau."; break;
    case OfficeTopic::kWhich: s += "nơi tiếp nhận hồ sơ như sau."; break;
  }
  if (!commune.empty()) {
    s += "\n\n" + Capitalised(commune) + " được phục vụ bởi " + CommuneOffice(commune, offices, cfg);
  } else {
    s += "\n\nHồ sơ cấp xã nộp tại Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) của xã/phường nơi anh/chị cư "
         "trú; anh/chị cho em biết xã/phường (ví dụ: “tôi ở xã Truông Mít”) để em chỉ đúng nơi. Hồ sơ cấp tỉnh nộp tại "
         "Trung tâm Phục vụ hành chính công tỉnh " + cfg.province + ":" + ProvinceOffices(offices, cfg) + "\n" +
         Portal(cfg);
  }
  return s;
}

std::string FollowUp(Aspect aspect, const knowledge::Procedure& p, const std::string& commune,
                     const std::vector<knowledge::Office>& offices, const config::Bot& cfg) {
  std::string s = "Dạ, về thủ tục «" + p.name + "»:\n";
  bool doubtful = false;
  const std::string unknown = "hệ thống chưa có thông tin chắc chắn, anh/chị vui lòng hỏi tại nơi nộp hồ sơ.";
  switch (aspect) {
    case Aspect::kFee: {
      auto f = CleanFact(p.curated ? p.fees : std::string());
      doubtful = f.doubtful;
      s += "Lệ phí: " + (f.text.empty() ? unknown : f.text);
      break;
    }
    case Aspect::kTime: {
      auto f = CleanFact(p.curated ? p.processing_time : std::string());
      doubtful = f.doubtful;
      s += "Thời hạn giải quyết: " + (f.text.empty() ? unknown : f.text);
      break;
    }
    case Aspect::kDocuments:
      if (p.curated && !p.documents.empty()) {
        s += "Hồ sơ cần chuẩn bị:";
        for (const auto& d : p.documents) s += "\n- " + d;
      } else {
        s += "Hồ sơ: " + unknown;
      }
      break;
    case Aspect::kOnline: {
      bool online = false;
      for (const auto& c : p.submit_channels) online = online || c == "truc_tuyen";
      if (!p.curated || p.submit_channels.empty()) {
        s += "Cách nộp: " + unknown;
      } else {
        s += online ? "Có, thủ tục này nộp được trực tuyến" : "Thủ tục này hiện chưa nộp trực tuyến được";
        if (online && !p.online_level.empty()) s += " (dịch vụ công trực tuyến " + p.online_level + ")";
        s += ". Các cách nộp: ";
        for (std::size_t i = 0; i < p.submit_channels.size(); ++i) s += (i ? "; " : "") + ChannelName(p.submit_channels[i]);
        s += ".";
      }
      break;
    }
    case Aspect::kWhere:
      if (p.level.find("xa") != std::string::npos) {
        s += commune.empty()
                 ? "Nơi nộp: Bộ phận Một cửa của xã/phường nơi anh/chị cư trú (anh/chị cho em biết xã/phường để em chỉ "
                   "đúng nơi), hoặc Trung tâm Phục vụ hành chính công tỉnh " + cfg.province + ":" +
                       ProvinceOffices(offices, cfg)
                 : "Nơi nộp: " + CommuneOffice(commune, offices, cfg);
      } else {
        s += "Nơi nộp: Trung tâm Phục vụ hành chính công tỉnh " + cfg.province + ":" + ProvinceOffices(offices, cfg);
        if (!p.agency.empty() && p.curated) s += "\nCơ quan giải quyết: " + p.agency + ".";
      }
      break;
  }
  if (!p.url.empty()) s += "\n\nTrang thủ tục và nộp trực tuyến: " + p.url;
  if (aspect != Aspect::kWhere) {
    s += "\nNơi nộp: " + (commune.empty() ? std::string("Bộ phận Một cửa xã/phường nơi cư trú hoặc Trung tâm Phục vụ "
                                                         "hành chính công tỉnh " + cfg.province)
                                          : "Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) " + commune) + ".";
  }
  s += "\n" + SourceLine(p, doubtful);
  return s;
}

std::string PetitionLabel(const std::string& kind) {
  if (kind == "kien_nghi") return "kiến nghị";
  if (kind == "khieu_nai") return "khiếu nại";
  if (kind == "gop_y") return "góp ý";
  return "phản ánh";
}

std::string AskPetitionContent(const std::string& kind) {
  return "Dạ, em sẵn sàng tiếp nhận " + PetitionLabel(kind) +
         " của anh/chị. Anh/chị vui lòng nhắn trong một tin: nội dung cụ thể, địa điểm (xã/phường, ấp/khu phố) và "
         "thời gian xảy ra. Anh/chị không cần gửi số căn cước hay số điện thoại qua đây ạ.";
}

std::string PetitionReceived(const std::string& kind, const std::string& number, const std::string& commune,
                             const std::vector<knowledge::Office>& offices, const config::Bot& cfg) {
  std::string s = "Dạ, em đã ghi nhận " + PetitionLabel(kind) + " của anh/chị, số phiếu: " + number + ".";
  if (!commune.empty()) s += " Xã/phường của anh/chị: " + commune + ".";
  s += "\n\nCách xử lý: cán bộ Trung tâm Phục vụ hành chính công tỉnh " + cfg.province +
       " xem xét, chuyển cơ quan có thẩm quyền và trả lời anh/chị qua Zalo này. Anh/chị giữ số phiếu để hỏi lại khi "
       "cần. Khiếu nại, tố cáo chính thức được giải quyết theo Luật Khiếu nại, Luật Tố cáo: anh/chị có thể gửi đơn trực "
       "tiếp tại cơ quan có thẩm quyền.";
  s += "\n\nLiên hệ:" + ProvinceOffices(offices, cfg) + "\n" + Portal(cfg);
  return s;
}

std::string PetitionNotStored(const std::vector<knowledge::Office>& offices, const config::Bot& cfg) {
  return "Dạ, em xin lỗi, hệ thống chưa lưu được nội dung của anh/chị. Anh/chị vui lòng gửi lại sau ít phút hoặc liên "
         "hệ trực tiếp:" + ProvinceOffices(offices, cfg) + "\n" + Portal(cfg);
}

std::string AskReceiptCode(const config::Bot& cfg) {
  return "Dạ, anh/chị vui lòng nhắn mã hồ sơ in trên giấy biên nhận (ví dụ: 000.00.26.H57-250701-0001) để em tra "
         "cứu ạ. Anh/chị cũng có thể tự tra cứu tại " + cfg.portal_url + " (mục Tra cứu hồ sơ).";
}

std::string DossierFound(const DossierView& d, const config::Bot& cfg) {
  std::string s = "Dạ, thông tin hồ sơ " + d.code + ":";
  if (!d.procedure.empty()) s += "\n- Thủ tục: " + d.procedure;
  if (!d.status.empty()) s += "\n- Tình trạng: " + d.status;
  if (!d.received.empty()) s += "\n- Ngày tiếp nhận: " + d.received;
  if (!d.due.empty()) s += "\n- Ngày hẹn trả: " + d.due;
  if (!d.agency.empty()) s += "\n- Đơn vị đang xử lý: " + d.agency;
  s += "\n\nKhi có kết quả, anh/chị mang giấy biên nhận đến nơi đã nộp để nhận (hoặc nhận qua bưu chính nếu đã "
       "đăng ký). Tra cứu thêm: " + cfg.portal_url;
  return s;
}

std::string DossierNotFound(const std::string& code, const std::vector<knowledge::Office>& offices,
                            const config::Bot& cfg) {
  return "Dạ, em chưa tìm thấy hồ sơ có mã " + code +
         ". Anh/chị kiểm tra lại mã trên giấy biên nhận giúp em, hoặc liên hệ nơi đã nộp hồ sơ:" +
         ProvinceOffices(offices, cfg) + "\n" + Portal(cfg);
}

std::string DossierWhereToLook(const std::string& code, bool backend_failed,
                               const std::vector<knowledge::Office>& offices, const config::Bot& cfg) {
  std::string s = backend_failed ? "Dạ, hệ thống tra cứu hồ sơ đang tạm thời không trả lời được."
                                 : "Dạ, em chưa kết nối được với hệ thống theo dõi hồ sơ nên chưa tra cứu trực tiếp được.";
  s += " Anh/chị có thể tự tra cứu";
  if (!code.empty()) s += " hồ sơ " + code;
  s += ":\n- trên Cổng Dịch vụ công quốc gia " + cfg.portal_url +
       " (mục Tra cứu hồ sơ), nhập mã in trên giấy biên nhận;\n- hoặc gọi/đến nơi đã nộp hồ sơ, mang theo giấy biên "
       "nhận:" + ProvinceOffices(offices, cfg);
  return s;
}

std::string HandoffStarted(const std::vector<knowledge::Office>& offices, const config::Bot& cfg) {
  return "Dạ, em đã chuyển cuộc trò chuyện cho nhân viên Trung tâm Phục vụ hành chính công tỉnh " + cfg.province +
         ". Nhân viên sẽ trả lời anh/chị ngay tại đây trong giờ làm việc (" + cfg.office_hours +
         "); ngoài giờ, tin nhắn sẽ được trả lời vào đầu giờ làm việc tiếp theo. Trong lúc chờ, em tạm ngừng trả lời "
         "tự động. Nếu việc gấp, anh/chị gọi:" + ProvinceOffices(offices, cfg) + "\n" + Portal(cfg);
}

std::string RatingPrompt(Language lang) { return std::string(PhrasesFor(lang).rating_prompt); }

std::string RatingLabel(int score, Language lang) {
  return std::string(PhrasesFor(lang).rating_labels[score >= 1 && score <= 3 ? score - 1 : 3]);
}

std::string RatingThanks(int score, Language lang) {
  const Phrases& w = PhrasesFor(lang);
  std::string s = Fill(w.rating_thanks, {{"label", RatingLabel(score, lang)}});
  if (score >= 3) s += w.rating_more;
  return s;
}

}  // namespace bot::wording
