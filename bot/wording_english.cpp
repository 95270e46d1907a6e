// The English framing of the answers a search leads to, for foreigners who
// write in English (knowledge::SearchResult::language). Same rules as the
// Vietnamese table in wording.cpp, with two more: what is quoted from the
// knowledge base stays in Vietnamese and the reply says so once; and the
// Vietnamese names of the offices and portal stand next to the English ones,
// because that is what the signs and the website say.
#include "bot/phrases.h"

namespace bot::wording {

const Phrases& EnglishPhrases() {
  static const Phrases p = {
      .procedure_intro = "Here is what you need for the procedure «{name}» (code {id}).",
      .stored_in_vietnamese = "The official procedure details are in Vietnamese:",
      .documents = "Documents to prepare:",
      .no_documents = "Documents: there is no checked list yet; please ask at the office where you submit.",
      .time = "Processing time: ",
      .fee = "Fee: ",
      .unknown = "not known for certain; please ask at the office where you submit.",
      .channels = "How to submit: ",
      .online_level = " Online public service: {level}.",
      .handled_by = "Handled by: {agency}.",
      .field = "Field: {field}.",
      .catalogue_agency = "Handled by: {agency}.",
      .no_guidance = "We do not have checked guidance for this procedure in {province} province yet. For the "
                     "documents, processing time and fees, please see the official page below or ask at the office "
                     "where you submit.",
      .page = "Official page and online submission: ",
      .where = "Where to go: ",
      .where_commune_level = "Where to go: the one-stop desk (Bộ phận Một cửa) of the commune or ward where you live, "
                             "or the Public Administration Service Centre of {province} province:",
      .where_province_level = "Where to go: the Public Administration Service Centre of {province} province:",
      .commune_office = "the one-stop desk (Bộ phận Một cửa) of {commune}.",
      .commune_unknown_contacts = " We do not have a checked address or phone number for it; you can ask at the "
                                  "People's Committee (UBND) of {commune} or contact the Public Administration "
                                  "Service Centre of {province} province:",
      .commune_or_centre = "Or the Public Administration Service Centre of {province} province:",
      .address = "Address: ",
      .phone = "Phone: ",
      .hours = "Opening hours: ",
      .email = "Email: ",
      .channel_in_person = "in person at the one-stop desk (Bộ phận Một cửa)",
      .channel_post = "by post",
      .channel_online = "online",
      .source = "Source: National Public Service Portal (Cổng Dịch vụ công quốc gia)",
      .updated = ", updated {date}",
      .source_sure = ". This is guidance only; please check it when you submit.",
      .source_doubtful = ". This is guidance only; some items need to be confirmed at the office where you submit.",
      .article_intro = "Here is some information about «{name}». It is in Vietnamese:",
      .article_more = "More: ",
      .article_source = "Source: {source}",
      .ask_back_intro = "Which procedure do you mean? (The names are in Vietnamese.)",
      .ask_back_close = "Please reply with the number (for example: 1) or type the name of the procedure.",
      .contacts = "For help in person, please contact the Public Administration Service Centre of {province} "
                  "province or the one-stop desk of the commune or ward where you live:",
      .procedure_search = "Procedure search: ",
      .portal = "Public service portal (Cổng Dịch vụ công): ",
      .fallback = "Sorry, I could not find an administrative procedure that matches your question. Please write the "
                  "name of the procedure or what you need to do (for example: “marriage registration with a "
                  "foreigner”, “temporary residence card”, “exchange a foreign driving licence”).",
      .out_of_scope = "Sorry, this question is outside what I can help with. I give guidance on administrative "
                      "procedures in {province} province: the documents, where to submit them and online public "
                      "services. You can ask, for example: “How do I register a marriage with a Vietnamese "
                      "citizen?”\n\nHelp in person: the Public Administration Service Centre of {province} province:",
      .rating_prompt = "Were you satisfied with this answer? Please reply with a number:\n1. Very satisfied\n2. "
                       "Satisfied\n3. Neutral\n4. Not satisfied",
      .rating_thanks = "Thank you for your rating ({label}).",
      .rating_more = " We will pass your feedback on to improve our answers. To talk to a member of staff, type "
                     "“gặp nhân viên”.",
      .rating_labels = {"Very satisfied", "Satisfied", "Neutral", "Not satisfied"},
  };
  return p;
}

}  // namespace bot::wording
