// The client's catalogues (src/client/i18n/*.json) and lookups (src/client/i18n.hpp):
// both languages have the same keys with the same placeholders, every key the client's
// sources use exists, every error code has a text, and plurals, dates and the
// browser-language choice behave per language.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "client/i18n.hpp"
#include "client/reducer.hpp"
#include "client/state_json.hpp"
#include "core/error_code.hpp"
#include "core/validation.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;
using nlohmann::json;

json catalogue(Lang lang) {
    return json::parse(catalogue_json(lang), nullptr, false);
}

// The {name} placeholders of one entry (all forms of a plural together).
std::set<std::string> placeholders(const json& value) {
    std::set<std::string> out;
    auto scan = [&](const std::string& text) {
        static const std::regex kPlaceholder(R"(\{([a-z_]+)\})");
        for (std::sregex_iterator it(text.begin(), text.end(), kPlaceholder), end; it != end; ++it)
            out.insert((*it)[1]);
    };
    if (value.is_string()) scan(value.get<std::string>());
    if (value.is_object())
        for (const auto& [form, text] : value.items()) scan(text.get<std::string>());
    return out;
}

// Every key the client passes to tr() / trn(), from its sources. A call whose key is
// not a string literal fails the test: such a key could not be checked.
std::set<std::string> keys_used_in_sources() {
    const std::regex kCall(R"(\btrn?\()");
    const std::regex kLiteralKey(R"(\btrn?\(\s*[^,()]+,\s*"([^"]+)\")");
    std::set<std::string> keys;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(SALOTTO_CLIENT_SOURCE_DIR)) {
        const auto path = entry.path();
        if (path.extension() != ".cpp" && path.extension() != ".hpp") continue;
        if (path.filename() == "i18n.cpp" || path.filename() == "i18n.hpp") continue;
        std::ifstream file(path);
        std::stringstream buffer;
        buffer << file.rdbuf();
        const std::string text = buffer.str();
        const auto calls = std::distance(std::sregex_iterator(text.begin(), text.end(), kCall),
                                         std::sregex_iterator());
        long literal = 0;
        for (std::sregex_iterator it(text.begin(), text.end(), kLiteralKey), end; it != end;
             ++it, ++literal)
            keys.insert((*it)[1]);
        EXPECT_EQ(calls, literal) << path << ": a tr()/trn() call without a literal key";
    }
    return keys;
}

TEST(ClientI18n, BothCataloguesHaveTheSameKeysFormsAndPlaceholders) {
    const json en = catalogue(Lang::en), it = catalogue(Lang::it);
    ASSERT_TRUE(en.is_object());
    ASSERT_TRUE(it.is_object());
    EXPECT_GT(en.size(), 100u);
    for (const auto& [key, value] : en.items()) {
        ASSERT_TRUE(it.contains(key)) << key << " is missing in it.json";
        const json& other = it[key];
        EXPECT_EQ(value.is_object(), other.is_object()) << key;
        if (value.is_object()) {
            for (const json* v : {&value, &other}) {
                EXPECT_EQ(v->size(), 2u) << key;
                EXPECT_TRUE(v->contains("one") && v->contains("other")) << key;
            }
        } else {
            EXPECT_TRUE(value.is_string() && other.is_string()) << key;
            EXPECT_FALSE(other.get<std::string>().empty()) << key;
        }
        EXPECT_EQ(placeholders(value), placeholders(other)) << key;
    }
    for (const auto& [key, value] : it.items())
        EXPECT_TRUE(en.contains(key)) << key << " is missing in en.json";
}

TEST(ClientI18n, EveryKeyTheClientUsesExistsAndEveryKeyIsUsed) {
    const json en = catalogue(Lang::en);
    const auto used = keys_used_in_sources();
    EXPECT_GT(used.size(), 100u);
    for (const auto& key : used) EXPECT_TRUE(en.contains(key)) << key << " is used but missing";
    // Error texts are looked up by code and dates by month: those keys are computed.
    for (const auto& [key, value] : en.items()) {
        if (key.rfind("error.", 0) == 0 || key.rfind("date.", 0) == 0) continue;
        EXPECT_TRUE(used.count(key)) << key << " is in the catalogue but no code uses it";
    }
}

TEST(ClientI18n, EveryErrorCodeHasATextInBothLanguages) {
    const json en = catalogue(Lang::en), it = catalogue(Lang::it);
    int codes = 0;
#define SALOTTO_X(name, wire, message)                                                \
    ++codes;                                                                          \
    EXPECT_TRUE(en.contains(std::string("error.") + wire)) << wire;                   \
    EXPECT_TRUE(it.contains(std::string("error.") + wire)) << wire;                   \
    EXPECT_NE(error_text(Lang::it, wire, "fallback"), error_text(Lang::en, wire, "")) \
        << wire << ": not translated";
    SALOTTO_ERROR_CODES(SALOTTO_X)
#undef SALOTTO_X
    EXPECT_GT(codes, 50);
}

TEST(ClientI18n, ErrorTextFallsBackToTheServersMessageForUnknownCodes) {
    EXPECT_EQ(error_text(Lang::it, "room_not_found", "x"),
              "Questa stanza è finita o non è mai esistita.");
    EXPECT_EQ(error_text(Lang::it, "brand_new_code", "The server's words."), "The server's words.");
}

TEST(ClientI18n, PasswordRuleTextStatesTheSharedLimits) {
    // The client's own check (reducer.cpp) shows this text; it must match the rule.
    for (Lang lang : {Lang::en, Lang::it}) {
        const std::string text = error_text(lang, "password_invalid", "");
        EXPECT_NE(text.find(std::to_string(validation::kPasswordMinBytes)), std::string::npos);
        EXPECT_NE(text.find(std::to_string(validation::kPasswordMaxBytes)), std::string::npos);
    }
}

TEST(ClientI18n, PlaceholdersAreSubstitutedWholeInTheTranslationsOrder) {
    EXPECT_EQ(tr(Lang::en, "notice.muted_by", {{"name", "Ada"}}),
              "Ada muted you. Unmute when you want to speak again.");
    EXPECT_EQ(tr(Lang::it, "knock.declined", {{"title", "Tè"}}),
              "I moderatori di “Tè” non ti hanno fatto entrare.");
    // A value is not scanned again: a name with braces stays as typed.
    EXPECT_EQ(tr(Lang::en, "hallway.greeting", {{"name", "{count}"}}), "Ciao, {count}!");
    EXPECT_EQ(tr(Lang::it, "no.such.key"), "no.such.key");
}

TEST(ClientI18n, PluralsPickOneOrOtherByCount) {
    EXPECT_EQ(trn(Lang::en, "hallway.listeners", 1), "1 listening");
    EXPECT_EQ(trn(Lang::en, "profile.followers", 0), "0 followers");
    EXPECT_EQ(trn(Lang::en, "profile.followers", 1), "1 follower");
    EXPECT_EQ(trn(Lang::en, "profile.followers", 12), "12 followers");
    EXPECT_EQ(trn(Lang::it, "invites.left", 1), "Ti resta 1 invito.");
    EXPECT_EQ(trn(Lang::it, "invites.left", 3), "Ti restano 3 inviti.");
    EXPECT_EQ(trn(Lang::it, "profile.following", 1), "1 seguito");
    EXPECT_EQ(trn(Lang::it, "profile.following", 0), "0 seguiti");
    EXPECT_EQ(trn(Lang::it, "hallway.speakers_more", 1, {{"first", "Ada"}, {"second", "Bruno"}}),
              "Ada, Bruno e un altro");
    EXPECT_EQ(trn(Lang::it, "hallway.speakers_more", 4, {{"first", "Ada"}, {"second", "Bruno"}}),
              "Ada, Bruno e altri 4");
}

TEST(ClientI18n, DatesAreFormattedPerLanguage) {
    const std::int64_t nov_30_2026_noon = 1796040000;
    EXPECT_EQ(format_date(Lang::en, nov_30_2026_noon), "30 November 2026");
    EXPECT_EQ(format_date(Lang::it, nov_30_2026_noon), "30 novembre 2026");
    const std::int64_t feb_29_2024 = 1709164800;
    EXPECT_EQ(format_date(Lang::en, feb_29_2024), "29 February 2024");
    EXPECT_EQ(format_date(Lang::it, feb_29_2024 - 1), "28 febbraio 2024");
    EXPECT_EQ(format_date(Lang::it, 0), "1 gennaio 1970");
}

TEST(ClientI18n, TheBrowsersFirstKnownLanguageWins) {
    EXPECT_EQ(lang_from_browser({"it-IT", "it", "en-US"}), Lang::it);
    EXPECT_EQ(lang_from_browser({"IT"}), Lang::it);
    EXPECT_EQ(lang_from_browser({"de-CH", "it-CH", "en"}), Lang::it);
    EXPECT_EQ(lang_from_browser({"en-GB", "it"}), Lang::en);
    EXPECT_EQ(lang_from_browser({"fr-FR"}), Lang::en);
    EXPECT_EQ(lang_from_browser({"itx"}), Lang::en);
    EXPECT_EQ(lang_from_browser({}), Lang::en);
    EXPECT_EQ(lang_from_code("it"), Lang::it);
    EXPECT_EQ(lang_from_code("de"), std::nullopt);
    EXPECT_EQ(lang_code(Lang::it), "it");
}

TEST(ClientI18n, NoticesAreWrittenInTheUsersLanguageAndLogoutKeepsIt) {
    AppState s;
    s.connected = true;
    s.lang = Lang::it;
    s.user = p::User{2, "bruno", "Bruno"};
    s.screen = Screen::hallway;
    s.knock = KnockState{"r1", "Segreta", KnockState::Status::knocking};
    Outbox out;
    apply(s, p::Event{p::HallwayRoomGone{"r1"}}, out);
    EXPECT_EQ(s.notice, "La stanza a cui hai bussato è finita.");
    EXPECT_EQ(json::parse(state_json(s))["lang"], "it");
    apply(s, p::Event{p::LoggedOut{}}, out);
    EXPECT_EQ(s.lang, Lang::it);
    EXPECT_EQ(s.screen, Screen::onboarding);
}

TEST(ClientI18n, HallwayReasonsAgreeWithTheSharedRankingInEnglish) {
    AppState s;
    const p::User ada{1, "ada", "Ada"}, bruno{2, "bruno", "Bruno"}, cleo{3, "cleo", "Cleo"};
    s.following = {1, 2, 3};
    s.hallway = {p::RoomSummary{"r1", "Uno", p::RoomType::open, {ada}, 0},
                 p::RoomSummary{"r2", "Due", p::RoomType::open, {bruno, cleo}, 3},
                 p::RoomSummary{"r3", "Tre", p::RoomType::open, {}, 5}};
    s.places = {p::FriendPlace{ada, "r1"}, p::FriendPlace{bruno, "r2"}, p::FriendPlace{cleo, "r2"}};
    const auto ranked = ranked_hallway(s);
    ASSERT_EQ(ranked.size(), 3u);
    for (const auto& room : ranked) EXPECT_EQ(hallway_reason_text(s, room), room.reason);
    s.lang = Lang::it;
    EXPECT_EQ(hallway_reason_text(s, ranked[0]), "Bruno e Cleo stanno parlando");
}

}  // namespace
}  // namespace salotto::client
