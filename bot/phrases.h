#pragma once
// The framing sentences of the answers a search leads to (procedure, article,
// ask-back, fallback, out of scope, where to go, ratings), one table per reply
// language. Private to bot/: wording.cpp holds the Vietnamese table,
// wording_english.cpp the English one. Only the framing is translated; what a
// reply quotes from the knowledge base (names, documents, fees, times,
// agencies, offices) stays as stored. Placeholders in braces ({province},
// {name}, …) are filled by Fill. Immutable; safe to share.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "bot/wording.h"

namespace bot::wording {

struct Phrases {
  // Procedure answer.
  std::string_view procedure_intro;     // {name} {id}
  std::string_view stored_in_vietnamese;  // English only: the facts below are quoted as stored
  std::string_view documents, no_documents, time, fee, unknown;
  std::string_view channels, online_level;  // {level}
  std::string_view handled_by, field, catalogue_agency;  // {agency} {field}
  std::string_view no_guidance;         // {province}
  std::string_view page;
  // Where to go.
  std::string_view where, where_commune_level, where_province_level;  // {province}
  std::string_view commune_office, commune_unknown_contacts, commune_or_centre;  // {commune} {province}
  std::string_view address, phone, hours, email;
  std::string_view channel_in_person, channel_post, channel_online;
  // Source line.
  std::string_view source, updated, source_sure, source_doubtful;  // {date}
  // Articles.
  std::string_view article_intro, article_more, article_source;  // {name} {source}
  // Ask-back, fallback, out of scope.
  std::string_view ask_back_intro, ask_back_close;
  std::string_view contacts, procedure_search, portal;  // {province}
  std::string_view fallback, out_of_scope;  // {province}
  // Ratings.
  std::string_view rating_prompt, rating_thanks, rating_more;  // {label}
  std::string_view rating_labels[4];
};

const Phrases& VietnamesePhrases();
const Phrases& EnglishPhrases();
inline const Phrases& PhrasesFor(Language lang) {
  return lang == Language::kEnglish ? EnglishPhrases() : VietnamesePhrases();
}

// The template with each {key} replaced by its value.
std::string Fill(std::string_view tpl, std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace bot::wording
